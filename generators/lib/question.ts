/**
 * The shape of one setting (flag + prompt + validation + stored form). Kept apart from
 * settings.ts so stack profiles can declare their own settings without an import cycle.
 */
import type { Answers, Detected, StackProfile } from './stack.js';

export interface SettingContext {
  /** The chosen stack (unset only while the language itself is being decided). */
  profile?: StackProfile;
  /** The project folder, for checks and choices that depend on its files (lockfiles, Go main packages). */
  dir?: string;
}

/**
 * One setting: its flag, its prompt, its validation and its stored text form. Shared settings
 * are `Setting`s below; a stack adds its own (`StackProfile.settings`, string-valued, kept in
 * `Answers.stack`).
 */
export interface Question<V = unknown> {
  /** Answer key and `.yo-rc.json` key. */
  key: string;
  flag: string;
  description: string;
  /** How it is asked; settings without a prompt are flag-only (they have sensible defaults). */
  prompt?: {
    /** checkbox: a multi-select; the answer's text form is the values joined with ",". */
    type: 'input' | 'list' | 'checkbox';
    message: string;
    choices?: (ctx: SettingContext) => readonly string[];
  };
  /**
   * Ask only when this returns true, given the default's text form and the detected value's
   * (undefined when nothing is detected for it); otherwise the default is taken. A detection
   * marked `missing` (nothing credible found) is always asked, with no default.
   */
  askWhen?: (defaultText: string, detectedText: string | undefined) => boolean;
  /**
   * The setting's own default, for settings the stack's detection does not decide (the CI
   * provider, the host port, ...); without it the default comes from `StackProfile.detect`.
   * `chosen` holds the answers decided so far (the host port defaults to the app port).
   */
  detect?: (dir: string, profile: StackProfile, chosen: Partial<Answers>) => Detected<V>;
  /**
   * A stack setting decided before the shared ones, because the stack's defaults for them
   * depend on it (which program of the project is built decides its port and health route).
   */
  early?: boolean;
  /** False when the setting means nothing for the chosen stack (no package managers, ...). */
  appliesTo?: (ctx: SettingContext) => boolean;
  /** Parse the text form (flag, prompt answer, stored config); throws InputError naming the flag. */
  parse(raw: string, ctx: SettingContext): V;
  /** The text form: for prompts' defaults and `.yo-rc.json`. parse(format(v)) equals v. */
  format(value: V): string;
}

/** A stack-specific setting: a string value; `format` is the identity. */
export function stackQuestion(question: Omit<Question<string>, 'format'>): Question<string> {
  return { ...question, format: (value) => value };
}
