/**
 * Reading a Bun app (Bun as the runtime, not only as a package manager): package.json (through
 * the node stack's type-checked reader), bun.lock / bun.lockb, bunfig.toml, the entry file, the
 * Bun version, the port and the health route. Pure over the folder's files.
 */
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { blankComments, BoundedReader, healthPathFrom, listSourceFiles, RouteCollector } from '../../lib/health-routes.js';
import { firstPortMatchAt } from '../../lib/ports.js';
import { projectEntryExists, readSourceFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';
import { packageJsonOrigin, readPackageJson, type PackageJson } from '../node/detect.js';

export const BUN_DEFAULT_VERSION: string = PINS.bunImageDefault;
/** Bun.serve's own default (it also reads $PORT when no port is given). */
export const BUN_DEFAULT_PORT = 3000;
export const BUN_LOCKFILES = ['bun.lock', 'bun.lockb'] as const;
/** Entry files bun init and the usual templates write. */
export const ENTRY_CANDIDATES = ['index.ts', 'index.js', 'server.ts', 'server.js', 'src/index.ts', 'src/index.js', 'src/server.ts', 'app.ts'];
/** A relative path we can print in a Dockerfile and a JSON CMD without quoting surprises. */
export const ENTRY_PATH = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.(?:[cm]?[jt]sx?)$/;

export function bunLockfile(dir: string): string | undefined {
  return BUN_LOCKFILES.find((f) => projectEntryExists(dir, f));
}

/** `bun run index.ts`, `bun index.ts`, `bun --smol src/server.ts` → the file; undefined for other commands. */
export function entryOfBunScript(script: string): string | undefined {
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'bun') return undefined;
  const args = words.slice(1).filter((w) => !w.startsWith('-'));
  const file = args[0] === 'run' ? args[1] : args[0];
  return file !== undefined && ENTRY_PATH.test(file.replace(/^\.\//, '')) ? file.replace(/^\.\//, '') : undefined;
}

/** The app's entry file and where it was found. */
export function detectEntry(dir: string, pkg: PackageJson = readPackageJson(dir)): Detected<string> | undefined {
  for (const script of ['start:prod', 'start']) {
    const text = pkg.scripts?.[script];
    const entry = text === undefined ? undefined : entryOfBunScript(text);
    if (entry) return detectedFrom(entry, `package.json "scripts.${script}"`, packageJsonOrigin(pkg, `scripts.${script}`));
  }
  const main = pkg.main?.replace(/^\.\//, '');
  if (main !== undefined && ENTRY_PATH.test(main) && projectEntryExists(dir, main))
    return detectedFrom(main, 'package.json "main"', packageJsonOrigin(pkg, 'main'));
  const found = ENTRY_CANDIDATES.find((f) => projectEntryExists(dir, f));
  return found ? { value: found, source: found } : undefined;
}

/** Bun's own API or types in the entry (or the start script runs bun): the app runs on Bun. */
export function bunRuntimeEvidence(dir: string): string | undefined {
  let pkg: PackageJson;
  try {
    pkg = readPackageJson(dir);
  } catch {
    return undefined;
  }
  for (const script of ['start:prod', 'start']) {
    const text = pkg.scripts?.[script];
    if (text !== undefined && /^bun(?:\s|$)/.test(text.trim())) return `package.json "scripts.${script}" runs bun`;
  }
  const entry = detectEntry(dir, pkg);
  if (entry) {
    const code = readSourceFile(dir, entry.value);
    if (code !== undefined && /\bBun\.(?:serve|file|env|write|spawn)\b/.test(blankComments(code, 'c'))) return `${entry.value} uses the Bun API`;
  }
  return undefined;
}

/** Bun version: package.json packageManager "bun@x.y.z", engines.bun (major.minor), .bun-version, else the default. */
export function detectBunVersion(dir: string, pkg: PackageJson): Detected<string> {
  const pm = /^bun@(\d{1,3}\.\d{1,3}\.\d{1,4})(?:$|\+)/.exec(pkg.packageManager ?? '');
  if (pm) return detectedFrom(pm[1]!, 'package.json "packageManager"', packageJsonOrigin(pkg, 'packageManager'));
  const engines = pkg.engines?.bun;
  const range = engines === undefined ? undefined : /^[\^~>=v\s]*(\d{1,3})(?:\.(\d{1,3}))?/.exec(engines);
  if (range)
    return detectedFrom(
      range[2] === undefined ? range[1]! : `${range[1]}.${range[2]}`,
      `package.json "engines.bun" ${engines!.slice(0, 40)}`,
      packageJsonOrigin(pkg, 'engines.bun'),
    );
  const file = readSourceFile(dir, '.bun-version')?.trim().replace(/^v/, '');
  if (file && /^\d{1,3}(?:\.\d{1,3}){0,2}$/.test(file)) return detectedFrom(file, '.bun-version', { file: '.bun-version' });
  return { value: BUN_DEFAULT_VERSION, source: `default (Bun ${BUN_DEFAULT_VERSION})` };
}

const PORT_PATTERNS = [/(?:process\.env|Bun\.env)\.PORT\)?\s*(?:\|\||\?\?)\s*["']?(\d{2,5})/, /\bport\s*:\s*(\d{4,5})\b/, /\.listen\(\s*(\d{2,5})\b/];

export function detectBunPort(dir: string, entry: string | undefined): Detected<number> {
  for (const file of [...(entry ? [entry] : []), ...ENTRY_CANDIDATES.filter((f) => f !== entry)]) {
    const text = readSourceFile(dir, file);
    const hit = text === undefined ? undefined : firstPortMatchAt(blankComments(text, 'c'), PORT_PATTERNS);
    if (hit && hit.port >= 1024) return detectedFrom(hit.port, `${file}:${hit.line}`, { file, line: hit.line });
  }
  return { value: BUN_DEFAULT_PORT, source: `default (${BUN_DEFAULT_PORT}, Bun.serve's own)` };
}

/**
 * Health routes: Bun.serve `routes: { "/health": … }`, `url.pathname === "/health"`,
 * `case "/health":`, and Hono / Elysia / Express `.get("/health"`.
 */
const ROUTE_PATTERNS = [
  /["'`](\/[A-Za-z0-9._~/-]{0,200})["'`]\s*:\s*(?:\{|\(|async|new\s+Response|Response\.|\w+\s*=>|function)/g,
  /pathname\s*===?\s*["'`](\/[^"'`\n]{0,200})["'`]/g,
  /\bcase\s+["'`](\/[^"'`\n]{0,200})["'`]\s*:/g,
  /\.(?:get|all|head)\(\s*["'`](\/[^"'`\n]{0,200})["'`]/g,
];

export function detectBunHealthPath(dir: string): Detected<string> {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.ts', '.js', '.mts', '.mjs', '.tsx', '.jsx'])) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    for (const pattern of ROUTE_PATTERNS) for (const m of code.matchAll(pattern)) found.add(m[1]!, file, code, m.index!);
  }
  return healthPathFrom(found.result());
}
