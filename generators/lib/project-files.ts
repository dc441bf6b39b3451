/**
 * Every read of the project's files goes through `readProjectFile`: the project is untrusted
 * input. Only regular files are read (never a FIFO, device or socket: the open does not block
 * and fstat decides), at most a fixed size, and a symbolic link only when it resolves to a
 * file inside the project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProjectError } from './errors.js';
import { showValue } from './errors.js';

/** Manifests and configuration (package.json, pyproject.toml, go.mod, tsconfig.json, ...). */
export const MANIFEST_LIMIT = 1024 * 1024;
/** Source files scanned for a port or an app object: larger ones are skipped. */
export const SOURCE_LIMIT = 1024 * 1024;

export type ReadProblem = 'missing' | 'not-a-file' | 'outside' | 'too-large' | 'unreadable';

export type ReadOutcome = { ok: true; text: string } | { ok: false; problem: ReadProblem; detail: string };

function realProjectRoot(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Read `rel` (relative to `dir`) under the rules above; never throws. */
export function tryReadProjectFile(dir: string, rel: string, limit = MANIFEST_LIMIT, head = false): ReadOutcome {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return { ok: false, problem: 'outside', detail: 'it is not a path inside the project' };
  const full = path.join(dir, rel);
  let target = full;
  let lst: fs.Stats;
  try {
    lst = fs.lstatSync(full);
  } catch {
    return { ok: false, problem: 'missing', detail: 'it does not exist' };
  }
  if (lst.isSymbolicLink()) {
    try {
      target = fs.realpathSync(full);
    } catch {
      return { ok: false, problem: 'missing', detail: 'it is a symbolic link to nothing' };
    }
    if (!isInside(realProjectRoot(dir), target)) {
      return { ok: false, problem: 'outside', detail: 'it is a symbolic link to a file outside the project' };
    }
  } else if (!isInside(realProjectRoot(dir), realProjectRoot(path.dirname(full)))) {
    // A folder on the way is a link out of the project.
    return { ok: false, problem: 'outside', detail: 'it lies in a folder linked from outside the project' };
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return { ok: false, problem: 'unreadable', detail: 'it cannot be opened' };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isDirectory()
        ? 'a folder'
        : st.isFIFO()
          ? 'a named pipe (FIFO)'
          : st.isSocket()
            ? 'a socket'
            : st.isCharacterDevice() || st.isBlockDevice()
              ? 'a device'
              : 'not a regular file';
      return { ok: false, problem: 'not-a-file', detail: `it is ${kind}, not a regular file` };
    }
    if (st.size > limit && !head) return { ok: false, problem: 'too-large', detail: `it is larger than ${Math.round(limit / 1024)} KiB (${st.size} bytes)` };
    // Read at most limit + 1 bytes whatever fstat said (the file may grow meanwhile).
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(st.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (head && length > limit) length = limit;
    else if (length > limit || length > st.size)
      return { ok: false, problem: 'too-large', detail: `it is larger than ${Math.round(limit / 1024)} KiB, or growing` };
    let text = buffer.subarray(0, length).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark, as npm and pip accept
    return { ok: true, text };
  } catch {
    return { ok: false, problem: 'unreadable', detail: 'it cannot be read' };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A manifest or configuration file the generator relies on: undefined when absent, its text
 * when readable, else a clear ProjectError (a FIFO, a device, a link out of the project, too big).
 */
export function readProjectFile(dir: string, rel: string, limit = MANIFEST_LIMIT): string | undefined {
  const outcome = tryReadProjectFile(dir, rel, limit);
  if (outcome.ok) return outcome.text;
  if (outcome.problem === 'missing') return undefined;
  throw new ProjectError(
    `cannot read ${showValue(rel)}: ${outcome.detail}; the generator reads only regular files inside the project (at most ${Math.round(limit / 1024)} KiB each). Replace or remove it and run again (nothing was written)`,
  );
}

/** A source file scanned for hints (a port, an app object): undefined when absent or not readable under the rules. */
export function readSourceFile(dir: string, rel: string, limit = SOURCE_LIMIT): string | undefined {
  const outcome = tryReadProjectFile(dir, rel, limit);
  return outcome.ok ? outcome.text : undefined;
}

/** The first `bytes` bytes of a large file whose start is all that matters (a lockfile's header). */
export function readFileHead(dir: string, rel: string, bytes = 64 * 1024): string | undefined {
  const outcome = tryReadProjectFile(dir, rel, bytes, true);
  return outcome.ok ? outcome.text : undefined;
}

/** Whether `rel` exists in the project (any kind of entry, links not followed). */
export function projectEntryExists(dir: string, rel: string): boolean {
  try {
    fs.lstatSync(path.join(dir, rel));
    return true;
  } catch {
    return false;
  }
}

/** Whether the project's top-level .gitignore names `folder` (`dist`, `/dist`, `dist/`). */
export function isGitIgnored(dir: string, folder: string): boolean {
  const gitignore = readSourceFile(dir, '.gitignore');
  if (gitignore === undefined) return false;
  return gitignore.split(/\r?\n/).some((line) => line.trim().replace(/^\//, '').replace(/\/$/, '') === folder);
}

/**
 * Whether a folder holds generated files (absent, or git-ignored) rather than committed sources:
 * only then may .dockerignore leave it out of the build context.
 */
export function isGeneratedFolder(dir: string, folder: string): boolean {
  return !fs.existsSync(path.join(dir, folder)) || isGitIgnored(dir, folder);
}
