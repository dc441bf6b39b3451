/**
 * uv workspaces (`[tool.uv.workspace] members = ["packages/*"]`): the members, which of them
 * hold an app, and what an app folder inside a workspace (or below some other lockfile) means.
 * Pure over the folder's files; bounded (MAX_MEMBERS, no symbolic links followed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DetectedValueError, ProjectError } from '../../lib/errors.js';
import { projectEntryExists, readProjectFile } from '../../lib/project-files.js';
import { contextPathProblem } from '../../lib/quote.js';
import { parseToml, tomlGet, type TomlTable } from './toml.js';

/** More members than this: the rest are not read (and a message says so). */
export const MAX_MEMBERS = 50;

/** A PEP 508 distribution name (what `uv sync --package` takes). */
export const DISTRIBUTION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$/;

/** A `members`/`exclude` pattern we can expand: relative, `*` only inside a segment, no `..`. */
const MEMBER_PATTERN = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._@+*/-]{1,200}$/;

export interface UvWorkspace {
  /** Member folders relative to the root (posix, sorted), each holding a pyproject.toml with a valid name. */
  members: string[];
  /** Each member's `[project] name`, by folder. */
  names: Map<string, string>;
  /** The patterns as written (for messages). */
  patterns: string[];
}

/** `[tool.uv.workspace]` of a pyproject, or undefined when the file declares none. */
export function workspaceTable(pyproject: TomlTable | undefined): TomlTable | undefined {
  const table = tomlGet(pyproject, 'tool', 'uv', 'workspace');
  return table !== undefined && typeof table === 'object' && !Array.isArray(table) && !(table instanceof Date) ? (table as TomlTable) : undefined;
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new DetectedValueError({ file: 'pyproject.toml', field }, value, 'a list of folder patterns such as ["packages/*"]', undefined);
  }
  return (value as string[]).slice(0, MAX_MEMBERS);
}

