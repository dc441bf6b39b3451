/**
 * What a Python lockfile pins: every package (extras already resolved by the locking tool, so
 * `fastapi[standard]` brings uvicorn in), and, where the lock records file names (uv.lock,
 * poetry.lock, pdm.lock), the wheels each version has. Pipfile.lock and requirements.txt only
 * record hashes: their packages are known, their wheels are not.
 *
 * Pure functions over the lockfile text; TOML through smol-toml (./toml.ts), JSON through
 * JSON.parse. Names are kept in Maps and arrays, never as object keys of our own.
 */
import { ProjectError } from '../../lib/errors.js';
import { tryReadProjectFile } from '../../lib/project-files.js';
import { isTable, parseToml, tomlGet, type TomlTable, type TomlValue } from './toml.js';

/** Lockfiles are larger than manifests: a big uv.lock is a few MB. */
export const LOCK_LIMIT = 16 * 1024 * 1024;
/** More packages than any application locks: the rest is ignored. */
export const MAX_LOCKED_PACKAGES = 5000;
/** Wheel file names kept per package (a package lists a few dozen platforms at most). */
const MAX_WHEELS = 400;

export type LockKind = 'uv.lock' | 'poetry.lock' | 'pdm.lock' | 'Pipfile.lock' | 'requirements.txt';

export interface LockedPackage {
  /** PEP 503-normalised name (`Flask_SQLAlchemy` → `flask-sqlalchemy`). */
  name: string;
  version: string;
  /** Wheel file names the lock records; undefined when the lock records no file names. */
  wheels: string[] | undefined;
}

export interface LockFacts {
  file: LockKind;
  /** Packages installed in production (dev-only groups left out where the lock says so). */
  packages: LockedPackage[];
}

export const normaliseName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

