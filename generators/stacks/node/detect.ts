/**
 * Reading a Node.js project: runtime version, package manager, start/build commands and port.
 * Every function here is pure over the folder's files and returns where a value came from.
 */
import { firstPortMatch } from '../../lib/ports.js';
import fs from 'node:fs';
import path from 'node:path';
import { splitCommand, stripEnvAssignments } from '../../lib/command.js';
import type { Detected } from '../../lib/stack.js';
import { ProjectError } from '../../lib/errors.js';

/** The Node.js major used when the project states none: the current LTS line. */
export const NODE_LTS_MAJOR = 24;
/** Majors we know to exist; even ones are LTS lines. Used to resolve open ranges. */
const KNOWN_MAJORS = [18, 20, 22, 24, 26];
const LTS_CODENAMES: Record<string, number> = { hydrogen: 18, iron: 20, jod: 22, krypton: 24 };

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
}

export function readPackageJson(dir: string): PackageJson {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as PackageJson;
  } catch (error) {
    throw new ProjectError(`package.json is not valid JSON (${(error as Error).message}); fix it and run again`);
  }
}

function readText(dir: string, name: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- runtime version

/** Does `major` satisfy a semver range, judged on majors only? (enough to pick an image tag) */
export function majorSatisfies(range: string, major: number): boolean {
  return range.split('||').some((alternative) => {
    const text = alternative.trim();
    if (text === '' || text === '*' || text === 'x') return true;
    const hyphen = /^v?(\d+)[^\s]*\s+-\s+v?(\d+)/.exec(text);
    if (hyphen) return major >= Number(hyphen[1]) && major <= Number(hyphen[2]);
    const comparators = text.match(/(>=|<=|>|<|=|\^|~)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/g) ?? [];
    if (comparators.length === 0) return false;
    return comparators.every((comparator) => {
      const m = /(>=|<=|>|<|=|\^|~)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(comparator)!;
      const op = m[1] ?? '=';
      const n = Number(m[2]);
      const minorOrPatchSet = (m[3] !== undefined && /\d/.test(m[3]) && m[3] !== '0') || (m[4] !== undefined && /\d/.test(m[4]) && m[4] !== '0');
      switch (op) {
        case '>=':
          return major >= n;
        case '>':
          return minorOrPatchSet ? major >= n : major > n;
        case '<':
          return minorOrPatchSet ? major <= n : major < n;
        case '<=':
          return major <= n;
        default:
          return major === n; // =, ^, ~ and bare versions all stay within the major
      }
    });
  });
}

/** The image major for an `engines.node` range: the LTS line if allowed, else the newest allowed. */
export function pickNodeMajor(range: string): number | undefined {
  const mentioned = [...range.matchAll(/\d+/g)].map((m) => Number(m[0])).filter((n) => n >= 4 && n < 100);
  const candidates = [...new Set([...KNOWN_MAJORS, ...mentioned])].sort((a, b) => b - a);
  if (majorSatisfies(range, NODE_LTS_MAJOR)) return NODE_LTS_MAJOR;
  return candidates.find((major) => majorSatisfies(range, major));
}

/** `.nvmrc` / `.node-version` content: `v20.11.0`, `20`, `lts/iron`; `node`/`lts/*` mean "latest". */
export function parseVersionFile(content: string): number | undefined {
  const line = content.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).find((l) => l !== '');
  if (!line) return undefined;
  const lts = /^lts\/(.+)$/i.exec(line);
  if (lts) return lts[1] === '*' ? NODE_LTS_MAJOR : LTS_CODENAMES[lts[1]!.toLowerCase()];
  const version = /^v?(\d+)(\.\d+){0,2}$/.exec(line);
  return version ? Number(version[1]) : undefined;
}

export function detectNodeVersion(dir: string, pkg: PackageJson): Detected<string> {
  const range = pkg.engines?.node;
  if (typeof range === 'string') {
    const major = pickNodeMajor(range);
    if (major !== undefined) return { value: String(major), source: `package.json "engines.node" (${range})` };
  }
  for (const file of ['.nvmrc', '.node-version']) {
    const content = readText(dir, file);
    const major = content === undefined ? undefined : parseVersionFile(content);
    if (major !== undefined) return { value: String(major), source: file };
  }
  return { value: String(NODE_LTS_MAJOR), source: `default (Node.js ${NODE_LTS_MAJOR}, the LTS line)` };
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

const DEFAULT_VERSIONS: Record<PackageManagerName, string> = { npm: '', pnpm: '10', yarn: '1.22.22', bun: '1' };

/** Exact version from `packageManager` (`pnpm@9.12.0+sha512.abc` → 9.12.0). */
function packageManagerField(pkg: PackageJson): { name: PackageManagerName; version: string } | undefined {
  const m = /^(npm|pnpm|yarn|bun)@(\d+\.\d+\.\d+[0-9A-Za-z.-]*)/.exec(pkg.packageManager ?? '');
  return m ? { name: m[1] as PackageManagerName, version: m[2]! } : undefined;
}

function pnpmVersionFromLock(dir: string): string | undefined {
  const m = /^lockfileVersion:\s*'?(\d+)/m.exec(readText(dir, 'pnpm-lock.yaml') ?? '');
  if (!m) return undefined;
  const lock = Number(m[1]);
  return lock >= 9 ? '10' : lock >= 6 ? '8' : '7';
}

/** Each package manager's lockfiles, for `lockfileConflict`. */
export const NODE_LOCKFILES: Record<PackageManagerName, string[]> = { npm: [], pnpm: [], yarn: [], bun: [] };
for (const [file, pm] of LOCKFILES) NODE_LOCKFILES[pm].push(file);

export function lockfileFor(dir: string, name: PackageManagerName): string | undefined {
  return LOCKFILES.find(([file, pm]) => pm === name && fs.existsSync(path.join(dir, file)))?.[0];
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
      fs.existsSync(path.join(dir, '.yarnrc.yml')) ||
      /^__metadata:/m.test(readText(dir, 'yarn.lock') ?? ''));
  if (yarnBerry) version ??= '4';
  return { name, berry: yarnBerry, version: name === 'npm' ? '' : (version ?? DEFAULT_VERSIONS[name]), lockfile };
}

