/**
 * Deciding every answer: a flag wins, then the answer stored in `.yo-rc.json` by an earlier run,
 * then what the project's files say. Interactive runs show that same value as the prompt's
 * default. Pure apart from reading the project folder; the Yeoman layer only supplies `ask`.
 */
import { DetectedValueError, InputError, ProjectError, UndetectedValueError } from './errors.js';
import { allQuestions, SETTINGS, type Question, type SettingContext } from './settings.js';
import type { Answers, Detected, StackProfile } from './stack.js';
import { STACKS, findStack, sniffStack } from '../stacks/index.js';

/** Text forms of settings, keyed by setting key (flags as typed, or `.yo-rc.json` values). */
export type TextValues = Record<string, string>;

/** Asks one question; returns the text answered. Only called for settings with a prompt. */
export type Ask = (question: Question, defaultText: string, ctx: SettingContext) => Promise<string>;

export interface Resolution {
  answers: Answers;
  profile: StackProfile;
  /** Where each answer came from, by setting key, for the summary. */
  sources: Record<string, string>;
  warnings: string[];
  /**
   * Keys whose value is a stand-in for something not found (the health path when the app has no
   * health route): not stored in .yo-rc.json, so the next run looks again.
   */
  unstored: string[];
}

function parseStored(question: Question, text: string, ctx: SettingContext): unknown {
  try {
    return question.parse(text, ctx);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(question.flag, text, `${error.allowed} (this value is stored in .yo-rc.json: fix or delete it there)`);
    }
    throw error;
  }
}

function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Only string-like values count; anything else in flags or .yo-rc.json is reported. Own keys
 * only, into a null-prototype object: nothing inherited (a polluted prototype) counts as given.
 */
export function textValues(source: Record<string, unknown>, label: 'flag' | 'stored'): TextValues {
  const out: TextValues = Object.create(null) as TextValues;
  for (const question of allQuestions()) {
    const key = label === 'flag' ? question.flag : question.key;
    const raw = Object.hasOwn(source, key) ? source[key] : undefined;
    if (raw === undefined || raw === null) continue;
    const text = stringValue(raw);
    if (text === undefined) {
      throw new InputError(question.flag, JSON.stringify(raw), label === 'flag' ? 'a single value (was the flag given twice?)' : 'a string (in .yo-rc.json)');
    }
    out[question.key] = text;
  }
  return out;
}

/** The default a question offers, and where it came from (ignoring flags). */
function defaultFor(question: Question, detected: Detected<unknown> | undefined, stored: TextValues, ctx: SettingContext) {
  if (Object.hasOwn(stored, question.key) && stored[question.key] !== undefined) {
    return { text: question.format(parseStored(question, stored[question.key]!, ctx)), source: '.yo-rc.json' };
  }
  if (!detected) throw new Error(`internal: stack ${ctx.profile?.id} detects no default for ${question.key}`);
  return { text: question.format(detected.value), source: detected.source, detected };
}

/**
 * Parse a default. A detected value that fails validation is reported against the file it came
 * from (with the flag that overrides it), never as if the user had passed that flag.
 */
function parseDefault(question: Question, fallback: { text: string; detected?: Detected<unknown> }, ctx: SettingContext): unknown {
  try {
    return question.parse(fallback.text, ctx);
  } catch (error) {
    if (error instanceof InputError && fallback.detected) {
      const { origin, source } = fallback.detected;
      throw new DetectedValueError(origin ?? `the detected ${question.flag.replace(/-/g, ' ')} (${source})`, fallback.text, error.allowed, question.flag);
    }
    throw error;
  }
}

/** The folder the stack reads and plans for: `dir`, or the one an early answer points into (StackProfile.projectFolder). */
export function projectFolder(profile: StackProfile, dir: string, answers: Partial<Answers>): string {
  return profile.projectFolder?.(dir, answers) ?? dir;
}

/** What a setting takes, as its parser says when given nothing (undefined when nothing is accepted). */
function allowedText(question: Question, ctx: SettingContext): string | undefined {
  try {
    question.parse('', ctx);
    return undefined;
  } catch (error) {
    if (error instanceof InputError) return error.allowed;
    throw error;
  }
}

