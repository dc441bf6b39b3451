/**
 * npm / Yarn / pnpm workspaces (Turborepo and Nx sit on top of them): is the folder a workspace
 * root, or an app inside one? The root is found by walking up at most a few folders; its globs
 * (`package.json` "workspaces", `pnpm-workspace.yaml` "packages") are untrusted: each must be a
 * relative pattern inside the root (no `..`, no absolute path), symbolic links are not followed,
 * and the walk is bounded in depth and count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readSourceFile } from '../../lib/project-files.js';
import { showValue } from '../../lib/errors.js';

const MAX_GLOBS = 50;
const MAX_PACKAGES = 200;
const MAX_UP = 5;
const SAFE_SEGMENT = /^(?:\*|\*\*|[A-Za-z0-9@_][A-Za-z0-9._+@-]{0,99})$/;
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', '.next', '.turbo', 'coverage']);

export type WorkspaceTool = 'npm' | 'yarn' | 'pnpm';

export interface WorkspaceRoot {
  /** Absolute path of the root. */
  root: string;
  /** The file that declares the workspace. */
  declaredIn: 'package.json "workspaces"' | 'pnpm-workspace.yaml';
  /** Valid globs, and the rejected ones with why. */
  globs: string[];
  rejected: { glob: string; problem: string }[];
  /** Turborepo / Nx, when their config is at the root. */
  orchestrator: 'turbo' | 'nx' | undefined;
}

export interface WorkspacePackage {
  /** Folder relative to the root, `/`-separated. */
  folder: string;
  name: string | undefined;
  /** An app (something that starts) rather than a library. */
  app: boolean;
}

/** Why a workspace glob is refused, or undefined when it is a safe relative pattern. */
export function workspaceGlobProblem(glob: string): string | undefined {
  if (glob.length === 0 || glob.length > 200) return 'an empty or over-long pattern';
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob) || glob.includes('\\')) return 'an absolute path';
  const segments = glob.replace(/^!/, '').replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'a path out of the workspace root';
  if (!segments.every((s) => SAFE_SEGMENT.test(s))) return 'a pattern other than folder names, `*` and `**`';
  return undefined;
}

/** The globs a root declares (package.json "workspaces" array or `{ packages }`; pnpm-workspace.yaml "packages"). */
export function declaredGlobs(packageJson: unknown, pnpmWorkspace: unknown): { globs: unknown[]; declaredIn: WorkspaceRoot['declaredIn'] } | undefined {
  const own = (o: unknown, k: string) =>
    o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  const pnpm = own(pnpmWorkspace, 'packages');
  if (Array.isArray(pnpm)) return { globs: pnpm, declaredIn: 'pnpm-workspace.yaml' };
  const ws = own(packageJson, 'workspaces');
  if (Array.isArray(ws)) return { globs: ws, declaredIn: 'package.json "workspaces"' };
  const packages = own(ws, 'packages');
  if (Array.isArray(packages)) return { globs: packages, declaredIn: 'package.json "workspaces"' };
  return undefined;
}

