/**
 * Reading a Node.js project: runtime version, package manager, start/build commands and port.
 * Every function here is pure over the folder's files and returns where a value came from.
 */
import { firstPortMatchAt, lineAt } from '../../lib/ports.js';
import path from 'node:path';
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { ProjectError, showValue, type ValueOrigin } from '../../lib/errors.js';
import { projectEntryExists, readFileHead, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';
import { decideNodeVersion, isoToday, pickMaintainedMajor } from './engines.js';
import { contextPathProblem } from '../../lib/quote.js';
import { buildScriptName, planStart } from './layouts.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';
export interface PackageManagerFacts {
  name: PackageManagerName;
  /** yarn only: true for Yarn 2+ (berry). */
  berry: boolean;
  /** Version to install in the image (npm: the image's own, so ''). */
  version: string;
  /** The lockfile present, or undefined. */
  lockfile: string | undefined;
}

/**
 * The package.json fields the generator reads, each checked for its JSON type: a field of the
 * wrong type (`"name": 123`, `"dependencies": null`) is left out and named in `notes`. Objects
 * are null-prototype copies, so no key from the file (`__proto__`, `constructor`) means anything.
 */
export interface PackageJson {
  name?: string;
  description?: string;
  version?: string;
  main?: string;
  type?: string;
  scripts?: Record<string, string>;
  engines?: Record<string, string>;
  packageManager?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: unknown;
  /** Volta's pins (`volta.node`). */
  volta?: Record<string, string>;
  /** Fields ignored because of their type, for the summary. */
  notes?: string[];
  /** Lines of the fields read (`main`, `engines.node`, `scripts.start`), for messages. */
  lines?: Record<string, number>;
}

const STRING_FIELDS = ['name', 'description', 'version', 'main', 'type', 'packageManager'] as const;
const RECORD_FIELDS = ['scripts', 'engines', 'dependencies', 'devDependencies', 'volta'] as const;

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** The parsed document's fields, type-checked (see PackageJson). */
export function sanitizePackageJson(parsed: Record<string, unknown>, text = ''): PackageJson {
  const out: PackageJson = Object.create(null) as PackageJson;
  const notes: string[] = [];
  const lines: Record<string, number> = Object.create(null) as Record<string, number>;
  const tree: JsonNode | undefined = text === '' ? undefined : parseTree(text);
  const lineOf = (...keys: string[]) => {
    const node = tree && findNodeAtLocation(tree, keys);
    return node ? lineAt(text, node.offset) : undefined;
  };
  const own = (key: string) => Object.prototype.hasOwnProperty.call(parsed, key);
  for (const field of STRING_FIELDS) {
    if (!own(field)) continue;
    const value = parsed[field];
    if (typeof value === 'string') {
      out[field] = value;
      const line = lineOf(field);
      if (line !== undefined) lines[field] = line;
    } else notes.push(`package.json "${field}" is ${jsonType(value)}, not a string: ignored`);
  }
  for (const field of RECORD_FIELDS) {
    if (!own(field)) continue;
    const value = parsed[field];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      notes.push(`package.json "${field}" is ${jsonType(value)}, not an object: ignored`);
      continue;
    }
    const record: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (typeof entry === 'string') {
        record[key] = entry;
        if (field === 'scripts' || field === 'engines' || field === 'volta') {
          const line = lineOf(field, key);
          if (line !== undefined) lines[`${field}.${key}`] = line;
        }
      } else if (notes.length < 20) notes.push(`package.json "${field}.${key.slice(0, 60)}" is ${jsonType(entry)}, not a string: ignored`);
    }
    out[field] = record;
  }
  if (own('workspaces')) out.workspaces = parsed.workspaces;
  out.notes = notes;
  out.lines = lines;
  return out;
}

/** Where a package.json field was read, for messages. */
export function packageJsonOrigin(pkg: PackageJson, field: string): ValueOrigin {
  return { file: 'package.json', field: `"${field}"`, line: pkg.lines?.[field] };
}

export function readPackageJson(dir: string): PackageJson {
  const text = readProjectFile(dir, 'package.json');
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    // A byte-order mark is already removed (npm accepts one too).
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ProjectError(`package.json is not valid JSON (${(error as Error).message}); fix it and run again`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProjectError(`package.json holds ${jsonType(parsed)}, not a JSON object; fix it and run again`);
  }
  return sanitizePackageJson(parsed as Record<string, unknown>, text);
}

// ---------------------------------------------------------------- runtime version (engines.ts)

export { majorSatisfies, NODE_LTS_MAJOR, parseVersionFile } from './engines.js';

/** The image major for an `engines.node` range (engines.ts: the newest maintained one). */
export function pickNodeMajor(range: string): number | undefined {
  return pickMaintainedMajor(range, isoToday())?.major;
}

