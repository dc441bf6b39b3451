/**
 * Go apps as found in the wild: main packages in any folder, detection read from the chosen
 * main package and what it imports, ports from env names / setting defaults / config files,
 * build tags, cgo through dependencies, Go versions mapped to image tags that exist.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cgoDependency,
  detectBuildTags,
  tagChoices,
  detectCgo,
  detectMainPackage,
  findMainPackages,
  localReplaces,
  mainPackageFiles,
  modulesWithContent,
  readGoMod,
  scanMainPackages,
} from '../../generators/stacks/go/detect.js';
import { chooseGoVersion, golangTagExists, goLineEndOfLife, GO_NEWEST_LINE } from '../../generators/stacks/go/go-versions.js';
import { buildConstraint, constraintHolds, importPaths, positiveCustomTags } from '../../generators/stacks/go/packages.js';
import { defaultPortInGoSource, envPortInGoSource, portInConfig, parseConfig } from '../../generators/stacks/go/ports.js';
import { goProfile, type GoDockerfileFacts } from '../../generators/stacks/go/profile.js';
import { DetectedValueError, ProjectError, UndetectedValueError } from '../../generators/lib/errors.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { makeProject } from '../support/project.js';

// A server on 8080 (a Go main with no port is unclear: --yes stops on it).
const MAIN = 'package main\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const GOMOD = 'module example.com/shop\n\ngo 1.26\n';

describe('Go apps: packages and build constraints', () => {
  it('reads //go:build before the package clause only', () => {
    assert.equal(buildConstraint('// Copyright\n\n//go:build prod && !debug\n\npackage main\n'), 'prod && !debug');
    assert.equal(buildConstraint('package main\n//go:build prod\n'), undefined);
  });

  it('evaluates constraints for a Linux build', () => {
    const none = new Set<string>();
    assert.equal(constraintHolds('linux && (amd64 || arm64)', none), true);
    assert.equal(constraintHolds('windows', none), false);
    assert.equal(constraintHolds('ignore', none), false);
    assert.equal(constraintHolds('prod', none), false);
    assert.equal(constraintHolds('prod', new Set(['prod'])), true);
    assert.equal(constraintHolds('!prod', new Set(['prod'])), false);
    assert.equal(constraintHolds('go1.21 && !cgo', none, false), true);
    assert.equal(constraintHolds('((((', none), true, 'malformed: looked at rather than missed');
    assert.equal(constraintHolds('!'.repeat(10_000) + 'x', none), true, 'deep nesting is cut, not a stack overflow');
    assert.deepEqual(positiveCustomTags('prod && !debug || linux || go1.22 || jsoniter'), ['prod', 'jsoniter']);
  });

  it('reads imports from single lines and blocks', () => {
    assert.deepEqual(importPaths('import "fmt"\nimport r "example.com/shop/internal/router"\nimport (\n\t"os"\n\tdb "example.com/shop/db"\n)\n').sort(), [
      'example.com/shop/db',
      'example.com/shop/internal/router',
      'fmt',
      'os',
    ]);
  });
});

describe('Go apps: main packages anywhere', () => {
  it('finds package main in any folder, root first, and skips //go:build ignore generators', () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'app/main.go': MAIN,
      'tools/gen/main.go': '//go:build ignore\n\npackage main\nfunc main() {}\n',
      'internal/x/x.go': 'package x\n',
    });
    assert.deepEqual(findMainPackages(dir), ['./app']);
    assert.deepEqual(detectMainPackage(dir), { value: './app', source: 'package main in app/' });
  });

  it('with none, names the files it read', () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'lib.go': 'package shop\n' });
    assert.match(detectMainPackage(dir).source, /no package main in any folder of the module \(read 1 \.go files: lib\.go\)/);
  });

  it('does not follow a symbolic link to a package main outside the project', async () => {
    const outside = makeProject({ 'main.go': MAIN });
    const dir = makeProject({ 'go.mod': GOMOD, 'lib.go': 'package shop\n' });
    fs.symlinkSync(outside, path.join(dir, 'linked'));
    assert.deepEqual(scanMainPackages(dir).found, []);
    assert.deepEqual(mainPackageFiles(dir, 'example.com/shop', './linked'), []);
    await assert.rejects(
      resolveAnswers({ dir, flags: { mainPackage: './linked' }, stored: {} }),
      /--main-package: "\.\/linked" is not allowed: a folder of this module holding package main \(found none\)/,
    );
  });

  it('follows module-local imports from the chosen main package only', () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'cmd/api/main.go': 'package main\nimport (\n\t"fmt"\n\t"example.com/shop/internal/http"\n)\nfunc main() {}\n',
      'internal/http/router.go': 'package http\nimport "example.com/shop/internal/store"\n',
      'internal/http/router_windows.go': '//go:build windows\n\npackage http\n',
      'internal/store/store.go': 'package store\nimport "example.com/shop/internal/http"\n',
      'internal/unused/unused.go': 'package unused\n',
      'cmd/worker/main.go': MAIN,
    });
    assert.deepEqual(mainPackageFiles(dir, 'example.com/shop', './cmd/api'), ['cmd/api/main.go', 'internal/http/router.go', 'internal/store/store.go']);
  });
});

describe('Go apps: ports', () => {
  it('reads common port variables with their fallback', () => {
    assert.deepEqual(envPortInGoSource('addr := os.Getenv("HTTP_PORT")\nif addr == "" { addr = "8081" }'), { port: 8081, envName: 'HTTP_PORT' });
    assert.deepEqual(envPortInGoSource('p, ok := os.LookupEnv("APP_PORT")\nif !ok { p = ":9000" }'), { port: 9000, envName: 'APP_PORT' });
    assert.equal(envPortInGoSource('x := os.Getenv("DB_PORT")\nif x == "" { x = "5432" }'), undefined, 'a database port is not the listening port');
  });

  it('reads viper, envconfig / env struct-tag and flag defaults', () => {
    assert.equal(defaultPortInGoSource('viper.SetDefault("server.port", 8090)')?.port, 8090);
    assert.deepEqual(defaultPortInGoSource('type C struct { Port int `envconfig:"SERVER_PORT" default:"7000"` }'), {
      port: 7000,
      envName: 'SERVER_PORT',
      how: 'default of SERVER_PORT in a struct tag',
    });
    assert.equal(defaultPortInGoSource('type C struct { Port int `env:"PORT" envDefault:"3000"` }')?.port, 3000);
    assert.equal(defaultPortInGoSource('port := flag.Int("port", 4000, "listen port")')?.port, 4000);
  });

  it('reads a port key from yaml, toml and json config files', () => {
    assert.deepEqual(portInConfig(parseConfig('config.yaml', 'server:\n  port: 9090\n')), { port: 9090, key: 'server.port' });
    assert.deepEqual(portInConfig(parseConfig('config.toml', '[http]\naddr = ":7070"\n')), { port: 7070, key: 'http.addr' });
    assert.deepEqual(portInConfig(parseConfig('config.json', '{"port": "8000"}')), { port: 8000, key: 'port' });
    assert.equal(portInConfig(parseConfig('config.json', '{"port": 99999}')), undefined);
    assert.equal(parseConfig('config.yaml', 'a: &a [*a, *a]\n: : :'), undefined);
  });

  it('reads the config file only when the chosen main package names it', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'config/config.yaml': 'server:\n  port: 9191\n',
      'main.go': 'package main\nimport "github.com/spf13/viper"\nfunc main() { viper.SetConfigName("config"); viper.AddConfigPath("./config") }\n',
    });
    const { answers, sources } = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(answers.port, 9191);
    assert.equal(sources.port, 'config/config.yaml "server.port"');
    const unnamed = makeProject({ 'go.mod': GOMOD, 'config.yaml': 'port: 9191\n', 'main.go': MAIN });
    assert.equal((await resolveAnswers({ dir: unnamed, flags: {}, stored: {} })).answers.port, 8080);
  });
});

describe('Go apps: cgo through dependencies', () => {
  it('knows cgo modules in go.mod and modules go.sum holds content for', () => {
    assert.deepEqual(cgoDependency('module x\nrequire gorm.io/driver/sqlite v1.5.0\nrequire github.com/mattn/go-sqlite3 v1.14.22 // indirect\n', ''), {
      module: 'github.com/mattn/go-sqlite3',
      file: 'go.mod',
      cplusplus: false,
    });
    assert.deepEqual(modulesWithContent('a.example/m v1.0.0 h1:x=\nb.example/n v1.0.0/go.mod h1:y=\n'), ['a.example/m']);
    assert.equal(cgoDependency('module x\n', 'github.com/mattn/go-sqlite3 v1.14.22/go.mod h1:y=\n'), undefined, 'a go.mod-only line is not a build dependency');
    assert.equal(cgoDependency('module x\nrequire modernc.org/sqlite v1.30.0\n', ''), undefined, 'pure-Go sqlite');
  });

  it('builds with CGO_ENABLED=1 on distroless base when go.mod requires go-sqlite3', async () => {
    const dir = makeProject({
      'go.mod': `${GOMOD}require github.com/mattn/go-sqlite3 v1.14.22\n`,
      'go.sum': 'github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n',
      'main.go': MAIN,
    });
    assert.equal(detectCgo(dir).module, 'github.com/mattn/go-sqlite3');
    const r = await resolveAnswers({ dir, flags: {}, stored: {} });
    const df = goProfile.plan(r.answers, dir).dockerfile as GoDockerfileFacts;
    assert.deepEqual(df.buildEnv, ['CGO_ENABLED=1', 'GOTOOLCHAIN=local']);
    assert.equal(df.images.runtime, 'gcr.io/distroless/base-debian12:nonroot');
    assert.ok(
      r.warnings.some((w) => /cgo through github\.com\/mattn\/go-sqlite3 \(go\.mod\)/.test(w)),
      r.warnings.join('\n'),
    );
  });

  it('reads import "C" only in the packages the chosen main package compiles', async () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'cmd/api/main.go': MAIN, 'cmd/tool/main.go': 'package main\nimport "C"\nfunc main() {}\n' });
    const r = await resolveAnswers({ dir, flags: { mainPackage: './cmd/api' }, stored: {} });
    assert.equal((goProfile.plan(r.answers, dir).dockerfile as GoDockerfileFacts).images.runtime, 'gcr.io/distroless/static-debian12:nonroot');
  });
});

describe('Go apps: build tags', () => {
  it('keeps the tags the main files need, and warns about tag-only variants', () => {
    const tagged = makeProject({ 'go.mod': GOMOD, 'main.go': '//go:build prod\n\npackage main\nfunc main() {}\n' });
    assert.deepEqual(detectBuildTags(tagged, '.').tags, ['prod']);
    const split = makeProject({ 'go.mod': GOMOD, 'main.go': MAIN, 'prod.go': '//go:build prod\n\npackage main\nfunc main() {}\n' });
    assert.deepEqual(detectBuildTags(split, '.'), {
      tags: [],
      source: 'none (the main package builds without tags)',
      variants: ['prod.go (//go:build prod)'],
      ambiguous: false,
    });
  });

  it('passes -tags to go build, from //go:build or --build-tags', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'main.go': '//go:build prod\n\npackage main\nfunc main() { http.ListenAndServe(":7001", nil) }\n',
      'dev.go': '//go:build !prod\n\npackage main\nvar p = ":7002"\n',
      'util.go': 'package main\n',
    });
    const r = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(r.answers.stack.buildTags, 'prod');
    assert.equal(r.answers.port, 7001, 'ports are read from the files the tags select');
    assert.equal((goProfile.plan(r.answers, dir).dockerfile as GoDockerfileFacts).tagsArg, ' -tags prod');
    const given = await resolveAnswers({ dir, flags: { buildTags: 'prod, jsoniter' }, stored: {} });
    assert.equal(given.answers.stack.buildTags, 'prod,jsoniter');
    await assert.rejects(resolveAnswers({ dir, flags: { buildTags: 'a;rm -rf' }, stored: {} }), /--build-tags: "a;rm -rf" is not allowed/);
  });
});

describe('Go apps: unclear build tags and ports stop under --yes', () => {
  const tagged = (tag: string, port = '') => `//go:build ${tag}\n\npackage main\nfunc main() { serve("${port}") }\n`;

  it('lists the tag sets a //go:build expression allows, smallest first', () => {
    assert.deepEqual(tagChoices('prod'), [['prod']]);
    assert.deepEqual(tagChoices('prod && linux && !debug'), [['prod']]);
    assert.deepEqual(tagChoices('prod || staging'), [['prod'], ['staging']]);
    assert.deepEqual(tagChoices('prod && jsoniter'), [['prod', 'jsoniter']]);
    assert.deepEqual(tagChoices('prod && windows'), [], 'never on Linux');
    assert.deepEqual(tagChoices('!dev'), []);
  });

  it('one tag set: used, and the summary says so; variants beside an untagged main are named', async () => {
    const one = makeProject({ 'go.mod': GOMOD, 'main.go': tagged('prod', ':8080'), 'util.go': 'package main\n' });
    const r = await resolveAnswers({ dir: one, flags: {}, stored: {} });
    assert.equal(r.answers.stack.buildTags, 'prod');
    assert.ok(
      r.warnings.some(
        (w) => w === 'the main package builds only with build tags: go build -tags prod (//go:build in main.go); pass --build-tags to build with others',
      ),
      r.warnings.join('\n'),
    );
    const split = makeProject({ 'go.mod': GOMOD, 'main.go': MAIN, 'prod.go': tagged('prod') });
    const s = await resolveAnswers({ dir: split, flags: {}, stored: {} });
    assert.ok(
      s.warnings.some((w) => /left out: prod\.go \(\/\/go:build prod\); pass --build-tags/.test(w)),
      s.warnings.join('\n'),
    );
    const chosen = await resolveAnswers({ dir: split, flags: { buildTags: 'prod' }, stored: {} });
    assert.ok(!chosen.warnings.some((w) => /build tags|--build-tags/.test(w)), 'not said once --build-tags chose');
  });

  it('several tag sets (a main per environment, or prod || staging): --yes stops naming the files and --build-tags', async () => {
    for (const files of [
      { 'main.go': tagged('prod', ':8080'), 'main_dev.go': tagged('dev', ':3000') } as Record<string, string>,
      { 'main.go': tagged('prod || staging', ':8080') },
    ]) {
      const dir = makeProject({ 'go.mod': GOMOD, ...files });
      assert.equal(detectBuildTags(dir, '.').ambiguous, true);
      await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), (error: unknown) => {
        assert.ok(error instanceof UndetectedValueError, String(error));
        assert.equal(error.flag, 'build-tags');
        assert.match(error.message, /^the main package builds only with build tags, and they allow several builds \((prod or dev|prod or staging)\): /);
        assert.match(error.message, /main\.go \(\/\/go:build prod/);
        assert.match(error.message, /\(read main\.go.*\); pass --build-tags \(nothing was written\)$/);
        return true;
      });
      const given = await resolveAnswers({ dir, flags: { buildTags: 'prod' }, stored: {} });
      assert.equal(given.answers.stack.buildTags, 'prod');
      assert.equal(given.answers.port, 8080, 'the port is read from the files that tag selects');
    }
  });

  it('no port in the main package or what it imports: --yes stops naming the files read, what is allowed and --port', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'cmd/api/main.go': 'package main\nimport "example.com/shop/internal/server"\nfunc main() { server.Run(os.Getenv("LISTEN_ADDR")) }\n',
      'internal/server/server.go': 'package server\nfunc Run(addr string) { http.ListenAndServe(addr, nil) }\n',
      'internal/unused/unused.go': 'package unused\nvar x = ":9999"\n',
    });
    await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), (error: unknown) => {
      assert.ok(error instanceof UndetectedValueError, String(error));
      assert.equal(error.flag, 'port');
      assert.match(error.message, /^no port found in the files the main package compiles \(cmd\/api\/main\.go, internal\/server\/server\.go\); looked for /);
      assert.doesNotMatch(error.message, /unused|9999|8080\)/);
      assert.match(error.message, /; pass --port: a whole number from 1024 to 65535 .*\(nothing was written\)$/);
      return true;
    });
    assert.equal((await resolveAnswers({ dir, flags: { port: '9000' }, stored: {} })).answers.port, 9000);
    const stored = await resolveAnswers({ dir, flags: {}, stored: { port: '9001' } });
    assert.equal(stored.answers.port, 9001);
    assert.equal(stored.sources.port, '.yo-rc.json', 'an earlier answer counts');
  });

  it('interactive: build tags allowing several builds are asked with no default; otherwise they are not asked', async () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'main.go': tagged('prod', ':8080'), 'main_dev.go': tagged('dev', ':3000') });
    const asked: Record<string, string> = {};
    const ask = async (question: { key: string }, defaultText: string) => {
      asked[question.key] = defaultText;
      return question.key === 'buildTags' ? 'dev' : defaultText;
    };
    const { answers, sources } = await resolveAnswers({ dir, flags: {}, stored: {}, ask });
    assert.equal(asked.buildTags, '');
    assert.equal(answers.stack.buildTags, 'dev');
    assert.equal(sources.buildTags, 'answered');
    assert.equal(answers.port, 3000, 'read from the file the answered tag selects');
    const one = makeProject({ 'go.mod': GOMOD, 'main.go': tagged('prod', ':8080') });
    const plain: Record<string, string> = {};
    await resolveAnswers({ dir: one, flags: {}, stored: {}, ask: async (q, d) => ((plain[q.key] = d), d) });
    assert.ok(!('buildTags' in plain), 'one tag set: taken, not asked');
  });

  it('interactive: the port is asked with no default', async () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'main.go': 'package main\nfunc main() { http.ListenAndServe(os.Getenv("ADDR"), nil) }\n' });
    const defaults: Record<string, string> = {};
    const { answers, sources } = await resolveAnswers({
      dir,
      flags: {},
      stored: {},
      ask: async (question, defaultText) => {
        defaults[question.key] = defaultText;
        return question.key === 'port' ? '7777' : defaultText;
      },
    });
    assert.equal(defaults.port, '');
    assert.equal(answers.port, 7777);
    assert.equal(sources.port, 'answered');
  });
});

describe('Go apps: more ports found without flags', () => {
  it('reads env helpers taking the variable and its fallback, and flag/pflag Var forms', () => {
    assert.deepEqual(envPortInGoSource('port := getEnv("PORT", "8090")'), { port: 8090, envName: 'PORT' });
    assert.deepEqual(envPortInGoSource('addr := config.EnvOr("HTTP_PORT", 9000)'), { port: 9000, envName: 'HTTP_PORT' });
    assert.equal(envPortInGoSource('dsn := getEnv("DB_PORT", "5432")'), undefined, 'not a listening port variable');
    assert.equal(defaultPortInGoSource('flag.IntVar(&port, "port", 8095, "listen port")')?.port, 8095);
    assert.equal(defaultPortInGoSource('rootCmd.PersistentFlags().IntVarP(&cfg.Port, "port", "p", 8096, "port")')?.port, 8096);
    assert.equal(defaultPortInGoSource('cmd.Flags().StringP("port", "p", "8097", "port")')?.port, 8097);
    assert.equal(defaultPortInGoSource('flag.IntVar(&workers, "workers", 8, "n")'), undefined);
  });
});

describe('Go apps: replace directives with folders', () => {
  it('reads replace lines and blocks whose target is a folder', () => {
    const text = [
      'module example.com/shop',
      'replace example.com/lib => ./libs/lib // local',
      'replace (',
      '\texample.com/shared v1.2.0 => ../shared',
      '\texample.com/fork => github.com/me/fork v1.0.1',
      '\texample.com/abs => /opt/abs',
      ')',
    ].join('\n');
    assert.deepEqual(localReplaces(text), [
      { module: 'example.com/lib', path: './libs/lib', line: 2, outside: false },
      { module: 'example.com/shared', path: '../shared', line: 4, outside: true },
      { module: 'example.com/abs', path: '/opt/abs', line: 6, outside: true },
    ]);
    assert.deepEqual(localReplaces('replace a => ./x/../../y\n')[0]?.outside, true, 'normalised before judging');
  });

  it('a folder outside the module: --yes stops naming the go.mod line and what to do; vendored, it builds', async () => {
    const files = {
      'go.mod': `${GOMOD}\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../shared\n`,
      'main.go': MAIN,
    };
    await assert.rejects(resolveAnswers({ dir: makeProject(files), flags: {}, stored: {} }), (error: unknown) => {
      assert.ok(error instanceof DetectedValueError, String(error));
      assert.match(
        error.message,
        /^go\.mod line 7 replace example\.com\/shared: "\.\.\/shared" cannot be used: a folder inside this module: .*; vendor the dependencies \(go mod vendor, then commit vendor\/\)/,
      );
      return true;
    });
    const vendored = makeProject({ ...files, 'vendor/modules.txt': '# example.com/shared v0.0.0 => ../shared\n' });
    const r = await resolveAnswers({ dir: vendored, flags: {}, stored: {} });
    assert.match((goProfile.plan(r.answers, vendored).dockerfile as GoDockerfileFacts).noDownloadReason!, /vendor/);
  });

  it('a folder inside the module: no separate module download (it would need the folder before the source is copied)', async () => {
    const dir = makeProject({
      'go.mod': `${GOMOD}\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./libs/lib\n`,
      'go.sum': '',
      'libs/lib/go.mod': 'module example.com/lib\n',
      'main.go': MAIN,
    });
    const r = await resolveAnswers({ dir, flags: {}, stored: {} });
    const df = goProfile.plan(r.answers, dir).dockerfile as GoDockerfileFacts;
    assert.equal(df.moduleFiles, undefined);
    assert.match(df.noDownloadReason!, /replaces modules with folders of this module/);
  });
});

describe('Go apps: versions', () => {
  it('knows which golang bookworm tags exist and which lines are end of life', () => {
    assert.equal(golangTagExists('1.15'), false);
    assert.equal(golangTagExists('1.19'), true);
    assert.equal(golangTagExists(GO_NEWEST_LINE), true);
    assert.equal(goLineEndOfLife('1.24', '1.26'), true);
    assert.equal(goLineEndOfLife('1.25', '1.26'), false);
    assert.ok(goProfile.checkRuntimeVersion('1.15'), 'no golang:1.15-bookworm');
  });

  it('go 1.15 becomes the newest line with a warning naming it', () => {
    const choice = chooseGoVersion({ module: 'x', go: '1.15', toolchain: undefined, requires: 0 });
    assert.equal(choice.value, GO_NEWEST_LINE);
    assert.match(
      choice.warning!,
      new RegExp(
        `no golang:1\\.15-bookworm image .*building with Go ${GO_NEWEST_LINE.replace('.', '\\.')} \\(golang:${GO_NEWEST_LINE.replace('.', '\\.')}-bookworm\\)`,
      ),
    );
  });

  it('warns under --yes, and not when --runtime-version is given', async () => {
    const dir = makeProject({ 'go.mod': 'module x\n\ngo 1.21\n', 'main.go': MAIN });
    const r = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(r.answers.runtimeVersion, GO_NEWEST_LINE);
    assert.ok(r.warnings.some((w) => /go 1\.21" names Go 1\.21, which is end of life/.test(w)));
    const kept = await resolveAnswers({ dir, flags: { runtimeVersion: '1.21' }, stored: {} });
    assert.ok(!kept.warnings.some((w) => /end of life/.test(w)));
  });
});

describe('Go apps: --yes with main packages elsewhere', () => {
  it('a main in app/ with its health route in internal/ needs no flag', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'app/main.go':
        'package main\nimport "example.com/shop/internal/router"\nfunc main() { p := os.Getenv("APP_PORT"); if p == "" { p = "8082" }; _ = router.New() }\n',
      'internal/router/router.go': 'package router\nfunc New() { r.Get("/api/ready", h) }\n',
      'examples/other/routes.go': 'package other\nfunc x() { r.Get("/healthz", h) }\n',
    });
    const { answers, sources } = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(answers.stack.mainPackage, './app');
    assert.equal(answers.port, 8082);
    assert.equal(answers.healthPath, '/api/ready', 'not the route of a package the main package does not import');
    assert.match(sources.healthPath!, /internal\/router\/router\.go/);
    const plan = goProfile.plan(answers, dir);
    assert.deepEqual(plan.environment, { PORT: '8082', APP_PORT: '8082' });
  });

  it('health routes of gin groups and fiber apps in an imported internal package', async () => {
    for (const [routes, want] of [
      ['package web\nfunc Routes(r *gin.Engine) { v1 := r.Group("/v1"); v1.GET("/health", h) }\n', '/v1/health'],
      ['package web\nfunc Routes(app *fiber.App) { app.Get("/livez", func(c *fiber.Ctx) error { return nil }) }\n', '/livez'],
    ] as const) {
      const dir = makeProject({
        'go.mod': GOMOD,
        'cmd/server/main.go': 'package main\nimport "example.com/shop/internal/web"\nfunc main() { web.Routes(nil); serve(":8080") }\n',
        'internal/web/routes.go': routes,
      });
      const { answers } = await resolveAnswers({ dir, flags: {}, stored: {} });
      assert.equal(answers.healthPath, want);
    }
  });

  it('several main packages: --yes stops naming the candidates, their files and the flag', async () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'app/main.go': MAIN, 'cmd/migrate/main.go': MAIN });
    await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), (error: unknown) => {
      assert.ok(error instanceof DetectedValueError, String(error));
      assert.match(error.message, /\.\/app \(app\/main\.go\), \.\/cmd\/migrate \(cmd\/migrate\/main\.go\)/);
      assert.match(error.message, /pass --main-package/);
      return true;
    });
  });

  it('hostile input: a huge Go file, a malformed go.mod', async () => {
    const huge = makeProject({ 'go.mod': GOMOD, 'main.go': `package main\nvar addr = ":8080"\n${'/*'.repeat(400_000)}\n` });
    const started = Date.now();
    assert.deepEqual(findMainPackages(huge), ['.']);
    await resolveAnswers({ dir: huge, flags: {}, stored: {} });
    assert.ok(Date.now() - started < 15_000, 'bounded (linear; well under a second on an idle machine)');
    assert.throws(() => readGoMod(makeProject({ 'go.mod': '\u0000\u0001 garbage\nrequire (\n' })), ProjectError);
    const odd = makeProject({ 'go.mod': 'module x\ngo banana\ntoolchain go9\nrequire (\n', 'main.go': MAIN });
    assert.equal((await resolveAnswers({ dir: odd, flags: {}, stored: {} })).answers.runtimeVersion, GO_NEWEST_LINE);
  });
});

after(() => {
  // makeProject folders are under os.tmpdir(); nothing else is created here.
  void os.tmpdir();
});
