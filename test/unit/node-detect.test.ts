import assert from 'node:assert/strict';
import {
  detectBuildCommand,
  detectNodeVersion,
  detectPackageManager,
  detectPort,
  detectStartCommand,
  majorSatisfies,
  NODE_LTS_MAJOR,
  packageManagerFacts,
  parseVersionFile,
  pickNodeMajor,
  portInSource,
  readPackageJson,
  startCommandProblem,
} from '../../generators/stacks/node/detect.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { decideNodeVersion, isEndOfLife, parseToolVersions, parseVersionPin, pickMaintainedMajor } from '../../generators/stacks/node/engines.js';

const TODAY = '2026-11-30';
import { makeProject } from '../support/project.js';
import { planStart } from '../../generators/stacks/node/layouts.js';

const pkg = (fields: object) => JSON.stringify({ name: 'x', ...fields });

describe('Node.js detection', () => {
  describe('runtime version', () => {
    it('reads the newest maintained major from engines.node ranges (on 2026-11-30)', () => {
      const pick = (range: string) => pickMaintainedMajor(range, TODAY)?.major;
      assert.equal(pick('^20.11.0'), 20);
      assert.equal(pick('20.x'), 20);
      assert.equal(pick('~22.3'), 22);
      assert.equal(pick('18 || 20'), 20);
      assert.equal(pick('>=18 <21'), 20);
      assert.equal(pick('>=18'), 26, 'an open range gets the newest maintained LTS line');
      assert.equal(pick('>=18 <26'), 24);
      assert.equal(pick('<=16'), undefined, 'no bookworm image below 18');
      assert.equal(pick('>=14'), 26, 'not node:14 (no such tag)');
      assert.equal(pick('22.11.0'), 22);
      assert.equal(pick('not a range'), undefined);
      assert.equal(pickNodeMajor('not a range'), undefined);
    });

    it('judges comparators on majors', () => {
      assert.equal(majorSatisfies('>20', 20), false);
      assert.equal(majorSatisfies('>20.1', 20), true);
      assert.equal(majorSatisfies('<22', 22), false);
      assert.equal(majorSatisfies('<22.1', 22), true);
      assert.equal(majorSatisfies('*', 5), true);
    });

    it('reads .nvmrc and .node-version forms', () => {
      assert.equal(parseVersionFile('v20.11.1\n'), '20');
      assert.equal(parseVersionFile('22'), '22');
      assert.equal(parseVersionFile('lts/iron'), '20');
      assert.equal(parseVersionFile('lts/*'), String(NODE_LTS_MAJOR));
      assert.equal(parseVersionFile('# comment\n18.20.4'), '18');
      assert.equal(parseVersionFile('lts/constructor'), undefined, 'only own codenames');
      assert.equal(parseVersionFile('node'), undefined);
    });

    it('a pin the range allows wins; a pin outside it is named and not used', () => {
      const all = makeProject({ 'package.json': pkg({ engines: { node: '^18' } }), '.nvmrc': '20', '.node-version': '22' });
      const d = decideNodeVersion(all, readPackageJson(all), TODAY);
      assert.deepEqual(d.detected, { value: '18', source: 'package.json "engines.node" (^18)' });
      assert.ok(
        d.warnings.some((w) => w.includes('.nvmrc (20) is outside package.json "engines.node" (^18)')),
        d.warnings.join('\n'),
      );
      assert.ok(
        d.warnings.some((w) => w.includes('allows only Node.js lines past their end of life: using 18')),
        d.warnings.join('\n'),
      );
      const nvm = makeProject({ 'package.json': pkg({ engines: { node: '>=18' } }), '.nvmrc': 'v22.1.0', '.node-version': '24' });
      const n = decideNodeVersion(nvm, readPackageJson(nvm), TODAY);
      assert.equal(n.detected.value, '22');
      assert.equal(n.detected.source, '.nvmrc (22); within package.json "engines.node" (>=18); also .node-version (24)');
      assert.deepEqual(n.warnings, []);
      const nv = makeProject({ 'package.json': pkg({}), '.node-version': '22' });
      assert.equal(detectNodeVersion(nv, readPackageJson(nv)).value, '22');
      const none = makeProject({ 'package.json': pkg({}) });
      assert.equal(detectNodeVersion(none, readPackageJson(none)).value, String(NODE_LTS_MAJOR));
    });

    it('reads volta.node and the nodejs line of .tool-versions, volta first', () => {
      const both = makeProject({ 'package.json': pkg({ volta: { node: '22.11.0', npm: '10.9.0' } }), '.tool-versions': 'python 3.12.1\nnodejs 24.1.0\n' });
      const d = decideNodeVersion(both, readPackageJson(both), TODAY);
      assert.equal(d.detected.value, '22');
      assert.equal(d.detected.source, 'package.json "volta.node" (22.11.0); also .tool-versions (nodejs 24)');
      const tv = makeProject({ 'package.json': pkg({}), '.tool-versions': '# asdf\nnodejs   24.1.0 system\n' });
      assert.equal(decideNodeVersion(tv, readPackageJson(tv), TODAY).detected.source, '.tool-versions (nodejs 24)');
    });

    it('an end-of-life pin is kept with a warning naming it; one without an image says so', () => {
      const old = makeProject({ 'package.json': pkg({}), '.nvmrc': '20' });
      const d = decideNodeVersion(old, readPackageJson(old), TODAY);
      assert.equal(d.detected.value, '20');
      assert.match(d.warnings.join('\n'), /Node\.js 20 \(from \.nvmrc \(20\)\) is past its end of life \(2026-04-30\)/);
      const ancient = makeProject({ 'package.json': pkg({}), '.nvmrc': '14' });
      assert.match(decideNodeVersion(ancient, readPackageJson(ancient), TODAY).warnings.join('\n'), /no node:14-bookworm-slim image/);
      const none = makeProject({ 'package.json': pkg({ engines: { node: '<=16' } }) });
      const n = decideNodeVersion(none, readPackageJson(none), TODAY);
      assert.equal(n.detected.value, String(NODE_LTS_MAJOR));
      assert.match(n.warnings.join('\n'), /allows no Node\.js major with a node:<major>-bookworm-slim image/);
    });

    it('end of life is judged against the date', () => {
      assert.equal(isEndOfLife(20, '2026-04-30'), false);
      assert.equal(isEndOfLife(20, '2026-05-01'), true);
      assert.equal(isEndOfLife(16, '2020-01-01'), true, 'below the first image major');
      assert.equal(isEndOfLife(26, TODAY), false);
      assert.deepEqual(pickMaintainedMajor('^20', TODAY), { major: 20, endOfLife: true });
      assert.deepEqual(pickMaintainedMajor('>=18', '2025-01-01'), { major: 26, endOfLife: false });
      assert.deepEqual(pickMaintainedMajor('^25 || ^23', TODAY), { major: 25, endOfLife: true });
    });
  });

  describe('package manager', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ 'package-lock.json': '{}' }, 'npm', 'package-lock.json'],
      [{ 'npm-shrinkwrap.json': '{}' }, 'npm', 'npm-shrinkwrap.json'],
      [{ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, 'pnpm', 'pnpm-lock.yaml'],
      [{ 'yarn.lock': '# yarn lockfile v1\n' }, 'yarn', 'yarn.lock'],
      [{ 'bun.lockb': 'x' }, 'bun', 'bun.lockb'],
      [{ 'bun.lock': '{}' }, 'bun', 'bun.lock'],
      [{}, 'npm', 'default (no lockfile)'],
    ];
    for (const [files, name, source] of cases) {
      it(`${Object.keys(files)[0] ?? 'no lockfile'} → ${name}`, () => {
        const dir = makeProject({ 'package.json': pkg({}), ...files });
        assert.deepEqual(detectPackageManager(dir, readPackageJson(dir)), { value: name, source });
      });
    }

    it('the packageManager field wins over lockfiles and pins the version', () => {
      const dir = makeProject({ 'package.json': pkg({ packageManager: 'pnpm@9.12.0+sha512.abc' }), 'package-lock.json': '{}' });
      const json = readPackageJson(dir);
      assert.equal(detectPackageManager(dir, json).value, 'pnpm');
      assert.equal(packageManagerFacts(dir, json, 'pnpm').version, '9.12.0');
    });

    it('tells yarn berry from yarn classic', () => {
      const berry = makeProject({ 'package.json': pkg({}), 'yarn.lock': '__metadata:\n  version: 8\n', '.yarnrc.yml': 'nodeLinker: node-modules\n' });
      assert.equal(packageManagerFacts(berry, readPackageJson(berry), 'yarn').berry, true);
      const byField = makeProject({ 'package.json': pkg({ packageManager: 'yarn@4.5.1' }) });
      assert.deepEqual(
        { ...packageManagerFacts(byField, readPackageJson(byField), 'yarn') },
        { name: 'yarn', berry: true, version: '4.5.1', lockfile: undefined },
      );
      const classic = makeProject({ 'package.json': pkg({}), 'yarn.lock': '# yarn lockfile v1\n' });
      assert.deepEqual(packageManagerFacts(classic, readPackageJson(classic), 'yarn'), {
        name: 'yarn',
        berry: false,
        version: '1.22.22',
        lockfile: 'yarn.lock',
      });
    });

    it('derives the pnpm major from the lockfile version', () => {
      const dir = makeProject({ 'package.json': pkg({}), 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" });
      assert.equal(packageManagerFacts(dir, readPackageJson(dir), 'pnpm').version, '8');
    });
  });

  describe('start and build commands', () => {
    it('takes a node start script, dropping env assignments', () => {
      const dir = makeProject({ 'package.json': pkg({ scripts: { build: 'tsc', start: 'NODE_ENV=production node --enable-source-maps dist/main.js' } }) });
      assert.deepEqual(detectStartCommand(dir, readPackageJson(dir)).value, ['node', '--enable-source-maps', 'dist/main.js']);
    });

    it('prefers start:prod over a development start script (NestJS layout)', () => {
      const dir = makeProject({ 'package.json': pkg({ scripts: { build: 'nest build', start: 'nest start', 'start:prod': 'node dist/main' } }) });
      assert.deepEqual(detectStartCommand(dir, readPackageJson(dir)), { value: ['node', 'dist/main'], source: 'package.json "scripts.start:prod"' });
    });

    it('never turns nodemon, ts-node or nest start into the CMD', () => {
      for (const script of ['nodemon server.js', 'nest start', 'tsx watch src/index.ts', 'node --watch app.js']) {
        const dir = makeProject({ 'package.json': pkg({ scripts: { start: script } }), 'app.js': '' });
        const found = detectStartCommand(dir, readPackageJson(dir)).value;
        assert.equal(startCommandProblem(found), undefined, `${script} → ${found.join(' ')}`);
        assert.notEqual(found.join(' '), script);
      }
    });

    it('maps ts-node src/x.ts onto tsconfig outDir', () => {
      const dir = makeProject({
        'package.json': pkg({ scripts: { build: 'tsc', start: 'ts-node src/server.ts' } }),
        'tsconfig.json': '{ "compilerOptions": { "outDir": "./build", "rootDir": "src", } }',
      });
      assert.deepEqual(detectStartCommand(dir, readPackageJson(dir)).value, ['node', 'build/server.js']);
    });

    it('falls back to main, then a conventional entry file', () => {
      const main = makeProject({ 'package.json': pkg({ main: './lib/index.js' }), 'lib/index.js': '' });
      assert.deepEqual(detectStartCommand(main, readPackageJson(main)).value, ['node', 'lib/index.js']);
      const entry = makeProject({ 'package.json': pkg({}), 'app.js': '' });
      assert.deepEqual(detectStartCommand(entry, readPackageJson(entry)).value, ['node', 'app.js']);
    });

    it('never writes a fake default: nothing credible → empty, naming what was looked at', () => {
      for (const files of [
        { 'package.json': pkg({}) },
        { 'package.json': pkg({ main: 'app.js' }) },
        { 'package.json': pkg({ scripts: { start: 'node dist/main.js' } }) },
        { 'package.json': pkg({ scripts: { start: 'pm2 start ecosystem.config.js' } }) },
        { 'package.json': pkg({ scripts: { start: 'ts-node src/x.ts' }, devDependencies: { 'ts-node': '1' } }) },
      ]) {
        const dir = makeProject(files);
        const found = detectStartCommand(dir, readPackageJson(dir));
        assert.deepEqual(found.value, [], files['package.json']);
        assert.match(found.source, /looked at .*index\.js/);
      }
    });

    it('resolves node_modules/.bin programs, cross-env and pm2 to what the image has', () => {
      const next = makeProject({
        'package.json': pkg({ dependencies: { 'fastify-cli': '8' }, scripts: { start: 'fastify start -l info app.js' } }),
        'app.js': '',
      });
      assert.deepEqual(detectStartCommand(next, readPackageJson(next)).value, ['node', 'node_modules/fastify-cli/cli.js', 'start', '-l', 'info', 'app.js']);
      const cross = makeProject({
        'package.json': pkg({ scripts: { start: 'cross-env NODE_OPTIONS=--enable-source-maps APP_MODE=web node server.js' } }),
        'server.js': '',
      });
      const plan = planStart(cross, readPackageJson(cross));
      assert.deepEqual(plan.detected.value, ['node', 'server.js']);
      assert.deepEqual(plan.env, ['NODE_OPTIONS=--enable-source-maps', 'APP_MODE=web']);
      const pm2 = makeProject({
        'package.json': pkg({ dependencies: { pm2: '5' }, scripts: { start: 'pm2-runtime start ecosystem.config.js' } }),
        'ecosystem.config.js': "module.exports = { apps: [{ name: 'web', script: './src/server.js' }] };",
        'src/server.js': '',
      });
      assert.deepEqual(detectStartCommand(pm2, readPackageJson(pm2)).value, ['node', 'src/server.js']);
      // A program only in devDependencies is not in the runtime image.
      const dev = makeProject({ 'package.json': pkg({ devDependencies: { serve: '1' }, scripts: { start: 'serve -s build' } }) });
      assert.deepEqual(detectStartCommand(dev, readPackageJson(dev)).value, []);
    });

    it('knows the framework layouts', () => {
      const standalone = makeProject({
        'package.json': pkg({ dependencies: { next: '16' }, scripts: { build: 'next build', start: 'next start' } }),
        'next.config.ts': "export default { output: 'standalone' };",
        public: '',
      });
      assert.deepEqual(
        planStart(standalone, readPackageJson(standalone)).layout?.copies.map((c) => c.from),
        ['.next/standalone', '.next/static', 'public'],
      );
      const commented = makeProject({
        'package.json': pkg({ dependencies: { next: '16' } }),
        'next.config.mjs': "export default { /* output: 'standalone' */ };",
      });
      assert.deepEqual(detectStartCommand(commented, readPackageJson(commented)).value, ['node', 'node_modules/next/dist/bin/next', 'start']);
      const sk = makeProject({
        'package.json': pkg({ devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-auto': '6' } }),
        'svelte.config.js': "import adapter from '@sveltejs/adapter-auto';",
      });
      assert.match(detectStartCommand(sk, readPackageJson(sk)).source, /adapter-auto.*adapter-node/);
      const nuxt = makeProject({ 'package.json': pkg({ dependencies: { nuxt: '4' } }) });
      assert.deepEqual(detectStartCommand(nuxt, readPackageJson(nuxt)).value, ['node', '.output/server/index.mjs']);
    });

    it('Angular SSR: server.mjs under outputPath, and the host names its host check lets through', () => {
      const angular = (options: object) =>
        makeProject({
          'package.json': pkg({ dependencies: { '@angular/ssr': '22.2.0' }, scripts: { build: 'ng build' } }),
          'angular.json': JSON.stringify({ projects: { shop: { architect: { build: { builder: '@angular/build:application', options } } } } }),
        });
      const plain = angular({ security: { allowedHosts: [] } });
      const plan = planStart(plain, readPackageJson(plain));
      assert.deepEqual(plan.detected.value, ['node', 'dist/shop/server/server.mjs']);
      assert.deepEqual(plan.layout?.copies, [{ from: 'dist', to: 'dist' }]);
      // Angular SSR answers 400 to any Host header it was not told about: the probe's and local runs' hosts are set.
      assert.deepEqual(plan.env, ['NG_ALLOWED_HOSTS=localhost,127.0.0.1']);
      assert.match(plan.notes.join('\n'), /NG_ALLOWED_HOSTS=localhost,127\.0\.0\.1.*400 Bad Request.*security\.allowedHosts/);
      // "*" already lets every host through: nothing to set.
      const any = angular({ security: { allowedHosts: ['*'] } });
      assert.deepEqual(planStart(any, readPackageJson(any)).env, []);
      // outputPath as a string, and as { base, server }.
      const out = angular({ outputPath: './build/web/' });
      assert.deepEqual(detectStartCommand(out, readPackageJson(out)).value, ['node', 'build/web/server/server.mjs']);
      const object = angular({ outputPath: { base: 'out', server: 'node' } });
      assert.deepEqual(planStart(object, readPackageJson(object)).layout?.start, ['node', 'out/node/server.mjs']);
      assert.deepEqual(planStart(object, readPackageJson(object)).layout?.copies, [{ from: 'out', to: 'out' }]);
      // A path that leaves the project is not a layout.
      const outside = angular({ outputPath: '../elsewhere' });
      assert.equal(planStart(outside, readPackageJson(outside)).layout, undefined);
    });

    it('React Router framework mode and Next.js standalone: start, copies and host variable', () => {
      const rr = makeProject({
        'package.json': pkg({
          dependencies: { 'react-router': '8.4.0', '@react-router/node': '8.4.0', '@react-router/serve': '8.4.0' },
          devDependencies: { '@react-router/dev': '8.4.0' },
          scripts: { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' },
        }),
      });
      const plan = planStart(rr, readPackageJson(rr));
      assert.deepEqual(plan.detected.value, ['node', 'node_modules/@react-router/serve/dist/cli.js', 'build/server/index.js']);
      assert.deepEqual(plan.layout?.copies, [{ from: 'build', to: 'build' }]);
      const next = makeProject({
        'package.json': pkg({ dependencies: { next: '16.4.3' }, scripts: { build: 'next build', start: 'next start' } }),
        'next.config.ts': 'const nextConfig = {\n  cacheComponents: true,\n  output: "standalone",\n};\nexport default nextConfig;\n',
      });
      const standalone = planStart(next, readPackageJson(next));
      assert.deepEqual(standalone.detected.value, ['node', 'server.js']);
      assert.deepEqual(standalone.env, ['HOSTNAME=0.0.0.0']);
      assert.equal(standalone.layout?.prodDeps, false);
    });

    it('Nuxt and Nitro: the node-server preset runs, another preset is reported (config nitro block or NITRO_PRESET)', () => {
      const nuxt = (files: Record<string, string>, scripts: Record<string, string> = { build: 'nuxt build' }) => {
        const dir = makeProject({ 'package.json': pkg({ dependencies: { nuxt: '^4.5.2' }, scripts }), ...files });
        return detectStartCommand(dir, readPackageJson(dir));
      };
      const server = ['node', '.output/server/index.mjs'];
      assert.deepEqual(nuxt({ 'nuxt.config.ts': "export default defineNuxtConfig({ nitro: { preset: 'node-server' } })" }).value, server);
      // A module's own `preset:` option is not Nitro's; a commented-out preset does not count.
      assert.deepEqual(
        nuxt({ 'nuxt.config.ts': "export default defineNuxtConfig({ icon: { preset: 'x' }, nitro: { compressPublicAssets: { gzip: true } } })" }).value,
        server,
      );
      assert.deepEqual(nuxt({ 'nuxt.config.ts': "export default defineNuxtConfig({ nitro: { /* preset: 'vercel' */ } })" }).value, server);
      const vercel = nuxt({ 'nuxt.config.ts': "export default defineNuxtConfig({\n  nitro: { storage: { a: {} }, preset: 'vercel' },\n})" });
      assert.deepEqual(vercel.value, []);
      assert.match(vercel.source, /Nitro preset "vercel" from nuxt\.config\.ts.*"node-server" preset/);
      assert.match(nuxt({}, { build: 'nuxt generate' }).source, /runs "nuxt generate", which writes a static site/);
      const env = nuxt({}, { build: 'NITRO_PRESET=netlify nuxt build' });
      assert.match(env.source, /preset "netlify" from package\.json "scripts\.build" \(NITRO_PRESET=netlify\)/);
      const nitro = makeProject({
        'package.json': pkg({ devDependencies: { nitropack: '^2.13.6' }, scripts: { build: 'nitro build' } }),
        'nitro.config.ts': "export default defineNitroConfig({ srcDir: 'server' })",
      });
      const plan = planStart(nitro, readPackageJson(nitro));
      assert.deepEqual(plan.detected.value, server);
      assert.equal(plan.layout?.prodDeps, false);
      assert.deepEqual(plan.env, ['NITRO_HOST=0.0.0.0']);
      const cf = makeProject({
        'package.json': pkg({ dependencies: { nitro: '^3' } }),
        'nitro.config.ts': "export default defineNitroConfig({ preset: 'cloudflare-module' })",
      });
      assert.match(detectStartCommand(cf, readPackageJson(cf)).source, /Nitro builds with the Nitro preset "cloudflare-module" from nitro\.config\.ts/);
    });

    it('Astro: @astrojs/node standalone runs dist/server/entry.mjs; middleware mode and other adapters are reported', () => {
      const astro = (deps: Record<string, string>, config: string) => {
        const dir = makeProject({
          'package.json': pkg({ dependencies: { astro: '^7.3.5', ...deps }, scripts: { build: 'astro build' } }),
          'astro.config.mjs': config,
        });
        return planStart(dir, readPackageJson(dir));
      };
      const standalone = astro(
        { '@astrojs/node': '^11.1.6' },
        "import node from '@astrojs/node';\nexport default defineConfig({ adapter: node({ mode: 'standalone' }) });",
      );
      assert.deepEqual(standalone.detected.value, ['node', 'dist/server/entry.mjs']);
      assert.deepEqual(standalone.env, ['HOST=0.0.0.0']);
      assert.equal(standalone.layout?.prodDeps, true);
      const outDir = astro({ '@astrojs/node': '^11.1.6' }, "export default defineConfig({ outDir: './build/', adapter: node({ mode: 'standalone' }) });");
      assert.deepEqual(outDir.detected.value, ['node', 'build/server/entry.mjs']);
      assert.deepEqual(outDir.layout?.copies, [{ from: 'build', to: 'build' }]);
      // An outDir no COPY can name (outside the project) is reported, not replaced by a guess.
      const outside = astro({ '@astrojs/node': '^11' }, "export default defineConfig({ outDir: '../out' });");
      assert.deepEqual(outside.detected.value, []);
      assert.match(
        outside.notes.join('\n'),
        /astro\.config\.mjs outDir "\.\.\/out" cannot be copied out of the build stage \(.*"\.\." would reach outside the project\)/,
      );
      const middleware = astro({ '@astrojs/node': '^11.1.6' }, "export default defineConfig({ adapter: node({ mode: 'middleware' }) });");
      assert.match(middleware.detected.source, /"middleware" mode in astro\.config\.mjs/);
      const vercel = astro({ '@astrojs/vercel': '^9' }, "import vercel from '@astrojs/vercel';\nexport default defineConfig({ adapter: vercel() });");
      assert.deepEqual(vercel.detected.value, []);
      assert.match(vercel.notes.join('\n'), /adapter @astrojs\/vercel, which is not a Node\.js server: add Node's with "npx astro add node"/);
      const noAdapter = astro({}, "export default defineConfig({ output: 'server' });");
      assert.deepEqual(noAdapter.detected.value, []);
      assert.match(noAdapter.notes.join('\n'), /astro\.config\.mjs renders pages on a server \(output: 'server'\) but no adapter is installed/);
    });

    it('refuses package-manager wrappers and shells as start commands', () => {
      assert.match(startCommandProblem(['npm', 'start'])!, /not through npm/);
      assert.match(startCommandProblem(['yarn', 'start'])!, /not through yarn/);
      assert.match(startCommandProblem(['sh', '-c', 'node x'])!, /not through a shell/);
      assert.match(startCommandProblem(['next', 'dev'])!, /development server/);
      assert.equal(startCommandProblem(['node', 'server.js']), undefined);
      assert.equal(startCommandProblem(['next', 'start']), undefined);
    });

    it('runs the build script with the chosen package manager', () => {
      const json = { name: 'x', scripts: { build: 'tsc' } };
      assert.deepEqual(detectBuildCommand(json, 'npm').value, ['npm', 'run', 'build']);
      assert.deepEqual(detectBuildCommand(json, 'yarn').value, ['yarn', 'build']);
      assert.deepEqual(detectBuildCommand({ name: 'x' }, 'npm').value, []);
    });
  });

  describe('port', () => {
    it('finds PORT fallbacks and listen() calls in source', () => {
      assert.equal(portInSource('const port = process.env.PORT || 8080;'), 8080);
      assert.equal(portInSource("const p = Number(process.env.PORT ?? '5000')"), 5000);
      assert.equal(portInSource('app.listen(4567, () => {})'), 4567);
      assert.equal(portInSource('console.log("hi")'), undefined);
      // Angular's generated server.ts uses bracket access.
      assert.equal(portInSource("const port = process.env['PORT'] || 4000;"), 4000);
      assert.equal(portInSource('const port = Number(process.env["PORT"] ?? 4200);'), 4200);
      const ng = makeProject({ 'package.json': pkg({ dependencies: { '@angular/ssr': '22', express: '5' } }) });
      assert.equal(detectPort(ng, readPackageJson(ng), []).value, 4000);
    });

    it('looks at the TypeScript source of a compiled entry, then framework defaults', () => {
      const ts = makeProject({
        'package.json': pkg({}),
        'tsconfig.json': '{"compilerOptions":{"outDir":"dist","rootDir":"src"}}',
        'src/server.ts': 'const port = Number(process.env.PORT ?? 4000);',
      });
      assert.deepEqual(detectPort(ts, readPackageJson(ts), ['node', 'dist/server.js']), { value: 4000, source: 'src/server.ts' });
      const astro = makeProject({ 'package.json': pkg({ dependencies: { astro: '^4' } }) });
      assert.equal(detectPort(astro, readPackageJson(astro), ['node', 'x.js']).value, 4321);
      const none = makeProject({ 'package.json': pkg({}) });
      assert.deepEqual(detectPort(none, readPackageJson(none), ['node', 'x.js']), { value: 3000, source: 'default' });
    });
  });

  it('reports an unparseable package.json clearly', () => {
    const dir = makeProject({ 'package.json': '{ "name": ' });
    assert.throws(
      () => readPackageJson(dir),
      (e: unknown) => e instanceof ProjectError && /package\.json is not valid JSON/.test(e.message),
    );
  });
});

describe('stack choice by how the app runs', () => {
  it('a Vite app with a mock server in devDependencies is static; one that ships express is not', async () => {
    const { frontEndOf } = await import('../../generators/stacks/static/detect.js');
    const mock = makeProject({
      'package.json': JSON.stringify({
        name: 'v',
        scripts: { dev: 'vite', build: 'vite build' },
        devDependencies: { vite: '7', express: '5', 'json-server': '1' },
      }),
    });
    assert.equal(frontEndOf(mock, readPackageJson(mock))?.frontEnd, 'vite');
    const server = makeProject({
      'package.json': JSON.stringify({ name: 'v', scripts: { build: 'vite build' }, dependencies: { express: '5' }, devDependencies: { vite: '7' } }),
    });
    assert.equal(frontEndOf(server, readPackageJson(server)), undefined);
  });

  it('Create React App started through cross-env is static', async () => {
    const { frontEndOf } = await import('../../generators/stacks/static/detect.js');
    const cra = makeProject({
      'package.json': JSON.stringify({
        name: 'c',
        scripts: { start: 'cross-env PORT=4000 BROWSER=none react-scripts start', build: 'react-scripts build' },
        dependencies: { 'react-scripts': '5', 'cross-env': '7' },
      }),
    });
    assert.equal(frontEndOf(cra, readPackageJson(cra))?.frontEnd, 'cra');
  });
});

describe('Node.js version pins (engines.ts)', () => {
  it('parses pins and .tool-versions lines', () => {
    assert.equal(parseVersionPin('v20.11.0'), '20');
    assert.equal(parseVersionPin('lts/jod'), '22');
    assert.equal(parseVersionPin('latest'), undefined);
    assert.equal(parseToolVersions('nodejs 22.1.0 20.0.0'), '22');
    assert.equal(parseToolVersions('node 24'), '24');
    assert.equal(parseToolVersions('python 3.12'), undefined);
  });
});