export function detectNodeVersion(dir: string, pkg: PackageJson): Detected<string> {
  return decideNodeVersion(dir, pkg).detected;
}

// ---------------------------------------------------------------- package manager

const LOCKFILES: [string, PackageManagerName][] = [
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const DEFAULT_VERSIONS: Record<PackageManagerName, string> = { npm: '', pnpm: PINS.pnpmDefault, yarn: PINS.yarnClassicDefault, bun: PINS.bunDefault };

/** Exact version from `packageManager` (`pnpm@9.12.0+sha512.abc` → 9.12.0). */
function packageManagerField(pkg: PackageJson): { name: PackageManagerName; version: string } | undefined {
  const m = /^(npm|pnpm|yarn|bun)@(\d{1,4}\.\d{1,4}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,64})?)(?:$|\+)/.exec(pkg.packageManager ?? '');
  return m ? { name: m[1] as PackageManagerName, version: m[2]! } : undefined;
}

function pnpmVersionFromLock(dir: string): string | undefined {
  const m = /^lockfileVersion:[ \t]*'?(\d{1,4})/m.exec(readFileHead(dir, 'pnpm-lock.yaml') ?? '');
  if (!m) return undefined;
  const lock = Number(m[1]);
  return lock >= 9 ? '10' : lock >= 6 ? '8' : '7';
}

/** Each package manager's lockfiles, for `lockfileConflict`. */
export const NODE_LOCKFILES: Record<PackageManagerName, string[]> = { npm: [], pnpm: [], yarn: [], bun: [] };
for (const [file, pm] of LOCKFILES) NODE_LOCKFILES[pm].push(file);

export function lockfileFor(dir: string, name: PackageManagerName): string | undefined {
  return LOCKFILES.find(([file, pm]) => pm === name && projectEntryExists(dir, file))?.[0];
}

/** Facts for a package manager, whether detected or chosen by the user. */
export function packageManagerFacts(dir: string, pkg: PackageJson, name: PackageManagerName): PackageManagerFacts {
  const field = packageManagerField(pkg);
  const lockfile = lockfileFor(dir, name);
  let version = field?.name === name ? field.version : undefined;
  if (name === 'pnpm') version ??= pnpmVersionFromLock(dir);
  const yarnBerry =
    name === 'yarn' &&
    ((version !== undefined && !version.startsWith('1.')) ||
      projectEntryExists(dir, '.yarnrc.yml') ||
      /^__metadata:/m.test(readFileHead(dir, 'yarn.lock') ?? ''));
  if (yarnBerry) version ??= PINS.yarnBerryDefault;
  return { name, berry: yarnBerry, version: name === 'npm' ? '' : (version ?? DEFAULT_VERSIONS[name]), lockfile };
}

export function detectPackageManager(dir: string, pkg: PackageJson): Detected<PackageManagerName> {
  const field = packageManagerField(pkg);
  if (field) return detectedFrom(field.name, `package.json "packageManager" (${pkg.packageManager})`, packageJsonOrigin(pkg, 'packageManager'));
  const lock = LOCKFILES.find(([file]) => projectEntryExists(dir, file));
  if (lock) return { value: lock[1], source: lock[0] };
  return { value: 'npm', source: 'default (no lockfile)' };
}

// ---------------------------------------------------------------- commands