const globRegex = (segment: string) =>
  new RegExp(
    `^${segment
      .split('*')
      .map((p) => p.replace(/[.+@-]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

/** Real folders (not links, not hidden) matching one pattern, relative to `dir`. */
function expandPattern(dir: string, pattern: string): string[] {
  let found = [''];
  for (const segment of pattern.replace(/\/+$/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    const next: string[] = [];
    for (const base of found) {
      if (!segment.includes('*')) {
        next.push(base ? `${base}/${segment}` : segment);
        continue;
      }
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(path.join(dir, base), { withFileTypes: true });
      } catch {
        entries = [];
      }
      const re = globRegex(segment);
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && re.test(e.name)) next.push(base ? `${base}/${e.name}` : e.name);
      if (next.length > MAX_MEMBERS) break;
    }
    found = next.slice(0, MAX_MEMBERS);
  }
  // Only real folders inside the project: a member that is a link is not followed.
  return found.filter((rel) => rel !== '' && isRealFolder(dir, rel));
}

function isRealFolder(dir: string, rel: string): boolean {
  let current = dir;
  for (const part of rel.split('/')) {
    current = path.join(current, part);
    try {
      if (!fs.lstatSync(current).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The workspace declared by `dir`'s pyproject.toml, or undefined when it declares none. Every
 * member folder lands in COPY lines and every name in `uv sync --package`: both are checked,
 * and a bad one is reported against pyproject.toml.
 */
export function readUvWorkspace(dir: string, pyproject: TomlTable | undefined): UvWorkspace | undefined {
  const table = workspaceTable(pyproject);
  if (!table) return undefined;
  const patterns = stringList(tomlGet(table, 'members'), 'tool.uv.workspace.members');
  const excludes = stringList(tomlGet(table, 'exclude'), 'tool.uv.workspace.exclude');
  for (const p of [...patterns, ...excludes]) {
    if (!MEMBER_PATTERN.test(p)) {
      throw new DetectedValueError(
        { file: 'pyproject.toml', field: 'tool.uv.workspace.members' },
        p,
        'a folder pattern inside the workspace made of letters, digits, ".", "_", "-", "/" and "*" (no "..", not absolute)',
        undefined,
      );
    }
  }
  const excluded = new Set(excludes.flatMap((p) => expandPattern(dir, p)));
  const members = [...new Set(patterns.flatMap((p) => expandPattern(dir, p)))]
    .filter((m) => !excluded.has(m) && projectEntryExists(dir, `${m}/pyproject.toml`))
    .sort()
    .slice(0, MAX_MEMBERS);
  const names = new Map<string, string>();
  for (const member of members) {
    const problem = contextPathProblem(member);
    if (problem) {
      throw new DetectedValueError(
        { file: 'pyproject.toml', field: 'tool.uv.workspace.members' },
        member,
        `a member folder copied into the image by name, so ${problem}`,
        undefined,
      );
    }
    const file = `${member}/pyproject.toml`;
    const text = readProjectFile(dir, file);
    let parsed: TomlTable | undefined;
    try {
      parsed = text === undefined ? undefined : parseToml(text);
    } catch (error) {
      throw new ProjectError(`${file} is not valid TOML (${(error as Error).message}); fix it and run again`);
    }
    const name = tomlGet(parsed, 'project', 'name');
    if (typeof name !== 'string' || !DISTRIBUTION_NAME.test(name)) {
      throw new DetectedValueError(
        { file, field: 'project.name' },
        name,
        'a package name (letters, digits, ".", "_", "-"; at most 100 characters): uv sync --package takes it',
        undefined,
      );
    }
    names.set(member, name);
  }
  return { members, names, patterns };
}

/** Is `dir` (a folder inside `root`, posix relative `rel`) one of the workspace's members? */
export function memberOf(workspace: UvWorkspace, rel: string): boolean {
  return workspace.members.includes(rel);
}

const LOCKFILES = ['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock'] as const;

interface LockAbove {
  /** The lockfile's name (`uv.lock`, ...). */
  found: (typeof LOCKFILES)[number];
  /** Absolute path of the folder holding it. */
  folder: string;
  /** That folder from `dir`, for messages (`../..`). */
  root: string;
  /** `dir` from that folder, posix (`packages/api`). */
  rel: string;
  /** The uv workspace that folder's pyproject.toml declares, if any (unreadable: none). */
  workspace: UvWorkspace | undefined;
}

/**
 * The nearest lockfile above an app folder that has none of its own (three levels up at most,
 * stopping at a folder with .git). Only `pyproject.toml` of the folder holding the lockfile is
 * read above the project (bounded, to tell a workspace apart).
 */
function lockAbove(dir: string): LockAbove | undefined {
  if (LOCKFILES.some((f) => projectEntryExists(dir, f)) || projectEntryExists(dir, 'requirements.txt')) return undefined;
  let folder = path.resolve(dir);
  for (let up = 1; up <= 3; up++) {
    if (fs.existsSync(path.join(folder, '.git'))) break;
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
    const found = LOCKFILES.find((f) => fs.existsSync(path.join(folder, f)));
    if (!found) continue;
    const root = '../'.repeat(up).replace(/\/$/, '');
    const rel = path.relative(folder, path.resolve(dir)).split(path.sep).join('/');
    let workspace: UvWorkspace | undefined;
    try {
      const text = readProjectFile(folder, 'pyproject.toml');
      workspace = found === 'uv.lock' && text !== undefined ? readUvWorkspace(folder, parseToml(text)) : undefined;
    } catch {
      workspace = undefined;
    }
    return { found, folder, root, rel, workspace };
  }
  return undefined;
}

/** The uv workspace above whose lock this app folder is a member of. */
export interface EnclosingWorkspace {
  /** Absolute path of the workspace root (the build context). */
  root: string;
  /** This folder relative to the root (`packages/api`): one of the root's members. */
  member: string;
}

/**
 * The uv workspace `dir` is a member of, when `dir` has no lockfile of its own and the nearest
 * one above is that workspace's uv.lock: its folder matches the root's `members` patterns and
 * no `exclude` pattern (readUvWorkspace). Undefined otherwise (parentLockLayout says why).
 */
export function enclosingUvWorkspace(dir: string): EnclosingWorkspace | undefined {
  const above = lockAbove(dir);
  if (!above?.workspace || !memberOf(above.workspace, above.rel)) return undefined;
  return { root: above.folder, member: above.rel };
}

/**
 * An app folder without its own lockfile, below a folder that has one: why the image cannot be
 * built, and what to do. A member of the uv workspace that locked it is not a stop: it is built
 * with the workspace root as the context (enclosingUvWorkspace). Any other lockfile above is
 * outside the build context, so the generator stops.
 */
export function parentLockLayout(dir: string): string | undefined {
  const above = lockAbove(dir);
  if (!above) return undefined;
  const { found, root, rel, workspace } = above;
  if (workspace && memberOf(workspace, rel)) return undefined;
  const why = workspace
    ? `${root}/pyproject.toml declares a uv workspace, but its members (${workspace.patterns.map((p) => JSON.stringify(p)).join(', ') || 'none'}) do not include ${rel}`
    : found === 'uv.lock'
      ? `${root}/pyproject.toml declares no uv workspace ([tool.uv.workspace])`
      : `${found} there is not a uv workspace's lock`;
  return (
    `the lockfile for this app is ${root}/${found}, outside this folder (the build context), and ${why}, so the image could only be built without it. ` +
    `Run the generator in the folder that holds ${found} (the build context must contain the lockfile), or lock this folder on its own. ` +
    `Read: ${root}/${found}${found === 'uv.lock' ? `, ${root}/pyproject.toml` : ''}, and this folder's pyproject.toml / Pipfile (no lockfile here). Nothing was written.`
  );
}
