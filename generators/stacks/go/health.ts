/**
 * Go health routes, anywhere in the module (handlers often live outside the main package):
 * net/http `HandleFunc("/health")` and Go 1.22 patterns (`"GET /health"`, `"/{$}"`), gin / echo /
 * fiber `GET("/health")`, chi `Get("/health")`, with the prefixes of groups assigned to a
 * variable (`api := r.Group("/api")`) and of chi `r.Route("/api", func(r chi.Router) { … })`
 * blocks. Only the files the chosen main package compiles are read (detect.ts mainPackageFiles);
 * comments, vendor/, testdata/ and _test.go files are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const STRING = '(?:"([^"\\n]{0,200})"|`([^`\\n]{0,200})`)';
const REGISTRATION = new RegExp(
  `\\b([A-Za-z_]\\w*)\\s*\\.\\s*(?:HandleFunc|Handle|GET|Get|HEAD|Head|Any|All|Match|Method|MethodFunc)\\(\\s*(?:"[A-Z]+"\\s*,\\s*)?${STRING}`,
  'g',
);
const GROUP = new RegExp(`\\b([A-Za-z_]\\w*)\\s*:?=\\s*([A-Za-z_]\\w*)\\s*\\.\\s*(?:Group|Route)\\(\\s*${STRING}`, 'g');
const ROUTE_BLOCK = new RegExp(`\\.\\s*Route\\(\\s*${STRING}\\s*,\\s*func\\s*\\(`, 'g');

/** A route pattern as a URL path: without a method (`GET /x`) or the exact-match marker `{$}`. */
export function goPatternPath(pattern: string): string | undefined {
  const route = pattern.replace(/^[A-Z]+\s+/, '').replace(/\{\$\}$/, '');
  return route.startsWith('/') ? route : undefined;
}

/** The `{ … }` blocks of chi `Route("/p", func(r chi.Router) { … })`, with their prefix. */
function routeBlocks(code: string): { start: number; end: number; prefix: string }[] {
  const blocks: { start: number; end: number; prefix: string }[] = [];
  for (const m of code.matchAll(ROUTE_BLOCK)) {
    const open = code.indexOf('{', m.index! + m[0].length);
    if (open === -1) continue;
    let depth = 0;
    let end = code.length;
    for (let k = open; k < code.length; k++) {
      if (code[k] === '{') depth++;
      else if (code[k] === '}' && --depth === 0) {
        end = k;
        break;
      }
    }
    blocks.push({ start: open, end, prefix: (m[1] ?? m[2])! });
    if (blocks.length > 200) break;
  }
  return blocks;
}

/**
 * Finds route registrations in the given Go sources (the files the chosen main package
 * compiles), else in every Go source of the module.
 */
export function scanGoRoutes(dir: string, files?: readonly string[]): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of files ?? listSourceFiles(dir, ['.go'])) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    const groups = new Map<string, string>();
    for (const m of code.matchAll(GROUP)) {
      const own = (m[3] ?? m[4])!;
      groups.set(m[1]!, joinRoute(groups.get(m[2]!) ?? '', own));
    }
    const blocks = routeBlocks(code);
    for (const m of code.matchAll(REGISTRATION)) {
      const route = goPatternPath((m[2] ?? m[3])!);
      if (route === undefined) continue;
      const outer = blocks.filter((b) => b.start < m.index! && m.index! < b.end).map((b) => b.prefix);
      const prefix = joinRoute(...outer, groups.get(m[1]!) ?? '');
      found.add(prefix === '/' ? route : joinRoute(prefix, route), file, code, m.index!);
    }
  }
  return found.result();
}

export function detectGoHealthPath(dir: string, files?: readonly string[]): Detected<string> {
  return healthPathFrom(scanGoRoutes(dir, files));
}
