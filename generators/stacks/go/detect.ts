/**
 * Reading a Go module: Go version, module path, main packages, cgo use and port. Every function
 * here is pure over the folder's files and returns where a value came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { ProjectError, showValue } from '../../lib/errors.js';
import { readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';
import { chooseGoVersion } from './go-versions.js';
import { findPort, PORT_CLUES, type PortFinding } from './ports.js';
import { buildConstraint, constraintHolds, importPaths, plainFolderInside, positiveCustomTags, MAX_GRAPH_FILES, MAX_PACKAGES } from './packages.js';

/** The Go line used when go.mod states none (assumed current stable release line). */
export const GO_DEFAULT_VERSION: string = PINS.goDefaultLine;

export interface GoMod {
  /** `module` path, '' when absent. */
  module: string;
  /** `go` directive as written (`1.22`, `1.22.3`, `1.21rc1`), or undefined. */
  go: string | undefined;
  /** `toolchain` directive without the `go` prefix (`1.22.5`), or undefined. */
  toolchain: string | undefined;
  /** Number of required modules (`require` lines and entries of `require (...)` blocks). */
  requires: number;
}

/** A Go source file of the module (bounded; regular files inside the project only). */
function readSource(dir: string, rel: string): string | undefined {
  return readSourceFile(dir, rel);
}

/**
 * Go source without comments, in one linear pass (a regex for `/* ... *\/` backtracks
 * quadratically on a file full of unterminated `/*`). Strings and runes are kept as they are;
 * a block comment becomes one space, a line comment ends at the newline.
 */
export function stripGoComments(source: string): string {
  // Detection runs once per question over the same files: the last results are kept (bounded).
  const cached = STRIPPED.get(source);
  if (cached !== undefined) return cached;
  const out = stripGoCommentsOnce(source);
  if (STRIPPED.size >= 512 || strippedChars + source.length > 16 * 1024 * 1024) {
    STRIPPED.clear();
    strippedChars = 0;
  }
  STRIPPED.set(source, out);
  strippedChars += source.length;
  return out;
}

const STRIPPED = new Map<string, string>();
let strippedChars = 0;

function stripGoCommentsOnce(source: string): string {
  let out = '';
  let i = 0;
  let copyFrom = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i++;
      while (i < n && source.charCodeAt(i) !== c && source.charCodeAt(i) !== 0x0a) i += source.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
    } else if (c === 0x60 /* ` */) {
      const end = source.indexOf('`', i + 1);
      i = end < 0 ? n : end + 1;
    } else if (c === 0x2f /* / */ && source.charCodeAt(i + 1) === 0x2f) {
      out += source.slice(copyFrom, i);
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end;
      copyFrom = i;
    } else if (c === 0x2f && source.charCodeAt(i + 1) === 0x2a /* * */) {
      out += `${source.slice(copyFrom, i)} `;
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      copyFrom = i;
    } else i++;
  }
  return out + source.slice(copyFrom, Math.min(i, n));
}

/** go.mod's directives that matter here. Comments are removed first; unknown lines are ignored. */
export function parseGoMod(text: string): GoMod {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/\/\/.*$/, '').trim());
  const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1');
  const mod: GoMod = { module: '', go: undefined, toolchain: undefined, requires: 0 };
  let inRequire = false;
  for (const line of lines) {
    if (inRequire) {
      if (line === ')') inRequire = false;
      else if (line !== '') mod.requires += 1;
      continue;
    }
    const m = /^(module|go|toolchain|require)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, directive, rest] = m as unknown as [string, string, string];
    if (directive === 'module') mod.module = unquote(rest.trim());
    else if (directive === 'go' && /^\d/.test(rest)) mod.go = rest.trim();
    else if (directive === 'toolchain') mod.toolchain = rest.trim().replace(/^go/, '');
    else if (directive === 'require') {
      if (rest.trim() === '(') inRequire = true;
      else if (rest.trim() !== '') mod.requires += 1;
    }
  }
  return mod;
}

export function readGoMod(dir: string): GoMod {
  const text = readProjectFile(dir, 'go.mod');
  if (text === undefined) return { module: '', go: undefined, toolchain: undefined, requires: 0 };
  const mod = parseGoMod(text);
  if (mod.module === '') throw new ProjectError('go.mod has no "module" line; fix it (go mod init <path>) and run again');
  return mod;
}

