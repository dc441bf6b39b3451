/**
 * Workspace apps end to end, built with the workspace root as the context:
 *  - an npm workspace (test/fixtures/node-npm-workspace: root + apps/x + packages/y, linked
 *    through the workspace): `yo docker-prod --yes` at the root (the one app is taken); the same
 *    with Yarn 1 (test/fixtures/node-yarn1-workspace: the whole workspace installed);
 *  - a uv workspace (test/fixtures/python-uv-workspace: packages/api uses packages/core):
 *    `yo docker-prod --yes` in the member folder packages/api (the root's uv.lock above).
 * Then `docker build --file <app>/Dockerfile` at the workspace root (README.Docker.md's command; the
 * Dockerfile's own ignore file applies), <app>/compose.yaml resolved to the root as its build
 * context, `up`, healthy, the published host port answers with the linked package's result,
 * hardening applied, stop with exit 0. A Bun workspace (the bun-workspace starter): its Bun app apps/web
 * (Bun stack), and its apps/api given build scripts (Node.js stack, Bun installing and building),
 * generated in their folders, are built the same way. (The pnpm + Turborepo, Yarn 1 + Turborepo and Yarn 4 workspaces are built by test/starters.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import helpers from 'yeoman-test';
import { buildImage, compose, composeContainerId, docker, ensureEngine, findFreePort, removeImage, waitHealthy } from './support/docker.js';
import { copyFixture, GENERATOR_PATH, REPO_ROOT, tempDir } from './support/project.js';

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

interface WorkspaceCase {
  fixture: string;
  /** The workspace is a starter (test/starters/<fixture>) rather than a fixture: another of its apps than the one test/starters.test.ts runs. */
  starter?: boolean;
  /** Files written over the copy (relative path → content) before the generator runs. */
  files?: Record<string, string>;
  /** Where the generator runs, relative to the fixture ('' for the root). */
  runIn: string;
  /** The app folder the files land in. */
  app: string;
  service: string;
  health: string;
  /** A request answered with what the workspace package computes. */
  probe: { path: string; body: RegExp; why: string };
  /** A command run in the container that must succeed: the generated files next to the Dockerfile are not in the image. */
  noGeneratedFiles?: string[];
}

/** A copy of test/starters/<name> in a new temp folder. */
function copyStarter(name: string): string {
  const dir = path.join(tempDir(`${name}-`), name);
  fs.cpSync(path.join(REPO_ROOT, 'test/starters', name), dir, { recursive: true });
  return dir;
}

const CASES: WorkspaceCase[] = [
  {
    fixture: 'node-npm-workspace',
    runIn: '',
    app: 'apps/x',
    service: 'shop',
    health: '/healthz',
    probe: { path: '/', body: /hello from @demo\/y/, why: 'the workspace package resolves in the image' },
  },
  {
    fixture: 'node-yarn1-workspace',
    runIn: '',
    app: 'apps/x',
    service: 'shop',
    health: '/healthz',
    probe: { path: '/', body: /hello from @demo\/y/, why: 'the workspace package, linked by Yarn 1, resolves in the image' },
  },
  {
    // The Bun stack: apps/web runs on Bun (hono), apps/api of the same workspace is a starter.
    fixture: 'bun-workspace',
    starter: true,
    runIn: 'apps/web',
    app: 'apps/web',
    service: 'web',
    health: '/health',
    probe: { path: '/', body: /Hello, web, from @repo\/shared/, why: 'the workspace package, linked by bun install --filter, resolves in the image' },
    noGeneratedFiles: [
      'bun',
      '-e',
      "process.exit(['Dockerfile', 'compose.yaml', 'README.Docker.md', '.yo-rc.json'].some((f) => require('fs').existsSync(f)) ? 1 : 0)",
    ],
  },
  {
    // The Node.js stack with Bun installing, and a build: the starter's apps/api given build
    // scripts (the shared package's first), so `bun run --filter` builds the graph in order.
    fixture: 'bun-workspace',
    starter: true,
    files: {
      'packages/shared/package.json': `${JSON.stringify({ name: '@repo/shared', version: '0.0.0', private: true, main: 'index.js', scripts: { build: 'node build.js' } }, null, 2)}\n`,
      'packages/shared/build.js': "require('fs').writeFileSync('built.txt', 'built by the build stage');\n",
      'apps/api/package.json': `${JSON.stringify(
        {
          name: 'api',
          version: '0.0.0',
          private: true,
          scripts: { build: 'node build.js', start: 'node dist/server.js' },
          dependencies: { '@repo/shared': 'workspace:*', 'cookie-parser': '~1.4.4', debug: '~2.6.9', express: '~4.16.1', morgan: '~1.9.1' },
        },
        null,
        2,
      )}\n`,
      'apps/api/build.js':
        "// Runs after the shared package's build (bun run --filter orders the graph): its output is read here.\nconst fs = require('fs');\nconst built = fs.readFileSync(require.resolve('@repo/shared/built.txt'), 'utf8');\nfs.mkdirSync('dist', { recursive: true });\nfs.writeFileSync('dist/server.js', fs.readFileSync('server.src.js', 'utf8').replace('__BUILT__', JSON.stringify(built)));\n",
      'apps/api/server.src.js':
        "const fs = require('fs');\nconst http = require('http');\nconst shared = require('@repo/shared');\n\nconst atBuild = __BUILT__;\nconst atRun = fs.readFileSync(require.resolve('@repo/shared/built.txt'), 'utf8');\nhttp.createServer((req, res) => res.end(`${shared.greeting('dist')} (${atBuild}; ${atRun})`)).listen(process.env.PORT || 3000);\n",
    },
    runIn: 'apps/api',
    app: 'apps/api',
    service: 'api',
    health: '/',
    probe: {
      path: '/',
      body: /Hello, dist, from @repo\/shared \(built by the build stage; built by the build stage\)/,
      why: "bun run --filter built the shared package before the app (whose build read its output), and the runtime has both builds' output",
    },
  },
  {
    fixture: 'python-uv-workspace',
    runIn: 'packages/api',
    app: 'packages/api',
    service: 'shop-api',
    health: '/health',
    probe: { path: '/price/100', body: /"with_tax":\d+/, why: 'the workspace member shop-core is installed in the image' },
    noGeneratedFiles: [
      'python',
      '-c',
      "import os, sys; sys.exit(any(os.path.exists(f) for f in ['Dockerfile', 'Dockerfile.dockerignore', 'compose.yaml', 'README.Docker.md', '.yo-rc.json']) or not os.path.exists('shop_api/main.py'))",
    ],
  },
];

