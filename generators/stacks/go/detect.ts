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

/** The Go line used when go.mod states none (assumed current stable release line). */
export const GO_DEFAULT_VERSION: string = PINS.goDefaultLine;
/** Port Go services conventionally listen on when the code shows none. */
export const GO_DEFAULT_PORT = 8080;

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

/** `1.22.3` / `1.22` / `1.21rc1` → `1.22` / `1.22` / `1.21`: the image's release line. */
export function goLine(version: string): string | undefined {
  const m = /^1\.(\d{1,3})/.exec(version);
  return m ? `1.${Number(m[1])}` : undefined;
}

/** The Go release line for the builder image: the toolchain directive, then `go`, then a default. */
export function detectGoVersion(mod: GoMod): Detected<string> {
  const toolchain = mod.toolchain === undefined ? undefined : goLine(mod.toolchain);
  if (toolchain) return { value: toolchain, source: `go.mod "toolchain go${mod.toolchain}"` };
  const go = mod.go === undefined ? undefined : goLine(mod.go);
  if (go) return { value: go, source: `go.mod "go ${mod.go}"` };
  return { value: GO_DEFAULT_VERSION, source: `default (Go ${GO_DEFAULT_VERSION})` };
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
      } else if (entry.isFile() && entry.name.endsWith('.go') && !entry.name.endsWith('_test.go') && !entry.name.startsWith('.') && !entry.name.startsWith('_')) {
        out.push(child);
      }
    }
  };
  walk('');
  return out;
}

/** Non-test .go files directly in one folder (not below it). */
function goFilesIn(dir: string, rel: string): string[] {
  try {
    return fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.go') && !e.name.endsWith('_test.go') && !e.name.startsWith('.') && !e.name.startsWith('_'))
      .map((e) => (rel === '.' ? e.name : `${rel}/${e.name}`))
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

/** Does this folder (relative, `.` for the root) hold a `package main`? */
export function isMainPackage(dir: string, rel: string): boolean {
  return goFilesIn(dir, rel).some((file) => packageName(readSource(dir, file) ?? '') === 'main');
}

/** `cmd/api`, `./cmd/api/`, `.`, `./` → `./cmd/api` or `.`; undefined when not a folder path inside the module. */
export function normalizePackagePath(raw: string): string | undefined {
  const text = raw.trim().replace(/\/+$/, '');
  if (text === '' ) return undefined;
  if (text === '.' || text === './') return '.';
  const rel = text.replace(/^\.\//, '');
  const parts = rel.split('/');
  if (parts.some((p) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p))) return undefined;
  return `./${parts.join('/')}`;
}

/** Main packages in the usual places: the module root and `cmd/<name>`. */
export function findMainPackages(dir: string): string[] {
  return scanMainPackages(dir).found;
}

/**
 * findMainPackages, plus the `cmd/<name>` folders holding a package main whose name cannot be
 * built by path here (a space, a quote...): they are skipped, and the summary says so.
 */
export function scanMainPackages(dir: string): { found: string[]; skipped: string[] } {
  const found: string[] = [];
  const skipped: string[] = [];
  if (isMainPackage(dir, '.')) found.push('.');
  let cmds: fs.Dirent[] = [];
  try {
    cmds = fs.readdirSync(path.join(dir, 'cmd'), { withFileTypes: true });
  } catch {
    // no cmd/ folder
  }
  for (const entry of cmds.filter((e) => e.isDirectory() && !skippedDir(e.name)).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!isMainPackage(dir, `cmd/${entry.name}`)) continue;
    if (normalizePackagePath(`cmd/${entry.name}`)) found.push(`./cmd/${entry.name}`);
    else skipped.push(`cmd/${entry.name}`);
  }
  return { found, skipped };
}

/** The summary's note for main packages skipped by scanMainPackages. */
export function skippedMainPackagesNote(skipped: readonly string[]): string | undefined {
  if (skipped.length === 0) return undefined;
  return `package main in ${skipped.map((s) => showValue(s)).join(', ')} skipped: a folder name must be letters, digits, ".", "_" and "-" (no spaces or quotes) to be built by path; rename the folder to build it`;
}

export function detectMainPackage(dir: string): Detected<string> {
  const found = findMainPackages(dir);
  if (found.length === 1) return { value: found[0]!, source: found[0] === '.' ? 'package main in the module root' : `package main in ${found[0]!.slice(2)}/` };
  if (found.length === 0) return { value: '', source: 'no package main in the root or cmd/<name>/' };
  return { value: '', source: `several main packages (${found.join(', ')})` };
}

// ---------------------------------------------------------------- cgo

/** True when the source imports "C" (cgo), alone or in an import block. */
export function importsC(source: string): boolean {
  const code = stripGoComments(source);
  if (/^[ \t]*import[ \t]+"C"[ \t]*\r?$/m.test(code)) return true;
  return [...code.matchAll(/^[ \t]*import[ \t]*\(([^)]*)\)/gm)].some((m) => /(^|\s)"C"(\s|$)/.test(m[1]!));
}

export interface CgoFacts {
  /** The first non-test file that imports "C", or undefined when none does. */
  file: string | undefined;
  /** C++ sources next to cgo code need libstdc++ at run time. */
  cplusplus: boolean;
}

export function detectCgo(dir: string, files: readonly string[] = goSourceFiles(dir)): CgoFacts {
  const file = files.find((f) => importsC(readSource(dir, f) ?? ''));
  if (!file) return { file: undefined, cplusplus: false };
  const cgoDirs = new Set(files.filter((f) => importsC(readSource(dir, f) ?? '')).map((f) => path.posix.dirname(f)));
  const cplusplus = [...cgoDirs].some((d) => {
    try {
      return fs.readdirSync(path.join(dir, d)).some((name) => /\.(cc|cpp|cxx)$/.test(name));
    } catch {
      return false;
    }
  });
  return { file, cplusplus };
}

// ---------------------------------------------------------------- port

/** The port a Go source listens on: a `PORT` fallback near os.Getenv("PORT"), else a ":8080" literal. */
export function portInGoSource(source: string): number | undefined {
  const code = stripGoComments(source);
  const valid = (text: string | undefined) => {
    const port = Number(text);
    return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
  };
  const getenv = /os\.(?:Getenv|LookupEnv)\(\s*"PORT"\s*\)/.exec(code);
  if (getenv) {
    const after = code.slice(getenv.index, getenv.index + 300);
    const fallback = valid(/"[^"\n]*?:?(\d{2,5})"/.exec(after.slice(getenv[0].length))?.[1]);
    if (fallback !== undefined) return fallback;
  }
  return valid(/"(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:(\d{2,5})"/.exec(code)?.[1]);
}

export function detectPort(dir: string, mainPackage: string): Detected<number> {
  // Not chosen yet (several candidates): look through all of them, in order.
  const packages = mainPackage === '' ? findMainPackages(dir) : [mainPackage];
  const isMain = (f: string) => f === 'main.go' || f.endsWith('/main.go');
  const files = packages.flatMap((p) => goFilesIn(dir, p === '.' ? '.' : p.replace(/^\.\//, '')).sort((a, b) => Number(!isMain(a)) - Number(!isMain(b))));
  for (const file of files) {
    const text = readSource(dir, file) ?? '';
    const port = portInGoSource(text);
    if (port !== undefined) return detectedFrom(port, file, { file });
  }
  return { value: GO_DEFAULT_PORT, source: `default (${GO_DEFAULT_PORT})` };
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
  const base = moduleBaseName(mod.module).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
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
