/** Unit tests for the Node.js stack's environment modules (cache mounts, .npmrc, env files, hosts, required configuration, workspaces). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheMountFor, cacheMountOption } from '../../generators/stacks/node/cache-mounts.js';
import { buildEnvFiles, buildEnvIgnoreGroup, decideEnvFile, envFileKeys, secretLookingKeys } from '../../generators/stacks/node/env-files.js';
import { classifyNpmrc, npmrcIgnoreGroup, npmrcSecretDefault, readNpmrc } from '../../generators/stacks/node/npmrc.js';
import { hostFacts, listenCalls, listenHost, loopbackAssignments, loopbackDefaults } from '../../generators/stacks/node/hosts.js';
import { requiredInExample, requiredInSource, requiredVariables } from '../../generators/stacks/node/required-env.js';
import { declaredGlobs, enclosingWorkspace, workspaceAt, workspaceGlobProblem, workspacePackages } from '../../generators/stacks/node/workspaces.js';
import { workspaceCheck } from '../../generators/stacks/node/workspace-check.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { gitTrackedFiles } from '../../generators/stacks/node/tracked-files.js';
import { readPackageJson } from '../../generators/stacks/node/detect.js';
import { makeProject } from '../support/project.js';

/** A project folder that is its own git repository, with `tracked` added to the index. */
function gitProject(files: Record<string, string>, tracked: string[]): string {
  const dir = makeProject(files);
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: dir, stdio: 'ignore' }).status, 0, `git ${args.join(' ')}`);
  git('init', '-q');
  if (tracked.length > 0) git('add', '--', ...tracked);
  return dir;
}

describe('Node.js cache mounts', () => {
  it('Yarn classic, Yarn 2+ and Bun lock their cache; npm and pnpm share theirs', () => {
    assert.equal(
      cacheMountOption(cacheMountFor({ name: 'yarn', berry: false })),
      '--mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn,sharing=locked',
    );
    assert.equal(cacheMountFor({ name: 'yarn', berry: true }).sharing, 'locked');
    assert.equal(cacheMountFor({ name: 'bun', berry: false }).sharing, 'locked');
    assert.equal(cacheMountOption(cacheMountFor({ name: 'npm', berry: false })), '--mount=type=cache,target=/root/.npm');
    assert.equal(cacheMountOption(cacheMountFor({ name: 'pnpm', berry: false })), '--mount=type=cache,id=pnpm-store,target=/pnpm/store');
  });
});

describe('Node.js .npmrc', () => {
  it('tells settings from credentials (names only)', () => {
    assert.deepEqual(classifyNpmrc('legacy-peer-deps=true\n; comment\n# comment\n@acme:registry=https://npm.acme.test/\n'), {
      credentials: [],
      settings: ['legacy-peer-deps', '@acme:registry'],
    });
    assert.deepEqual(classifyNpmrc('//npm.acme.test/:_authToken=abc\nignore-scripts=true').credentials, ['//npm.acme.test/:_authToken']);
    assert.deepEqual(classifyNpmrc('//r/:_authToken=${NPM_TOKEN}').credentials, ['//r/:_authToken']);
    assert.deepEqual(classifyNpmrc('registry=https://x/${REG}').credentials, ['registry'], 'a value from the environment must be given to the build');
    assert.deepEqual(classifyNpmrc('_auth = dXNlcjpwYXNz').credentials, ['_auth']);
    assert.deepEqual(classifyNpmrc('//r/:username=u\n//r/:_password=cA==').credentials, ['//r/:username', '//r/:_password']);
  });

  it('a credential-free .npmrc is mounted and re-included; one with credentials is the secret', () => {
    const plain = readNpmrc(makeProject({ '.npmrc': 'legacy-peer-deps=true\n' }));
    assert.equal(npmrcSecretDefault(plain)?.value, 'no');
    assert.deepEqual(npmrcIgnoreGroup(plain)?.patterns, ['!.npmrc']);
    const creds = readNpmrc(makeProject({ '.npmrc': '//r/:_authToken=tok3n-value\n' }));
    assert.equal(npmrcSecretDefault(creds)?.value, 'yes');
    assert.doesNotMatch(npmrcSecretDefault(creds)!.source, /tok3n/, 'never the value');
    assert.equal(npmrcIgnoreGroup(creds), undefined);
    assert.equal(npmrcSecretDefault(readNpmrc(makeProject({ 'package.json': '{}' }))), undefined);
  });

  it('a hostile .npmrc (huge, a folder, a link out) counts as credentials: kept out', () => {
    const huge = readNpmrc(makeProject({ '.npmrc': 'a=b\n'.repeat(40_000) }));
    assert.equal(huge.credentials.length, 1);
    assert.equal(npmrcIgnoreGroup(huge), undefined);
    const dir = makeProject({ 'package.json': '{}' });
    fs.symlinkSync('/etc/passwd', path.join(dir, '.npmrc'));
    assert.equal(npmrcIgnoreGroup(readNpmrc(dir)), undefined);
    const folder = makeProject({ '.npmrc/x': 'a=b' });
    assert.equal(npmrcIgnoreGroup(readNpmrc(folder)), undefined);
  });
});

