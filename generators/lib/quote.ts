import path from 'node:path';
/**
 * Escaping for the places user values land in generated files. Every value that reaches a
 * template goes through exactly one of these, chosen by where it lands; templates use `<%-`
 * (no HTML escaping) and print only what these return.
 */

/** A JSON string literal that is also a valid YAML 1.2 double-quoted scalar. */
export function jsonString(value: string): string {
  // JSON.stringify leaves U+2028/U+2029/U+0085 and DEL raw; YAML treats some of them as line
  // breaks and linters flag the rest, so escape them too.
  return JSON.stringify(value).replace(/[\u0085\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A JSON array of strings: Dockerfile exec form (CMD, HEALTHCHECK) and YAML flow sequences. */
export function jsonArray(values: readonly string[]): string {
  return `[${values.map(jsonString).join(', ')}]`;
}

/**
 * A YAML double-quoted scalar for a compose file. Compose interpolates `$VAR` in every string,
 * so a literal `$` is written `$$`.
 */
export function composeString(value: string): string {
  return jsonString(value.replaceAll('$', '$$$$'));
}

/** A YAML single-quoted scalar (no escapes inside; `'` doubles). For values without line breaks. */
export function yamlSingleQuoted(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('yamlSingleQuoted: line breaks cannot be quoted');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A word for a POSIX shell (Dockerfile shell-form RUN): bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

/**
 * A double-quoted value for Dockerfile LABEL/ENV: the Dockerfile parser treats `\` and `"` as
 * escapes and expands `$`, so all three are escaped; line breaks are not representable and
 * must be rejected or removed by the caller.
 */
export function dockerfileString(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('dockerfileString: line breaks cannot be quoted');
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/**
 * A double-quoted nginx configuration string (e.g. a `location =` path). Inside quotes nginx
 * treats a backslash as an escape and ends the string at `"`; both are escaped. Line breaks and other
 * control characters are rejected: callers validate values first.
 */
export function nginxString(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error('nginxString: control characters cannot be quoted');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

declare const contextPathBrand: unique symbol;
/**
 * A path in the build context (or the build stage's /app), safe to print bare in a Dockerfile
 * COPY line and a .dockerignore line: relative, normalised, inside the project, no spaces,
 * quotes, `$`, backslashes, wildcards or line breaks, no segment starting with `-`. Only
 * `contextPath()` makes one, so a template cannot be handed a raw string from the project.
 */
export type ContextPath = string & { readonly [contextPathBrand]: true };

export const CONTEXT_PATH_RULE =
  'a relative path inside the project made of letters, digits, ".", "_", "@", "+", "-" and "/" ' +
  '(no spaces, "..", "$", quotes, backslashes, wildcards or line breaks; not starting with "/" or "-")';

const SEGMENT = /^[A-Za-z0-9._@+][A-Za-z0-9._@+-]{0,254}$/;

/** Why `value` cannot be a ContextPath, or undefined when it can. */
export function contextPathProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 1024) return `${CONTEXT_PATH_RULE}; at most 1024 characters`;
  if (value === '.') return undefined;
  const parts = value.split('/');
  if (/\s/.test(value)) return `${CONTEXT_PATH_RULE}: it contains a space or line break, which a COPY line cannot carry here (rename it)`;
  if (parts.some((p) => p === '..')) return `${CONTEXT_PATH_RULE}: ".." would reach outside the project`;
  if (value.startsWith('/')) return `${CONTEXT_PATH_RULE}: an absolute path is outside the build context`;
  if (parts.some((p) => p === '' || p === '.' || !SEGMENT.test(p))) return CONTEXT_PATH_RULE;
  return undefined;
}

/** The branded path; callers check `contextPathProblem` first and report where the value came from. */
export function contextPath(value: string): ContextPath {
  const problem = contextPathProblem(value);
  if (problem) throw new Error(`internal: unchecked path ${JSON.stringify(value)}: ${problem}`);
  return value as ContextPath;
}

/** `./dist/`, `dist//x` → `dist`, `dist/x` (no validation: follow with contextPathProblem). */
export function normaliseRelative(value: string): string {
  if (value === '') return '';
  const normal = path.posix
    .normalize(value)
    .replace(/^(?:\.\/)+/, '')
    .replace(/(.)\/+$/, '$1');
  return normal === '' ? '.' : normal;
}
