/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The first port (1-65535) captured by one of `patterns` (tried in order) in a source file, and
 * the line it is on. Patterns must be linear-time (no nested quantifiers): they run on
 * repository text (at most SOURCE_LIMIT bytes).
 */
export function firstPortMatchAt(source: string, patterns: readonly RegExp[]): { port: number; line: number } | undefined {
  for (const pattern of patterns) {
    const m = pattern.exec(source);
    if (m) {
      const port = Number(m[1]);
      if (port >= 1 && port <= 65535) return { port, line: lineAt(source, m.index) };
    }
  }
  return undefined;
}

/** The first port (1-65535) captured by one of `patterns` (tried in order) in a source file. */
export function firstPortMatch(source: string, patterns: readonly RegExp[]): number | undefined {
  return firstPortMatchAt(source, patterns)?.port;
}
