/**
 * tsc's output folder (`compilerOptions.outDir`) and source root (`rootDir`), read from
 * tsconfig.json with a real JSONC parser (comments and trailing commas allowed; a commented-out
 * option, as `tsc --init` writes dozens of, does not count) and following `"extends"` the way tsc
 * does, bounded:
 *
 * - `extends` is a string or (TypeScript 5.0+) an array; later bases override earlier ones and
 *   the file's own options override all its bases.
 * - A relative base (`./tsconfig.base.json`, `../x`) is read relative to the file that names it;
 *   `.json` is appended when the name has no such file. It must stay inside the project.
 * - A package base (`@tsconfig/node22/tsconfig.json`, `fastify-tsconfig`) is read from the
 *   project's own `node_modules` when that is installed (its package.json `"tsconfig"` field, else
 *   its `tsconfig.json`). Detection usually runs before any install: then the base is not read,
 *   and whatever it might set stays **unknown** (never guessed) unless a file later in the chain
 *   sets it. The start command (and the build that writes its folder) decides instead.
 * - outDir/rootDir are relative to the file that sets them (`"../dist"` in `config/base.json` is
 *   `dist`); `${configDir}` is the folder of tsconfig.json itself (TypeScript 5.5+).
 * - At most MAX_DEPTH levels and MAX_FILES files, each read through readProjectFile's rules
 *   (regular files only, bounded size, no symbolic link out of the project); a cycle stops.
 *
 * Pure over the folder's files; no value from a file reaches anything but these checked paths.
 */
import path from 'node:path';
import { findNodeAtLocation, parse as parseJsonc, parseTree, type ParseError } from 'jsonc-parser';
import { lineAt } from '../../lib/ports.js';
import { showValue, type ValueOrigin } from '../../lib/errors.js';
import { readProjectFile, tryReadProjectFile } from '../../lib/project-files.js';
import { contextPathProblem, normaliseRelative } from '../../lib/quote.js';

export interface TsConfigDirs {
  /** `compilerOptions.outDir`, when it is a folder inside the project (relative to the project). */
  outDir?: string;
  rootDir?: string;
  /** An outDir that is not a usable folder inside the project: ignored, reported when it would be used. */
  rejectedOutDir?: { value: string; problem: string; origin: ValueOrigin };
  /** Where outDir was set (the file of the chain that set it). */
  outDirOrigin?: ValueOrigin;
  /** outDir may be set by a base that could not be read (a package not installed): unknown, not guessed. */
  outDirUnknown?: boolean;
  /** Bases named by `extends` that were not read, and why (for the summary). */
  unreadBases?: string[];
  /** The tsconfig files read, tsconfig.json first. */
  files?: string[];
}

/** Nesting of `extends` followed (tsc has no limit; real chains are 1–3 deep). */
export const MAX_DEPTH = 8;
/** tsconfig files read at most for one project. */
export const MAX_FILES = 16;

/** An npm package specifier with an optional subpath: `@scope/name`, `name/sub/file.json`. */
const PACKAGE_SPEC = /^(@[a-z0-9][a-z0-9._~-]{0,213}\/[a-z0-9][a-z0-9._~-]{0,213}|[a-z0-9][a-z0-9._~-]{0,213})(\/[A-Za-z0-9._@+-]{1,100}){0,8}$/;

interface Setting {
  /** The value as written, for messages. */
  value: string;
  /** Resolved relative to the project folder (not yet validated). */
  resolved: string;
  origin: ValueOrigin;
}

type Slot = Setting | 'unknown' | undefined;

interface Layer {
  outDir: Slot;
  rootDir: Slot;
}

const KEYS = ['outDir', 'rootDir'] as const;

interface Walk {
  dir: string;
  seen: Set<string>;
  unread: string[];
  files: string[];
}

