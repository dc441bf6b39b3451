import { terminalSafe } from './terminal.js';

/**
 * An answer or flag value the generator cannot accept. The message always names the setting
 * (as its flag), the value as given, and what is allowed, so a script author can fix the call
 * without reading our source.
 */
export class InputError extends Error {
  constructor(
    readonly flag: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(terminalSafe(`--${flag}: ${showValue(value)} is not allowed: ${allowed}`));
    this.name = 'InputError';
  }
}

/** Where a detected value was read: a project file, the field in it, and the line when known. */
export interface ValueOrigin {
  /** Relative to the project folder, e.g. `package.json`. */
  file: string;
  /** e.g. `"engines.node"` or `-r include`. */
  field?: string;
  line?: number;
}

export function describeOrigin(origin: ValueOrigin): string {
  return `${origin.file}${origin.line !== undefined ? ` line ${origin.line}` : ''}${origin.field ? ` ${origin.field}` : ''}`;
}

/**
 * A value found in the project's files that the generator cannot use. Never blamed on a flag the
 * user did not give: the message names the file (and line when known), the value, what is
 * allowed, and the flag that overrides it (or what to change when no flag does).
 */
export class DetectedValueError extends Error {
  constructor(
    readonly origin: ValueOrigin | string,
    readonly value: unknown,
    readonly allowed: string,
    /** The flag that overrides the detected value, without `--`; undefined when none does. */
    readonly flag: string | undefined,
    readonly fix?: string,
  ) {
    const where = typeof origin === 'string' ? origin : describeOrigin(origin);
    const remedy = flag
      ? typeof origin === 'string'
        ? `pass --${flag} to choose it`
        : `fix it there, or pass --${flag} to override it`
      : (fix ?? 'fix it there and run again');
    super(terminalSafe(`${where}: ${showValue(value)} cannot be used: ${allowed}; ${remedy} (nothing was written)`));
    this.name = 'DetectedValueError';
  }
}

/**
 * Nothing credible was detected for a setting and nobody gave it (`--yes`): the message says what
 * was read, what is allowed and the flag to pass. Never guessed, nothing written.
 */
export class UndetectedValueError extends Error {
  constructor(
    /** The flag to pass, without `--`. */
    readonly flag: string,
    /** What was read and why it is not enough (the detection's `source`). */
    readonly read: string,
    /** What the flag takes, when there is more to say than the flag's name. */
    readonly allowed: string | undefined,
  ) {
    super(terminalSafe(`${read}; pass --${flag}${allowed ? `: ${allowed}` : ''} (nothing was written)`));
    this.name = 'UndetectedValueError';
  }
}

/** A problem with the project folder itself (unreadable package.json, conflicting files, ...). */
export class ProjectError extends Error {
  constructor(message: string) {
    super(terminalSafe(message));
    this.name = 'ProjectError';
  }
}

/** Quote a value for an error message: control characters made visible, long values cut. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  return shown;
}
