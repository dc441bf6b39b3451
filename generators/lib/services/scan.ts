/**
 * Bounded reading of project files for the backing-service detection: regular files only (no
 * symlinks out of the project), at most MAX_BYTES each, at most MAX_FILES per walk.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MAX_BYTES = 256 * 1024;
export const MAX_FILES = 400;

/** The first MAX_BYTES of a regular file inside the project, or undefined. */
export function readBounded(dir: string, rel: string, maxBytes = MAX_BYTES): string | undefined {
  const file = path.join(dir, rel);
  let fd: number | undefined;
  try {
    if (!fs.lstatSync(file).isFile()) return undefined;
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(maxBytes);
    const length = fs.readSync(fd, buffer, 0, maxBytes, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** File and folder names that may be shown as evidence as they are. */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}$/;

const SKIPPED = new Set(['node_modules', 'vendor', 'dist', 'build', 'coverage', 'venv', 'env', '__pycache__', 'testdata', 'tests', 'test', '__tests__']);

/** Source files (relative paths, sorted) with one of `extensions`, `maxDepth` folders deep. */
export function sourceFiles(dir: string, extensions: readonly string[], maxDepth = 4): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FILES) return;
      // Only plain names: file paths are shown in the summary and README.Docker.md.
      if (entry.name.startsWith('.') || !SAFE_NAME.test(entry.name)) continue;
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < maxDepth && !SKIPPED.has(entry.name)) walk(child, depth + 1);
      } else if (entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext))) {
        out.push(child);
      }
    }
  };
  walk('', 0);
  return out;
}

/** Names matched by the patterns' first group in each file, first file per name. */
export function envReadsIn(dir: string, files: readonly string[], patterns: readonly RegExp[]): { name: string; file: string }[] {
  const seen = new Map<string, string>();
  for (const file of files) {
    const text = readBounded(dir, file);
    if (text === undefined) continue;
    for (const pattern of patterns) {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      for (const m of text.matchAll(global)) {
        const name = m[1];
        if (name && /^[A-Z][A-Z0-9_]{0,63}$/.test(name) && !seen.has(name)) seen.set(name, file);
      }
    }
  }
  return [...seen].map(([name, file]) => ({ name, file }));
}
