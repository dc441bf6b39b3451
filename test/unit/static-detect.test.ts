import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../generators/lib/errors.js';
import { nginxString } from '../../generators/lib/quote.js';
import { sniffStack } from '../../generators/stacks/index.js';
import { angularOutputDir, detectOutputDir, detectStaticKind, frontEndOf, outputDirProblem } from '../../generators/stacks/static/detect.js';
import { nginxHealthLocation, staticProfile } from '../../generators/stacks/static/profile.js';
import { readPackageJson } from '../../generators/stacks/node/detect.js';
import { FIXTURES_DIR, makeProject } from '../support/project.js';

const pkg = (fields: object) => JSON.stringify({ name: 'web', ...fields });
const sniffed = (files: Record<string, string>) => sniffStack(makeProject(files))?.stack.id;

describe('static site detection', () => {
  describe('sniffing: static before node, and strict', () => {
    it('every Node.js fixture stays node; every static fixture is static', () => {
      const fixtures = fs.readdirSync(FIXTURES_DIR).filter((f) => fs.statSync(path.join(FIXTURES_DIR, f)).isDirectory());
      assert.ok(fixtures.some((f) => f.startsWith('node-')) && fixtures.some((f) => f.startsWith('static-')));
      for (const fixture of fixtures) {
        const want = fixture.split('-')[0];
        assert.equal(sniffStack(path.join(FIXTURES_DIR, fixture))?.stack.id, want, fixture);
      }
    });

    it('recognises front-end builds', () => {
      assert.equal(sniffed({ 'package.json': pkg({ scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '^7.0.0' } }) }), 'static');
      assert.equal(
        sniffed({
          'package.json': pkg({
            scripts: { start: 'react-scripts start', build: 'react-scripts build' },
            dependencies: { react: '18', 'react-scripts': '5.0.1' },
          }),
        }),
        'static',
      );
      assert.equal(
        sniffed({
          'package.json': pkg({
            scripts: { start: 'ng serve' },
            dependencies: { '@angular/core': '^20' },
            devDependencies: { '@angular-devkit/build-angular': '^19' },
          }),
        }),
        'static',
      );
      assert.equal(
        sniffed({
          'package.json': pkg({ scripts: { build: 'astro build' }, dependencies: { astro: '^5' } }),
          'astro.config.mjs': "export default { output: 'static' };\n",
        }),
        'static',
      );
      assert.equal(
        sniffed({ 'package.json': pkg({ scripts: { start: 'npm run dev', dev: 'vite' }, devDependencies: { vite: '^7' } }) }),
        'static',
        'start delegating to a dev server',
      );
    });

    it('leaves anything that runs a server to node', () => {
      const cases: Record<string, string>[] = [
        { 'package.json': pkg({ scripts: { start: 'node server.js', build: 'vite build' }, devDependencies: { vite: '^7' } }) },
        { 'package.json': pkg({ scripts: { build: 'vite build' }, dependencies: { express: '^5' }, devDependencies: { vite: '^7' } }) },
        { 'package.json': pkg({ scripts: { build: 'next build' }, dependencies: { next: '15', react: '19' } }) },
        { 'package.json': pkg({ dependencies: { astro: '^5', '@astrojs/node': '^9' } }) },
        { 'package.json': pkg({ scripts: { build: 'vite build' }, dependencies: { nitro: '^3' }, devDependencies: { vite: '^8' } }) }, // Nitro v3 builds through its Vite plugin
        { 'package.json': pkg({ dependencies: { astro: '^5' } }), 'astro.config.mjs': "export default { output: 'server' };\n" },
        { 'package.json': pkg({ dependencies: { '@angular/core': '^20', '@angular/ssr': '^20' }, devDependencies: { '@angular/build': '^20' } }) },
        { 'package.json': pkg({ dependencies: { '@angular/core': '^20' } }) }, // no Angular builder: not a front-end build here
        { 'package.json': pkg({ scripts: { start: 'tsx src/server.ts' }, devDependencies: { vite: '^7' } }) },
        { 'package.json': pkg({ dependencies: { react: '19' } }), 'index.html': '<!doctype html>' }, // package.json wins over index.html
      ];
      for (const files of cases) assert.equal(sniffed(files), 'node', files['package.json']);
    });

    it('a folder with only index.html is a plain static site; an empty one is nothing', () => {
      assert.equal(sniffed({ 'index.html': '<!doctype html>' }), 'static');
      assert.deepEqual(detectStaticKind(makeProject({ 'index.html': 'x' }), undefined), { frontEnd: 'plain', evidence: 'index.html (no package.json)' });
      assert.equal(sniffed({ 'README.md': '# hi' }), undefined);
    });
  });

  describe('output folder', () => {
    const kindOf = (dir: string) => frontEndOf(dir, readPackageJson(dir))!;

    it('Vite: build.outDir from vite.config, else dist', () => {
      const vite = { 'package.json': pkg({ devDependencies: { vite: '^7' } }) };
      let dir = makeProject(vite);
      assert.deepEqual(detectOutputDir(dir, kindOf(dir)), { value: 'dist', source: 'Vite writes dist/' });
      dir = makeProject({ ...vite, 'vite.config.ts': "export default { build: { outDir: './public-dist/' } };\n" });
      assert.deepEqual(detectOutputDir(dir, kindOf(dir)), { value: 'public-dist', source: 'vite.config.ts "outDir"' });
    });

    it('Create React App: build', () => {
      const dir = makeProject({ 'package.json': pkg({ dependencies: { 'react-scripts': '5.0.1' } }) });
      assert.equal(detectOutputDir(dir, kindOf(dir)).value, 'build');
    });

    it('Angular: outputPath, with /browser for the application builder', () => {
      const angular = (build: object) => makeProject({ 'angular.json': JSON.stringify({ projects: { shop: { architect: { build } } } }) });
      assert.equal(angularOutputDir(angular({ builder: '@angular/build:application', options: { outputPath: 'dist/shop' } }))?.value, 'dist/shop/browser');
      assert.equal(angularOutputDir(angular({ builder: '@angular-devkit/build-angular:browser', options: { outputPath: 'dist/shop' } }))?.value, 'dist/shop');
      assert.equal(angularOutputDir(angular({ builder: '@angular/build:application', options: { outputPath: { base: 'out', browser: '' } } }))?.value, 'out');
      assert.equal(angularOutputDir(angular({ builder: '@angular/build:application', options: { outputPath: { base: 'out' } } }))?.value, 'out/browser');
      assert.equal(angularOutputDir(angular({ builder: '@angular/build:application', options: {} }))?.value, 'dist/shop/browser');
      assert.equal(angularOutputDir(makeProject({ 'angular.json': '{ not json' })), undefined);
    });

    it('validates --output-dir', () => {
      for (const ok of ['dist', 'build', 'dist/shop/browser', 'out_1']) assert.equal(outputDirProblem(ok, false), undefined, ok);
      for (const bad of ['/dist', '../dist', 'dist/../x', 'a b', 'dist;rm', 'node_modules', '.git/x', '', 'dist/./x'])
        assert.ok(outputDirProblem(bad, false), bad);
      assert.ok(outputDirProblem('.', false), '"." needs a plain site');
      assert.equal(outputDirProblem('.', true), undefined);
    });
  });

  describe('health path in nginx config', () => {
    it('matches the decoded path without the query, quoted for nginx', () => {
      assert.equal(nginxHealthLocation('/health'), '/health');
      assert.equal(nginxHealthLocation('/healthz?full=1'), '/healthz');
      assert.equal(nginxHealthLocation('/h%20x'), '/h x');
      assert.equal(nginxString('/h x;{}'), '"/h x;{}"');
      assert.equal(nginxString('a"b\\c'), '"a\\"b\\\\c"');
      assert.throws(() => nginxString('a\nb'));
    });

    it('refuses paths nginx would normalise or that shadow the site', () => {
      for (const bad of ['/', '/a//b', '/a/../b', '/a/./b', '/x%0a', '/%2e%2e/x']) {
        assert.throws(
          () => nginxHealthLocation(bad),
          (e: unknown) => e instanceof InputError && e.flag === 'health-path',
          bad,
        );
      }
    });
  });

  it('start command must run nginx', () => {
    assert.equal(staticProfile.checkStartCommand(['nginx', '-g', 'daemon off;']), undefined);
    assert.match(staticProfile.checkStartCommand(['node', 'server.js']) ?? '', /nginx/);
  });
});
