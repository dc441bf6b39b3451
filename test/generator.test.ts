/** The Yeoman layer, driven through yeoman-test: flags, prompts, stored answers, writes. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { copyFixture, GENERATOR_PATH, makeProject } from './support/project.js';

const OUTPUTS = ['Dockerfile', '.dockerignore', 'compose.yaml'];
// yeoman-test forces overwrites by default; these tests need the real conflict behaviour.
const run = (dir: string) =>
  helpers
    .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
    .cd(dir)
    .withOptions({ force: false } as never);

function snapshot(dir: string): Record<string, { content: string; mtimeMs: number }> {
  const out: Record<string, { content: string; mtimeMs: number }> = {};
  for (const file of [...OUTPUTS, '.yo-rc.json']) {
    const full = path.join(dir, file);
    if (fs.existsSync(full)) out[file] = { content: fs.readFileSync(full, 'utf8'), mtimeMs: fs.statSync(full).mtimeMs };
  }
  return out;
}

const stored = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];

describe('yo docker-prod (yeoman-test)', function () {
  this.timeout(30000);

  it('--yes asks nothing and writes the three files with detected values', async () => {
    const dir = copyFixture('node-express-npm');
    const result = await run(dir).withOptions({ yes: true } as never);
    assert.deepEqual(result.askedQuestions, []);
    for (const file of OUTPUTS) assert.ok(fs.existsSync(path.join(dir, file)), file);
    assert.deepEqual(stored(dir), {
      language: 'node',
      runtimeVersion: '20',
      packageManager: 'npm',
      port: '8080',
      healthPath: '/healthz',
      startCommand: 'node src/app.js',
      buildCommand: '',
      serviceName: 'express-api',
      ci: 'github',
      ciDriftCheck: 'no',
      services: 'none',
      npmTokenSecret: 'no',
      hostPort: '8080',
      bindAddress: '0.0.0.0',
      minDocker: '25',
    });
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^EXPOSE 8080$/m);
  });

  it('asks each question with the detected value as default, and uses the answers', async () => {
    const dir = copyFixture('node-ts-pnpm');
    const result = await run(dir).withAnswers({ port: '4100', healthPath: '/ready' });
    const asked = result.askedQuestions.map((q) => q.name);
    assert.deepEqual(asked, [
      'language',
      'runtimeVersion',
      'packageManager',
      'port',
      'healthPath',
      'startCommand',
      'buildCommand',
      'serviceName',
      'ci',
      'npmTokenSecret',
    ]);
    const byName = Object.fromEntries(result.askedQuestions.map((q) => [q.name, q.answer]));
    assert.equal(byName.packageManager, 'pnpm');
    assert.equal(byName.buildCommand, 'pnpm run build');
    assert.equal(byName.ci, 'github', 'no CI files in the fixture: GitHub is the default');
    assert.equal(byName.npmTokenSecret, 'no');
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^EXPOSE 4100$/m);
    assert.match(dockerfile, /"\/ready"\]$/m);
    assert.equal(stored(dir).healthPath, '/ready');
  });

  it('does not ask what a flag answered', async () => {
    const dir = copyFixture('node-zero-deps');
    const result = await run(dir).withOptions({ port: '3100', 'health-path': '/healthz', language: 'node' } as never);
    const asked = result.askedQuestions.map((q) => q.name);
    assert.ok(!asked.includes('port') && !asked.includes('healthPath') && !asked.includes('language'), asked.join());
    assert.ok(asked.includes('startCommand'));
    assert.equal(stored(dir).port, '3100');
  });

  it('offers stored answers as defaults on the next run, and the same answers change nothing', async () => {
    const dir = copyFixture('node-zero-deps');
    await run(dir).withOptions({ yes: true, port: '3999', 'health-path': '/livez' } as never);
    const before = snapshot(dir);
    await new Promise((r) => setTimeout(r, 20));
    const second = await run(dir).withOptions({ yes: true } as never);
    assert.deepEqual(second.askedQuestions, []);
    assert.deepEqual(snapshot(dir), before, 'files and their mtimes are unchanged');
    assert.match(before.Dockerfile!.content, /EXPOSE 3999/);
  });

  it('with no health route found: liveness on / (any status below 500), not stored, found on the next run once added', async () => {
    const dir = makeProject({
      'package.json': '{"name":"bare","scripts":{"start":"node server.js"}}',
      'server.js': "require('http').createServer((q, s) => s.end()).listen(3000);\n",
    });
    await run(dir).withOptions({ yes: true } as never);
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /s\.statusCode<500\?0:1/);
    assert.match(dockerfile, /"\/"\]$/m);
    assert.match(fs.readFileSync(path.join(dir, 'README.Docker.md'), 'utf8'), /only a liveness check/);
    assert.equal(stored(dir).healthPath, undefined, 'the stand-in is not stored');
    fs.writeFileSync(
      path.join(dir, 'server.js'),
      "require('http').createServer((req, res) => { if (req.url === '/healthz') res.end('ok'); else res.end(); }).listen(3000);\n",
    );
    await run(dir).withOptions({ yes: true, force: true } as never);
    const again = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(again, /"\/healthz"\]$/m);
    assert.match(again, /s\.statusCode<400\?0:1/);
    assert.equal(stored(dir).healthPath, '/healthz');
  });

  it('--min-docker 20.10 leaves out the start interval in both files, and is stored', async () => {
    const dir = copyFixture('node-zero-deps');
    await run(dir).withOptions({ yes: true } as never);
    assert.match(
      fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
      /^HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --start-interval=1s --retries=3 \\$/m,
    );
    assert.match(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), /^ {6}start_interval: 1s$/m);
    await run(dir).withOptions({ yes: true, force: true, 'min-docker': '20.10' } as never);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /start-interval/);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), /start_interval/);
    assert.equal(stored(dir).minDocker, '20.10');
  });

  it('refuses a bad flag value before writing anything', async () => {
    for (const [flag, value, pattern] of [
      ['port', '70000', /--port: "70000" is not allowed: a whole number from 1024 to 65535/],
      ['health-path', '/$(reboot)', /--health-path: "\/\$\(reboot\)" is not allowed/],
      ['language', 'cobol', /--language: "cobol" is not allowed: one of (?:[a-z]+, )*node\b/],
      ['start-command', 'node a.js\nrm -rf /', /--start-command: .* line break/],
    ] as const) {
      const dir = copyFixture('node-zero-deps');
      await assert.rejects(run(dir).withOptions({ yes: true, [flag]: value } as never), pattern);
      for (const file of [...OUTPUTS, '.yo-rc.json']) assert.ok(!fs.existsSync(path.join(dir, file)), `${flag}: ${file} must not be written`);
    }
  });

  it('refuses a package manager whose lockfile is absent when another one is locked, and offers only valid ones', async () => {
    const dir = copyFixture('node-express-npm');
    await assert.rejects(
      run(dir).withOptions({ yes: true, 'package-manager': 'pnpm' } as never),
      /--package-manager: "pnpm" is not allowed: one that has its lockfile here: npm \(package-lock\.json\)/,
    );
    assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));
  });

  it('with --yes, refuses to overwrite a different existing file unless --force', async () => {
    const dir = copyFixture('node-zero-deps');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    await assert.rejects(run(dir).withOptions({ yes: true } as never), /Dockerfile already exists with other content; run without --yes .* or add --force/);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
    assert.ok(!fs.existsSync(path.join(dir, 'compose.yaml')), 'all or nothing: no other file was written');
    await run(dir).withOptions({ yes: true, force: true } as never);
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /AS runtime/);
  });

  it('in a folder with no recognisable app: --yes names the flag to pass, a prompt asks for the language', async () => {
    const empty = makeProject({ 'README.md': '# nothing here\n' });
    await assert.rejects(run(empty).withOptions({ yes: true } as never), /no app recognised .*pass --language with one of (?:[a-z]+, )*node\b/);
    const asked = makeProject({ 'README.md': '# nothing here\n' });
    // An empty folder has no start command to offer: the question has no made-up default, so it is answered too.
    const result = await run(asked).withAnswers({ language: 'node', startCommand: 'node server.js' });
    assert.equal(result.askedQuestions[0]!.name, 'language');
  });

  it('Nuxt: .output layout with its generated folders kept out of the context; another Nitro preset stops --yes naming --start-command', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'nuxt-app', private: true, type: 'module', scripts: { build: 'nuxt build' }, dependencies: { nuxt: '^4.5.2' } }),
      'app/app.vue': '<template><NuxtWelcome /></template>\n',
    };
    const dir = makeProject({ ...files, 'nuxt.config.ts': 'export default defineNuxtConfig({})\n' });
    await run(dir).withOptions({ yes: true } as never);
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^CMD \["node", "\.output\/server\/index\.mjs"\]$/m);
    const ignore = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n');
    for (const folder of ['.nuxt', '.nitro', '.data']) assert.ok(ignore.includes(folder), `.dockerignore lists ${folder}`);
    const vercel = makeProject({ ...files, 'nuxt.config.ts': "export default defineNuxtConfig({ nitro: { preset: 'vercel' } })\n" });
    await assert.rejects(
      run(vercel).withOptions({ yes: true } as never),
      /--start-command[\s\S]*Nitro preset "vercel"|Nitro preset "vercel"[\s\S]*--start-command/,
    );
    assert.ok(!fs.existsSync(path.join(vercel, 'Dockerfile')), 'nothing written');
  });

  it('reports a stored value that is no longer valid, naming .yo-rc.json', async () => {
    const dir = copyFixture('node-zero-deps');
    fs.writeFileSync(path.join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-docker-prod': { port: '80' } }));
    await assert.rejects(run(dir).withOptions({ yes: true } as never), /--port: "80" is not allowed: .*stored in \.yo-rc\.json/);
  });
});