/** A base name resolved to a project-relative file, or why it is not read. */
export function resolveExtends(dir: string, from: string, spec: string): { file: string } | { unread: string } {
  const fromDir = path.posix.dirname(from);
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
    const joined = path.posix.normalize(path.posix.join(fromDir, spec));
    if (joined.startsWith('../') || joined === '..') return { unread: `${showValue(spec)} (in ${from}) is outside the project` };
    // tsc appends .json to a name without it.
    return { file: joined.endsWith('.json') ? joined : `${joined}.json` };
  }
  if (spec.startsWith('/') || /^[A-Za-z]:[\\/]/.test(spec) || spec.includes('\\')) {
    return { unread: `${showValue(spec)} (in ${from}) is an absolute path, outside the project` };
  }
  const m = PACKAGE_SPEC.exec(spec);
  if (!m || spec.split('/').some((part) => part === '..' || part === '.')) return { unread: `${showValue(spec)} (in ${from}) is not a package name` };
  const pkgName = m[1]!;
  const sub = spec.slice(pkgName.length + 1);
  const root = `node_modules/${pkgName}`;
  const manifest = tryReadProjectFile(dir, `${root}/package.json`);
  if (!manifest.ok) {
    return { unread: `the package ${showValue(pkgName)} (extended by ${from}) is not installed here, so its settings are not read` };
  }
  if (sub !== '') return { file: sub.endsWith('.json') ? `${root}/${sub}` : `${root}/${sub}.json` };
  let field: unknown;
  try {
    const doc = JSON.parse(manifest.text) as unknown;
    field = doc && typeof doc === 'object' && Object.hasOwn(doc, 'tsconfig') ? (doc as { tsconfig: unknown }).tsconfig : undefined;
  } catch {
    field = undefined;
  }
  if (typeof field === 'string' && field !== '') {
    const rel = path.posix.normalize(field).replace(/^(?:\.\/)+/, '');
    if (rel.startsWith('../') || rel.startsWith('/')) return { unread: `the package ${showValue(pkgName)} names a tsconfig outside itself` };
    return { file: `${root}/${rel}` };
  }
  return { file: `${root}/tsconfig.json` };
}

/** A project-relative path for a value written in `file` (relative to that file's folder). */
function resolveIn(walk: Walk, file: string, value: string): string {
  if (value.startsWith('${configDir}')) return path.posix.normalize(`${path.posix.dirname(walk.files[0]!)}/${value.slice('${configDir}'.length)}`);
  if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value)) return value;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), value));
}

function parseConfig(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const doc: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
}

function loadLayer(walk: Walk, file: string, text: string, depth: number): Layer {
  const layer: Layer = { outDir: undefined, rootDir: undefined };
  const doc = parseConfig(text);
  if (!doc) return layer;
  const ext = Object.hasOwn(doc, 'extends') ? doc.extends : undefined;
  const bases = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
  for (const spec of bases.slice(0, MAX_FILES)) {
    const base = baseLayer(walk, file, spec, depth + 1);
    for (const key of KEYS) if (base[key] !== undefined) layer[key] = base[key];
  }
  const options = Object.hasOwn(doc, 'compilerOptions') ? doc.compilerOptions : undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return layer;
  let tree: ReturnType<typeof parseTree> | undefined;
  for (const key of KEYS) {
    const value = Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string' || value === '') continue;
    tree ??= parseTree(text);
    const node = tree && findNodeAtLocation(tree, ['compilerOptions', key]);
    layer[key] = {
      value,
      resolved: resolveIn(walk, file, value),
      origin: { file, field: `"compilerOptions.${key}"`, line: node ? lineAt(text, node.offset) : undefined },
    };
  }
  return layer;
}

const UNKNOWN: Layer = { outDir: 'unknown', rootDir: 'unknown' };

function baseLayer(walk: Walk, from: string, spec: string, depth: number): Layer {
  const shown = showValue(spec.slice(0, 200));
  if (depth > MAX_DEPTH) {
    walk.unread.push(`${shown} (in ${from}): more than ${MAX_DEPTH} levels of "extends"`);
    return UNKNOWN;
  }
  if (walk.files.length >= MAX_FILES) {
    walk.unread.push(`${shown} (in ${from}): more than ${MAX_FILES} tsconfig files`);
    return UNKNOWN;
  }
  const target = resolveExtends(walk.dir, from, spec);
  if ('unread' in target) {
    walk.unread.push(target.unread);
    return UNKNOWN;
  }
  if (walk.seen.has(target.file)) {
    walk.unread.push(`${shown} (in ${from}): "extends" loops back to ${target.file}`);
    return UNKNOWN;
  }
  const outcome = tryReadProjectFile(walk.dir, target.file);
  if (!outcome.ok) {
    walk.unread.push(`${showValue(target.file)} (extended by ${from}): ${outcome.detail}`);
    return UNKNOWN;
  }
  walk.seen.add(target.file);
  walk.files.push(target.file);
  return loadLayer(walk, target.file, outcome.text, depth);
}