export { goLine } from './go-versions.js';

/** The Go release line for the builder image (go-versions.ts: toolchain, then `go`, then the newest). */
export function detectGoVersion(mod: GoMod): Detected<string> {
  const { value, source } = chooseGoVersion(mod);
  return { value, source };
}

/** -1, 0, 1 comparing two `1.N[.P]` versions by line (major.minor) only. */
export function compareGoLines(a: string, b: string): number {
  const minor = (v: string) => Number(/^1\.(\d+)/.exec(v)?.[1] ?? NaN);
  return Math.sign(minor(a) - minor(b));
}

// ---------------------------------------------------------------- source files

/** Folders never scanned: dependencies, test data, hidden and underscore folders (Go ignores those). */
function skippedDir(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

const MAX_FILES = 5000;

/** Non-test .go files of the whole module (relative paths, sorted), skipping nested modules. */
export function goSourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (out.length >= MAX_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    // A nested go.mod starts another module, which `go build` of this one does not compile.
    if (rel !== '' && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedDir(entry.name)) walk(child);
      } else if (
        entry.isFile() &&
        entry.name.endsWith('.go') &&
        !entry.name.endsWith('_test.go') &&
        !entry.name.startsWith('.') &&
        !entry.name.startsWith('_')
      ) {
        out.push(child);
      }
    }
  };
  walk('');
  return out;
}

/** Non-test .go files directly in one folder (not below it), reached without symbolic links. */
function goFilesIn(dir: string, rel: string): string[] {
  const folder = rel === '.' ? '' : rel.replace(/^\.\//, '');
  if (!plainFolderInside(dir, folder)) return [];
  try {
    return fs
      .readdirSync(path.join(dir, folder), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go') && !e.name.startsWith('.') && !e.name.startsWith('_'))
      .map((e) => (folder === '' ? e.name : `${folder}/${e.name}`))
      .sort();
  } catch {
    return [];
  }
}

/** The package clause of a Go file (after comments and build constraints). */
export function packageName(source: string): string | undefined {
  const stripped = stripGoComments(source);
  return /^[ \t]*package[ \t]+([A-Za-z_][A-Za-z0-9_]*)/m.exec(stripped)?.[1];
}

/**
 * Is this a file of a main package that some build compiles? `package main`, and a build
 * constraint that holds on Linux with the tags it names (`//go:build ignore` and
 * `//go:build windows` files are not: generators and other-platform tools).
 */
function isMainFile(source: string): boolean {
  if (packageName(source) !== 'main') return false;
  const expr = buildConstraint(source);
  return expr === undefined || constraintHolds(expr, new Set(positiveCustomTags(expr)));
}

/** Does this folder (relative, `.` for the root) hold a `package main`? */
export function isMainPackage(dir: string, rel: string): boolean {
  return goFilesIn(dir, rel).some((file) => isMainFile(readSource(dir, file) ?? ''));
}

/** `cmd/api`, `./cmd/api/`, `.`, `./` → `./cmd/api` or `.`; undefined when not a folder path inside the module. */
export function normalizePackagePath(raw: string): string | undefined {
  const text = raw.trim().replace(/\/+$/, '');
  if (text === '') return undefined;
  if (text === '.' || text === './') return '.';
  const rel = text.replace(/^\.\//, '');
  const parts = rel.split('/');
  if (parts.some((p) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p))) return undefined;
  return `./${parts.join('/')}`;
}

/** Main packages of the module, in any folder (root first, then by path). */
export function findMainPackages(dir: string): string[] {
  return scanMainPackages(dir).found;
}

export interface MainPackageScan {
  /** `.` or `./path`, root first. */
  found: string[];
  /** Folders holding a package main whose name cannot be built by path (a space, a quote...). */
  skipped: string[];
  /** The main files of each found package (for messages). */
  files: Record<string, string[]>;
  /** How many .go files were looked at. */
  scanned: number;
}

/**
 * Every folder of the module holding a `package main` (the whole module is walked: vendor/,
 * testdata/, hidden and `_` folders, nested modules and symbolic links are not, as `go build
 * ./...` does not).
 */
export function scanMainPackages(dir: string): MainPackageScan {
  const files = goSourceFiles(dir);
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.posix.dirname(file);
    if (!isMainFile(readSource(dir, file) ?? '')) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const found: string[] = [];
  const skipped: string[] = [];
  const mainFiles: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const folders = [...byFolder.keys()].sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b)));
  for (const folder of folders) {
    const pkg = folder === '.' ? '.' : normalizePackagePath(folder);
    if (pkg === undefined) {
      skipped.push(folder);
      continue;
    }
    found.push(pkg);
    mainFiles[pkg] = byFolder.get(folder)!;
  }
  return { found, skipped, files: mainFiles, scanned: files.length };
}