export async function resolveAnswers(options: {
  dir: string;
  flags: TextValues;
  stored: TextValues;
  /** Undefined means `--yes`: accept every default, ask nothing. */
  ask?: Ask;
}): Promise<Resolution> {
  const { dir, flags, stored, ask } = options;
  const [languageSetting, ...shared] = SETTINGS as readonly Question[];
  const sources: Record<string, string> = {};
  const answers: Partial<Answers> & { stack: Record<string, string> } = { stack: {} };
  const ctx: SettingContext = { dir };

  // Flags are validated before anything is asked: a typo fails at once. The language comes
  // first because the other settings' validation depends on the stack.
  let language: string | undefined;
  if (Object.hasOwn(flags, 'language') && flags.language !== undefined) {
    language = languageSetting!.parse(flags.language, ctx) as string;
    sources.language = 'flag --language';
  } else if (Object.hasOwn(stored, 'language') && stored.language !== undefined) {
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
  const profile = findStack(language)!;
  ctx.profile = profile;

  const applies = (q: Question) => !q.appliesTo || q.appliesTo(ctx);
  const own = profile.settings.filter(applies);
  // Early stack settings first: the stack's defaults for the shared ones depend on them.
  const questions = [...own.filter((q) => q.early), ...shared.filter(applies), ...own.filter((q) => !q.early)];
  const fromFlags = new Map<string, unknown>();
  const unstored: string[] = [];
  for (const question of allQuestions().slice(1)) {
    const text = Object.hasOwn(flags, question.key) ? flags[question.key] : undefined;
    if (text === undefined) continue;
    if (!questions.includes(question)) {
      throw new InputError(question.flag, text, `nothing: ${profile.label} apps have no ${question.flag.replace(/-/g, ' ')} setting`);
    }
    fromFlags.set(question.key, question.parse(text, ctx));
  }

  const isShared = (q: Question) => shared.includes(q);
  const store = (question: Question, value: unknown) => {
    if (isShared(question)) (answers as Record<string, unknown>)[question.key] = value;
    else answers.stack[question.key] = value as string;
  };
  for (const question of questions) {
    if (fromFlags.has(question.key)) {
      store(question, fromFlags.get(question.key));
      sources[question.key] = `flag --${question.flag}`;
      continue;
    }
    // Defaults depend on earlier answers (build command on the package manager): re-detect,
    // in the folder an early answer may point at (a workspace's app: StackProfile.projectFolder).
    const here = projectFolder(profile, dir, answers);
    // The setting's own default (CI, host port, ...), else what the stack detected.
    const detection = question.detect ? undefined : profile.detect(here, answers);
    const detected = question.detect
      ? question.detect(question.early ? dir : here, profile, answers)
      : isShared(question)
        ? (detection!.defaults as Record<string, Detected<unknown>>)[question.key]
        : detection!.stackDefaults?.[question.key];
    const fallback = defaultFor(question, detected, stored, ctx);
    if (detected?.missing === true && fallback.source === detected.source) {
      // Nothing credible found: ask with no default, or (--yes) stop naming what was read.
      if (!ask || !question.prompt) throw new UndetectedValueError(question.flag, detected.source, allowedText(question, ctx));
      store(question, question.parse(await ask(question, '', ctx), ctx));
      sources[question.key] = 'answered';
      continue;
    }
    // A detected stand-in (nothing found) stays one only while it is accepted as it is.
    const standIn = detected?.liveness === true && fallback.source === detected.source;
    const asked = !question.askWhen || question.askWhen(fallback.text, detected && question.format(detected.value));
    if (ask && question.prompt && asked) {
      const text = await ask(question, fallback.text, ctx);
      store(question, question.parse(text, ctx));
      sources[question.key] = text === fallback.text ? fallback.source : 'answered';
      if (standIn && text === fallback.text) unstored.push(question.key);
    } else {
      store(question, parseDefault(question, fallback, ctx));
      sources[question.key] = fallback.source;
      if (standIn) unstored.push(question.key);
    }
  }
  answers.packageManager ??= '';
  answers.healthAnyStatus = unstored.includes('healthPath');
  const detection = profile.detect(projectFolder(profile, dir, answers), answers);
  const warnings = [...detection.warnings];
  if (answers.healthAnyStatus) {
    warnings.push(
      `no health route found in the app's sources, so the health check only shows that the server answers HTTP on ${answers.healthPath} (any status below 500 passes). ` +
        'Add a route such as GET /healthz that answers 200 when the app can serve, then run the generator again (or pass --health-path); README.Docker.md shows how',
    );
  }
  return { answers: answers as Answers, profile, sources, warnings, unstored };
}
