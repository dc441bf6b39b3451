/**
 * Commands the user gives (start and build commands) become argv arrays: the start command is
 * printed as an exec-form CMD (no shell, so the app gets SIGTERM itself) and the build command as
 * shell-quoted words. We therefore accept the quoting a user would type in a shell, but none of
 * the shell features that an exec-form array cannot carry.
 */

export type SplitResult = { ok: true; argv: string[] } | { ok: false; reason: string };

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);

/** Split a command line into words with POSIX-like quoting; refuse what only a shell could run. */
export function splitCommand(text: string): SplitResult {
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    return { ok: false, reason: 'it contains a line break or control character; give a single command line' };
  }
  if (/[$`]/.test(text)) {
    return {
      ok: false,
      reason: 'it uses `$` or a backtick: no shell runs the command, so nothing would be expanded; set values through the environment instead',
    };
  }
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { ok: false, reason: 'a single quote is not closed' };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\'.includes(text[j + 1]!)) j++;
        word += text[j];
      }
      if (j >= text.length) return { ok: false, reason: 'a double quote is not closed' };
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { ok: false, reason: 'it ends with a backslash' };
      word += text[++i];
      inWord = true;
    } else if (c === ' ') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else if (OPERATORS.has(c)) {
      return {
        ok: false,
        reason: `it uses the shell operator ${JSON.stringify(c)}; put multi-step commands in a package script or a script file and name that`,
      };
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) return { ok: false, reason: 'it is empty' };
  return { ok: true, argv };
}

/** Leading `NAME=value` words, as package scripts often have (`NODE_ENV=production node x`). */
export function stripEnvAssignments(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!)) i++;
  return argv.slice(i);
}