/** The summary's note for main packages skipped by scanMainPackages. */
export function skippedMainPackagesNote(skipped: readonly string[]): string | undefined {
  if (skipped.length === 0) return undefined;
  return `package main in ${skipped.map((s) => showValue(s)).join(', ')} skipped: a folder name must be letters, digits, ".", "_" and "-" (no spaces or quotes) to be built by path; rename the folder to build it`;
}

/** `./cmd/api (cmd/api/main.go)`: a candidate and the files that make it one. */
export function describeMainPackages(scan: MainPackageScan): string {
  return scan.found.map((p) => `${p} (${(scan.files[p] ?? []).slice(0, 3).join(', ')})`).join(', ');
}

export function detectMainPackage(dir: string, scan: MainPackageScan = scanMainPackages(dir)): Detected<string> {
  const found = scan.found;
  if (found.length === 1) return { value: found[0]!, source: found[0] === '.' ? 'package main in the module root' : `package main in ${found[0]!.slice(2)}/` };
  if (found.length === 0)
    return {
      value: '',
      source: `no package main in any folder of the module (read ${scan.scanned} .go files${scan.scanned === 0 ? '' : ': ' + goSourceFilesShown(dir)})`,
    };
  return { value: '', source: `several main packages: ${describeMainPackages(scan)}` };
}

function goSourceFilesShown(dir: string): string {
  const files = goSourceFiles(dir);
  return files.length > 5 ? `${files.slice(0, 5).join(', ')}, ...` : files.join(', ');
}

// ---------------------------------------------------------------- the chosen main package's files

/**
 * The files `go build <main package>` compiles from this module, main package first: its files,
 * then the packages it imports from the module (followed, breadth first), each file kept only
 * when its build constraint holds with `tags`. Bounded (MAX_PACKAGES, MAX_GRAPH_FILES).
 */
