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
    super(`--${flag}: ${showValue(value)} is not allowed: ${allowed}`);
    this.name = 'InputError';
  }
}

/** A problem with the project folder itself (unreadable package.json, conflicting files, ...). */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/** Quote a value for an error message: control characters made visible, long values cut. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
  return shown;
}