const VALID_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,200})$/;
/** Versions are printed in comments and messages: only PEP 440 characters. */
const VALID_VERSION = /^[A-Za-z0-9.+!_-]{1,64}$/;
const text = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The last path segment of a URL or path (`.../uvicorn-0.32.0-py3-none-any.whl`). */
function baseName(ref: string): string {
  const clean = ref.split(/[?#]/)[0]!;
  return clean.slice(clean.lastIndexOf('/') + 1);
}

function wheelNames(values: (string | undefined)[]): string[] {
  return values
    .filter((v): v is string => v !== undefined)
    .map(baseName)
    .filter((f) => f.endsWith('.whl'))
    .slice(0, MAX_WHEELS);
}

function packageTables(doc: TomlTable): TomlTable[] {
  const list = tomlGet(doc, 'package');
  return Array.isArray(list) ? list.filter(isTable).slice(0, MAX_LOCKED_PACKAGES) : [];
}

function locked(name: string | undefined, version: string | undefined, wheels: string[] | undefined): LockedPackage | undefined {
  if (name === undefined || !VALID_NAME.test(name)) return undefined;
  return { name: normaliseName(name), version: version !== undefined && VALID_VERSION.test(version) ? version : '', wheels };
}

/** `[{ name = "fastapi", extra = ["standard"] }]` → [name, extras] pairs (normalised). */
function uvEdges(list: TomlValue | undefined): [string, string[]][] {
  if (!Array.isArray(list)) return [];
  return list.filter(isTable).flatMap((d) => {
    const name = text(tomlGet(d, 'name'));
    if (name === undefined) return [];
    const extra = tomlGet(d, 'extra');
    return [[normaliseName(name), Array.isArray(extra) ? extra.filter((e): e is string => typeof e === 'string') : []] as [string, string[]]];
  });
}

/**
 * uv.lock: `[[package]]` with `wheels = [{ url = ... }]`. Only what `uv sync --no-dev` installs:
 * the packages reachable from the project (`source = { virtual | editable }`) through
 * `dependencies` and the extras asked for (`optional-dependencies`), never `dev-dependencies`;
 * every package when the lock names no project. The project itself is not a package to install.
 */
export function parseUvLock(doc: TomlTable): LockedPackage[] {
  const tables = packageTables(doc);
  const isProject = (p: TomlTable) => {
    const source = tomlGet(p, 'source');
    return isTable(source) && (Object.hasOwn(source, 'virtual') || Object.hasOwn(source, 'editable'));
  };
  const byName = new Map<string, TomlTable>();
  for (const p of tables) {
    const name = text(tomlGet(p, 'name'));
    if (name !== undefined && !byName.has(normaliseName(name))) byName.set(normaliseName(name), p);
  }
  const roots = tables.filter(isProject);
  let wanted: Set<string> | undefined;
  if (roots.length > 0) {
    wanted = new Set();
    const queue: [string, string[]][] = roots.flatMap((r) => uvEdges(tomlGet(r, 'dependencies')));
    for (let i = 0; i < queue.length && i < MAX_LOCKED_PACKAGES * 4; i++) {
      const [name, extras] = queue[i]!;
      const p = byName.get(name);
      const key = `${name}[${extras.join(',')}]`;
      if (!p || wanted.has(key)) continue;
      wanted.add(key);
      wanted.add(name);
      queue.push(...uvEdges(tomlGet(p, 'dependencies')));
      for (const extra of extras) queue.push(...uvEdges(tomlGet(p, 'optional-dependencies', extra)));
    }
  }
  const out: LockedPackage[] = [];
  for (const p of tables) {
    if (isProject(p)) continue;
    const name = text(tomlGet(p, 'name'));
    if (wanted && (name === undefined || !wanted.has(normaliseName(name)))) continue;
    const wheels = tomlGet(p, 'wheels');
    const files = Array.isArray(wheels)
      ? wheels.filter(isTable).map((w) => text(tomlGet(w, 'url')) ?? text(tomlGet(w, 'filename')) ?? text(tomlGet(w, 'path')))
      : [];
    const pkg = locked(name, text(tomlGet(p, 'version')), wheelNames(files));
    if (pkg) out.push(pkg);
  }
  return out;
}

/** poetry.lock (1.x `category`, 2.x `groups`) and pdm.lock (`groups`): `files = [{ file = ... }]`. */
export function parsePoetryOrPdmLock(doc: TomlTable, mainGroup: 'main' | 'default'): LockedPackage[] {
  const out: LockedPackage[] = [];
  for (const p of packageTables(doc)) {
    const groups = tomlGet(p, 'groups');
    const category = text(tomlGet(p, 'category'));
    if (Array.isArray(groups) && !groups.includes(mainGroup)) continue;
    if (category !== undefined && category !== mainGroup) continue;
    const files = tomlGet(p, 'files');
    const names = Array.isArray(files) ? files.filter(isTable).map((f) => text(tomlGet(f, 'file')) ?? text(tomlGet(f, 'url'))) : [];
    const pkg = locked(text(tomlGet(p, 'name')), text(tomlGet(p, 'version')), wheelNames(names));
    if (pkg) out.push(pkg);
  }
  return out;
}

/** Pipfile.lock (JSON): the "default" section; hashes only, no file names. */
export function parsePipfileLock(json: unknown): LockedPackage[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
  const section = Object.hasOwn(json, 'default') ? (json as Record<string, unknown>)['default'] : undefined;
  if (section === undefined) return [];
  if (section === null || typeof section !== 'object' || Array.isArray(section)) throw new Error('"default" is not an object');
  const out: LockedPackage[] = [];
  for (const [name, entry] of Object.entries(section).slice(0, MAX_LOCKED_PACKAGES)) {
    const version =
      entry !== null && typeof entry === 'object' && typeof (entry as { version?: unknown }).version === 'string'
        ? (entry as { version: string }).version.replace(/^==/, '')
        : '';
    const pkg = locked(name, version, undefined);
    if (pkg) out.push(pkg);
  }
  return out;
}

/** requirements.txt lines (already joined, comments dropped): `name==version` pins; no file names. */
export function parsePinnedRequirements(lines: readonly string[]): LockedPackage[] {
  const out: LockedPackage[] = [];
  for (const line of lines.slice(0, MAX_LOCKED_PACKAGES)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9.+!*-]+)/.exec(line);
    const pkg = m ? locked(m[1], m[2], undefined) : undefined;
    if (pkg) out.push(pkg);
  }
  return out;
}

