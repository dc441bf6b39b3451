/**
 * The Go module's packages as `go build` sees them: build constraints (`//go:build`), imports,
 * the folders holding `package main`, and the packages a main package pulls in from this module
 * (module-local imports, followed). Pure over the folder's files; reads are bounded and stay in
 * the project (symbolic links are not followed).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Packages followed from one main package at most (a hostile module may import in circles). */
export const MAX_PACKAGES = 400;
/** Files read while following imports, at most. */
export const MAX_GRAPH_FILES = 3000;

const GOOS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
]);
const GOARCH = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'arm64',
  'arm64be',
  'armbe',
  'loong64',
  'mips',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'mipsle',
  'ppc',
  'ppc64',
  'ppc64le',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);
/** Terms a Linux container build satisfies (either architecture of the usual engines). */
const LINUX_TERMS = new Set(['linux', 'unix', 'amd64', 'arm64', 'gc']);

/** A tag that is not the platform, toolchain or a release (`go1.21`): one a build must be asked for. */
export function isCustomTag(tag: string): boolean {
  return !GOOS.has(tag) && !GOARCH.has(tag) && !['cgo', 'gc', 'gccgo', 'unix', 'ignore'].includes(tag) && !/^go1\.\d+$/.test(tag);
}

/** A build tag name as `go build -tags` takes it. */
export const BUILD_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.]{0,63}$/;

/** The `//go:build` expression of a file (the header before the package clause), or undefined. */
export function buildConstraint(source: string): string | undefined {
  const head = source.slice(0, 64 * 1024);
  for (const line of head.split('\n')) {
    const text = line.trim();
    const m = /^\/\/go:build[ \t]+(.+)$/.exec(text);
    if (m) return m[1]!.trim();
    if (/^package[ \t]/.test(text)) return undefined;
  }
  return undefined;
}

/**
 * Evaluates a `//go:build` expression for a Linux build with cgo as given and these tags.
 * A malformed expression counts as satisfied (the file is looked at rather than missed).
 */
export function constraintHolds(expr: string, tags: ReadonlySet<string>, cgo = true): boolean {
  const tokens = expr.match(/&&|\|\||[!()]|[A-Za-z0-9_.]+|\S/g) ?? [];
  let i = 0;
  let bad = false;
  const term = (tag: string) => LINUX_TERMS.has(tag) || (tag === 'cgo' && cgo) || /^go1\.\d+$/.test(tag) || (isCustomTag(tag) && tags.has(tag));
  const unary = (depth: number): boolean => {
    if (depth > 50) {
      bad = true;
      return true;
    }
    const t = tokens[i++];
    if (t === '!') return !unary(depth + 1);
    if (t === '(') {
      const v = or(depth + 1);
      if (tokens[i++] !== ')') bad = true;
      return v;
    }
    if (t === undefined || !/^[A-Za-z0-9_.]+$/.test(t)) {
      bad = true;
      return true;
    }
    return term(t);
  };
  const and = (depth: number): boolean => {
    let v = unary(depth);
    while (tokens[i] === '&&') {
      i++;
      v = unary(depth) && v;
    }
    return v;
  };
  const or = (depth: number): boolean => {
    let v = and(depth);
    while (tokens[i] === '||') {
      i++;
      v = and(depth) || v;
    }
    return v;
  };
  const value = or(0);
  return bad || i !== tokens.length ? true : value;
}

/** Custom tags a constraint names without `!` before them (`prod` in `prod && !debug`). */
export function positiveCustomTags(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/(!?)\s*([A-Za-z0-9_.]+)/g)) {
    if (m[1] === '' && isCustomTag(m[2]!) && BUILD_TAG.test(m[2]!) && !out.includes(m[2]!)) out.push(m[2]!);
  }
  return out;
}

/** Import paths of a Go source whose comments are already removed. */
export function importPaths(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/^[ \t]*import[ \t]*\(([^)]*)\)/gm)) {
    for (const p of m[1]!.matchAll(/"([^"\n]{1,300})"/g)) out.push(p[1]!);
  }
  for (const m of code.matchAll(/^[ \t]*import[ \t]+(?:[A-Za-z_.][A-Za-z0-9_]*[ \t]+)?"([^"\n]{1,300})"/gm)) out.push(m[1]!);
  return out;
}

/** Is `rel` (a `/` path inside dir) a real folder of the project, reached without symbolic links? */
export function plainFolderInside(dir: string, rel: string): boolean {
  if (rel === '.' || rel === '') return true;
  let current = dir;
  for (const part of rel.split('/')) {
    if (part === '' || part === '.' || part === '..') return false;
    current = path.join(current, part);
    try {
      if (!fs.lstatSync(current).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}