function readJson(dir: string, file: string): unknown {
  const text = readSourceFile(dir, file, 1024 * 1024);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readYaml(dir: string, file: string): unknown {
  const text = readSourceFile(dir, file, 256 * 1024);
  if (text === undefined) return undefined;
  try {
    return parseYaml(text, { maxAliasCount: 50 }) as unknown;
  } catch {
    return undefined;
  }
}

/** The workspace declared in `dir` itself, or undefined. */
export function workspaceAt(dir: string): WorkspaceRoot | undefined {
  const declared = declaredGlobs(readJson(dir, 'package.json'), readYaml(dir, 'pnpm-workspace.yaml'));
  if (declared === undefined) return undefined;
  const globs: string[] = [];
  const rejected: WorkspaceRoot['rejected'] = [];
  for (const glob of declared.globs.slice(0, MAX_GLOBS)) {
    if (typeof glob !== 'string') {
      rejected.push({ glob: String(glob).slice(0, 60), problem: 'not a string' });
      continue;
    }
    const problem = workspaceGlobProblem(glob);
    if (problem) rejected.push({ glob: glob.slice(0, 200), problem });
    else globs.push(glob.replace(/^\.\//, '').replace(/\/+$/, ''));
  }
  const exists = (f: string) => fs.existsSync(path.join(dir, f));
  return { root: dir, declaredIn: declared.declaredIn, globs, rejected, orchestrator: exists('turbo.json') ? 'turbo' : exists('nx.json') ? 'nx' : undefined };
}

/** Folders (relative, `/`-separated) matching one glob's segments; no links followed, bounded. */
function expand(root: string, segments: readonly string[], out: Set<string>, rel = '', depth = 0): void {
  if (out.size >= MAX_PACKAGES || depth > 8) return;
  if (segments.length === 0) {
    if (rel !== '') out.add(rel);
    return;
  }
  const [head, ...rest] = segments;
  const children = (): string[] => {
    try {
      return fs
        .readdirSync(path.join(root, rel), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.isSymbolicLink() && !SKIP.has(e.name) && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort()
        .slice(0, 500);
    } catch {
      return [];
    }
  };
  const join = (name: string) => (rel === '' ? name : `${rel}/${name}`);
  if (head === '**') {
    expand(root, rest, out, rel, depth + 1);
    for (const name of children()) expand(root, segments, out, join(name), depth + 1);
  } else if (head === '*') {
    for (const name of children()) expand(root, rest, out, join(name), depth + 1);
  } else {
    const next = join(head!);
    try {
      const st = fs.lstatSync(path.join(root, next));
      if (st.isDirectory() && !st.isSymbolicLink()) expand(root, rest, out, next, depth + 1);
    } catch {
      // absent
    }
  }
}

/** The workspace's packages (folders with a package.json), negated globs (`!x`) removed. */
export function workspacePackages(ws: WorkspaceRoot): WorkspacePackage[] {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const glob of ws.globs) expand(ws.root, glob.replace(/^!/, '').split('/'), glob.startsWith('!') ? excluded : included);
  const out: WorkspacePackage[] = [];
  for (const folder of [...included].sort()) {
    if (excluded.has(folder)) continue;
    const pkg = readJson(path.join(ws.root, folder), 'package.json');
    if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) continue;
    const p = pkg as Record<string, unknown>;
    const scripts = p.scripts !== null && typeof p.scripts === 'object' ? (p.scripts as Record<string, unknown>) : {};
    const name = typeof p.name === 'string' && p.name.length <= 214 ? p.name : undefined;
    const app = folder.startsWith('apps/') || typeof scripts.start === 'string';
    out.push({ folder, name, app });
  }
  return out;
}

/** The workspace root above `dir` that lists `dir` as one of its packages, if any. */
export function enclosingWorkspace(dir: string): { ws: WorkspaceRoot; folder: string } | undefined {
  let current = path.resolve(dir);
  for (let i = 0; i < MAX_UP; i++) {
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
    const ws = workspaceAt(current);
    if (ws === undefined) continue;
    const folder = path.relative(current, path.resolve(dir)).split(path.sep).join('/');
    return workspacePackages(ws).some((p) => p.folder === folder) ? { ws, folder } : undefined;
  }
  return undefined;
}

/** The message at a workspace root: which apps there are and how to generate for one. */
export function workspaceRootMessage(ws: WorkspaceRoot, packages: readonly WorkspacePackage[]): string {
  const apps = packages.filter((p) => p.app);
  const listed = (apps.length > 0 ? apps : packages).slice(0, 20).map((p) => `${p.folder}${p.name ? ` (${showValue(p.name)})` : ''}`);
  const rejected =
    ws.rejected.length > 0
      ? `; patterns ignored: ${ws.rejected
          .slice(0, 5)
          .map((r) => `${showValue(r.glob)} (${r.problem})`)
          .join(', ')}`
      : '';
  return (
    `this folder is the root of a workspace (${ws.declaredIn}${ws.orchestrator ? `, ${ws.orchestrator === 'turbo' ? 'Turborepo' : 'Nx'}` : ''}) with ` +
    `${apps.length > 0 ? `${apps.length} app${apps.length === 1 ? '' : 's'}` : `${packages.length} package${packages.length === 1 ? '' : 's'} and no app`}: ${listed.join(', ') || 'none found'}${rejected}. ` +
    'A Dockerfile is for one app: pass --app <folder> (e.g. --app ' +
    (apps[0]?.folder ?? 'apps/<name>') +
    "), or run the generator in the app's folder; nothing was written"
  );
}

/** The packages that count as apps at a root: the `app` ones, in folder order. */
export function workspaceApps(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  return packages.filter((p) => p.app);
}

/**
 * Whether the generator, run at `dir`, stands at a workspace root whose app must be chosen: the
 * root has apps and is not itself the app (one app beside a root that starts: the root is the app).
 */
export function rootAppChoice(dir: string): { ws: WorkspaceRoot; apps: WorkspacePackage[]; packages: WorkspacePackage[] } | undefined {
  const ws = workspaceAt(dir);
  if (ws === undefined) return undefined;
  const packages = workspacePackages(ws);
  const apps = workspaceApps(packages);
  if (apps.length === 0) return undefined;
  const root = readJson(dir, 'package.json');
  const scripts = root !== null && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>).scripts : undefined;
  const rootStarts = scripts !== null && typeof scripts === 'object' && typeof (scripts as Record<string, unknown>).start === 'string';
  if (apps.length === 1 && rootStarts) return undefined;
  return { ws, apps, packages };
}

/** The workspace packages `folder` depends on, directly or through others (by package name), in folder order. */
export function workspaceDependencies(root: string, packages: readonly WorkspacePackage[], folder: string): WorkspacePackage[] {
  const byName = new Map(packages.filter((p) => p.name !== undefined).map((p) => [p.name!, p]));
  const seen = new Set<string>([folder]);
  const queue = [folder];
  while (queue.length > 0 && seen.size <= MAX_PACKAGES) {
    const pkg = readJson(path.join(root, queue.shift()!), 'package.json');
    if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) continue;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = Object.hasOwn(pkg, field) ? (pkg as Record<string, unknown>)[field] : undefined;
      if (deps === null || typeof deps !== 'object' || Array.isArray(deps)) continue;
      for (const name of Object.keys(deps)) {
        const found = byName.get(name);
        if (found && !seen.has(found.folder)) {
          seen.add(found.folder);
          queue.push(found.folder);
        }
      }
    }
  }
  return packages.filter((p) => p.folder !== folder && seen.has(p.folder));
}

/** `../..` for `apps/api`: the relative way from a package folder up to its root. */
export function pathToRoot(folder: string): string {
  return folder
    .split('/')
    .map(() => '..')
    .join('/');
}
