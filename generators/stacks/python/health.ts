/**
 * Python health routes: Flask / FastAPI / Starlette decorators (`@app.route('/health')`,
 * `@bp.get(...)`, `@router.get(...)`) with the `url_prefix` / `prefix` of the Blueprint or
 * APIRouter they hang on (set where it is created or where it is included), Starlette
 * `Route('/health', …)`, Django URL confs (`path('healthz/', …)`, `re_path(r'^healthz/$', …)`,
 * `include()` prefixes from ROOT_URLCONF down) and standard-library handlers comparing
 * `self.path` / `PATH_INFO`. Comments, docstrings, virtualenvs and tests are not looked at.
 */
import path from 'node:path';
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, lineAt, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const DECORATOR = /@\s*([A-Za-z_]\w*)\s*\.\s*(?:route|get|head|api_route)\s*\(\s*[rbuf]?(['"])(\/[^'"\s]{0,200})\2/g;
const PREFIXED_OBJECT = /\b([A-Za-z_]\w*)\s*=\s*(?:[\w.]+\.)?(?:Blueprint|APIRouter)\s*\(/g;
const PREFIX_KWARG = /\b(?:url_prefix|prefix)\s*=\s*[rbuf]?(['"])([^'"\s]{0,200})\1/;
const INCLUDE_ROUTER = /\.\s*(include_router|register_blueprint)\s*\(\s*([A-Za-z_][\w.]*)\s*,?/g;
const STARLETTE_ROUTE = /\bRoute\s*\(\s*[rbuf]?(['"])(\/[^'"\s]{0,200})\1/g;
const STDLIB_COMPARE = /\b(?:path|PATH_INFO|path_info)['"]?(?:\s*\])?\s*(?:\.split\([^)]{0,20}\)\[0\]\s*)?(?:==|in)\s*([^\n:]{0,200})/g;
const STRING_LITERAL = /(['"])(\/[^'"\s]{0,200})\1/g;
const DJANGO_PATH = /\b(path|re_path|url)\s*\(\s*[rbuf]?(['"])([^'"\n]{0,200})\2\s*,\s*(include\s*\(\s*[rbuf]?(['"])([\w.]{1,200})\5)?/g;
const ROOT_URLCONF = /^ROOT_URLCONF\s*=\s*(['"])([\w.]{1,200})\1/m;

/** A Django `re_path` regex as a literal path, when it is one (`^healthz/?$` → `healthz/`). */
export function djangoRegexPath(regex: string): string | undefined {
  const body = regex.replace(/^\^/, '').replace(/\$$/, '').replace(/\/\?$/, '/');
  return /^[A-Za-z0-9_/-]*$/.test(body) ? body : undefined;
}

/** Finds route registrations in the project's Python sources. */
export function scanPythonRoutes(dir: string): RouteScan {
  const files = listSourceFiles(dir, ['.py']);
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  const sources = new Map<string, string>();
  for (const file of files) {
    const raw = reader.read(file);
    if (raw !== undefined) sources.set(file, blankComments(raw, 'hash'));
  }
  // Prefixes given where a router is included: `app.include_router(health.router, prefix='/api')`
  // applies to `router` in health.py (matched by module file name and variable name). FastAPI
  // puts it before the router's own prefix; Flask's register_blueprint url_prefix replaces the
  // Blueprint's.
  const includePrefixes = new Map<string, { prefix: string; replaces: boolean }>();
  for (const code of sources.values()) {
    for (const m of code.matchAll(INCLUDE_ROUTER)) {
      const prefix = PREFIX_KWARG.exec(code.slice(m.index!, m.index! + 400).split(')')[0]!)?.[2];
      if (prefix !== undefined) includePrefixes.set(m[2]!.split('.').slice(-2).join('.'), { prefix, replaces: m[1] === 'register_blueprint' });
    }
  }
  for (const [file, code] of sources) {
    const module = path.posix.basename(file, '.py');
    const ownPrefixes = new Map<string, string>();
    for (const m of code.matchAll(PREFIXED_OBJECT)) {
      const args = code.slice(m.index! + m[0].length, m.index! + m[0].length + 400);
      ownPrefixes.set(m[1]!, PREFIX_KWARG.exec(args)?.[2] ?? '');
    }
    const prefixOf = (name: string) => {
      const included = includePrefixes.get(`${module}.${name}`) ?? includePrefixes.get(name);
      return included?.replaces ? joinRoute(included.prefix) : joinRoute(included?.prefix ?? '', ownPrefixes.get(name) ?? '');
    };
    for (const m of code.matchAll(DECORATOR)) {
      const prefix = prefixOf(m[1]!);
      found.add(prefix === '/' ? m[3]! : joinRoute(prefix, m[3]!), file, code, m.index!);
    }
    for (const m of code.matchAll(STARLETTE_ROUTE)) found.add(m[2]!, file, code, m.index!);
    if (/\bdo_GET\b|\bPATH_INFO\b/.test(code)) {
      for (const m of code.matchAll(STDLIB_COMPARE)) {
        for (const s of m[1]!.matchAll(STRING_LITERAL)) found.add(s[2]!, file, code, m.index!);
      }
    }
  }
  scanDjango(dir, sources, found);
  return found.result();
}

/** Django: URL confs from ROOT_URLCONF down through `include()`, each with its prefix. */
function scanDjango(dir: string, sources: Map<string, string>, found: RouteCollector): void {
  let root: string | undefined;
  for (const code of sources.values()) root ??= ROOT_URLCONF.exec(code)?.[2];
  const fileOf = (module: string) => {
    const base = module.replace(/\./g, '/');
    return [`${base}.py`, `src/${base}.py`].find((f) => sources.has(f));
  };
  const seen = new Set<string>();
  const visit = (file: string, prefix: string, depth: number) => {
    if (seen.has(file) || depth > 4) return;
    seen.add(file);
    const code = sources.get(file)!;
    for (const m of code.matchAll(DJANGO_PATH)) {
      const [, kind, , pattern, , , included] = m;
      const literal = kind === 'path' ? (pattern!.includes('<') ? undefined : pattern) : djangoRegexPath(pattern!);
      if (literal === undefined) continue;
      if (included && /^health_check(?:\.urls)?$/.test(included)) {
        // django-health-check: its view answers at the include's own path.
        found.framework ??= { path: joinRoute(prefix + literal), source: `django-health-check (${file}:${lineAt(code, m.index!)})` };
      } else if (included) {
        const target = fileOf(included);
        if (target) visit(target, prefix + literal, depth + 1);
      } else {
        found.add(joinRoute(prefix + literal), file, code, m.index!);
      }
    }
  };
  const rootFile = root && fileOf(root);
  if (rootFile) visit(rootFile, '', 0);
  else for (const file of sources.keys()) if (path.posix.basename(file) === 'urls.py') visit(file, '', 0);
}

export function detectPythonHealthPath(dir: string): Detected<string> {
  return healthPathFrom(scanPythonRoutes(dir));
}