export function detectPackageManager(dir: string, pkg: PackageJson): Detected<PackageManagerName> {
  const field = packageManagerField(pkg);
  if (field) return { value: field.name, source: `package.json "packageManager" (${pkg.packageManager})` };
  const lock = LOCKFILES.find(([file]) => fs.existsSync(path.join(dir, file)));
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
  return undefined;
}

interface TsConfigDirs {
  outDir?: string;
  rootDir?: string;
}

/** `compilerOptions.outDir`/`rootDir` from tsconfig.json (comments and trailing commas allowed). */
export function readTsConfigDirs(dir: string): TsConfigDirs {
  const text = readText(dir, 'tsconfig.json');
  if (text === undefined) return {};
  const pick = (key: string) => new RegExp(`"${key}"\\s*:\\s*"([^"]+)"`).exec(text)?.[1];
  const clean = (p: string | undefined) => (p === undefined ? undefined : path.posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, ''));
  return { outDir: clean(pick('outDir')), rootDir: clean(pick('rootDir')) };
}

/** A `ts-node src/x.ts`-style dev command mapped onto tsc's output: `node dist/x.js`. */
function compiledEquivalent(argv: readonly string[], ts: TsConfigDirs): string[] | undefined {
  if (!ts.outDir) return undefined;
  const entry = argv.slice(1).find((a) => /\.[cm]?tsx?$/.test(a));
  if (!entry) return undefined;
  let rel = path.posix.normalize(entry).replace(/^\.\//, '');
  const root = ts.rootDir ?? 'src';
  if (rel.startsWith(`${root}/`)) rel = rel.slice(root.length + 1);
  return ['node', `${ts.outDir}/${rel.replace(/\.([cm]?)tsx?$/, '.$1js')}`];
}

function scriptArgv(script: string | undefined): string[] | undefined {
  if (script === undefined) return undefined;
  const split = splitCommand(script);
  if (!split.ok) return undefined;
  const argv = stripEnvAssignments(split.argv);
  return argv.length > 0 ? argv : undefined;
}

const ENTRY_CANDIDATES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/server.js', 'src/index.js'];

export function detectStartCommand(dir: string, pkg: PackageJson): Detected<string[]> {
  const ts = readTsConfigDirs(dir);
  for (const name of ['start:prod', 'start:production', 'serve', 'start']) {
    const argv = scriptArgv(pkg.scripts?.[name]);
    if (!argv) continue;
    if (startCommandProblem(argv) === undefined) return { value: argv, source: `package.json "scripts.${name}"` };
    const compiled = compiledEquivalent(argv, ts);
    if (compiled) return { value: compiled, source: `package.json "scripts.${name}" mapped to tsconfig.json "outDir"` };
  }
  if (typeof pkg.main === 'string' && pkg.main !== '') {
    return { value: ['node', path.posix.normalize(pkg.main)], source: 'package.json "main"' };
  }
  const entry = ENTRY_CANDIDATES.find((file) => fs.existsSync(path.join(dir, file)));
  if (entry) return { value: ['node', entry], source: entry };
  if (ts.outDir) return { value: ['node', `${ts.outDir}/index.js`], source: 'tsconfig.json "outDir"' };
  return { value: ['node', 'index.js'], source: 'default' };
}

export function runScriptCommand(pm: PackageManagerName, script: string): string[] {
  return pm === 'yarn' ? ['yarn', script] : [pm, 'run', script];
}

export function detectBuildCommand(pkg: PackageJson, pm: PackageManagerName): Detected<string[]> {
  if (typeof pkg.scripts?.build === 'string' && pkg.scripts.build.trim() !== '') {
    return { value: runScriptCommand(pm, 'build'), source: 'package.json "scripts.build"' };
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
  ['fastify', 3000],
  ['express', 3000],
  ['koa', 3000],
  ['@hapi/hapi', 3000],
];

/** The port a source file listens on: `process.env.PORT || 8080`, `?? 8080`, `listen(8080`. */
export function portInSource(source: string): number | undefined {
  const patterns = [
    /process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
    /(?:Number|parseInt)\(\s*process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
    /\.listen\(\s*(\d{2,5})\b/,
    /\bport\s*[:=]\s*(\d{4,5})\b/i,
  ];
  return firstPortMatch(source, patterns);
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
    const text = readText(dir, file);
    const port = text === undefined ? undefined : portInSource(text);
    if (port !== undefined) return { value: port, source: file };
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const framework = FRAMEWORK_PORTS.find(([name]) => name in deps);
  if (framework) return { value: framework[1], source: `package.json dependency "${framework[0]}"` };
  return { value: 3000, source: 'default' };
}
