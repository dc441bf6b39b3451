import assert from 'node:assert/strict';
import {
  binaryName,
  detectCgo,
  detectGoVersion,
  detectMainPackage,
  detectPort,
  findMainPackages,
  goLine,
  goSourceFiles,
  importsC,
  moduleBaseName,
  normalizePackagePath,
  packageName,
  parseGoMod,
  portInGoSource,
  readGoMod,
} from '../../generators/stacks/go/detect.js';
import { detectGoHealthPath } from '../../generators/stacks/go/health.js';
import { LIVENESS_SOURCE } from '../../generators/lib/health-routes.js';
import { goHealthProbe, goProfile, goStartCommandProblem, PROBE_SOURCE, type GoDockerfileFacts } from '../../generators/stacks/go/profile.js';
import { DetectedValueError, ProjectError } from '../../generators/lib/errors.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { sniffStack } from '../../generators/stacks/index.js';
import { makeProject } from '../support/project.js';

// A server on 8080 (a Go main with no port is unclear: --yes stops on it).
const MAIN = 'package main\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const mod = (extra = '') => `module example.com/acme/svc\n\ngo 1.22\n${extra}`;

describe('Go detection', () => {
  describe('go.mod', () => {
    it('reads module, go, toolchain and counts requirements (comments ignored)', () => {
      const parsed = parseGoMod(
        [
          '// a comment',
          'module "example.com/x/y" // quoted',
          'go 1.22.3',
          'toolchain go1.23.1',
          'require example.com/a v1.0.0',
          'require (',
          '\texample.com/b v1.2.0 // indirect',
          '\texample.com/c v0.3.0',
          ')',
          'replace example.com/a => ../a',
        ].join('\n'),
      );
      assert.deepEqual(parsed, { module: 'example.com/x/y', go: '1.22.3', toolchain: '1.23.1', requires: 3 });
    });

    it('turns versions into the image release line', () => {
      assert.equal(goLine('1.22.3'), '1.22');
      assert.equal(goLine('1.21rc1'), '1.21');
      assert.equal(goLine('1.19'), '1.19');
      assert.equal(goLine('2.0'), undefined);
    });

    it('prefers the toolchain directive, then go, then the default', () => {
      assert.deepEqual(detectGoVersion(parseGoMod('module x\ngo 1.21\ntoolchain go1.26.2\n')), { value: '1.26', source: 'go.mod "toolchain go1.26.2"' });
      assert.deepEqual(detectGoVersion(parseGoMod('module x\ngo 1.25.1\n')), { value: '1.25', source: 'go.mod "go 1.25.1"' });
      assert.deepEqual(detectGoVersion(parseGoMod(mod('toolchain go1.23.4\n'))), {
        value: '1.26',
        source: 'go.mod "toolchain go1.23.4": end of life, so Go 1.26',
      });
      assert.match(detectGoVersion(parseGoMod('module x\n')).source, /^default/);
    });

    it('refuses a go.mod without a module line', () => {
      assert.throws(() => readGoMod(makeProject({ 'go.mod': 'go 1.22\n' })), ProjectError);
    });
  });

  describe('main packages', () => {
    it('finds the root package main', () => {
      const dir = makeProject({ 'go.mod': mod(), 'main.go': MAIN });
      assert.deepEqual(findMainPackages(dir), ['.']);
      assert.deepEqual(detectMainPackage(dir), { value: '.', source: 'package main in the module root' });
    });

    it('finds cmd/<name> and ignores libraries, tests-only mains and a root library', () => {
      const dir = makeProject({
        'go.mod': mod(),
        'lib.go': '// Package svc.\npackage svc\n',
        'cmd/api/main.go': '//go:build !windows\n\n/* doc */\npackage main\n',
        'cmd/tool/tool.go': 'package tool\n',
        'cmd/only-test/main_test.go': MAIN,
      });
      assert.deepEqual(findMainPackages(dir), ['./cmd/api']);
      assert.deepEqual(detectMainPackage(dir), { value: './cmd/api', source: 'package main in cmd/api/' });
    });

    it('leaves the choice open when there are several or none', () => {
      const several = makeProject({ 'go.mod': mod(), 'main.go': MAIN, 'cmd/worker/main.go': MAIN });
      assert.deepEqual(detectMainPackage(several), { value: '', source: 'several main packages: . (main.go), ./cmd/worker (cmd/worker/main.go)' });
      assert.equal(detectMainPackage(makeProject({ 'go.mod': mod(), 'lib.go': 'package svc\n' })).value, '');
    });

    it('reads the package clause after comments', () => {
      assert.equal(packageName('// package other\n/* package x */\npackage main\n'), 'main');
      assert.equal(packageName('no clause'), undefined);
    });

    it('normalises package paths and refuses ones leaving the module', () => {
      assert.equal(normalizePackagePath('cmd/api/'), './cmd/api');
      assert.equal(normalizePackagePath('./'), '.');
      assert.equal(normalizePackagePath('../other'), undefined);
      assert.equal(normalizePackagePath('/abs'), undefined);
      assert.equal(normalizePackagePath('cmd/$(x)'), undefined);
    });

    it('names the binary after the one cmd package, else the module without /vN', () => {
      assert.equal(binaryName(parseGoMod(mod()), ['./cmd/api']), 'api');
      assert.equal(binaryName(parseGoMod('module github.com/acme/orders/v2\n'), ['.']), 'orders');
      assert.equal(binaryName(parseGoMod('module github.com/acme/orders/v2\n'), ['./cmd/a', './cmd/b']), 'orders');
      assert.equal(moduleBaseName('svc'), 'svc');
    });
  });

  describe('cgo', () => {
    it('sees import "C" alone or in an import block, not in comments or strings of other files', () => {
      assert.equal(importsC('package main\n/*\n#include <stdio.h>\n*/\nimport "C"\n'), true);
      assert.equal(importsC('package main\nimport (\n\t"C"\n\t"fmt"\n)\n'), true);
      assert.equal(importsC('package main\n// import "C"\nimport "fmt"\n'), false);
      assert.equal(importsC('package main\nimport "fmt"\nvar s = "C"\n'), false);
    });

    it('ignores _test.go files, vendor/, testdata/ and nested modules', () => {
      const cgoMain = 'package main\nimport "C"\nfunc main() {}\n';
      const dir = makeProject({
        'go.mod': mod(),
        'main.go': MAIN,
        'c_test.go': cgoMain,
        'vendor/x/c.go': cgoMain,
        'testdata/c.go': cgoMain,
        'tools/go.mod': 'module tools\n',
        'tools/c.go': cgoMain,
      });
      assert.deepEqual(goSourceFiles(dir), ['main.go']);
      assert.deepEqual(detectCgo(dir), { file: undefined, cplusplus: false });
    });

    it('finds cgo in any package of the module, and C++ next to it', () => {
      const dir = makeProject({ 'go.mod': mod(), 'main.go': MAIN, 'internal/img/img.go': 'package img\nimport "C"\n', 'internal/img/resize.cpp': '' });
      assert.deepEqual(detectCgo(dir), { file: 'internal/img/img.go', cplusplus: true });
    });
  });

  describe('port and health path', () => {
    it('reads the PORT fallback near os.Getenv, then ":NNNN" literals', () => {
      assert.equal(portInGoSource('port := os.Getenv("PORT")\nif port == "" {\n\tport = "8081"\n}'), 8081);
      assert.equal(portInGoSource('addr := ":" + os.Getenv("PORT")\nif addr == ":" { addr = ":7000" }'), 7000);
      assert.equal(portInGoSource('http.ListenAndServe(":9090", nil)'), 9090);
      assert.equal(portInGoSource('srv := &http.Server{Addr: "127.0.0.1:3001"}'), 3001);
      assert.equal(portInGoSource('// http.ListenAndServe(":1234", nil)\nfmt.Println("x")'), undefined);
    });

    it('looks at the chosen main package, main.go first; finding nothing is no default but missing, naming the files read', () => {
      const dir = makeProject({
        'go.mod': mod(),
        'cmd/api/a.go': 'package main\nvar x = ":5000"\n',
        'cmd/api/main.go': 'package main\nvar y = ":6000"\n',
        'main.go': 'package main\nimport "example.com/acme/svc/internal/web"\nfunc main() { web.Serve(os.Getenv("PORT")) }\n',
        'internal/web/web.go': 'package web\nfunc Serve(p string) { http.ListenAndServe(":"+p, nil) }\n',
      });
      assert.deepEqual(detectPort(dir, './cmd/api'), { value: 6000, source: 'cmd/api/main.go' });
      const none = detectPort(dir, '.');
      assert.equal(none.missing, true);
      assert.match(none.source, /^no port found in the files the main package compiles \(main\.go, internal\/web\/web\.go\); looked for .*PORT, HTTP_PORT/);
      assert.doesNotMatch(none.source, /cmd\/api/, 'only the chosen package and what it imports are read');
    });

    it("takes Gin's documented default for Run() with no address, and no default for Echo or Fiber", () => {
      const gin = makeProject({
        'go.mod': mod(),
        'main.go': 'package main\nimport "github.com/gin-gonic/gin"\nfunc main() {\n\tr := gin.Default()\n\tr.Run() // listens on $PORT, else :8080\n}\n',
      });
      assert.deepEqual(detectPort(gin, '.'), { value: 8080, source: "main.go (Gin's Run() with no address: $PORT, else 8080)" });
      const commented = makeProject({
        'go.mod': mod(),
        'main.go': 'package main\nimport "github.com/gin-gonic/gin"\nfunc main() { r := gin.Default(); _ = r /* r.Run() */ }\n',
      });
      assert.equal(detectPort(commented, '.').missing, true, 'a Run() in a comment is not a server');
      const otherRun = makeProject({ 'go.mod': mod(), 'main.go': 'package main\nfunc main() { job.Run() }\n' });
      assert.equal(detectPort(otherRun, '.').missing, true, 'Run() of something that is not Gin');
      const echo = makeProject({
        'go.mod': mod(),
        'main.go': 'package main\nimport "github.com/labstack/echo/v4"\nfunc main() { e := echo.New(); e.Logger.Fatal(e.Start(addr())) }\n',
      });
      assert.equal(detectPort(echo, '.').missing, true, 'Echo has no default address');
      const fiber = makeProject({
        'go.mod': mod(),
        'main.go': 'package main\nimport "github.com/gofiber/fiber/v2"\nfunc main() { app := fiber.New(); app.Listen(":3000") }\n',
      });
      assert.equal(detectPort(fiber, '.').value, 3000, "Fiber's :3000 only when written");
    });

    it('finds a registered health route', () => {
      const dir = makeProject({
        'go.mod': mod(),
        'main.go': 'package main\nfunc main() { mux.HandleFunc("GET /readyz", h); mux.HandleFunc("/healthz", h) }\n',
      });
      assert.deepEqual(detectGoHealthPath(dir), { value: '/healthz', source: 'main.go:2' });
      assert.deepEqual(detectGoHealthPath(makeProject({ 'go.mod': mod(), 'main.go': MAIN })), { value: '/', source: LIVENESS_SOURCE, liveness: true });
    });
  });
});