/**
 * outDir/rootDir of the project's tsc build, from `config` (tsconfig.json unless the build names
 * another with `tsc -p`) and the files it extends. See the module comment for the rules.
 */
export function readTsConfigDirs(dir: string, config = buildTsConfigFile(dir)): TsConfigDirs {
  // The project's own tsconfig: an unreadable one (a FIFO, a link out) is a clear stop.
  const text = readProjectFile(dir, config);
  if (text === undefined) return {};
  const walk: Walk = { dir, seen: new Set([config]), unread: [], files: [config] };
  const layer = loadLayer(walk, config, text, 0);
  const out: TsConfigDirs = { files: walk.files };
  if (walk.unread.length > 0) out.unreadBases = walk.unread;
  const check = (setting: Setting) => {
    const clean = normaliseRelative(setting.resolved);
    const problem = clean === '.' ? 'a folder inside the project other than the project folder itself' : contextPathProblem(clean);
    return { clean, problem };
  };
  if (layer.outDir === 'unknown') out.outDirUnknown = true;
  else if (layer.outDir) {
    const { clean, problem } = check(layer.outDir);
    if (problem) out.rejectedOutDir = { value: layer.outDir.value, problem, origin: layer.outDir.origin };
    else if (clean === 'node_modules' || clean.startsWith('node_modules/'))
      out.rejectedOutDir = { value: layer.outDir.value, problem: 'a folder of the project outside node_modules', origin: layer.outDir.origin };
    else {
      out.outDir = clean;
      out.outDirOrigin = layer.outDir.origin;
    }
  }
  if (layer.rootDir && layer.rootDir !== 'unknown') {
    // rootDir may be the project folder itself ("." : sources keep their folder under outDir).
    const clean = normaliseRelative(layer.rootDir.resolved);
    if (clean === '.' || !contextPathProblem(clean)) out.rootDir = clean;
  }
  return out;
}

/** `-p x` / `--project x` / `-p=x` of a `tsc` command in the build script: the config tsc is given. */
export function tscProjectArg(script: string): string | undefined {
  const words = script.split(/\s+/).slice(0, 64);
  const at = words.findIndex((w) => /(?:^|\/)tsc$/.test(w));
  if (at < 0) return undefined;
  for (let i = at + 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '&&' || word === ';' || word === '||' || word === '|') break;
    const eq = /^(?:-p|--project)=(.+)$/.exec(word);
    if (eq) return eq[1];
    if ((word === '-p' || word === '--project') && i + 1 < words.length) return words[i + 1];
  }
  return undefined;
}

/**
 * The tsconfig the build compiles with: the `-p`/`--project` of `tsc` in package.json's build
 * script when it names a file (or a folder's tsconfig.json) inside the project, else tsconfig.json.
 */
export function buildTsConfigFile(dir: string): string {
  const fallback = 'tsconfig.json';
  const text = tryReadProjectFile(dir, 'package.json');
  if (!text.ok) return fallback;
  let build: unknown;
  try {
    const doc = JSON.parse(text.text) as unknown;
    const scripts = doc && typeof doc === 'object' && Object.hasOwn(doc, 'scripts') ? (doc as { scripts: unknown }).scripts : undefined;
    build = scripts && typeof scripts === 'object' && Object.hasOwn(scripts, 'build') ? (scripts as Record<string, unknown>).build : undefined;
  } catch {
    return fallback;
  }
  const arg = typeof build === 'string' ? tscProjectArg(build.slice(0, 2000)) : undefined;
  if (arg === undefined) return fallback;
  const rel = normaliseRelative(arg.replace(/^['"]|['"]$/g, ''));
  if (rel === '.' || contextPathProblem(rel)) return fallback;
  const file = rel.endsWith('.json') ? rel : `${rel}/tsconfig.json`;
  return tryReadProjectFile(dir, file).ok ? file : fallback;
}
