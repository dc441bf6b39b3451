/**
 * Node.js health routes: Express / Koa / Fastify / Hono style `app.get('/health', …)`, route
 * objects (`server.route({ method: 'GET', path: '/health' })`, Hapi and Fastify), plain
 * `http` servers comparing `req.url`, NestJS controllers (`@Controller('health')` + `@Get()`,
 * `setGlobalPrefix`) and Next.js file-system routes (`app/api/health/route.ts`,
 * `pages/api/health.ts`). Comments, node_modules, build output and tests are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/** Receivers whose `.get('/x')` registers a route (and any variable assigned from a router factory). */
const SERVER_NAMES = ['app', 'router', 'server', 'fastify', 'instance', 'api', 'routes', 'route', 'r', 'hono', 'koa'];
const FACTORY = /\b([A-Za-z_$][\w$]*)\s*=\s*(?:new\s+)?(?:express(?:\.Router)?|Router|fastify|Fastify|Koa|KoaRouter|Hono|Elysia|polka|restify\.createServer)\s*\(/g;
const METHOD_CALL = /\b([A-Za-z_$][\w$]*)\s*\.\s*(get|head|all|use|route)\s*\(\s*(['"`])(\/[^'"`\s]{0,200})\3/g;
const ROUTE_OBJECT = /\b(?:path|url)\s*:\s*(['"`])(\/[^'"`\s]{0,200})\1/g;
/** `req.url === '/health'` (plain http servers, Koa middleware `ctx.path`), `pathname === '/health'`. */
const URL_COMPARE = /\b(?:(?:req|request|ctx|context|c|parsed|u|url)\s*\.\s*(?:url|path|pathname)|pathname)\s*===?\s*(['"`])(\/[^'"`\s]{0,200})\1/g;
/** `switch (req.url) { case '/health': … }` in a file that creates an http server. */
const URL_CASE = /\bcase\s+(['"`])(\/[^'"`\s]{0,200})\1\s*:/g;
const NEST_CONTROLLER = /@Controller\(\s*(?:(['"`])([^'"`]{0,200})\1|\{[^}]{0,300}?\bpath\s*:\s*(['"`])([^'"`]{0,200})\3[^}]{0,300}\})?[^)]{0,300}\)/g;
const NEST_METHOD = /@(?:Get|Head|All)\(\s*(?:(['"`])([^'"`]{0,200})\1)?\s*\)/g;
const NEST_PREFIX = /\.setGlobalPrefix\(\s*(['"`])([^'"`]{0,100})\1/;
/** Next.js route files: app router `route.ts` and pages router `pages/api/*.ts`. */
const NEXT_APP_ROUTE = /^(?:src\/)?app\/(.*\/)?route\.[cm]?[jt]sx?$/;
const NEXT_PAGES_API = /^(?:src\/)?pages\/(api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/;
const NEXT_ROOT_PAGE = /^(?:src\/)?(?:app\/page|pages\/index)\.[cm]?[jt]sx?$/;

/** Finds route registrations in the project's Node.js sources. */
export function scanNodeRoutes(dir: string): RouteScan {
  const files = listSourceFiles(dir, EXTENSIONS);
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  const sources = new Map<string, string>();
  let globalPrefix = '';
  for (const file of files) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    sources.set(file, code);
    const prefix = NEST_PREFIX.exec(code);
    if (prefix) globalPrefix = prefix[2]!;
  }
  for (const [file, code] of sources) {
    const receivers = new Set(SERVER_NAMES);
    for (const m of code.matchAll(FACTORY)) receivers.add(m[1]!);
    for (const m of code.matchAll(METHOD_CALL)) {
      const [, receiver, method, , route] = m;
      // `app.use('/api', router)` mounts a prefix: only a health-named mount is a route.
      if (receivers.has(receiver!) && !(method === 'use' && route === '/')) found.add(route!, file, code, m.index!);
    }
    if (/\.route\s*\(\s*\{/.test(code) || /\broutes?\s*[:=]\s*\[/.test(code)) {
      for (const m of code.matchAll(ROUTE_OBJECT)) found.add(m[2]!, file, code, m.index!);
    }
    for (const m of code.matchAll(URL_COMPARE)) found.add(m[2]!, file, code, m.index!);
    if (/\bcreateServer\s*\(/.test(code)) {
      for (const m of code.matchAll(URL_CASE)) found.add(m[2]!, file, code, m.index!);
    }
    scanNest(file, code, globalPrefix, found);
    const appRoute = NEXT_APP_ROUTE.exec(file);
    if (appRoute && /\bexport\s+(?:async\s+)?(?:function\s+|const\s+)(?:GET|HEAD)\b/.test(code)) {
      // Route groups `(name)` and private folders do not appear in the URL.
      found.add(joinRoute(...(appRoute[1] ?? '').split('/').filter((s) => !/^\(.*\)$/.test(s))), file, code, 0);
    }
    const pagesApi = NEXT_PAGES_API.exec(file);
    if (pagesApi) found.add(joinRoute(pagesApi[1]!), file, code, 0);
    if (NEXT_ROOT_PAGE.test(file)) found.add('/', file, code, 0);
  }
  return found.result();
}

/** NestJS: each `@Get('x')` joined to the `@Controller('prefix')` above it and the global prefix. */
function scanNest(file: string, code: string, globalPrefix: string, found: RouteCollector): void {
  if (!code.includes('@Controller(')) return;
  const controllers = [...code.matchAll(NEST_CONTROLLER)].map((m) => ({ at: m.index!, prefix: m[2] ?? m[4] ?? '' }));
  for (const m of code.matchAll(NEST_METHOD)) {
    const controller = controllers.filter((c) => c.at < m.index!).pop();
    if (!controller) continue;
    found.add(joinRoute(globalPrefix, controller.prefix, m[2] ?? ''), file, code, m.index!);
  }
}

export function detectNodeHealthPath(dir: string): Detected<string> {
  return healthPathFrom(scanNodeRoutes(dir));
}