export function mainPackageFiles(dir: string, modulePath: string, mainPackage: string, tags: readonly string[] = []): string[] {
  const tagSet = new Set(tags);
  const isMain = (f: string) => f === 'main.go' || f.endsWith('/main.go');
  const start = mainPackage === '.' ? '.' : mainPackage.replace(/^\.\//, '');
  const queue = [start];
  const seen = new Set(queue);
  const out: string[] = [];
  while (queue.length > 0 && seen.size <= MAX_PACKAGES && out.length < MAX_GRAPH_FILES) {
    const folder = queue.shift()!;
    const files = goFilesIn(dir, folder).sort((a, b) => Number(!isMain(a)) - Number(!isMain(b)));
    for (const file of files) {
      const source = readSource(dir, file);
      if (source === undefined) continue;
      const expr = buildConstraint(source);
      if (expr !== undefined && !constraintHolds(expr, tagSet)) continue;
      out.push(file);
      if (modulePath === '') continue;
      for (const imp of importPaths(stripGoComments(source))) {
        if (imp !== modulePath && !imp.startsWith(`${modulePath}/`)) continue;
        const rel = imp === modulePath ? '.' : imp.slice(modulePath.length + 1);
        if (seen.has(rel) || normalizePackagePath(rel) === undefined) continue;
        if (rel.split('/').some((part) => part === 'vendor' || part === 'testdata' || part.startsWith('.') || part.startsWith('_'))) continue;
        seen.add(rel);
        queue.push(rel);
      }
    }
  }
  return out;
}

/**
 * The tag sets that satisfy one `//go:build` expression, smallest first: each positive custom
 * tag that satisfies it alone (`prod || staging`: prod, or staging), else all of them together
 * (`prod && jsoniter`). Empty when no positive tags satisfy it.
 */
export function tagChoices(expr: string): string[][] {
  const positive = positiveCustomTags(expr).slice(0, 8);
  if (positive.length === 0 || !constraintHolds(expr, new Set(positive))) return [];
  const singles = positive.filter((tag) => constraintHolds(expr, new Set([tag])));
  return singles.length > 0 ? singles.map((tag) => [tag]) : [positive];
}

export interface BuildTagsFinding {
  tags: string[];
  source: string;
  /** Files that only build with a tag while the main package builds without it (a prod/dev split). */
  variants: string[];
  /**
   * The main package builds only with tags and they offer more than one build (`//go:build prod`
   * and `//go:build dev` each defining main, or `prod || staging`): which one is a guess.
   */
  ambiguous: boolean;
}

/**
 * Build tags for the main package: none when its files build without any; else the one set of
 * tags its `//go:build` lines ask for (`go build -tags prod` for a main.go marked `prod`); when
 * they allow several builds, none is chosen (`ambiguous`). `variants` lists files that only
 * build with a tag while the main package also builds without it: the default build leaves them out.
 */
export function detectBuildTags(dir: string, mainPackage: string): BuildTagsFinding {
  const files = mainPackage === '' ? [] : goFilesIn(dir, mainPackage);
  const all = files.map((file) => ({ file, source: readSource(dir, file) ?? '' })).filter((f) => packageName(f.source) === 'main');
  // The files defining func main decide (a package whose only main() needs `prod` needs -tags prod).
  const withMain = all.filter((f) => /^func[ \t]+main[ \t]*\(/m.test(stripGoComments(f.source)));
  const main = withMain.length > 0 ? withMain : all;
  const constrained = main.map((f) => ({ file: f.file, expr: buildConstraint(f.source) }));
  const plain = constrained.filter((f) => f.expr === undefined || constraintHolds(f.expr, new Set()));
  const tagged = constrained.filter((f) => f.expr !== undefined && !constraintHolds(f.expr, new Set()) && tagChoices(f.expr).length > 0);
  const shown = tagged.map((f) => `${f.file} (//go:build ${f.expr})`);
  if (plain.length > 0 || tagged.length === 0) {
    return { tags: [], source: 'none (the main package builds without tags)', variants: shown, ambiguous: false };
  }
  const choices = new Map<string, string[]>();
  for (const f of tagged) for (const choice of tagChoices(f.expr!)) choices.set(choice.join(','), choice);
  if (choices.size !== 1) {
    return {
      tags: [],
      source: `the main package builds only with build tags, and they allow several builds (${[...choices.keys()].slice(0, 8).join(' or ')}): ${shown.slice(0, 6).join(', ')} (read ${filesShown(all.map((f) => f.file))})`,
      variants: [],
      ambiguous: true,
    };
  }
  return {
    tags: [...choices.values()][0]!,
    source: `//go:build in ${tagged
      .map((f) => f.file)
      .slice(0, 3)
      .join(', ')}`,
    variants: [],
    ambiguous: false,
  };
}

// ---------------------------------------------------------------- cgo

/** True when the source imports "C" (cgo), alone or in an import block. */
export function importsC(source: string): boolean {
  const code = stripGoComments(source);
  if (/^[ \t]*import[ \t]+"C"[ \t]*\r?$/m.test(code)) return true;
  return [...code.matchAll(/^[ \t]*import[ \t]*\(([^)]*)\)/gm)].some((m) => /(^|\s)"C"(\s|$)/.test(m[1]!));
}

/**
 * Modules that only work with cgo (a C library compiled in through `import "C"`): with
 * CGO_ENABLED=0 they fail at start ("Binary was compiled with 'CGO_ENABLED=0', go-sqlite3
 * requires cgo to work"). Pure-Go alternatives (modernc.org/sqlite, github.com/glebarez/sqlite)
 * are not here. `cplusplus`: the library is C++ and needs libstdc++ at run time.
 */
export const CGO_MODULES: readonly { module: string; cplusplus?: boolean }[] = [
  { module: 'github.com/mattn/go-sqlite3' },
  { module: 'github.com/mattn/go-oci8' },
  { module: 'github.com/confluentinc/confluent-kafka-go', cplusplus: true },
  { module: 'gopkg.in/confluentinc/confluent-kafka-go.v1', cplusplus: true },
  { module: 'github.com/tecbot/gorocksdb', cplusplus: true },
  { module: 'github.com/linxGnu/grocksdb', cplusplus: true },
  { module: 'github.com/go-gl/glfw' },
  { module: 'github.com/ibmdb/go_ibm_db' },
];

/**
 * Modules go.sum records with their content (a `h1:` line without `/go.mod`), i.e. modules the
 * build downloads, not only their go.mod for version selection.
 */
export function modulesWithContent(goSumText: string): string[] {
  const out = new Set<string>();
  for (const line of goSumText.split(/\r?\n/, 100_000)) {
    const m = /^(\S{1,300})\s+(v\S{1,100})\s+h1:/.exec(line);
    if (m && !m[2]!.endsWith('/go.mod')) out.add(m[1]!);
  }
  return [...out];
}

/** The first known cgo module among go.mod's requirements (direct and indirect) and go.sum's. */
export function cgoDependency(goModText: string, goSumText: string): { module: string; file: string; cplusplus: boolean } | undefined {
  const inMod = requiredModules(goModText);
  const inSum = modulesWithContent(goSumText);
  const matches = (m: string, prefix: string) => m === prefix || m.startsWith(`${prefix}/`);
  for (const known of CGO_MODULES) {
    const fromMod = inMod.find((m) => matches(m, known.module));
    if (fromMod) return { module: known.module, file: 'go.mod', cplusplus: known.cplusplus === true };
    const fromSum = inSum.find((m) => matches(m, known.module));
    if (fromSum) return { module: known.module, file: 'go.sum', cplusplus: known.cplusplus === true };
  }
  return undefined;
}

export interface CgoFacts {
  /** The first file that shows cgo (a module file importing "C", or go.mod/go.sum), or undefined. */
  file: string | undefined;
  /** C++ sources next to cgo code (or a C++ library) need libstdc++ at run time. */
  cplusplus: boolean;
  /** The known cgo module that made it cgo, when it came from a dependency. */
  module?: string;
}

/** cgo in the given module files (`import "C"`), else through a known cgo dependency. */
export function detectCgo(dir: string, files: readonly string[] = goSourceFiles(dir)): CgoFacts {
  const cgoFiles = files.filter((f) => importsC(readSource(dir, f) ?? ''));
  if (cgoFiles.length > 0) {
    const cgoDirs = new Set(cgoFiles.map((f) => path.posix.dirname(f)));
    const cplusplus = [...cgoDirs].some((d) => {
      try {
        return plainFolderInside(dir, d === '.' ? '' : d) && fs.readdirSync(path.join(dir, d)).some((name) => /\.(cc|cpp|cxx)$/.test(name));
      } catch {
        return false;
      }
    });
    return { file: cgoFiles[0], cplusplus };
  }
  const dep = cgoDependency(readProjectFile(dir, 'go.mod') ?? '', readProjectFile(dir, 'go.sum', 8 * 1024 * 1024) ?? '');
  if (dep) return { file: dep.file, cplusplus: dep.cplusplus, module: dep.module };
  return { file: undefined, cplusplus: false };
}

// ---------------------------------------------------------------- port

export { portInGoSource } from './ports.js';

/** Folder entries (file names) directly in a project folder, without following links. */
function listFolder(dir: string, rel: string): string[] {
  if (!plainFolderInside(dir, rel)) return [];
  try {
    return fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()
      .slice(0, 500);
  } catch {
    return [];
  }
}

/** The port, read from the chosen main package's files (all candidates' while none is chosen). */
export function detectPortFinding(dir: string, mainPackage: string, modulePath = readGoMod(dir).module, tags: readonly string[] = []): PortFinding | undefined {
  const files = portFiles(dir, mainPackage, modulePath, tags);
  const sources = files.map((file) => ({ file, code: stripGoComments(readSource(dir, file) ?? '') }));
  return findPort(dir, sources, (rel) => listFolder(dir, rel));
}

/** The files the port is read from: the chosen main package and the module packages it imports. */
function portFiles(dir: string, mainPackage: string, modulePath: string, tags: readonly string[]): string[] {
  const packages = mainPackage === '' ? findMainPackages(dir) : [mainPackage];
  return [...new Set(packages.flatMap((p) => mainPackageFiles(dir, modulePath, p, tags)))];
}

/** `a.go, b.go, ... (12 files)`: the files read, for a message. */
export function filesShown(files: readonly string[], most = 6): string {
  return files.length > most ? `${files.slice(0, most).join(', ')}, ... (${files.length} files)` : files.join(', ');
}

/**
 * The port, else `missing` (Go has no default port: 8080 would be a guess, and a server on
 * another one never turns healthy), saying which files were read and what was looked for.
 */
export function detectPort(dir: string, mainPackage: string, modulePath = readGoMod(dir).module, tags: readonly string[] = []): Detected<number> {
  const found = detectPortFinding(dir, mainPackage, modulePath, tags);
  if (found) return detectedFrom(found.port, found.how, { file: found.file });
  const files = portFiles(dir, mainPackage, modulePath, tags);
  return {
    value: 0,
    source: `no port found in the files the main package compiles (${files.length === 0 ? 'none' : filesShown(files)}); looked for ${PORT_CLUES}`,
    missing: true,
  };
}

// ---------------------------------------------------------------- names

/** The name `go build` gives a module's root binary: the last path element, without a /vN suffix. */
export function moduleBaseName(modulePath: string): string {
  const parts = modulePath.split('/').filter((p) => p !== '');
  if (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1]!)) parts.pop();
  return parts[parts.length - 1] ?? '';
}