/** Commands that run a development server or compile on the fly: never a production CMD. */
const DEV_PROGRAMS = new Set(['nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'babel-node', 'vite', 'webpack-dev-server', 'nest', 'next-dev']);
const PACKAGE_MANAGERS = new Set(['npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'bun', 'bunx', 'corepack']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', '/bin/sh', '/bin/bash']);

/** Why argv cannot be the production CMD, or undefined when it can. */
export function startCommandProblem(argv: readonly string[]): string | undefined {
  const program = path.posix.basename(argv[0] ?? '');
  if (PACKAGE_MANAGERS.has(program)) {
    return `must start the app directly (e.g. "node dist/server.js"), not through ${program}: a package-manager wrapper does not pass SIGTERM on to the app`;
  }
  if (SHELLS.has(argv[0]!) || SHELLS.has(program)) {
    return 'must start the app directly (e.g. "node server.js"), not through a shell: the shell would receive SIGTERM instead of the app';
  }
  if (DEV_PROGRAMS.has(program) || (program === 'node' && argv.some((a) => a === '--watch' || a.startsWith('--watch-')))) {
    return `must be a production command; "${argv.join(' ')}" runs a development tool (build first, then run the output with node)`;
  }
  if ((program === 'next' || program === 'nuxt' || program === 'astro' || program === 'remix') && argv[1] === 'dev') {
    return `must be a production command; "${argv.join(' ')}" starts a development server`;
  }
  const top = entryFolder(argv);
  const problem = top === undefined ? undefined : contextPathProblem(top);
  if (problem) return `must run a file whose top folder the runtime stage can copy: the folder ${showValue(top)} is not ${problem}`;
  return undefined;
}

/**
 * The top folder of the start command's file (`node dist/server.js` → `dist`): the runtime stage
 * copies it from the build stage. Undefined for a file in the project folder itself.
 */
export function entryFolder(argv: readonly string[]): string | undefined {
  const entry = argv.slice(1).find((a) => !a.startsWith('-'));
  if (entry === undefined || !entry.includes('/')) return undefined;
  const top = path.posix
    .normalize(entry)
    .replace(/^(?:\.\/)+/, '')
    .split('/')[0]!;
  if (top === '..' || top === '' || top === 'node_modules' || !path.posix.normalize(entry).includes('/')) return undefined;
  return top;
}

// tsconfig.json's outDir/rootDir, following "extends" (tsconfig.ts).
export { readTsConfigDirs, type TsConfigDirs } from './tsconfig.js';
import { readTsConfigDirs } from './tsconfig.js';

const ENTRY_CANDIDATES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/server.js', 'src/index.js'];

/** The start command: see layouts.ts (framework layouts, resolved programs, no fake default). */
export function detectStartCommand(dir: string, pkg: PackageJson): Detected<string[]> {
  return planStart(dir, pkg).detected;
}

export function runScriptCommand(pm: PackageManagerName, script: string): string[] {
  return pm === 'yarn' ? ['yarn', script] : [pm, 'run', script];
}

export function detectBuildCommand(pkg: PackageJson, pm: PackageManagerName): Detected<string[]> {
  const script = buildScriptName(pkg);
  if (script !== undefined) {
    const source = script === 'build' ? 'package.json "scripts.build"' : `package.json "scripts.${script}" (run by the start script before the server)`;
    return { value: runScriptCommand(pm, script), source };
  }
  return { value: [], source: 'no "build" script' };
}

// ---------------------------------------------------------------- port

const FRAMEWORK_PORTS: [string, number][] = [
  ['astro', 4321],
  ['@nestjs/core', 3000],
  ['next', 3000],
  ['nuxt', 3000],
  ['@remix-run/serve', 3000],
  ['@react-router/serve', 3000],
  // Angular SSR's server.ts: process.env['PORT'] || 4000 (an Express app).
  ['@angular/ssr', 4000],
  ['fastify', 3000],
  ['express', 3000],
  ['koa', 3000],
  ['@hapi/hapi', 3000],
];

/** The port a source file listens on: `process.env.PORT || 8080`, `?? 8080`, `listen(8080`. */
const PORT_PATTERNS = [
  // process.env.PORT or process.env['PORT'] (Angular's server.ts)
  /process\.env(?:\.PORT|\[\s*['"]PORT['"]\s*\])\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
  /(?:Number|parseInt)\(\s*process\.env(?:\.PORT|\[\s*['"]PORT['"]\s*\])\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
  /\.listen\(\s*(\d{2,5})\b/,
  /\bport\s*[:=]\s*(\d{4,5})\b/i,
];

export function portInSource(source: string): number | undefined {
  const patterns = PORT_PATTERNS;
  return firstPortMatchAt(source, patterns)?.port;
}

/** portInSource, with the line the port is on. */
export function portInSourceAt(source: string): { port: number; line: number } | undefined {
  return firstPortMatchAt(source, PORT_PATTERNS);
}

export function detectPort(dir: string, pkg: PackageJson, startCommand: readonly string[]): Detected<number> {
  const files = new Set<string>();
  const entry = startCommand.slice(1).find((a) => !a.startsWith('-'));
  if (entry) {
    files.add(entry);
    // The compiled entry may not exist before a build: look at its TypeScript source too.
    const ts = readTsConfigDirs(dir);
    if (ts.outDir && entry.startsWith(`${ts.outDir}/`)) {
      files.add(`${ts.rootDir ?? 'src'}/${entry.slice(ts.outDir.length + 1)}`.replace(/\.([cm]?)js$/, '.$1ts'));
    }
  }
  for (const candidate of [...ENTRY_CANDIDATES, 'src/main.ts', 'src/index.ts', 'src/server.ts', 'src/app.ts']) files.add(candidate);
  for (const file of files) {
    const text = readSourceFile(dir, file);
    const found = text === undefined ? undefined : portInSourceAt(text);
    if (found !== undefined) return detectedFrom(found.port, file, { file, line: found.line });
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const framework = FRAMEWORK_PORTS.find(([name]) => Object.hasOwn(deps, name));
  if (framework) return { value: framework[1], source: `package.json dependency "${framework[0]}"` };
  return { value: 3000, source: 'default' };
}
