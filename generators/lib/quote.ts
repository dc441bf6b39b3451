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
