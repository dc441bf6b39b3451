/**
 * Node.js health routes: Express / Koa / Fastify / Hono style `app.get('/health', …)`, route
 * objects (`server.route({ method: 'GET', path: '/health' })`, Hapi and Fastify), plain
 * `http` servers comparing `req.url`, NestJS controllers (`@Controller('health')` + `@Get()`,
 * `setGlobalPrefix`) and Next.js file-system routes (`app/api/health/route.ts`,
 * `pages/api/health.ts`). Comments, node_modules, build output and tests are not looked at.
 */
import path from 'node:path';
import { projectEntryExists } from '../../lib/project-files.js';
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, lineAt, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/**
 * Receivers whose `.get('/x')` registers a route: the app itself (its `/` is the site's root) and
 * routers (mounted somewhere, maybe under a prefix), plus variables assigned from their factories.
 */
const APP_NAMES = ['app', 'server', 'fastify', 'instance', 'hono', 'koa'];
const ROUTER_NAMES = ['router', 'routes', 'route', 'r', 'api'];
const APP_FACTORY =
  /(?<![\w$])([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?:new\s+)?(?:express|fastify|Fastify|Koa|Hono|Elysia|polka|restify\.createServer|NestFactory\.create)\s*\(/g;
const ROUTER_FACTORY = /(?<![\w$])([A-Za-z_$][\w$]*)\s*=\s*(?:new\s+)?(?:express\.Router|Router|KoaRouter)\s*\(/g;
/** `app.use('/api', apiRouter)` or `app.use('/api', require('./routes/api'))`: a router mounted under a prefix. */
const MOUNT = /\.\s*use\s*\(\s*(['"`])(\/[^'"`\s]{0,200})\1\s*,\s*(?:require\s*\(\s*(['"`])(\.{1,2}\/[^'"`\s]{1,200})\3\s*\)|([A-Za-z_$][\w$]*))/g;
/** Fastify `app.register(routes, { prefix: '/api' })`. */
const REGISTER =
  /\.\s*register\s*\(\s*(?:require\s*\(\s*(['"`])(\.{1,2}\/[^'"`\s]{1,200})\1\s*\)|([A-Za-z_$][\w$]*))\s*,\s*\{[^}]{0,300}?\bprefix\s*:\s*(['"`])([^'"`\s]{0,200})\4/g;
/** Local imports: `import x from './r'`, `import { a, b as c } from './r'`, `const x = require('./r')`. */
const IMPORT_DEFAULT = /\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]{0,300}\}\s*)?from\s*(['"`])(\.{1,2}\/[^'"`\s]{1,200})\2/g;
const IMPORT_NAMED = /\bimport\s*(?:[A-Za-z_$][\w$]*\s*,\s*)?\{([^}]{0,300})\}\s*from\s*(['"`])(\.{1,2}\/[^'"`\s]{1,200})\2/g;
const REQUIRE = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*(['"`])(\.{1,2}\/[^'"`\s]{1,200})\2\s*\)/g;
const METHOD_CALL = /(?<![\w$])([A-Za-z_$][\w$]*)\s*\.\s*(get|head|all|use|route)\s*\(\s*(['"`])(\/[^'"`\s]{0,200})\3/g;
const ROUTE_OBJECT = /\b(?:path|url)\s*:\s*(['"`])(\/[^'"`\s]{0,200})\1/g;
/** `req.url === '/health'` (plain http servers, Koa middleware `ctx.path`), `pathname === '/health'`. */
const URL_COMPARE = /\b(?:(?:req|request|ctx|context|c|parsed|u|url)\s*\.\s*(?:url|path|pathname)|pathname)\s*===?\s*(['"`])(\/[^'"`\s]{0,200})\1/g;
/** `switch (req.url) { case '/health': … }` in a file that creates an http server. */
const URL_CASE = /\bcase\s+(['"`])(\/[^'"`\s]{0,200})\1\s*:/g;
const NEST_CONTROLLER = /@Controller\(\s*(?:(['"`])([^'"`]{0,200})\1|\{[^}]{0,300}?\bpath\s*:\s*(['"`])([^'"`]{0,200})\3[^}]{0,300}\})?[^)]{0,300}\)/g;
const NEST_METHOD = /@(?:Get|Head|All)\(\s*(?:(['"`])([^'"`]{0,200})\1\s*)?\)/g;
const NEST_PREFIX = /\.setGlobalPrefix\(\s*(['"`])([^'"`]{0,100})\1/;
/** Health-check middleware with its own endpoint: express-actuator (`/health` under its basePath), fastify-healthcheck (`/health`). */
const ACTUATOR = /\.\s*use\s*\(\s*(?:actuator|expressActuator)\s*\(\s*(?:\{[^}]{0,300}?\bbasePath\s*:\s*(['"`])(\/[^'"`\s]{0,100})\1[^}]{0,300}\})?/g;
const FASTIFY_HEALTHCHECK =
  /\.\s*register\s*\(\s*(?:require\s*\(\s*['"`]fastify-healthcheck['"`]\s*\)|fastifyHealthcheck)\s*(?:,\s*\{[^}]{0,300}?\bhealthcheckUrl\s*:\s*(['"`])(\/[^'"`\s]{0,100})\1)?/g;
/** Next.js route files: app router `route.ts` and pages router `pages/api/*.ts`. */
const NEXT_APP_ROUTE = /^(?:src\/)?app\/(.*\/)?route\.[cm]?[jt]sx?$/;
const NEXT_PAGES_API = /^(?:src\/)?pages\/(api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/;
const NEXT_ROOT_PAGE = /^(?:src\/)?(?:app\/page|pages\/index)\.[cm]?[jt]sx?$/;
/** Astro endpoints: `src/pages/health.ts` (or `health/index.ts`) exporting GET or ALL; `_x` files are not routes. */
const ASTRO_ENDPOINT = /^src\/pages\/(.*?)(?:\/?\bindex)?\.[cm]?[jt]s$/;
const ASTRO_GET = /\bexport\s+(?:async\s+)?(?:function\s+|const\s+)(?:GET|ALL)\b/;
const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'];
/** Nuxt / Nitro server routes: `server/routes/health.ts` is `/health`, `server/api/health.get.ts` is `/api/health`. */
const NUXT_SERVER_ROUTE = /^server\/(routes|api)\/(.*?)(?:\/?\bindex)?(?:\.(get|head|post|put|patch|delete|options|connect|trace))?\.[cm]?[jt]s$/;
const NUXT_CONFIGS = ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs', 'nuxt.config.mts'];
/** Pages that answer `/` in the framework the config file names (they are not script files, so not scanned). */
const ROOT_PAGES: readonly { configs: readonly string[]; pages: readonly string[] }[] = [
  { configs: ASTRO_CONFIGS, pages: ['src/pages/index.astro', 'src/pages/index.md', 'src/pages/index.mdx', 'src/pages/index.html'] },
  { configs: NUXT_CONFIGS, pages: ['app.vue', 'app/app.vue', 'pages/index.vue', 'app/pages/index.vue'] },
];

/** Finds route registrations in the project's Node.js sources. */
export function scanNodeRoutes(dir: string): RouteScan {
  const files = listSourceFiles(dir, EXTENSIONS);
  const hasAstroConfig = ASTRO_CONFIGS.some((c) => projectEntryExists(dir, c));
  const hasNuxtConfig = NUXT_CONFIGS.some((c) => projectEntryExists(dir, c));
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
  const { filePrefixes, varPrefixes } = mountPrefixes(sources);
  for (const [file, code] of sources) {
    const created = new Set([...code.matchAll(APP_FACTORY)].map((m) => m[1]!));
    const apps = new Set([...APP_NAMES, ...created]);
    const routers = new Set([...ROUTER_NAMES, ...[...code.matchAll(ROUTER_FACTORY)].map((m) => m[1]!)]);
    const mounted = varPrefixes.get(file);
    for (const m of code.matchAll(METHOD_CALL)) {
      const [, receiver, method, , route] = m;
      const isApp = apps.has(receiver!) && !routers.has(receiver!);
      if (!isApp && !routers.has(receiver!)) continue;
      // Where it is mounted: a router by variable in this file, else this whole file (a router
      // module or a Fastify plugin) — never an app created right here.
      const prefix = mounted?.get(receiver!) ?? (created.has(receiver!) ? undefined : filePrefixes.get(file));
      const known = isApp || prefix !== undefined;
      // `app.use('/api', router)` mounts (a health-named mount is a route itself); the `/` of a
      // router mounted who knows where is not the site's root.
      if (route === '/' && (method === 'use' || !known)) continue;
      if (method === 'use' && !known) continue;
      found.add(prefix === undefined ? route! : joinRoute(prefix, route!), file, code, m.index!);
    }
    if (/\.route\s*\(\s*\{/.test(code) || /\broutes?\s*[:=]\s*\[/.test(code)) {
      for (const m of code.matchAll(ROUTE_OBJECT)) found.add(m[2]!, file, code, m.index!);
    }
    for (const m of code.matchAll(URL_COMPARE)) found.add(m[2]!, file, code, m.index!);
    if (/\bcreateServer\s*\(/.test(code)) {
      for (const m of code.matchAll(URL_CASE)) found.add(m[2]!, file, code, m.index!);
    }
    scanNest(file, code, globalPrefix, found);
    for (const m of code.matchAll(ACTUATOR))
      found.framework ??= { path: joinRoute(m[2] ?? '', 'health'), source: `express-actuator (${file}:${lineAt(code, m.index!)})` };
    for (const m of code.matchAll(FASTIFY_HEALTHCHECK))
      found.framework ??= { path: m[2] ?? '/health', source: `fastify-healthcheck (${file}:${lineAt(code, m.index!)})` };
    const appRoute = NEXT_APP_ROUTE.exec(file);
    if (appRoute && /\bexport\s+(?:async\s+)?(?:function\s+|const\s+)(?:GET|HEAD)\b/.test(code)) {
      // Route groups `(name)` and private folders do not appear in the URL.
      found.add(joinRoute(...(appRoute[1] ?? '').split('/').filter((s) => !/^\(.*\)$/.test(s))), file, code, 0);
    }
    const pagesApi = NEXT_PAGES_API.exec(file);
    if (pagesApi) found.add(joinRoute(pagesApi[1]!), file, code, 0);
    if (NEXT_ROOT_PAGE.test(file)) found.add('/', file, code, 0);
    const astro = ASTRO_ENDPOINT.exec(file);
    if (astro && hasAstroConfig && ASTRO_GET.test(code) && !astro[1]!.split('/').some((s) => s.startsWith('_'))) {
      found.add(joinRoute(astro[1]!), file, code, 0);
    }
    const nitro = NUXT_SERVER_ROUTE.exec(file);
    if (nitro && hasNuxtConfig && (nitro[3] === undefined || nitro[3] === 'get' || nitro[3] === 'head') && /\bexport\s+default\b/.test(code)) {
      found.add(joinRoute(nitro[1] === 'api' ? '/api' : '', nitro[2]!), file, code, 0);
    }
  }
  for (const { configs, pages } of ROOT_PAGES) {
    const page = configs.some((c) => projectEntryExists(dir, c)) ? pages.find((p) => projectEntryExists(dir, p)) : undefined;
    if (page !== undefined) found.add('/', page, '', 0);
  }
  return found.result();
}

/** The module file a relative import names (with the usual extensions and index files). */
function resolveImport(sources: Map<string, string>, from: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.[cm]?js$/, '');
  const candidates = [base, ...EXTENSIONS.map((ext) => `${base}${ext}`), ...EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  return candidates.find((c) => sources.has(c));
}

/**
 * Prefixes routers are mounted under: by variable in the file that mounts them, and by file for
 * routers imported from another module (three rounds, so a router mounted in a mounted router
 * gets both prefixes).
 */
function mountPrefixes(sources: Map<string, string>): { filePrefixes: Map<string, string>; varPrefixes: Map<string, Map<string, string>> } {
  const filePrefixes = new Map<string, string>();
  const varPrefixes = new Map<string, Map<string, string>>();
  for (let round = 0; round < 3; round++) {
    for (const [file, code] of sources) {
      if (!code.includes('.use') && !code.includes('.register')) continue;
      const imports = new Map<string, string>();
      for (const m of code.matchAll(IMPORT_DEFAULT)) imports.set(m[1]!, m[3]!);
      for (const m of code.matchAll(REQUIRE)) imports.set(m[1]!, m[3]!);
      for (const m of code.matchAll(IMPORT_NAMED)) {
        for (const name of m[1]!.split(',')) {
          const local = name
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .trim();
          if (/^[A-Za-z_$][\w$]*$/.test(local)) imports.set(local, m[3]!);
        }
      }
      const own = filePrefixes.get(file) ?? '';
      const mount = (prefix: string, spec: string | undefined, name: string | undefined) => {
        const full = joinRoute(own, prefix);
        const target = spec ?? (name !== undefined ? imports.get(name) : undefined);
        const targetFile = target !== undefined ? resolveImport(sources, file, target) : undefined;
        if (targetFile !== undefined && targetFile !== file) filePrefixes.set(targetFile, full);
        else if (name !== undefined) {
          if (!varPrefixes.has(file)) varPrefixes.set(file, new Map());
          varPrefixes.get(file)!.set(name, full);
        }
      };
      for (const m of code.matchAll(MOUNT)) mount(m[2]!, m[4], m[5]);
      for (const m of code.matchAll(REGISTER)) mount(m[5]!, m[2], m[3]);
    }
  }
  return { filePrefixes, varPrefixes };
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