/** A binary file name: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`. */
export const BINARY_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

/** The binary's name: the one cmd/<name> package, else the module's last path element, else `app`. */
export function binaryName(mod: GoMod, mainPackages: readonly string[]): string {
  if (mainPackages.length === 1 && mainPackages[0] !== '.') return path.posix.basename(mainPackages[0]!);
  const base = moduleBaseName(mod.module)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  return BINARY_NAME.test(base) ? base : 'app';
}

// ---------------------------------------------------------------- required modules

/** Module paths of go.mod's `require` lines and blocks (comments removed), in file order. */
export function requiredModules(goModText: string): string[] {
  const out: string[] = [];
  let inRequire = false;
  for (const raw of goModText.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inRequire) {
      if (line === ')') inRequire = false;
      else if (line !== '') out.push(line.split(/\s+/)[0]!);
      continue;
    }
    const m = /^require\s+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1]!.trim() === '(') inRequire = true;
    else out.push(m[1]!.trim().split(/\s+/)[0]!);
  }
  return out.map((p) => p.replace(/^"(.*)"$/, '$1'));
}

// ---------------------------------------------------------------- replace directives

export interface LocalReplace {
  /** The module replaced. */
  module: string;
  /** The folder it is replaced with, as written (`./libs/x`, `../shared`). */
  path: string;
  /** 1-based line in go.mod. */
  line: number;
  /** The folder is outside this module (the build context): `../shared`, `/abs`. */
  outside: boolean;
}

/**
 * go.mod `replace` directives whose target is a folder (`=> ./libs/x`, `=> ../shared`), not a
 * module version: `go mod download` reads the folder's go.mod, and the build its source.
 */
export function localReplaces(goModText: string): LocalReplace[] {
  const out: LocalReplace[] = [];
  let inBlock = false;
  const lines = goModText.split(/\r?\n/, 100_000);
  lines.forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    let spec: string | undefined;
    if (inBlock) {
      if (line === ')') inBlock = false;
      else spec = line;
    } else {
      const m = /^replace\s+(.*)$/.exec(line);
      if (m && m[1]!.trim() === '(') inBlock = true;
      else if (m) spec = m[1]!;
    }
    const parts = spec ? /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)\s*$/.exec(spec) : null;
    if (!parts) return;
    const target = parts[2]!.replace(/^"(.*)"$/, '$1');
    if (!/^(?:\.{1,2}(?:\/|$)|\/)/.test(target)) return;
    const normal = path.posix.normalize(target);
    out.push({
      module: parts[1]!.replace(/^"(.*)"$/, '$1'),
      path: target,
      line: index + 1,
      outside: target.startsWith('/') || normal === '..' || normal.startsWith('../'),
    });
  });
  return out;
}