describe('workspace apps (e2e): built from the workspace root, run by their compose.yaml, healthy, stop with exit 0', function () {
  this.timeout(10 * 60 * 1000);
  before(() => ensureEngine('current'));

  for (const c of CASES) {
    it(`${c.fixture}: ${c.app}, generated ${c.runIn ? `in ${c.runIn}` : 'at the root'}`, async () => {
      const root = c.starter ? copyStarter(c.fixture) : copyFixture(c.fixture);
      for (const [file, content] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(root, file), content);
      await helpers
        .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
        .cd(path.join(root, c.runIn))
        .withOptions({ yes: true, force: false } as never);
      const app = path.join(root, c.app);
      assert.ok(fs.existsSync(path.join(app, 'Dockerfile.dockerignore')));
      assert.ok(!fs.existsSync(path.join(root, 'Dockerfile')) && !fs.existsSync(path.join(app, '.github')));
      const project = `wse2e${c.fixture.replace(/[^a-z0-9]/g, '')}${process.pid}`;
      const tag = `${c.service}:${project}`;
      const hostPort = await findFreePort();
      const env = { IMAGE_TAG: project, HOST_PORT: String(hostPort) };
      try {
        // compose.yaml's build section points at the workspace root and the app's Dockerfile.
        const config = JSON.parse(compose(['config', '--format', 'json'], { cwd: app, projectName: project, env }).stdout) as {
          services: Record<string, { build: { context: string; dockerfile: string } }>;
        };
        assert.equal(fs.realpathSync(config.services[c.service]!.build.context), fs.realpathSync(root));
        assert.equal(config.services[c.service]!.build.dockerfile, `${c.app}/Dockerfile`);
        // Built as README.Docker.md says (from the root, --file <app>/Dockerfile); the test engine
        // needs the host network and proxy for the build, which compose's own build would not have.
        buildImage(root, tag, { file: `${c.app}/Dockerfile` });
        compose(['up', '-d', '--no-build'], { cwd: app, projectName: project, env });
        const id = composeContainerId(c.service, { cwd: app, projectName: project, env });
        waitHealthy(id, 120);
        const answer = await get(hostPort, c.probe.path);
        assert.equal(answer.status, 200);
        assert.match(answer.body, c.probe.body, c.probe.why);
        assert.equal((await get(hostPort, c.health)).status, 200);
        const hostConfig = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id]).stdout);
        assert.equal(hostConfig.ReadonlyRootfs, true);
        assert.deepEqual(hostConfig.CapDrop, ['ALL']);
        assert.ok(
          (hostConfig.SecurityOpt as string[]).some((o) => /^no-new-privileges(:true)?$/.test(o)),
          JSON.stringify(hostConfig.SecurityOpt),
        );
        if (c.noGeneratedFiles) docker(['exec', id, ...c.noGeneratedFiles]);
        const user = docker(['inspect', '-f', '{{.Config.User}}', id]).stdout.trim();
        assert.match(user, /^\d+:\d+$/);
        compose(['stop'], { cwd: app, projectName: project, env });
        assert.equal(Number(docker(['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim()), 0, 'compose stop exit code');
      } finally {
        compose(['down', '--volumes', '--remove-orphans'], { cwd: app, projectName: project, env, allowFail: true });
        removeImage(tag);
        fs.rmSync(path.dirname(root), { recursive: true, force: true });
      }
    });
  }
});
