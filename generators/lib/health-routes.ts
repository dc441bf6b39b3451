/**
 * Finding a health route the app really registers, shared by every stack's `health.ts`. Each
 * stack lists its source files (bounded walk below), strips comments and finds route
 * registrations with its own linear-time patterns; this module ranks them and decides the health
 * check: a health route found → probe it (2xx/3xx); none, but the app registers `/` → probe `/`
 * (2xx/3xx); neither → liveness on `/`: any HTTP answer below 500 passes (the server is up and
 * answering, nothing more), never stored in .yo-rc.json so the next run looks again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Detected } from './stack.js';

/** Bounds on the scan: repo files are untrusted and may be huge or many. */
export const SCAN_LIMITS = {
  /** Source files listed at most (walk order: sorted, shallow folders first). */
  maxFiles: 2000,
  /** Folder depth below the project root. */
  maxDepth: 8,
  /** Bytes read from one file (the rest is not looked at). */
  maxFileBytes: 256 * 1024,
  /** Bytes read over the whole scan. */
  maxTotalBytes: 16 * 1024 * 1024,
} as const;

/** Folders never scanned: dependencies, virtualenvs, build output, VCS, caches, tests. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.venv',
  'venv',
  'env',
  '.env',
  'vendor',
  'dist',
  'build',
  'out',
  '.git',
  '.hg',
  '.svn',
  '__pycache__',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  'coverage',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  'site-packages',
  'testdata',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'e2e',
  'spec',
  'fixtures',
]);

/** Test files: they call routes (`request(app).get('/health')`), they do not register them. */
const TEST_FILE = /(?:\.(?:test|spec)\.[cm]?[jt]sx?$|_test\.go$|^test_.*\.py$|_test\.py$|^conftest\.py$)/;

/** Source files under `dir` with one of `extensions` (relative, `/`-separated), bounded and sorted. */
export function listSourceFiles(dir: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  // Breadth first: the app's own top-level files are listed before deep folders.
  let level = [''];
  for (let depth = 0; depth <= SCAN_LIMITS.maxDepth && level.length > 0 && out.length < SCAN_LIMITS.maxFiles; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
        // Symbolic links are not followed: they may point outside the project or loop.
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) next.push(child);
        } else if (entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)) && !TEST_FILE.test(entry.name)) {
          out.push(child);
          if (out.length >= SCAN_LIMITS.maxFiles) return out;
        }
      }
    }
    level = next;
  }
  return out;
}

/** Reads files for one scan, within the per-file and total byte limits. */
export class BoundedReader {
  private total = 0;
  constructor(private readonly dir: string) {}

  read(rel: string): string | undefined {
    if (this.total >= SCAN_LIMITS.maxTotalBytes) return undefined;
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.join(this.dir, rel), 'r');
      const size = Math.min(SCAN_LIMITS.maxFileBytes, SCAN_LIMITS.maxTotalBytes - this.total);
      const buffer = Buffer.alloc(size);
      const length = fs.readSync(fd, buffer, 0, size, 0);
      this.total += length;
      return buffer.subarray(0, length).toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}

/**
 * The code with comments blanked out (same length, newlines kept, so offsets and line numbers
 * stay right); strings are kept. One pass, linear time. `c`: `//` and `/* *\/` comments with
 * '…', "…" and `…` strings (JavaScript, TypeScript, Go). `hash`: `#` comments with '…', "…",
 * '''…''' and """…""" strings (Python).
 */
