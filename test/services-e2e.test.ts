/**
 * Backing services end to end in a real Docker engine: for each fixture below, generate with
 * --yes (the services are detected from its dependencies), create the password files with the
 * very commands README.Docker.md shows, build the app, `compose up`: every backing service and
 * the app become healthy, the app writes and reads its database through /visits, the services
 * run hardened as uid 999 with no password in compose.yaml or `docker inspect`, and after
 * `compose down` + `up` the data is still there (named volume). The database images are the
 * Debian-built stand-ins of scripts/standins/services.sh (see test/standins/README.md).
 * E2E_ONLY=<fixture,...> runs some; KEEP=1 leaves the project folder and containers for a look.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import helpers from 'yeoman-test';
import {
  buildImage,
  compose,
  composeContainerId,
  containerUser,
  docker,
  ensureEngine,
  findFreePort,
  nodeMajor,
  removeImage,
  waitHealthy,
  type ComposeOptions,
  type EngineName,
} from './support/docker.js';

/**
 * These run on the 20.10 engine (Compose 1.29), with files generated for it (--min-docker 20.10):
 * the current engine runs beside it without iptables (scripts/modern-engine.sh), and Docker's
 * embedded DNS needs iptables rules to resolve service names (postgres, redis) on a compose
 * network. The app's own compose run on the current engine is in test/e2e.test.ts.
 */
const ENGINE: EngineName = 'legacy';
import { copyFixture, GENERATOR_PATH } from './support/project.js';

interface ServicesCase {
  fixture: string;
  /** Readies the copy before generation (see below); returns what to stop afterwards. */
  prepare?: (dir: string) => Promise<(() => void) | undefined>;
  flags: Record<string, string>;
  /** Services the generator must detect. */
  services: string[];
  /** The connection variable the app reads (detected in its sources). */
  variable: string;
  /** Also assert the app stops with exit code 0 on `compose stop` (its only e2e run). */
  stopsCleanly?: boolean;
  /** A workspace app: generated in this folder, built from the fixture's root with its Dockerfile. */
  runIn?: string;
}

/**
 * The python and golang stand-ins do not trust the TLS-inspecting proxy this machine's
 * downloads go through (the node stand-in does), so pip and `go mod download` inside a build
 * cannot reach PyPI or the Go module proxy. The host can, so:
 *  - Python: the host downloads the locked wheels (pip checks their hashes) into a PEP 503
 *    index served on 127.0.0.1 for the build (`--network host`), named by `--index-url` at
 *    the top of the copy's requirements.txt; the image's pip then installs them with
 *    --require-hashes, exactly as from PyPI.
 *  - Go: the host vendors the modules (`go mod vendor`); the generated Dockerfile builds
 *    with -mod=vendor and downloads nothing.
 */
async function localPythonIndex(dir: string): Promise<() => void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'svc-pyindex-'));
  let server: ReturnType<typeof spawn> | undefined;
  const stop = () => {
    server?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await serveIndex(root, dir, (s) => (server = s));
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}

