/**
 * Reading the audited files (untrusted input) and writing the report: regular files only (no
 * symbolic links, devices or FIFOs), a size cap, UTF-8 text; the report only inside the folder.
 */
import fs from 'node:fs';
import path from 'node:path';

import { COMPOSE_FILES, CONFIG_FILE, type AuditFile } from './audit.js';

/** Largest file the audit reads: far above any real Dockerfile or compose file. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A file the audit cannot read safely; the message names the file and what is allowed. */
export class AuditFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditFileError';
  }
}

/** The text of `name` in `dir`, or null when it does not exist. */
export function readBounded(dir: string, name: string, maxBytes = MAX_FILE_BYTES): string | null {
  const full = path.join(dir, name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AuditFileError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (st.isSymbolicLink())
    throw new AuditFileError(`${name}: is a symbolic link; the audit reads only regular files (audit the file it points to in its own folder)`);
  if (!st.isFile()) throw new AuditFileError(`${name}: is not a regular file; the audit reads only regular files`);
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: a file swapped for a link or a FIFO after lstat is refused, not followed or waited on.
    fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw new AuditFileError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) throw new AuditFileError(`${name}: is not a regular file; the audit reads only regular files`);
    if (fst.size > maxBytes) throw new AuditFileError(`${name}: is ${fst.size} bytes; the audit reads files of at most ${maxBytes} bytes`);
    const buf = Buffer.alloc(Math.min(fst.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new AuditFileError(`${name}: is larger than ${maxBytes} bytes; the audit reads files of at most ${maxBytes} bytes`);
    }
    const bytes = buf.subarray(0, total);
    if (bytes.includes(0)) throw new AuditFileError(`${name}: contains NUL bytes; the audit reads only text files`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AuditFileError(`${name}: is not UTF-8 text`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The audited files present in `dir`, and the config file if there is one. */
export function readAuditFiles(dir: string): { files: AuditFile[]; config?: { name: string; text: string } } {
  const files: AuditFile[] = [];
  const dockerfile = readBounded(dir, 'Dockerfile');
  if (dockerfile !== null) files.push({ kind: 'Dockerfile', name: 'Dockerfile', text: dockerfile });
  // BuildKit reads `Dockerfile.dockerignore` next to the Dockerfile in preference to the
  // context's .dockerignore (a workspace app built with the workspace root as its context).
  const own = readBounded(dir, 'Dockerfile.dockerignore');
  const ignore = own ?? readBounded(dir, '.dockerignore');
  if (ignore !== null) files.push({ kind: '.dockerignore', name: own !== null ? 'Dockerfile.dockerignore' : '.dockerignore', text: ignore });
  for (const name of COMPOSE_FILES) {
    const text = readBounded(dir, name);
    if (text !== null) files.push({ kind: 'compose', name, text });
  }
  const config = readBounded(dir, CONFIG_FILE);
  return config === null ? { files } : { files, config: { name: CONFIG_FILE, text: config } };
}

/**
 * Where `--output` may write: a path inside `dir` (relative, no `..` out of it), whose folder
 * exists and is not reached through a symbolic link, and which is not itself a link or a
 * non-regular file.
 */
export function outputTarget(dir: string, output: string): string {
  const shown = JSON.stringify(output);
  if (output === '' || output.includes('\0'))
    throw new AuditFileError(`--output: ${shown} is not allowed: a file name inside the project folder, e.g. audit.sarif`);
  const root = fs.realpathSync(dir);
  const target = path.resolve(root, output);
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new AuditFileError(`--output: ${shown} is not allowed: a file inside the project folder (${root}), e.g. audit.sarif`);
  }
  const parent = path.dirname(target);
  let realParent: string;
  try {
    realParent = fs.realpathSync(parent);
  } catch {
    throw new AuditFileError(`--output: ${shown} is not allowed: its folder ${path.relative(root, parent) || '.'} does not exist`);
  }
  if (realParent !== parent) throw new AuditFileError(`--output: ${shown} is not allowed: its folder is reached through a symbolic link`);
  try {
    const st = fs.lstatSync(target);
    if (!st.isFile()) throw new AuditFileError(`--output: ${shown} is not allowed: it exists and is not a regular file`);
  } catch (e) {
    if (e instanceof AuditFileError) throw e;
  }
  for (const name of ['Dockerfile', '.dockerignore', ...COMPOSE_FILES, CONFIG_FILE]) {
    if (rel === name) throw new AuditFileError(`--output: ${shown} is not allowed: it would replace an audited file`);
  }
  return target;
}

/** Writes the report without following a symbolic link at the target. */
export function writeReport(target: string, content: string): void {
  const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
}