describe('Node.js build-time .env files', () => {
  const vite = JSON.stringify({ name: 'v', devDependencies: { vite: '^6.0.0' } });

  it('reads names, and finds secret-named values outside the public prefix', () => {
    assert.deepEqual(envFileKeys('VITE_API=/api\n# x\nexport NODE_ENV=production\n  bad line\n1X=2\n'), ['VITE_API', 'NODE_ENV']);
    assert.deepEqual(secretLookingKeys(['VITE_API_KEY', 'STRIPE_SECRET', 'DATABASE_URL', 'NODE_ENV'], ['VITE_']), ['STRIPE_SECRET', 'DATABASE_URL']);
    assert.equal(decideEnvFile('.env', false, 'VITE_X=1', ['VITE_']).keep, false);
    assert.equal(decideEnvFile('.env', true, 'VITE_X=1', ['VITE_']).keep, true);
    assert.equal(decideEnvFile('.env', true, undefined, ['VITE_']).keep, false);
    assert.match(decideEnvFile('.env', true, 'JWT_SECRET=x', ['VITE_']).reason, /JWT_SECRET/);
  });

  it('keeps tracked .env/.env.production of a Vite app; untracked and .local stay out', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    const dir = gitProject(
      { 'package.json': vite, '.env': 'VITE_API=/api\n', '.env.production': 'VITE_API=https://api.example.com\n', '.env.production.local': 'VITE_X=1\n' },
      ['.env.production', '.env.production.local'],
    );
    const facts = buildEnvFiles(dir, readPackageJson(dir));
    assert.deepEqual(facts.keep, ['.env.production']);
    assert.match(facts.notes.join('\n'), /\.env \(build configuration for vite\): not tracked by git/);
    assert.deepEqual(buildEnvIgnoreGroup(facts)?.patterns, ['!.env.production']);
    assert.deepEqual(gitTrackedFiles(dir, ['.env', '.env.production', '../x', 'a/b']), new Set(['.env.production']));
  });

  it('no framework that reads them, no git repository, or a secret inside: nothing kept', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    const server = gitProject({ 'package.json': JSON.stringify({ name: 's', dependencies: { express: '4' } }), '.env': 'PORT=3000\n' }, ['.env']);
    assert.deepEqual(buildEnvFiles(server, readPackageJson(server)), { keep: [], notes: [] });
    const nogit = makeProject({ 'package.json': vite, '.env.production': 'VITE_API=/api\n' });
    assert.deepEqual(buildEnvFiles(nogit, readPackageJson(nogit)).keep, []);
    const secret = gitProject({ 'package.json': vite, '.env': 'VITE_API=/api\nSTRIPE_SECRET_KEY=sk\n' }, ['.env']);
    assert.deepEqual(buildEnvFiles(secret, readPackageJson(secret)).keep, []);
    const huge = gitProject({ 'package.json': vite, '.env': 'VITE_A=1\n'.repeat(20_000) }, ['.env']);
    assert.deepEqual(buildEnvFiles(huge, readPackageJson(huge)).keep, [], 'over 64 KB: not read, kept out');
  });

  it('a hostile repository config cannot make git run a program', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    const dir = gitProject({ 'package.json': vite, '.env': 'VITE_A=1\n' }, ['.env']);
    const marker = path.join(dir, 'ran');
    fs.appendFileSync(path.join(dir, '.git/config'), `[core]\n\tfsmonitor = "touch ${marker}"\n`);
    assert.deepEqual(buildEnvFiles(dir, readPackageJson(dir)).keep, ['.env']);
    assert.equal(fs.existsSync(marker), false);
  });
});