/** Reads and parses one lockfile of the project; undefined when absent. Malformed → ProjectError naming the file. */
export function readLock(dir: string, file: Exclude<LockKind, 'requirements.txt'>): LockFacts | undefined {
  const read = tryReadProjectFile(dir, file, LOCK_LIMIT);
  if (!read.ok) {
    if (read.problem === 'missing') return undefined;
    throw new ProjectError(
      `${file} could not be read (${read.detail}); the Python version and native libraries are chosen from it. Fix it, or pass --runtime-version to choose the Python version yourself`,
    );
  }
  try {
    switch (file) {
      case 'uv.lock':
        return { file, packages: parseUvLock(parseToml(read.text)) };
      case 'poetry.lock':
        return { file, packages: parsePoetryOrPdmLock(parseToml(read.text), 'main') };
      case 'pdm.lock':
        return { file, packages: parsePoetryOrPdmLock(parseToml(read.text), 'default') };
      case 'Pipfile.lock':
        return { file, packages: parsePipfileLock(JSON.parse(read.text)) };
    }
  } catch (error) {
    throw new ProjectError(`${file} is not a valid lockfile (${(error as Error).message.split('\n')[0]}); regenerate it with its tool and run again`);
  }
}

// ---------------------------------------------------------------- wheel tags

/** What one wheel file name says about the Python it runs on. */
export interface WheelTags {
  /** Pure Python (`py3-none-any`): any version, any platform. */
  pure: boolean;
  /** Runs on glibc Linux (manylinux / linux_*, not musllinux). */
  linux: boolean;
  /** Python minors (3.x → x) it is built for; `abi3` wheels: that minor and every later one (minAbi3). */
  minors: number[];
  minAbi3: number | undefined;
}

/** `{name}-{ver}(-{build})?-{python}-{abi}-{platform}.whl`, read from the end. */
export function wheelTags(file: string): WheelTags | undefined {
  if (!file.endsWith('.whl') || file.length > 400) return undefined;
  const parts = file.slice(0, -4).split('-');
  if (parts.length < 5) return undefined;
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  const platforms = plat.split('.');
  const linux = platforms.some((p) => /^(manylinux|linux_)/.test(p));
  const pure = abi === 'none' && platforms.includes('any');
  const minors: number[] = [];
  let minAbi3: number | undefined;
  for (const tag of py.split('.')) {
    const m = /^cp3(\d{1,2})$/.exec(tag);
    if (!m) continue;
    if (abi === 'abi3') minAbi3 = Math.min(minAbi3 ?? 99, Number(m[1]));
    else if (abi.split('.').includes(`cp3${m[1]}`)) minors.push(Number(m[1]));
  }
  return { pure, linux, minors, minAbi3 };
}

/** Whether a locked package has a wheel for Linux and Python 3.<minor>; undefined when the lock records no wheels for it. */
export function hasWheelFor(pkg: LockedPackage, minor: number): boolean | undefined {
  if (pkg.wheels === undefined) return undefined;
  const tags = pkg.wheels.map(wheelTags).filter((t): t is WheelTags => t !== undefined);
  return tags.some((t) => t.pure || (t.linux && (t.minors.includes(minor) || (t.minAbi3 !== undefined && minor >= t.minAbi3))));
}

/** A package the lock records compiled (platform-specific) wheels for, and no pure-Python one. */
export function isCompiled(pkg: LockedPackage): boolean {
  if (!pkg.wheels || pkg.wheels.length === 0) return false;
  const tags = pkg.wheels.map(wheelTags).filter((t): t is WheelTags => t !== undefined);
  return tags.length > 0 && !tags.some((t) => t.pure) && tags.some((t) => t.linux);
}

export interface MinorChoice {
  minor: string;
  /** The package that ruled out a preferred minor (`greenlet 3.0.1 has no Python 3.13 wheel`), if any. */
  decidedBy: string | undefined;
}

/**
 * The first minor of `preferred` (already limited to what the project allows) for which every
 * locked package with compiled wheels has one; undefined when none qualifies or nothing is compiled.
 */
export function minorForWheels(packages: readonly LockedPackage[], preferred: readonly string[]): MinorChoice | undefined {
  const compiled = packages.filter(isCompiled);
  if (compiled.length === 0) return undefined;
  let decidedBy: string | undefined;
  for (const minor of preferred) {
    const n = Number(minor.split('.')[1]);
    const missing = compiled.find((p) => hasWheelFor(p, n) === false);
    if (!missing) return { minor, decidedBy };
    decidedBy ??= `${missing.name} ${missing.version} has no Python ${minor} wheel`;
  }
  return undefined;
}