export function blankComments(code: string, style: 'c' | 'hash'): string {
  const out = code.split('');
  let i = 0;
  const n = code.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < n) {
    const ch = code[i]!;
    if (style === 'c' && ch === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (style === 'c' && ch === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (style === 'hash' && ch === '#') {
      const end = code.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (style === 'hash' && (ch === '"' || ch === "'") && code[i + 1] === ch && code[i + 2] === ch) {
      const end = code.indexOf(ch.repeat(3), i + 3);
      const stop = end === -1 ? n : end + 3;
      // A docstring is prose, not code: examples in it are not routes.
      blank(i, stop);
      i = stop;
    } else if (ch === '"' || ch === "'" || (style === 'c' && ch === '`')) {
      let k = i + 1;
      while (k < n && code[k] !== ch) {
        if (code[k] === '\\') k++;
        else if (code[k] === '\n' && ch !== '`') break;
        k++;
      }
      i = k + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** 1-based line of an offset. */
export function lineAt(code: string, offset: number): number {
  let line = 1;
  for (let k = code.indexOf('\n'); k !== -1 && k < offset; k = code.indexOf('\n', k + 1)) line++;
  return line;
}

/** A route registration found in the project. */
export interface RouteHit {
  /** The URL path as the app registers it (prefixes applied), e.g. `/api/health/`. */
  path: string;
  file: string;
  line: number;
}

/** Last path segments that name a health endpoint, most specific first. */
export const HEALTH_NAMES = ['health', 'healthz', 'health-check', 'healthcheck', 'livez', 'readyz', 'ready', 'ping', 'status', 'up'] as const;

const STATIC_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** Joins route prefixes and a path: `('/api/', 'health')` → `/api/health`; a trailing `/` of the last part is kept. */
export function joinRoute(...parts: string[]): string {
  const trailing = parts.length > 0 && parts[parts.length - 1]!.endsWith('/') && parts[parts.length - 1] !== '/';
  const segments = parts.flatMap((p) => p.split('/')).filter((s) => s !== '');
  const joined = `/${segments.join('/')}`;
  return trailing && joined !== '/' ? `${joined}/` : joined;
}

/** The health name a path ends with (`/api/healthz/` → `healthz`), when every segment is static. */
export function healthName(route: string): (typeof HEALTH_NAMES)[number] | undefined {
  if (!route.startsWith('/') || route.length > 200) return undefined;
  const segments = route.split('/').filter((s) => s !== '');
  if (segments.length === 0 || segments.length > 4 || !segments.every((s) => STATIC_SEGMENT.test(s))) return undefined;
  const last = segments[segments.length - 1]!.toLowerCase().replace(/^_+/, '');
  return HEALTH_NAMES.find((name) => name === last);
}

/** What the stack's scan found. */
export interface RouteScan {
  /** Routes whose path ends with a health name. */
  health: RouteHit[];
  /** A registration of `/` itself, if any. */
  root: RouteHit | undefined;
  /** A framework's own health endpoint (e.g. a health-check plugin), with what provides it. */
  framework?: { path: string; source: string };
}

/** Health routes kept at most (a hostile file may register thousands). */
export const MAX_HEALTH_HITS = 100;

/** Collects hits as a stack finds them. */
export class RouteCollector {
  readonly health: RouteHit[] = [];
  root: RouteHit | undefined;
  framework: { path: string; source: string } | undefined;

  add(route: string, file: string, code: string, offset: number): void {
    if (route === '/') {
      this.root ??= { path: '/', file, line: lineAt(code, offset) };
    } else if (this.health.length < MAX_HEALTH_HITS && healthName(route)) {
      this.health.push({ path: route, file, line: lineAt(code, offset) });
    }
  }

  result(): RouteScan {
    return { health: this.health, root: this.root, framework: this.framework };
  }
}

/** The best health route: by name (`/health` before `/ping`), then the shortest path, then file order. */
export function bestHealthRoute(hits: readonly RouteHit[]): RouteHit | undefined {
  const rank = (hit: RouteHit) => HEALTH_NAMES.indexOf(healthName(hit.path)!);
  return [...hits].sort((a, b) => rank(a) - rank(b) || a.path.length - b.path.length)[0];
}

/** The source shown in the summary when no route was found. */
export const LIVENESS_SOURCE = 'none found: liveness on / (any answer below 500)';

/** The detected health path and where it came from. */
export function healthPathFrom(scan: RouteScan): Detected<string> {
  const best = bestHealthRoute(scan.health);
  if (best && HEALTH_PATH_OK.test(best.path)) return { value: best.path, source: `${best.file}:${best.line}` };
  if (scan.framework && HEALTH_PATH_OK.test(scan.framework.path)) return { value: scan.framework.path, source: scan.framework.source };
  if (scan.root) return { value: '/', source: `${scan.root.file}:${scan.root.line} (no health route found: the app's own / route)` };
  return { value: '/', source: LIVENESS_SOURCE, liveness: true };
}

/** What settings.ts accepts for --health-path (kept in step with HEALTH_PATH_PATTERN there). */
const HEALTH_PATH_OK = /^\/[A-Za-z0-9\-._~/]{0,199}$/;
