/**
 * A small TOML reader for what the Python stack needs from pyproject.toml, Pipfile and lockfiles:
 * tables, dotted keys, strings (basic, literal, multi-line), arrays (nested, multi-line), inline
 * tables, numbers, booleans and dates (kept as text). Array-of-tables headers (`[[x]]`) collect
 * their tables in an array. Not a validating parser: it throws only on text it cannot read.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  let i = 0;
  let line = 1;

  const fail = (what: string): never => {
    throw new TomlError(`line ${line}: ${what}`);
  };
  const peek = (n = 0) => text[i + n] ?? '';
  const skipSpaces = () => {
    while (peek() === ' ' || peek() === '\t') i++;
  };
  const skipComment = () => {
    if (peek() === '#') while (i < text.length && peek() !== '\n') i++;
  };
  /** Spaces, comments and newlines (inside arrays). */
  const skipBlank = () => {
    for (;;) {
      skipSpaces();
      skipComment();
      if (peek() === '\n' || peek() === '\r') {
        if (peek() === '\n') line++;
        i++;
        continue;
      }
      return;
    }
  };
  const endOfLine = () => {
    skipSpaces();
    skipComment();
    if (peek() === '\r') i++;
    if (i < text.length && peek() !== '\n') fail(`unexpected "${peek()}"`);
    if (peek() === '\n') {
      i++;
      line++;
    }
  };

  const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  const basicString = (multi: boolean): string => {
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      if (multi && text.startsWith('"""', i)) {
        i += 3;
        while (peek() === '"') {
          out += '"';
          i++;
        }
        return out;
      }
      const c = peek();
      if (!multi && c === '"') {
        i++;
        return out;
      }
      if (!multi && c === '\n') fail('line break in a string');
      if (c === '\\') {
        const e = peek(1);
        if (multi && (e === '\n' || e === '\r' || e === ' ' || e === '\t')) {
          i++;
          while (/[\s]/.test(peek())) {
            if (peek() === '\n') line++;
            i++;
          }
          continue;
        }
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16));
          i += 2 + len;
          continue;
        }
        if (!(e in ESCAPES)) fail(`bad escape \\${e}`);
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      if (c === '\n') line++;
      out += c;
      i++;
    }
  };
  const literalString = (multi: boolean): string => {
    const end = multi ? "'''" : "'";
    const stop = text.indexOf(end, i);
    if (stop < 0) fail('unterminated string');
    let value = text.slice(i, stop);
    if (!multi && value.includes('\n')) fail('line break in a string');
    i = stop + end.length;
    while (multi && peek() === "'") {
      value += "'";
      i++;
    }
    line += (value.match(/\n/g) ?? []).length;
    return value;
  };
  const string = (): string => {
    if (text.startsWith('"""', i)) {
      i += 3;
      if (peek() === '\n') (i++, line++);
      else if (text.startsWith('\r\n', i)) (i += 2, line++);
      return basicString(true);
    }
    if (text.startsWith("'''", i)) {
      i += 3;
      if (peek() === '\n') (i++, line++);
      else if (text.startsWith('\r\n', i)) (i += 2, line++);
      return literalString(true);
    }
    const q = peek();
    i++;
    return q === '"' ? basicString(false) : literalString(false);
  };

  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpaces();
      if (peek() === '"' || peek() === "'") parts.push(string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 200));
        if (!m) fail('expected a key');
        parts.push(m![0]);
        i += m![0].length;
      }
      skipSpaces();
      if (peek() !== '.') return parts;
      i++;
    }
  };

  const value = (): TomlValue => {
    const c = peek();
    if (c === '"' || c === "'") return string();
    if (c === '[') {
      i++;
      const items: TomlValue[] = [];
      for (;;) {
        skipBlank();
        if (peek() === ']') {
          i++;
          return items;
        }
        items.push(value());
        skipBlank();
        if (peek() === ',') i++;
        else if (peek() !== ']') fail('expected "," or "]" in an array');
      }
    }
    if (c === '{') {
      i++;
      const table: TomlTable = {};
      skipSpaces();
      if (peek() === '}') {
        i++;
        return table;
      }
      for (;;) {
        const k = key();
        if (peek() !== '=') fail('expected "=" in an inline table');
        i++;
        skipSpaces();
        assign(table, k, value());
        skipSpaces();
        if (peek() === ',') {
          i++;
          continue;
        }
        if (peek() === '}') {
          i++;
          return table;
        }
        fail('expected "," or "}" in an inline table');
      }
    }
    const m = /^[^\s,\]}#]+(?: \d{2}:\d{2}[^\s,\]}#]*)?/.exec(text.slice(i, i + 200));
    if (!m) fail('expected a value');
    i += m![0].length;
    const word = m![0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    const n = Number(word.replace(/_/g, ''));
    return Number.isFinite(n) && /^[+-]?[\d_.eE+-]+$/.test(word) ? n : word;
  };

  const table = (at: TomlTable, k: string): TomlTable => {
    const existing = at[k];
    if (existing === undefined) {
      const created: TomlTable = {};
      at[k] = created;
      return created;
    }
    if (Array.isArray(existing)) {
      const last = existing[existing.length - 1];
      if (last && typeof last === 'object' && !Array.isArray(last)) return last;
    } else if (typeof existing === 'object') return existing;
    return fail(`${k} is not a table`);
  };
  const assign = (at: TomlTable, k: string[], v: TomlValue) => {
    let t = at;
    for (const part of k.slice(0, -1)) t = table(t, part);
    t[k[k.length - 1]!] = v;
  };

  while (i < text.length) {
    skipBlank();
    if (i >= text.length) break;
    if (peek() === '[') {
      const arrayOfTables = peek(1) === '[';
      i += arrayOfTables ? 2 : 1;
      const k = key();
      if (!text.startsWith(arrayOfTables ? ']]' : ']', i)) fail('expected "]"');
      i += arrayOfTables ? 2 : 1;
      let t = root;
      for (const part of k.slice(0, -1)) t = table(t, part);
      const last = k[k.length - 1]!;
      if (arrayOfTables) {
        const list = (t[last] ??= []);
        if (!Array.isArray(list)) fail(`${last} is not an array of tables`);
        const created: TomlTable = {};
        (list as TomlValue[]).push(created);
        current = created;
      } else current = table(t, last);
      endOfLine();
      continue;
    }
    const k = key();
    if (peek() !== '=') fail('expected "="');
    i++;
    skipSpaces();
    assign(current, k, value());
    endOfLine();
  }
  return root;
}

/** `table.a.b` when every step is a table, else undefined. */
export function tomlGet(table: TomlTable | undefined, ...path: string[]): TomlValue | undefined {
  let at: TomlValue | undefined = table;
  for (const part of path) {
    if (at === undefined || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = at[part];
  }
  return at;
}

export function isTable(value: TomlValue | undefined): value is TomlTable {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}
