/** The first port (1-65535) captured by one of `patterns` (tried in order) in a source file. */
export function firstPortMatch(source: string, patterns: readonly RegExp[]): number | undefined {
  for (const pattern of patterns) {
    const m = pattern.exec(source);
    if (m) {
      const port = Number(m[1]);
      if (port >= 1 && port <= 65535) return port;
    }
  }
  return undefined;
}