async function serveIndex(root: string, dir: string, started: (server: ReturnType<typeof spawn>) => void): Promise<void> {
  const files = path.join(root, 'files');
  const pip = spawnSync(
    'python3',
    ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--require-hashes', '-r', 'requirements.txt', '-d', files],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(pip.status, 0, `pip download on the host: ${pip.stderr}`);
  for (const wheel of fs.readdirSync(files)) {
    const name = wheel.split('-')[0]!.toLowerCase().replace(/[_.]+/g, '-');
    fs.mkdirSync(path.join(root, 'simple', name), { recursive: true });
    fs.writeFileSync(path.join(root, 'simple', name, 'index.html'), `<a href="../../files/${wheel}">${wheel}</a>\n`);
  }
  const port = await findFreePort();
  const log = fs.openSync(path.join(root, 'server.log'), 'w');
  const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', root, String(port)], { cwd: root, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  started(server);
  // Serving before the build starts (the build runs synchronously: nothing can wait later).
  for (let i = 0; ; i++) {
    const probe = await get(port, '/simple/').catch((error: Error) => ({ status: 0, body: error.message }));
    if (probe.status === 200) break;
    assert.ok(
      i < 50 && server.exitCode === null,
      `the local package index did not start: ${probe.body}; ${fs.readFileSync(path.join(root, 'server.log'), 'utf8')}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const requirements = path.join(dir, 'requirements.txt');
  fs.writeFileSync(requirements, `--index-url http://127.0.0.1:${port}/simple/\n${fs.readFileSync(requirements, 'utf8')}`);
}

async function vendorGoModules(dir: string): Promise<undefined> {
  const res = spawnSync('go', ['mod', 'vendor'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } });
  assert.equal(res.status, 0, `go mod vendor on the host (needs Go and the module proxy): ${res.error?.message ?? res.stderr}`);
  return undefined;
}

const CASES: ServicesCase[] = [
  { fixture: 'node-pg-npm', flags: { 'runtime-version': String(nodeMajor()) }, services: ['postgres'], variable: 'DATABASE_URL' },
  // The local index URL would turn the private-index build secret on; it is not needed.
  {
    fixture: 'python-redis-pip',
    prepare: localPythonIndex,
    flags: { 'runtime-version': '3.13', 'netrc-secret': 'no' },
    services: ['redis'],
    variable: 'REDIS_URL',
  },
  // psycopg2 has no Linux wheels: the builder compiles it (gcc, libpq-dev), the runtime has libpq5.
  { fixture: 'python-psycopg2-pip', flags: {}, services: ['postgres'], variable: 'DATABASE_URL' },
  { fixture: 'go-mysql', prepare: vendorGoModules, flags: {}, services: ['mariadb'], variable: 'MYSQL_DSN' },
  // Prisma 7 with no flags: `prisma generate` in the build stage, the generated client compiled
  // into dist, the query compiler and the pg driver adapter at run time (no Rust engine).
  // Its only end-to-end run (test/e2e.test.ts has no database), so the app's clean stop is checked here.
  { fixture: 'node-prisma-pg', flags: {}, services: ['postgres'], variable: 'DATABASE_URL', stopsCleanly: true },
  // The same app in an npm workspace (apps/api beside packages/log): prisma generate runs in the
  // app's folder through npx, from the workspace root's node_modules.
  { fixture: 'node-prisma-workspace', runIn: 'apps/api', flags: {}, services: ['postgres'], variable: 'DATABASE_URL', stopsCleanly: true },
];
const ONLY = process.env.E2E_ONLY;

export interface ServicesFigures {
  fixture: string;
  service: string;
  healthySeconds: number;
  healthyAgainSeconds: number;
  visitsBefore: number;
  visitsAfterDownUp: number;
}
const figures: ServicesFigures[] = [];

/** The shell block README.Docker.md gives for creating the password files. */
function secretCommands(readme: string): string {
  const m = /Create them once[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.Docker.md shows how to create the password files');
  return m[1]!;
}

/** GET /visits on a fresh connection (no keep-alive through docker-proxy); the count it returns. */
function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

async function visits(port: number, opts: ComposeOptions): Promise<number> {
  let response: { status: number; body: string };
  try {
    response = await get(port, '/visits');
  } catch (error) {
    const logs = compose(['logs', '--tail', '40'], { ...opts, allowFail: true });
    throw new Error(`/visits: ${(error as Error).message}\n--- compose logs:\n${logs.stdout}${logs.stderr}`);
  }
  assert.equal(response.status, 200, `/visits: ${response.body}`);
  return (JSON.parse(response.body) as { visits: number }).visits;
}

describe('backing services end to end (compose with a database)', function () {
  this.timeout(20 * 60 * 1000);
  before(() => ensureEngine(ENGINE));
  after(() => {
    if (figures.length > 0) {
      console.log('\n  backing-service figures (seconds from `compose up` until healthy; visits counted by the app):');
      console.table(figures);
    }
  });

  for (const c of CASES.filter((x) => !ONLY || ONLY.split(',').includes(x.fixture))) {
    describe(c.fixture, () => {
      const root = copyFixture(c.fixture);
      // Where the generator runs and writes (a workspace app's folder), and the build context.
      const dir = c.runIn ? path.join(root, ...c.runIn.split('/')) : root;
      const stamp = `svc${process.pid}`;
      const project = `svce2e${c.fixture.replace(/[^a-z0-9]/g, '')}${process.pid}`;
      let tag = '';
      let serviceName = '';
      let opts: ComposeOptions;
      let stopPrepared: (() => void) | undefined;

      after(() => {
        stopPrepared?.();
        if (opts && !process.env.KEEP) compose(['down', '--volumes', '--remove-orphans'], { ...opts, allowFail: true });
        if (tag) removeImage(tag, ENGINE);
        if (!process.env.KEEP) fs.rmSync(path.dirname(root), { recursive: true, force: true });
        else console.log('kept', dir, project);
      });

      it(`detects ${c.services.join(', ')} and writes compose, README, .gitignore and .dockerignore`, async () => {
        stopPrepared = await c.prepare?.(root);
        await helpers
          .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
          .cd(dir)
          .withOptions({ yes: true, force: false, 'bind-address': '127.0.0.1', 'min-docker': '20.10', ...c.flags } as never);
        const rc = JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
        assert.equal(rc.services, c.services.join(','));
        const composeText = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
        serviceName = /^ {2}([a-z0-9_-]+):\n {4}image: "[a-z0-9_-]+:\$\{IMAGE_TAG/m.exec(composeText)![1]!;
        for (const s of c.services) assert.match(composeText, new RegExp(`^ {2}${s}:$`, 'm'));
        assert.match(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\/\.secrets\/$/m);
        assert.match(fs.readFileSync(path.join(dir, c.runIn ? 'Dockerfile.dockerignore' : '.dockerignore'), 'utf8'), /^(?:\*\*\/)?\.secrets$/m);
        tag = `${serviceName}:${stamp}`;
      });

      it('creates the password files with the README commands; no password in compose.yaml', () => {
        const readme = fs.readFileSync(path.join(dir, 'README.Docker.md'), 'utf8');
        const res = spawnSync('bash', ['-euo', 'pipefail', '-c', secretCommands(readme)], { cwd: dir, encoding: 'utf8' });
        assert.equal(res.status, 0, res.stderr);
        const env = fs.readFileSync(path.join(dir, '.secrets', `${serviceName}.env`), 'utf8');
        assert.match(env, new RegExp(`^${c.variable}=\\S+$`, 'm'), `the app's env file sets ${c.variable}`);
        const composeText = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
        for (const file of fs.readdirSync(path.join(dir, '.secrets')).filter((f) => f.endsWith('_password'))) {
          const password = fs.readFileSync(path.join(dir, '.secrets', file), 'utf8').trim();
          assert.match(password, /^[0-9a-f]{48}$/);
          assert.ok(!composeText.includes(password), `${file} is not in compose.yaml`);
          // The app's URL carries the app user's password, never the administrator's.
          assert.equal(env.includes(password), !file.endsWith('_root_password'), `${file} in the app's env file`);
        }
      });

      it('compose up: every service healthy, the app reads and writes its database; down + up keeps the data', async () => {
        buildImage(root, tag, { engine: ENGINE, ...(c.runIn ? { file: `${c.runIn}/Dockerfile` } : {}) });
        const hostPort = await findFreePort();
        opts = { cwd: dir, projectName: project, engine: ENGINE, env: { IMAGE_TAG: stamp, HOST_PORT: String(hostPort) } };
        const start = performance.now();
        compose(['up', '-d', '--no-build'], opts);
        const healthy: Record<string, number> = {};
        for (const s of [...c.services, serviceName]) {
          waitHealthy(composeContainerId(s, opts), 180, ENGINE);
          healthy[s] = (performance.now() - start) / 1000;
        }
        const first = await visits(hostPort, opts);
        const second = await visits(hostPort, opts);
        assert.equal(second, first + 1, 'each /visits writes a row (key) and reads the count back');

        for (const s of c.services) {
          const id = composeContainerId(s, opts);
          const host = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id], { engine: ENGINE }).stdout);
          assert.equal(host.ReadonlyRootfs, true, `${s}: read-only root filesystem`);
          assert.deepEqual(host.CapDrop, ['ALL'], `${s}: no capabilities`);
          assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true']);
          assert.deepEqual(host.LogConfig, { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '10m' } });
          assert.deepEqual(host.PortBindings ?? {}, {}, `${s}: no published port`);
          const user = containerUser(id, ENGINE);
          assert.equal(user.uid, 999, `${s}: the server runs as uid 999`);
          const inspected = docker(['inspect', id], { engine: ENGINE }).stdout;
          for (const file of fs.readdirSync(path.join(dir, '.secrets')).filter((f) => f.endsWith('_password'))) {
            const password = fs.readFileSync(path.join(dir, '.secrets', file), 'utf8').trim();
            assert.ok(!inspected.includes(password), `${s}: ${file} is not in docker inspect`);
          }
        }

        compose(['down'], opts);
        const again = performance.now();
        compose(['up', '-d', '--no-build'], opts);
        const healthyAgain: Record<string, number> = {};
        for (const s of [...c.services, serviceName]) {
          waitHealthy(composeContainerId(s, opts), 180, ENGINE);
          healthyAgain[s] = (performance.now() - again) / 1000;
        }
        const third = await visits(hostPort, opts);
        assert.equal(third, second + 1, 'the data written before `compose down` is still there (named volume)');
        if (c.stopsCleanly) {
          const app = composeContainerId(serviceName, opts);
          const host = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', app], { engine: ENGINE }).stdout);
          assert.equal(host.ReadonlyRootfs, true, 'the app: read-only root filesystem');
          assert.deepEqual(host.CapDrop, ['ALL'], 'the app: no capabilities');
          assert.ok(containerUser(app, ENGINE).uid > 0, 'the app runs as a non-root user');
          compose(['stop', serviceName], opts);
          assert.equal(docker(['inspect', '-f', '{{.State.ExitCode}}', app], { engine: ENGINE }).stdout.trim(), '0', 'the app stops with exit code 0');
        }
        for (const s of [...c.services, serviceName]) {
          figures.push({
            fixture: c.fixture,
            service: s,
            healthySeconds: +healthy[s]!.toFixed(1),
            healthyAgainSeconds: +healthyAgain[s]!.toFixed(1),
            visitsBefore: second,
            visitsAfterDownUp: third,
          });
        }
      });
    });
  }
});
