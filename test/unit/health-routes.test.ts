import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blankComments, healthName, joinRoute, listSourceFiles, LIVENESS_SOURCE, SCAN_LIMITS } from '../../generators/lib/health-routes.js';
import { detectNodeHealthPath } from '../../generators/stacks/node/health.js';
import { detectPythonHealthPath, djangoRegexPath } from '../../generators/stacks/python/health.js';
import { detectGoHealthPath, goPatternPath } from '../../generators/stacks/go/health.js';
import { loadE2eCases } from '../support/e2e-cases.js';
import { generate } from '../support/generate.js';
import { copyFixture, FIXTURES_DIR, makeProject } from '../support/project.js';

const LIVENESS = { value: '/', source: LIVENESS_SOURCE, liveness: true };
const node = (files: Record<string, string>) => detectNodeHealthPath(makeProject({ 'package.json': '{"name":"x"}', ...files }));
const python = (files: Record<string, string>) => detectPythonHealthPath(makeProject({ 'requirements.txt': '', ...files }));
const go = (files: Record<string, string>) => detectGoHealthPath(makeProject({ 'go.mod': 'module example.com/x\n\ngo 1.22\n', ...files }));

describe('health routes (shared)', () => {
  it('recognises health names as the last static segment, with prefixes and trailing slashes', () => {
    for (const route of [
      '/health',
      '/healthz',
      '/health-check',
      '/healthcheck',
      '/livez',
      '/readyz',
      '/ready',
      '/ping',
      '/status',
      '/up',
      '/api/ping/',
      '/api/v1/health',
      '/_health',
    ]) {
      assert.ok(healthName(route), route);
    }
    for (const route of ['/', '/healthy', '/users/:id/health', '/{id}/status', '/api/*', '*', 'health', '/a/b/c/d/health'])
      assert.equal(healthName(route), undefined, route);
  });

  it('joins prefixes, keeping a trailing slash of the route', () => {
    assert.equal(joinRoute('/api/', 'health'), '/api/health');
    assert.equal(joinRoute('api', 'ping/'), '/api/ping/');
    assert.equal(joinRoute('', ''), '/');
    assert.equal(joinRoute('/api', '/'), '/api');
  });

  it('blanks comments, keeps strings, offsets and lines', () => {
    const code = 'a("//x") // gone\n/* one\ntwo */ b(\'/*y*/\')';
    const out = blankComments(code, 'c');
    assert.equal(out.length, code.length);
    assert.equal(out.split('\n').length, 3);
    assert.ok(out.includes('a("//x")') && out.includes("b('/*y*/')") && !out.includes('gone') && !out.includes('two'));
    const py = blankComments('x = "#kept" # gone\n"""doc @app.get("/health")"""\ny()', 'hash');
    assert.ok(py.includes('"#kept"') && !py.includes('gone') && !py.includes('/health') && py.includes('y()'));
  });

  it('blanks comments in linear time on hostile input', () => {
    const hostile = `${'/*'.repeat(50_000)}${"'".repeat(50_000)}${'"\\'.repeat(50_000)}`;
    assert.equal(blankComments(hostile, 'c').length, hostile.length);
    assert.equal(blankComments(`${'"""'.repeat(30_000)}#`, 'hash').length, 90_001);
  });

  it('skips dependency, build, VCS and test folders and test files; lists at most the file cap', () => {
    const dir = makeProject({
      'src/app.js': '',
      'node_modules/x/index.js': '',
      '.venv/lib/a.py': '',
      'vendor/a.go': '',
      'dist/app.js': '',
      '.git/hooks/a.js': '',
      'test/a.js': '',
      'src/app.test.js': '',
      'src/app.spec.ts': '',
    });
    assert.deepEqual(listSourceFiles(dir, ['.js', '.ts', '.py', '.go']), ['src/app.js']);
    const many = makeProject({});
    for (let i = 0; i < SCAN_LIMITS.maxFiles + 5; i++) fs.writeFileSync(path.join(many, `f${i}.js`), '');
    assert.equal(listSourceFiles(many, ['.js']).length, SCAN_LIMITS.maxFiles);
  });

  it('hostile sources (long identifiers with $, runs of spaces, thousands of routes) are scanned in linear time', () => {
    const n = 100_000;
    const spaces = ' '.repeat(n);
    const nodeFiles = {
      'a.js': 'a$'.repeat(n),
      'b.js': `import x${spaces}`,
      'c.ts': `@Controller()\n@Get(${spaces}`,
      'd.js': "app.get('/health', h);\n".repeat(8000),
      'e.js': `app${spaces}`,
    };
    assert.equal(node(nodeFiles).value, '/health');
    assert.deepEqual(python({ 'a.py': `def do_GET(self):\n    path${spaces}`, 'b.py': `x = ${'a.'.repeat(n)}` }), LIVENESS);
    assert.deepEqual(
      go({ 'a.go': `package a\nfunc f() { r.Route("/x", func(${'{'.repeat(n)}`, 'b.go': `package a\n${'mux.HandleFunc("/nope", h)\n'.repeat(5000)}` }),
      LIVENESS,
    );
  });

  it('reads at most the per-file byte cap: a route past it is not seen', () => {
    const filler = `${' '.repeat(SCAN_LIMITS.maxFileBytes)}\n`;
    assert.deepEqual(node({ 'big.js': `${filler}app.get('/health', h)\n` }), LIVENESS);
  });
});