describe('Go profile', () => {
  it('is sniffed from go.mod', () => {
    assert.deepEqual(sniffStack(makeProject({ 'go.mod': mod(), 'main.go': MAIN }))?.evidence, 'go.mod');
    assert.equal(sniffStack(makeProject({ 'go.mod': mod(), 'main.go': MAIN }))?.stack.id, 'go');
  });

  it('accepts Go versions for the image tag only', () => {
    for (const ok of ['1.22', '1.22.5', '1.19']) assert.equal(goProfile.checkRuntimeVersion(ok), undefined, ok);
    for (const bad of ['1', '22', '1.22-bookworm', 'latest', '1.12', '2.0']) assert.ok(goProfile.checkRuntimeVersion(bad), bad);
  });

  it('runs the built binary in /app, never go run or a shell', () => {
    assert.equal(goStartCommandProblem(['/app/server', '--verbose']), undefined);
    assert.match(goStartCommandProblem(['go', 'run', '.'])!, /not the go tool/);
    assert.match(goStartCommandProblem(['sh', '-c', '/app/server'])!, /\/app\/<name>/);
    assert.match(goStartCommandProblem(['/app/../bin/sh'])!, /\/app\/<name>/);
  });

  it('probes with the path as an argument and the port as the $PORT fallback', () => {
    assert.deepEqual(goHealthProbe(8080, '/healthz?full=1'), ['/usr/local/bin/healthcheck', '/healthz?full=1', '8080']);
    for (const line of PROBE_SOURCE) assert.doesNotMatch(line, /['%$\t]/, `printf-safe: ${line}`);
  });

  describe('--main-package', () => {
    it('with several main packages, --yes fails naming the flag to pass and the candidates (not as if it had been given)', async () => {
      const dir = makeProject({ 'go.mod': mod(), 'cmd/api/main.go': MAIN, 'cmd/worker/main.go': MAIN });
      await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), (error: unknown) => {
        assert.ok(error instanceof DetectedValueError, String(error));
        assert.equal(error.flag, 'main-package');
        assert.doesNotMatch(error.message, /^--main-package:/);
        assert.match(error.message, /\.\/cmd\/api, \.\/cmd\/worker/);
        assert.match(error.message, /pass --main-package/);
        return true;
      });
    });

    it('takes the flag, normalised, and builds that package', async () => {
      const dir = makeProject({ 'go.mod': mod(), 'cmd/api/main.go': MAIN, 'cmd/worker/main.go': 'package main\nvar p = ":7070"\n' });
      const { answers, sources } = await resolveAnswers({ dir, flags: { mainPackage: 'cmd/worker/' }, stored: {} });
      assert.equal(answers.stack.mainPackage, './cmd/worker');
      assert.equal(sources.mainPackage, 'flag --main-package');
      assert.deepEqual(answers.startCommand, ['/app/worker']);
      assert.equal(answers.port, 7070, 'the port is read from the chosen package');
      const plan = goProfile.plan(answers, dir);
      assert.equal((plan.dockerfile as GoDockerfileFacts).mainPackage, './cmd/worker');
    });

    it('refuses a folder without package main, and a path outside the module', async () => {
      const dir = makeProject({ 'go.mod': mod(), 'main.go': MAIN, 'internal/x/x.go': 'package x\n' });
      await assert.rejects(
        resolveAnswers({ dir, flags: { mainPackage: './internal/x' }, stored: {} }),
        /--main-package: ".\/internal\/x" is not allowed: a folder of this module holding package main: \./,
      );
      await assert.rejects(resolveAnswers({ dir, flags: { mainPackage: '../x' }, stored: {} }), /--main-package: "..\/x" is not allowed/);
    });

    it('is not a setting of other stacks', async () => {
      const dir = makeProject({ 'package.json': '{"name":"web"}' });
      await assert.rejects(
        resolveAnswers({ dir, flags: { mainPackage: '.' }, stored: {} }),
        /--main-package: "." is not allowed: nothing: Node.js apps have no main package setting/,
      );
    });
  });

  describe('plan', () => {
    it('builds static for pure Go and with cgo on distroless base; downloads modules only with go.sum', async () => {
      const pure = makeProject({ 'go.mod': mod('require example.com/a v1.0.0\n'), 'go.sum': 'example.com/a v1.0.0 h1:x=\n', 'main.go': MAIN });
      const r1 = await resolveAnswers({ dir: pure, flags: {}, stored: {} });
      const df1 = goProfile.plan(r1.answers, pure).dockerfile as GoDockerfileFacts;
      assert.equal(df1.images.runtime, 'gcr.io/distroless/static-debian12:nonroot');
      assert.equal(df1.moduleFiles, 'go.mod go.sum');
      assert.deepEqual(df1.buildEnv, ['CGO_ENABLED=0', 'GOTOOLCHAIN=local']);

      const cgo = makeProject({
        'go.mod': mod('require example.com/a v1.0.0\n'),
        'main.go': 'package main\nimport "C"\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      });
      const r2 = await resolveAnswers({ dir: cgo, flags: {}, stored: {} });
      const df2 = goProfile.plan(r2.answers, cgo).dockerfile as GoDockerfileFacts;
      assert.equal(df2.images.runtime, 'gcr.io/distroless/base-debian12:nonroot');
      assert.deepEqual(df2.buildEnv, ['CGO_ENABLED=1', 'GOTOOLCHAIN=local']);
      assert.equal(df2.moduleFiles, undefined);
      assert.ok(
        r2.warnings.some((w) => /no go\.sum/.test(w)),
        'warns that requirements have no go.sum',
      );
      assert.ok(r2.warnings.some((w) => /cgo in main\.go/.test(w)));
    });
  });
});