describe('Node.js servers reachable on the published port', () => {
  it('reads listen() calls and their host', () => {
    const calls = listenCalls(
      "app.listen({ port: 3000 });\nserver.listen(port, '127.0.0.1', () => {});\nx.listen({ host: process.env.BIND_HOST ?? 'localhost', port });\n",
    );
    assert.deepEqual(
      calls.map((c) => c.line),
      [1, 2, 3],
    );
    assert.deepEqual(listenHost(calls[0]!.args, true), { kind: 'default-loopback' });
    assert.deepEqual(listenHost(calls[0]!.args, false), { kind: 'ok' }, "Node's http server listens on every interface");
    assert.deepEqual(listenHost(calls[1]!.args, false), { kind: 'loopback', value: '127.0.0.1' });
    assert.deepEqual(listenHost(calls[2]!.args, true), { kind: 'env', name: 'BIND_HOST' });
    assert.deepEqual(listenHost("{ host: '0.0.0.0', port }", true), { kind: 'ok' });
    assert.deepEqual(listenHost("{ host: process.env['HOST'] }", true), { kind: 'env', name: 'HOST' });
    assert.deepEqual(loopbackAssignments('HOST=localhost\nPORT=3000\nexport NITRO_HOST="127.0.0.1"\nHOST_URL=localhost\n'), ['HOST', 'NITRO_HOST']);
  });

  it("sets each framework's host variable; warns about a loopback listen it cannot change", () => {
    const next = makeProject({ 'package.json': JSON.stringify({ dependencies: { next: '15' } }) });
    assert.deepEqual(hostFacts(next, readPackageJson(next), []).env, ['HOSTNAME']);
    const nuxt = makeProject({ 'package.json': JSON.stringify({ dependencies: { nuxt: '3' } }), '.env': 'HOST=localhost\n' });
    assert.deepEqual(hostFacts(nuxt, readPackageJson(nuxt), []).env, ['NITRO_HOST', 'HOST']);
    const kit = makeProject({ 'package.json': JSON.stringify({ devDependencies: { '@sveltejs/adapter-node': '5' } }) });
    assert.deepEqual(hostFacts(kit, readPackageJson(kit), []).env, ['HOST']);
    const mock = makeProject({ 'package.json': JSON.stringify({ devDependencies: { next: '15' } }) });
    assert.deepEqual(hostFacts(mock, readPackageJson(mock), []).env, [], 'a framework only in devDependencies is not the server');
    const fastify = makeProject({
      'package.json': JSON.stringify({ dependencies: { fastify: '5' } }),
      'server.js': "import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: 3000 });\n",
    });
    const f = hostFacts(fastify, readPackageJson(fastify), ['server.js']);
    assert.deepEqual(f.env, []);
    assert.match(f.warnings.join('\n'), /server\.js:3 calls Fastify's listen\(\) without a host/);
    const envHost = makeProject({
      'package.json': JSON.stringify({ dependencies: { fastify: '5' } }),
      'server.js': "import Fastify from 'fastify';\nFastify().listen({ port: 3000, host: process.env.HOST || '127.0.0.1' });\n",
    });
    assert.deepEqual(hostFacts(envHost, readPackageJson(envHost), ['server.js']).env, ['HOST']);
  });

  it("a host read into a variable with a loopback default (Nx's main.ts): its variable is set; a non-host name or an open default is not", () => {
    const nx = makeProject({
      'package.json': JSON.stringify({ dependencies: { express: '5' } }),
      'src/main.ts':
        "import express from 'express';\n\nconst host = process.env.HOST ?? 'localhost';\nconst port = process.env.PORT ? Number(process.env.PORT) : 3000;\nconst app = express();\napp.listen(port, host);\n",
    });
    const f = hostFacts(nx, readPackageJson(nx), ['src/main.ts']);
    assert.deepEqual(f.env, ['HOST']);
    assert.match(f.notes.join('\n'), /src\/main\.ts:3 reads the host from \$HOST, localhost when unset/);
    assert.deepEqual(loopbackDefaults("const a = process.env['BIND_ADDRESS'] || '127.0.0.1';"), [{ name: 'BIND_ADDRESS', line: 1 }]);
    assert.deepEqual(loopbackDefaults("const a = process.env.DB_HOST ?? 'localhost';"), [], 'a database host is not where the app listens');
    assert.deepEqual(loopbackDefaults("const a = process.env.HOST ?? '0.0.0.0';"), []);
  });

  it("hapi: the host in Hapi.server({ ... }) (the tutorial's 'localhost') is warned about; one from process.env is set", () => {
    const tutorial = makeProject({
      'package.json': JSON.stringify({ dependencies: { '@hapi/hapi': '21' } }),
      'index.js':
        "'use strict';\nconst Hapi = require('@hapi/hapi');\nconst init = async () => {\n  const server = Hapi.server({\n    port: 3000,\n    host: 'localhost'\n  });\n  await server.start();\n};\n",
    });
    const t = hostFacts(tutorial, readPackageJson(tutorial), ['index.js']);
    assert.deepEqual(t.env, []);
    assert.match(t.warnings.join('\n'), /index\.js:4 listens on localhost only/);
    const fromEnv = makeProject({
      'package.json': JSON.stringify({ dependencies: { '@hapi/hapi': '21' } }),
      'src/index.ts':
        "import Hapi from '@hapi/hapi';\nconst server = new Hapi.Server({ port: process.env.PORT || 3000, host: process.env.HOST || '0.0.0.0' });\n",
    });
    assert.deepEqual(hostFacts(fromEnv, readPackageJson(fromEnv), ['src/index.ts']).env, ['HOST']);
    const notHapi = makeProject({
      'package.json': JSON.stringify({ dependencies: { express: '5' } }),
      'index.js': "const server = Hapi.server({ host: 'localhost' });\n",
    });
    assert.deepEqual(hostFacts(notHapi, readPackageJson(notHapi), ['index.js']).warnings, [], 'only for an app that depends on @hapi/hapi');
  });

  it('hostile sources: names are validated, calls and reads are bounded', () => {
    assert.notEqual(listenHost('{ host: process.env.lower_case }', true).kind, 'env', 'not a variable name the image sets');
    const many = `${'x.listen(1);\n'.repeat(5000)}`;
    assert.equal(listenCalls(many).length, 20);
    assert.equal(listenCalls(`a.listen(${'('.repeat(100_000)}`).length, 1);
    const dir = makeProject({ 'package.json': '{}', '.env': `${'A=1\n'.repeat(100_000)}HOST=localhost\n` });
    assert.deepEqual(hostFacts(dir, readPackageJson(dir), ['../../etc/passwd']).env, [], 'a huge env file is not read; paths outside are not read');
  });
});

describe('Node.js configuration required at start', () => {
  const names = (text: string) => requiredInSource(text).map((r) => r.name);

  it('process.env checks that throw or exit', () => {
    assert.deepEqual(names("if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET');"), ['JWT_SECRET']);
    assert.deepEqual(names("if (!process.env.A || !process.env['B']) {\n  console.error('missing');\n  process.exit(1);\n}"), ['A', 'B']);
    assert.deepEqual(names("const url = process.env.DATABASE_URL;\nif (!url) {\n  throw new Error('DATABASE_URL is required');\n}"), ['DATABASE_URL']);
    assert.deepEqual(names("const key = process.env.API_KEY ?? (() => { throw new Error('x'); })();"), ['API_KEY']);
    assert.deepEqual(names("if (!process.env.OPTIONAL) console.warn('not set');"), [], 'a warning is not a requirement');
    assert.deepEqual(names('const port = process.env.PORT || 3000; if (!process.env.PORT) throw 1;'), [], 'the image sets PORT');
  });

  it('envalid without a default, zod without optional/default, Joi required', () => {
    assert.deepEqual(
      names(
        "cleanEnv(process.env, {\n  DATABASE_URL: url(),\n  PORT: port({ default: 3000 }),\n  LOG_LEVEL: str({ devDefault: 'debug' }),\n  SESSION_SECRET: str({ desc: 'x' }),\n});",
      ),
      ['DATABASE_URL', 'SESSION_SECRET'],
    );
    assert.deepEqual(
      names(
        'const Env = z.object({\n  DATABASE_URL: z.string().url(),\n  REDIS_URL: z.string().optional(),\n  WORKERS: z.coerce.number().default(2),\n});\nexport const env = Env.parse(process.env);',
      ),
      ['DATABASE_URL'],
    );
    assert.deepEqual(names('z.object({ A: z.string() });'), [], 'a zod schema not parsed from process.env');
    assert.deepEqual(names('const schema = Joi.object({\n  STRIPE_KEY: Joi.string().required(),\n  NAME: Joi.string(),\n});\nschema.validate(process.env);'), [
      'STRIPE_KEY',
    ]);
  });

  it('.env.example: names without a value', () => {
    assert.deepEqual(requiredInExample('# comment\nDATABASE_URL=\nPORT=3000\nJWT_SECRET=""\nexport SENTRY_DSN= # optional?\nlower=\n'), [
      { name: 'DATABASE_URL', line: 2 },
      { name: 'JWT_SECRET', line: 4 },
      { name: 'SENTRY_DSN', line: 5 },
    ]);
  });

  it('reads the project bounded, names validated, with file:line', () => {
    const dir = makeProject({
      'package.json': '{}',
      'src/config.js': "if (!process.env.JWT_SECRET) throw new Error('missing');\n",
      'src/config.test.js': "if (!process.env.TEST_ONLY) throw new Error('missing');\n",
      '.env.example': 'JWT_SECRET=\nDATABASE_URL=\n',
    });
    assert.deepEqual(requiredVariables(dir), [
      { name: 'DATABASE_URL', source: '.env.example:2 (no value)' },
      { name: 'JWT_SECRET', source: 'src/config.js:1 (checked with a throw or exit)' },
    ]);
  });

  it('hostile inputs: a huge .env.example, thousands of names, unbalanced code', () => {
    const huge = makeProject({ 'package.json': '{}', '.env.example': `${'A=1\n'.repeat(30_000)}LATE=\n` });
    assert.deepEqual(requiredVariables(huge), [], 'past the first 64 KB');
    const many = makeProject({ 'package.json': '{}', '.env.example': Array.from({ length: 500 }, (_, i) => `V${i}=`).join('\n') });
    assert.equal(requiredVariables(many).length, 30, 'at most 30 names');
    const t0 = Date.now();
    requiredInSource(`process.env ${'if ('.repeat(20_000)}`);
    requiredInSource(`process.env cleanEnv(process.env, {${'{'.repeat(50_000)}`);
    assert.ok(Date.now() - t0 < 2000, 'bounded work');
    assert.deepEqual(names('if (!process.env.__proto__) throw 1; if (!process.env.constructor) throw 1;'), []);
  });
});

describe('Node.js workspaces', () => {
  const turbo = () =>
    makeProject({
      'package.json': JSON.stringify({ name: 'mono', private: true, packageManager: 'pnpm@10.12.4', scripts: { build: 'turbo run build' } }),
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'turbo.json': '{}',
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node dist/index.js' } }),
      'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' } }),
      'packages/ui/package.json': JSON.stringify({ name: '@repo/ui' }),
    });

  it('reads the globs of package.json and pnpm-workspace.yaml', () => {
    assert.deepEqual(declaredGlobs({ workspaces: ['apps/*'] }, undefined), { globs: ['apps/*'], declaredIn: 'package.json "workspaces"' });
    assert.deepEqual(declaredGlobs({ workspaces: { packages: ['a'] } }, undefined)?.globs, ['a']);
    assert.deepEqual(declaredGlobs({}, { packages: ['p/*'] })?.declaredIn, 'pnpm-workspace.yaml');
    assert.equal(declaredGlobs({ workspaces: 'apps/*' }, { packages: 'x' }), undefined);
    assert.equal(declaredGlobs(JSON.parse('{"__proto__": {"workspaces": ["x"]}}'), undefined), undefined);
  });

  it('lists the packages and apps of a pnpm + Turborepo root', () => {
    const ws = workspaceAt(turbo())!;
    assert.equal(ws.orchestrator, 'turbo');
    assert.deepEqual(workspacePackages(ws), [
      { folder: 'apps/api', name: 'api', app: true },
      { folder: 'apps/web', name: 'web', app: true },
      { folder: 'packages/ui', name: '@repo/ui', app: false },
    ]);
  });

  it('at the root without an app chosen it stops, listing the apps and naming --app; an app folder is planned from the root', () => {
    const root = turbo();
    assert.throws(
      () => workspaceCheck(root, readPackageJson(root)),
      (e: unknown) =>
        e instanceof ProjectError &&
        /workspace \(pnpm-workspace\.yaml, Turborepo\) with 2 apps: apps\/api \("api"\), apps\/web \("web"\)/.test(e.message) &&
        /pass --app <folder>/.test(e.message) &&
        /nothing was written/.test(e.message),
    );
    const app = path.join(root, 'apps/web');
    assert.deepEqual(enclosingWorkspace(app)?.folder, 'apps/web');
    assert.doesNotThrow(() => workspaceCheck(app, readPackageJson(app)), 'an app folder: workspace-plan.ts plans it');
    const lone = makeProject({ 'package.json': JSON.stringify({ name: 'x' }) });
    assert.doesNotThrow(() => workspaceCheck(lone, readPackageJson(lone)));
    const single = makeProject({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], scripts: { start: 'node server.js' } }),
      'packages/lib/package.json': '{"name":"lib"}',
    });
    assert.doesNotThrow(() => workspaceCheck(single, readPackageJson(single)), 'a root that is the app, with libraries');
  });

  it('hostile globs: out of the root, absolute, through symbolic links, deep, many', () => {
    for (const glob of ['../*', 'apps/../../etc', '/etc', 'C:/x', 'a\\b', './..', 'apps/{a,b}', '', 'x'.repeat(201)])
      assert.ok(workspaceGlobProblem(glob), glob);
    assert.equal(workspaceGlobProblem('apps/*'), undefined);
    assert.equal(workspaceGlobProblem('!apps/legacy'), undefined);
    const outside = makeProject({ 'secret/package.json': '{"name":"outside","scripts":{"start":"x"}}' });
    const root = makeProject({
      'package.json': JSON.stringify({ workspaces: ['../*', '/tmp/*', 'apps/*', 'links/*', '**', ...Array.from({ length: 100 }, (_, i) => `g${i}`)] }),
      'apps/a/package.json': '{"name":"a","scripts":{"start":"node a.js"}}',
    });
    fs.mkdirSync(path.join(root, 'links'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'links/evil'));
    fs.symlinkSync(outside, path.join(root, 'apps/evil'));
    let deep = path.join(root, 'deep');
    for (let i = 0; i < 20; i++) deep = path.join(deep, 'd');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'package.json'), '{"name":"deep"}');
    const ws = workspaceAt(root)!;
    assert.deepEqual(
      ws.rejected.map((r) => r.glob),
      ['../*', '/tmp/*'],
    );
    assert.equal(ws.globs.length, 48, 'at most 50 globs read');
    const folders = workspacePackages(ws).map((p) => p.folder);
    assert.deepEqual(folders, ['apps/a'], 'no link followed, nothing outside, no package 20 folders deep');
  });
});