describe('Node.js health routes', () => {
  it('Express / Fastify / Koa-router registrations, with file and line', () => {
    assert.deepEqual(
      node({ 'src/app.js': "const express = require('express');\nconst app = express();\n\napp.get('/healthz', (req, res) => res.send('ok'));\n" }),
      { value: '/healthz', source: 'src/app.js:4' },
    );
    assert.equal(node({ 'server.ts': "const api = Router();\napi.get('/api/ping/', h);" }).value, '/api/ping/');
    assert.equal(node({ 'server.js': "fastify.get('/health-check', async () => ({ ok: true }))" }).value, '/health-check');
    assert.equal(node({ 'server.js': "server.route({ method: 'GET', path: '/healthcheck', handler })" }).value, '/healthcheck', 'Hapi');
  });

  it('prefers the most specific name, then the shortest path', () => {
    assert.equal(node({ 'a.js': "app.get('/ping', h); app.get('/api/health', h); app.get('/health', h);" }).value, '/health');
  });

  it('routers mounted under a prefix, in the same file or imported from another', () => {
    assert.equal(
      node({ 'app.js': "const app = express();\nconst ops = express.Router();\nops.get('/health', h);\napp.use('/ops', ops);" }).value,
      '/ops/health',
    );
    const files = {
      'src/app.ts': "import express from 'express';\nimport { healthRouter } from './routes/health';\nconst app = express();\napp.use('/api', healthRouter);\n",
      'src/routes/health.ts': "export const healthRouter = Router();\nhealthRouter.get('/healthz', (req, res) => res.json({ ok: true }));\n",
    };
    assert.deepEqual(node(files), { value: '/api/healthz', source: 'src/routes/health.ts:2' });
    assert.equal(
      node({
        'server.js': "const app = fastify();\napp.register(require('./plugins/ops'), { prefix: '/internal' });",
        'plugins/ops.js': "module.exports = async (fastify) => { fastify.get('/ping', async () => 'pong'); };",
      }).value,
      '/internal/ping',
    );
  });

  it("a router's / is not the site's root unless it is mounted there", () => {
    const value = node({
      'app.js': "const app = express();\napp.use('/api', require('./api'));",
      'api.js': "const router = express.Router();\nrouter.get('/', list);\nmodule.exports = router;",
    });
    assert.deepEqual(value, LIVENESS);
  });

  it('health-check middleware with its own endpoint', () => {
    assert.deepEqual(node({ 'app.js': "const app = express();\napp.use(actuator({ basePath: '/management' }));" }), {
      value: '/management/health',
      source: 'express-actuator (app.js:2)',
    });
    assert.equal(node({ 'app.js': "app.register(require('fastify-healthcheck'))" }).value, '/health');
    assert.equal(node({ 'app.js': "app.use(actuator());\napp.get('/livez', h)" }).value, '/livez', 'a route of its own comes first');
  });

  it('plain http servers and Koa middleware comparing the URL', () => {
    assert.equal(node({ 'server.js': "http.createServer((req, res) => { if (req.url === '/healthz') ok(res); })" }).value, '/healthz');
    assert.equal(node({ 'index.js': "app.use((ctx) => { ctx.body = ctx.path === '/health' ? 'ok' : 'hi'; });" }).value, '/health');
  });

  it('NestJS controllers with the global prefix', () => {
    const files = {
      'src/main.ts': "const app = await NestFactory.create(AppModule);\napp.setGlobalPrefix('api');\n",
      'src/health/health.controller.ts': "@Controller('health')\nexport class HealthController {\n  @Get()\n  check() { return this.health.check([]); }\n}\n",
      'src/app.controller.ts': '@Controller()\nexport class AppController {\n  @Get()\n  hello() {}\n}\n',
    };
    assert.deepEqual(node(files), { value: '/api/health', source: 'src/health/health.controller.ts:3' });
    assert.equal(node({ 'src/a.controller.ts': "@Controller({ path: 'status' })\nclass A { @Get('ready') r() {} }" }).value, '/status/ready');
  });

  it('the NestJS starter (only `/`): its own / route, not a made-up /health', () => {
    const value = node({ 'src/app.controller.ts': '@Controller()\nexport class AppController {\n  @Get()\n  getHello(): string { return "hi"; }\n}\n' });
    assert.equal(value.value, '/');
    assert.match(value.source, /^src\/app\.controller\.ts:3 \(no health route found/);
    assert.equal(value.liveness, undefined);
  });

  it('Next.js file-system routes', () => {
    assert.deepEqual(node({ 'app/api/health/route.ts': 'export async function GET() { return Response.json({ ok: true }); }' }), {
      value: '/api/health',
      source: 'app/api/health/route.ts:1',
    });
    assert.equal(node({ 'src/app/(ops)/healthz/route.js': 'export const GET = () => new Response("ok")' }).value, '/healthz');
    assert.equal(node({ 'pages/api/ping.ts': 'export default function handler(req, res) { res.send("pong") }' }).value, '/api/ping');
  });

  it('Astro endpoints and pages (with an astro.config file)', () => {
    const config = { 'astro.config.mjs': 'export default defineConfig({});' };
    assert.deepEqual(node({ ...config, 'src/pages/health.ts': 'export const prerender = false;\nexport const GET: APIRoute = () => new Response("ok");' }), {
      value: '/health',
      source: 'src/pages/health.ts:1',
    });
    assert.equal(node({ ...config, 'src/pages/api/healthz/index.js': 'export async function GET() { return new Response("ok"); }' }).value, '/api/healthz');
    // Only POST: not a probe target; `_`-prefixed files are not routes; without an Astro config, not Astro.
    assert.deepEqual(node({ ...config, 'src/pages/health.ts': 'export const POST = () => new Response("ok");' }).value, '/');
    assert.equal(node({ ...config, 'src/pages/_health.ts': 'export const GET = () => new Response("ok");' }).value, '/');
    assert.deepEqual(node({ 'src/pages/health.ts': 'export const GET = () => new Response("ok");' }), LIVENESS);
    // The index page answers `/`: checked strictly instead of the any-answer liveness probe.
    const root = node({ ...config, 'src/pages/index.astro': '<h1>Hello</h1>' });
    assert.equal(root.value, '/');
    assert.match(root.source, /^src\/pages\/index\.astro:1 \(no health route found/);
    assert.equal(root.liveness, undefined);
    assert.deepEqual(node({ 'src/pages/index.astro': '<h1>Hello</h1>' }), LIVENESS);
  });

  it('Nuxt / Nitro server routes and the app page (with a nuxt.config file)', () => {
    const config = { 'nuxt.config.ts': 'export default defineNuxtConfig({})' };
    const handler = "export default defineEventHandler(() => ({ status: 'ok' }))";
    assert.deepEqual(node({ ...config, 'server/routes/health.ts': handler }), { value: '/health', source: 'server/routes/health.ts:1' });
    assert.equal(node({ ...config, 'server/api/health.get.ts': handler }).value, '/api/health');
    assert.equal(node({ ...config, 'server/api/healthz/index.ts': handler }).value, '/api/healthz');
    assert.equal(node({ ...config, 'server/api/health.post.ts': handler }).value, '/');
    const root = node({ ...config, 'app/app.vue': '<template><NuxtWelcome /></template>' });
    assert.equal(root.value, '/');
    assert.match(root.source, /^app\/app\.vue:1 \(no health route found/);
    assert.deepEqual(node({ 'app.vue': '<template><div /></template>', 'server/routes/health.ts': handler }), LIVENESS);
  });

  it('ignores commented-out routes, node_modules, tests, client calls and catch-alls', () => {
    assert.deepEqual(node({ 'a.js': "// app.get('/health', h)\n/* app.get('/healthz', h) */\napp.get('*', spa);\napp.get('/api/*', h);" }), LIVENESS);
    assert.deepEqual(node({ 'node_modules/lib/index.js': "app.get('/health', h)" }), LIVENESS);
    assert.deepEqual(node({ 'src/app.test.js': "request(app).get('/health').expect(200)" }), LIVENESS);
    assert.deepEqual(node({ 'src/client.js': "axios.get('/health'); fetch('/ready')" }), LIVENESS);
  });
});

describe('Python health routes', () => {
  it('Flask routes and blueprints with their url_prefix', () => {
    assert.deepEqual(python({ 'app.py': "app = Flask(__name__)\n\n@app.route('/healthz')\ndef h(): return 'ok'\n" }), {
      value: '/healthz',
      source: 'app.py:3',
    });
    assert.equal(python({ 'ops.py': "bp = Blueprint('ops', __name__, url_prefix='/api')\n@bp.get('/health/')\ndef h(): ..." }).value, '/api/health/');
    assert.equal(
      python({
        'app/__init__.py': "from app import ops\napp.register_blueprint(ops.bp, url_prefix='/internal')\n",
        'app/ops.py': "bp = Blueprint('ops', __name__, url_prefix='/api')\n@bp.route('/ping')\ndef p(): ...",
      }).value,
      '/internal/ping',
      'register_blueprint url_prefix replaces the Blueprint own',
    );
  });

  it('FastAPI routes and APIRouter prefixes (at creation or at include)', () => {
    assert.equal(python({ 'main.py': '@app.get("/ping")\nasync def ping(): ...' }).value, '/ping');
    assert.equal(python({ 'r.py': 'router = APIRouter(tags=["ops"], prefix="/api/v1")\n@router.get("/health")\ndef h(): ...' }).value, '/api/v1/health');
    assert.equal(
      python({
        'app/main.py': 'from app.routers import health\napp.include_router(health.router, prefix="/api")\n',
        'app/routers/health.py': 'router = APIRouter()\n@router.get("/status")\ndef s(): ...',
      }).value,
      '/api/status',
    );
  });

  it('Django URL confs from ROOT_URLCONF through include()', () => {
    const files = {
      'mysite/settings.py': "ROOT_URLCONF = 'mysite.urls'\n",
      'mysite/urls.py': "urlpatterns = [\n    path('', views.home),\n    path('ops/', include('ops.urls')),\n]\n",
      'ops/urls.py': "urlpatterns = [\n    re_path(r'^healthz/?$', views.health),\n]\n",
    };
    assert.deepEqual(python(files), { value: '/ops/healthz/', source: 'ops/urls.py:2' });
    assert.equal(python({ 'mysite/urls.py': "urlpatterns = [path('health-check/', v.h)]" }).value, '/health-check/');
    assert.equal(djangoRegexPath('^api/(?P<id>\\d+)/$'), undefined);
  });

  it('django-health-check at the path it is included under', () => {
    const value = python({
      'mysite/settings.py': "ROOT_URLCONF = 'mysite.urls'",
      'mysite/urls.py': "urlpatterns = [\n    path('ht/', include('health_check.urls')),\n]",
    });
    assert.deepEqual(value, { value: '/ht/', source: 'django-health-check (mysite/urls.py:2)' });
  });

  it('standard-library handlers comparing self.path or PATH_INFO', () => {
    assert.equal(
      python({ 'server.py': 'class H(BaseHTTPRequestHandler):\n    def do_GET(self):\n        if self.path == "/ready":\n            pass' }).value,
      '/ready',
    );
    assert.equal(python({ 'app.py': 'def app(environ, start):\n    path = environ["PATH_INFO"]\n    if path in ("/health", "/x"): ...' }).value, '/health');
  });

  it('ignores commented-out routes, docstrings, virtualenvs and tests', () => {
    assert.deepEqual(python({ 'app.py': "# @app.route('/health')\n'''\n@app.get('/healthz')\n'''\n@app.route('/<path:p>')\ndef catch_all(p): ..." }), LIVENESS);
    assert.deepEqual(python({ '.venv/lib/site.py': "@app.get('/health')", 'tests/test_app.py': "@app.get('/health')" }), LIVENESS);
  });
});

describe('Go health routes', () => {
  it('net/http anywhere in the module, with Go 1.22 method patterns', () => {
    assert.deepEqual(
      go({ 'main.go': 'package main\nfunc main() {}', 'internal/web/routes.go': 'package web\n\nfunc R() { mux.HandleFunc("GET /livez", h) }' }),
      { value: '/livez', source: 'internal/web/routes.go:3' },
    );
    assert.equal(goPatternPath('GET /{$}'), '/');
    assert.equal(goPatternPath('example.com/health'), undefined);
  });

  it('gin / echo / fiber groups and chi Route blocks', () => {
    assert.equal(go({ 'r.go': 'package x\nfunc R() { api := r.Group("/api")\n v1 := api.Group("/v1")\n v1.GET("/health", h) }' }).value, '/api/v1/health');
    assert.equal(go({ 'r.go': 'package x\nfunc R() { r.Route("/ops", func(r chi.Router) {\n r.Get("/ping", h)\n })\n r.Get("/x", h) }' }).value, '/ops/ping');
    assert.equal(go({ 'r.go': 'package x\nfunc R() { app.Get(`/readyz`, h) }' }).value, '/readyz');
  });

  it('ignores comments, vendor/, testdata/ and _test.go files', () => {
    assert.deepEqual(
      go({
        'main.go': 'package main\n// mux.HandleFunc("/health", h)\n/* e.GET("/healthz", h) */',
        'vendor/x/a.go': 'package x\nfunc f() { mux.HandleFunc("/health", h) }',
        'main_test.go': 'package main\nfunc T() { mux.HandleFunc("/ping", h) }',
      }),
      LIVENESS,
    );
  });
});

describe('e2e fixtures record whether their health route is detected', () => {
  for (const c of loadE2eCases()) {
    it(`${c.fixture}: healthRouteDetected matches the generator's detection`, async () => {
      const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, `${c.fixture}.e2e.json`), 'utf8')) as { healthRouteDetected?: unknown };
      assert.equal(typeof raw.healthRouteDetected, 'boolean', 'healthRouteDetected is recorded');
      const flags = Object.fromEntries(
        Object.entries(c.flags)
          .filter(([flag]) => flag !== 'health-path')
          .map(([flag, value]) => [flag.replace(/-([a-z])/g, (_, l: string) => l.toUpperCase()), value]),
      );
      const { resolution } = await generate(copyFixture(c.fixture), flags);
      const source = resolution.sources.healthPath!;
      // Found by itself: a route at file:line, or a framework's own health endpoint the project
      // turns on through a dependency in its build file (source: `<build file> <dependency> ...`).
      const endpointFromDependency = /^[\w./-]+\.(xml|gradle|kts) \S/.test(source) && !resolution.answers.healthAnyStatus;
      const detected = /^[\w./()[\]-]+:\d+$/.test(source) || endpointFromDependency;
      assert.equal(detected, raw.healthRouteDetected, `detected health path ${resolution.answers.healthPath} from ${source}`);
    });
  }
});
