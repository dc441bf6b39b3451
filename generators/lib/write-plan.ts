/**
 * What a run does with the rendered files, shared by the Yeoman generator (generators/app) and
 * the `docker-prod` bin (generators/bin), so both follow the same conflict rules and leave the
 * same `.yo-rc.json`:
 *
 *   - with --yes and without --force, a different existing file stops the run before anything
 *     is written; identical files are left alone (not even their modification time changes);
 *   - all or nothing: every target must be writable before the first one is written;
 *   - files the user owns once they exist (.trivyignore, .hadolint.yaml) are never replaced;
 *   - `.yo-rc.json` keeps `{"generator-docker-prod": {...}}` with the answers that apply, in the
 *     order and JSON formatting Yeoman's Storage writes (JSON.stringify, 2 spaces, newline).
 */
import fs from 'node:fs';
import path from 'node:path';
import { targetProblems, targetProblemsMessage } from './write-targets.js';
import { ProjectError } from './errors.js';
import type { GeneratedFile } from './render.js';
import type { Resolution } from './resolve.js';
import { allQuestions } from './settings.js';

/** The key Yeoman stores this generator's answers under (the package name). */
export const CONFIG_NAMESPACE = 'generator-docker-prod';
export const CONFIG_FILE = '.yo-rc.json';

/** Whether this user may create or replace `target`. */
export function canWrite(target: string): boolean {
  let probe = target;
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
  try {
    fs.accessSync(probe, fs.constants.W_OK);
    return probe === target || fs.statSync(probe).isDirectory();
  } catch {
    return false;
  }
}

/** The folder itself must be writable (checked before anything is asked). */
export function checkWritableFolder(dir: string): void {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new ProjectError(`cannot write to ${dir}: the folder is not writable by this user`);
  }
}

const readText = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);

/**
 * Throws before anything is written when the run cannot complete: a different existing file
 * under --yes without --force, or a target this user may not write.
 */
export function preflight(files: readonly GeneratedFile[], dir: string, flags: { yes?: boolean; force?: boolean }): void {
  // Every target (and .yo-rc.json), and each folder above it, resolved through symbolic links
  // before anything is read or written: a link out of the project, a loop, a folder or a FIFO
  // where a file goes are refused, --force included (generators/lib/write-targets.ts).
  // A workspace app's CI workflow goes to the workspace root (`../../.github/...`): the root a
  // plan climbs to is the boundary, and every target is checked from there.
  const { root, relative } = writeRoot(dir, [...files.map((f) => f.path), CONFIG_FILE]);
  const problems = targetProblems(root, relative);
  if (problems.length > 0) throw new ProjectError(targetProblemsMessage(problems));
  if (flags.yes && !flags.force) {
    // Without a terminal to ask in, refuse before writing anything rather than overwrite.
    const differing = files.filter((file) => {
      const existing = readText(path.join(dir, file.path));
      return !file.keepExisting && !file.appendOnly && existing !== undefined && existing !== file.content;
    });
    if (differing.length > 0) {
      throw new ProjectError(
        `${differing.map((f) => f.path).join(', ')} already exist${differing.length === 1 ? 's' : ''} with other content; ` +
          'run without --yes to review each change, or add --force to overwrite',
      );
    }
  }
  // All or nothing: a file we could not write would leave a partial set behind, so check
  // every target (or the nearest existing folder above it) before writing any.
  const blocked = files.filter((file) => !canWrite(path.join(dir, file.path)));
  if (blocked.length > 0) {
    throw new ProjectError(`cannot write ${blocked.map((f) => f.path).join(', ')}: permission denied (nothing was written)`);
  }
}

/**
 * The highest folder the targets reach (the run folder, or the workspace root above it when a
 * target starts with `..`), and each target relative to it. Only leading `..` segments are
 * allowed, and only as many as the folders above `dir`.
 */
export function writeRoot(dir: string, targets: readonly string[]): { root: string; relative: string[] } {
  const up = Math.max(0, ...targets.map((t) => t.split('/').findIndex((part) => part !== '..')));
  for (const t of targets) {
    const parts = t.split('/');
    const lead = parts.findIndex((part) => part !== '..');
    if (parts.slice(lead).some((part) => part === '..' || part === '.' || part === '')) throw new Error(`internal: bad target path ${t}`);
  }
  let root = path.resolve(dir);
  for (let i = 0; i < up; i++) root = path.dirname(root);
  return { root, relative: targets.map((t) => path.relative(root, path.join(dir, t)).split(path.sep).join('/')) };
}

export interface FileActions {
  /** New or changed files, to be written. */
  write: GeneratedFile[];
  /** Existing files with exactly the generated content: left alone. */
  identical: GeneratedFile[];
  /** User-owned files that exist with other content: kept as they are. */
  kept: string[];
}

export function fileActions(files: readonly GeneratedFile[], dir: string): FileActions {
  const out: FileActions = { write: [], identical: [], kept: [] };
  for (const file of files) {
    const existing = readText(path.join(dir, file.path));
    if (existing === file.content) out.identical.push(file);
    else if (file.keepExisting && existing !== undefined) out.kept.push(file.path);
    else out.write.push(file);
  }
  return out;
}

/** One change to the stored answers, applied in order (Yeoman: this.config.set / delete). */
export type ConfigChange = { op: 'set'; key: string; value: string } | { op: 'delete'; key: string };

/** The answers that apply are stored in their text form; stored ones that no longer apply are removed. */
export function configChanges(resolution: Resolution, stored: Record<string, unknown>): ConfigChange[] {
  const { answers, sources } = resolution;
  const changes: ConfigChange[] = [];
  for (const question of allQuestions()) {
    const value = question.key in answers.stack ? answers.stack[question.key] : (answers as unknown as Record<string, unknown>)[question.key];
    const applies = question.key in sources && !resolution.unstored.includes(question.key);
    if (!applies && question.key in stored) changes.push({ op: 'delete', key: question.key });
    else if (applies && stored[question.key] !== question.format(value)) changes.push({ op: 'set', key: question.key, value: question.format(value) });
  }
  return changes;
}

/** The whole `.yo-rc.json` as parsed (every generator's section), or {} when there is none. */
export function readConfigFile(dir: string): Record<string, unknown> {
  const file = path.join(dir, CONFIG_FILE);
  const text = readText(file);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON (${(error as Error).message}): fix or delete it`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ProjectError(`${file} is not a valid Storage`);
  return parsed as Record<string, unknown>;
}

/** This generator's section of `.yo-rc.json` (what Yeoman's `this.config.getAll()` returns). */
export function storedSection(full: Record<string, unknown>): Record<string, unknown> {
  const section = full[CONFIG_NAMESPACE];
  return section && typeof section === 'object' && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
}

/**
 * The `.yo-rc.json` text after `changes`, exactly as Yeoman's Storage writes it, or undefined
 * when nothing changes (Yeoman then does not touch the file).
 */
export function nextConfigText(full: Record<string, unknown>, changes: readonly ConfigChange[]): string | undefined {
  if (changes.length === 0) return undefined;
  const section = new Map(Object.entries(storedSection(full)));
  for (const change of changes) {
    if (change.op === 'set') section.set(change.key, change.value);
    else section.delete(change.key);
  }
  return `${JSON.stringify({ ...full, [CONFIG_NAMESPACE]: Object.fromEntries(section) }, null, 2)}\n`;
}
