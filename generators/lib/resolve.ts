/**
 * Deciding every answer: a flag wins, then the answer stored in `.yo-rc.json` by an earlier run,
 * then what the project's files say. Interactive runs show that same value as the prompt's
 * default. Pure apart from reading the project folder; the Yeoman layer only supplies `ask`.
 */
import { InputError, ProjectError } from './errors.js';
import { SETTINGS, type Setting, type SettingContext } from './settings.js';
import type { Answers, StackProfile } from './stack.js';
import { STACKS, findStack, sniffStack } from '../stacks/index.js';

/** Text forms of settings, keyed by answer key (flags as typed, or `.yo-rc.json` values). */
export type TextValues = Partial<Record<keyof Answers, string>>;

/** Asks one question; returns the text answered. Only called for settings with a prompt. */
export type Ask = (setting: Setting, defaultText: string, ctx: SettingContext) => Promise<string>;

export interface Resolution {
  answers: Answers;
  profile: StackProfile;
  /** Where each answer came from, for the summary. */
  sources: Record<keyof Answers, string>;
  warnings: string[];
}

function parseStored(setting: Setting, text: string, ctx: SettingContext): unknown {
  try {
    return setting.parse(text, ctx);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(setting.flag, text, `${error.allowed} (this value is stored in .yo-rc.json: fix or delete it there)`);
    }
    throw error;
  }
}

function stringValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Only string-like values count; anything else in flags or .yo-rc.json is reported. */
export function textValues(source: Record<string, unknown>, label: 'flag' | 'stored'): TextValues {
  const out: TextValues = {};
  for (const setting of SETTINGS) {
    const raw = label === 'flag' ? source[setting.flag] : source[setting.key];
    if (raw === undefined) continue;
    const text = stringValue(raw);
    if (text === undefined) {
      throw new InputError(setting.flag, JSON.stringify(raw), label === 'flag' ? 'a single value (the flag was given more than once?)' : 'a string (in .yo-rc.json)');
    }
    out[setting.key] = text;
  }
  return out;
}

export async function resolveAnswers(options: {
  dir: string;
  flags: TextValues;
  stored: TextValues;
  /** Undefined means `--yes`: accept every default, ask nothing. */
  ask?: Ask;
}): Promise<Resolution> {
  const { dir, flags, stored, ask } = options;
  const [languageSetting, ...rest] = SETTINGS;
  const sources = {} as Record<keyof Answers, string>;
  const answers: Partial<Answers> = {};
  const ctx: SettingContext = {};

  // Flags are validated before anything is asked: a typo fails at once. The language comes
  // first because the other settings' validation depends on the stack.
  let language: string | undefined;
  if (flags.language !== undefined) {
    language = languageSetting!.parse(flags.language, ctx) as string;
    sources.language = 'flag --language';
  } else if (stored.language !== undefined) {
    language = parseStored(languageSetting!, stored.language, ctx) as string;
    sources.language = '.yo-rc.json';
  }
  const sniffed = sniffStack(dir);
  if (language === undefined && ask) {
    const text = await ask(languageSetting!, sniffed?.stack.id ?? STACKS[0]!.id, ctx);
    language = languageSetting!.parse(text, ctx) as string;
    sources.language = sniffed && sniffed.stack.id === language ? `detected (${sniffed.evidence})` : 'answered';
  } else if (language === undefined) {
    if (!sniffed) {
      throw new ProjectError(
        `no app recognised in ${dir} (looked for ${STACKS.map((s) => `${s.markers.join(' or ')} for ${s.label}`).join('; ')}); pass --language with one of ${STACKS.map((s) => s.id).join(', ')}`,
      );
    }
    language = sniffed.stack.id;
    sources.language = `detected (${sniffed.evidence})`;
  }
  answers.language = language;
  ctx.profile = findStack(language)!;

  const applicable = rest.filter((s) => !s.appliesTo || s.appliesTo(ctx));
  const fromFlags: Partial<Record<keyof Answers, unknown>> = {};
  for (const setting of rest) {
    const text = flags[setting.key];
    if (text === undefined) continue;
    if (!applicable.includes(setting)) {
      throw new InputError(setting.flag, text, `nothing: ${ctx.profile.label} apps have no ${setting.flag.replace(/-/g, ' ')} setting`);
    }
    fromFlags[setting.key] = setting.parse(text, ctx);
  }

  let detection = ctx.profile.detect(dir, answers);
  for (const setting of applicable) {
    const key = setting.key;
    let value: unknown;
    if (key in fromFlags) {
      value = fromFlags[key];
      sources[key] = `flag --${setting.flag}`;
    } else {
      // Defaults depend on earlier answers (build command on the package manager): re-detect.
      detection = ctx.profile.detect(dir, answers);
      let defaultText: string;
      let defaultSource: string;
      if (stored[key] !== undefined) {
        defaultText = setting.format(parseStored(setting, stored[key]!, ctx) as never);
        defaultSource = '.yo-rc.json';
      } else if (key === 'hostPort') {
        defaultText = String(answers.port);
        defaultSource = 'the app port';
      } else if (key === 'bindAddress') {
        defaultText = '0.0.0.0';
        defaultSource = 'default (all interfaces)';
      } else {
        const detected = detection.defaults[key as keyof typeof detection.defaults];
        defaultText = setting.format(detected.value as never);
        defaultSource = detected.source;
      }
      if (ask && setting.prompt) {
        const text = await ask(setting, defaultText, ctx);
        value = setting.parse(text, ctx);
        sources[key] = text === defaultText ? defaultSource : 'answered';
      } else {
        value = setting.parse(defaultText, ctx);
        sources[key] = defaultSource;
      }
    }
    (answers as Record<string, unknown>)[key] = value;
  }
  if (answers.packageManager === undefined) answers.packageManager = '';
  detection = ctx.profile.detect(dir, answers);
  return { answers: answers as Answers, profile: ctx.profile, sources, warnings: detection.warnings };
}
