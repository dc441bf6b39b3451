// .dockerignore matching, ported from moby/patternmatcher (the matcher the
// Docker CLI and BuildKit use for the build context):
//  - one pattern per line; lines starting with '#' are comments; blank lines skipped;
//  - a leading '!' makes the pattern an exception (re-include);
//  - each pattern is cleaned like Go's filepath.Clean and a leading '/' is dropped;
//  - '*' matches any run of non-separator characters, '?' one non-separator
//    character, '[...]' a character class, '\\' escapes the next character;
//  - '**' matches any number of directories (including none);
//  - a pattern that matches a parent directory of a path also matches the path;
//  - the last pattern that matches decides (later lines win).

export interface IgnorePattern {
  /** the pattern as cleaned (without the leading '!') */
  pattern: string;
  /** the line as written in the file, trimmed */
  source: string;
  /** 1-based line number in .dockerignore */
  line: number;
  exclusion: boolean;
  regex: RegExp | null;
  /** set when the pattern cannot be compiled (docker build would fail) */
  error?: string;
}

export interface IgnoreDecision {
  excluded: boolean;
  /** the last pattern that matched the path (or one of its parents), if any */
  by?: IgnorePattern;
}

/** Go's filepath.Clean for '/'-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

const SHOULD_ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** Compiles one cleaned pattern to an anchored RegExp, as patternmatcher does. */
export function compilePattern(pattern: string): RegExp {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        // treat "**/" as "**": eat the slash
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          // "**" at the end accepts everything below
          re += '.*';
        } else {
          // "**" in the middle: any number of directories, even none
          re += '(.*/)?';
        }
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (SHOULD_ESCAPE.has(ch)) {
      re += '\\' + ch;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        i++;
        re += '\\' + chars[i];
      } else {
        re += '\\\\';
      }
    } else {
      // '[' and ']' pass through as a character class, like Go's regexp
      re += ch;
    }
  }
  re += '$';
  return new RegExp(re, 'u');
}

/** Parses .dockerignore text into patterns, in file order. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, idx) => {
    if (raw.startsWith('#')) return;
    let p = raw.trim();
    if (p === '') return;
    let exclusion = false;
    if (p.startsWith('!')) {
      exclusion = true;
      p = p.slice(1).trim();
    }
    if (p.length > 0) {
      p = cleanPath(p);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    }
    const entry: IgnorePattern = { pattern: p, source: raw.trim(), line: idx + 1, exclusion, regex: null };
    if (p === '') {
      entry.error = 'illegal exclusion pattern: "!"';
    } else {
      try {
        entry.regex = compilePattern(p);
      } catch (e) {
        entry.error = `invalid pattern: ${(e as Error).message}`;
      }
    }
    patterns.push(entry);
  });
  return patterns;
}

function patternMatches(p: IgnorePattern, file: string): boolean {
  if (!p.regex) return false;
  if (p.regex.test(file)) return true;
  const slash = file.lastIndexOf('/');
  if (slash <= 0) return false;
  // a pattern matching one of the parent directories matches the file too
  const dirs = file.slice(0, slash).split('/');
  for (let i = 1; i <= dirs.length; i++) {
    if (p.regex.test(dirs.slice(0, i).join('/'))) return true;
  }
  return false;
}

/**
 * Decides whether a context-relative path (e.g. "src/index.js") is left out of
 * the build context by the given patterns.
 */
export function isExcluded(patterns: IgnorePattern[], path: string): IgnoreDecision {
  let file = cleanPath(path.replace(/^\/+/, ''));
  if (file === '.') file = '';
  let decision: IgnoreDecision = { excluded: false };
  for (const p of patterns) {
    if (patternMatches(p, file)) {
      decision = { excluded: !p.exclusion, by: p };
    }
  }
  return decision;
}

/** Glob match of one Dockerfile COPY source pattern (Go filepath.Match) against a path. */
export function globMatch(glob: string, path: string): boolean {
  let re = '^';
  const chars = [...glob];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) return false;
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += '[' + cls.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (ch === '\\' && i + 1 < chars.length) {
      i++;
      re += chars[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$', 'u').test(path);
  } catch {
    return false;
  }
}
