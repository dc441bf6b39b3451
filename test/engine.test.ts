/**
 * Proves the real-engine harness (test/support/docker.ts) on a hand-written
 * multi-stage Dockerfile and compose.yaml for a zero-dependency Node server.
 * Needs root on first run (scripts/engine.sh installs/starts Docker).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  buildImage,
  cachedSteps,
  compose,
  composeContainerId,
  containerUser,
  contextSizeBytes,
  docker,
  ensureEngine,
  findFreePort,
  imageSizeBytes,
  nodeImage,
  nodeMajor,
  removeContainer,
  removeImage,
  runContainer,
  stopContainer,
  waitHealthy,
  type ComposeOptions,
} from './support/docker.js';

const PORT = 3000;
const HEALTH_PROBE = `require('http').get('http://127.0.0.1:${PORT}/health', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))`;

const SERVER_JS = `'use strict';
const http = require('node:http');
const port = Number(process.env.PORT || ${PORT});
const server = http.createServer((req, res) => {
  const body = JSON.stringify(req.url === '/health' ? { status: 'ok' } : { hello: 'world', uid: process.getuid() });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(port, '0.0.0.0', () => console.log('listening on ' + port));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log('got ' + signal + ', closing');
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
`;

function dockerfile(): string {
  const base = `node:${nodeMajor()}-bookworm-slim`;
  return `FROM ${base} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund && mkdir -p node_modules

FROM ${base} AS runtime
ENV NODE_ENV=production PORT=${PORT}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json server.js ./
USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=2s --timeout=3s --start-period=10s --retries=3 CMD ${JSON.stringify(['node', '-e', HEALTH_PROBE])}
CMD ["node", "server.js"]
`;
}

function composeYaml(tag: string, hostPort: number): string {
  return `services:
  web:
    image: ${tag}
    read_only: true
    tmpfs:
      - /tmp
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
    ports:
      - "127.0.0.1:${hostPort}:${PORT}"
    healthcheck:
      test: ${JSON.stringify(['CMD', 'node', '-e', HEALTH_PROBE])}
      interval: 2s
      timeout: 3s
      retries: 3
      start_period: 10s
    logging:
      driver: json-file
      options:
        max-size: "10m"
        max-file: "3"
    stop_grace_period: 10s
`;
}

function writeProject(dir: string): void {
  const pkg = { name: 'harness-selftest', version: '1.0.0', private: true, main: 'server.js', dependencies: {} };
  const lock = {
    name: pkg.name,
    version: pkg.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: pkg.name, version: pkg.version } },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'server.js'), SERVER_JS);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile());
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n.git\n*.log\nbig-ignored.bin\ncompose.yaml\n');
  // 4 MB that .dockerignore must keep out of the build context.
  fs.writeFileSync(path.join(dir, 'big-ignored.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
}

function httpGet(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('real Docker engine harness', function () {
  this.timeout(10 * 60_000);

  const id = `${process.pid}-${Date.now().toString(36)}`;
  const tag = `gdp-harness-selftest:${id}`;
  const name = `gdp-harness-${id}`;
  const imageIds = new Set<string>();
  let dir = '';
  let composeOpts: ComposeOptions | undefined;

  before(function () {
    ensureEngine();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdp-harness-'));
    writeProject(dir);
  });

  after(function () {
    if (composeOpts) compose(['down', '-v', '--remove-orphans', '-t', '5'], { ...composeOpts, allowFail: true });
    removeContainer(name);
    removeImage(tag);
    for (const imageId of imageIds) removeImage(imageId);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has the node stand-in for the host Node major, without curl/wget', function () {
    const out = docker(['run', '--rm', '--network', 'none', nodeImage('slim'), 'sh', '-c', 'node -v; id -un 1000; command -v curl wget || true'])
      .stdout.trim()
      .split('\n');
    assert.deepEqual(out, [`v${process.versions.node}`, 'node']);
  });

  it('measures the build context honouring .dockerignore', function () {
    const bytes = contextSizeBytes(dir);
    const expected = ['package.json', 'package-lock.json', 'server.js', 'Dockerfile', '.dockerignore']
      .map((f) => fs.statSync(path.join(dir, f)).size)
      .reduce((a, b) => a + b, 0);
    assert.equal(bytes, expected);
  });

  it('builds a multi-stage image with an npm cache mount, then reuses the install layer', function () {
    const first = buildImage(dir, tag, { noCache: true });
    imageIds.add(first.imageId);
    assert.match(first.output, /RUN --mount=type=cache,target=\/root\/\.npm npm ci/);
    assert.ok(imageSizeBytes(tag) > 0);

    // Unique content: BuildKit cache keys are content hashes, so a fixed edit
    // would hit the cache left by an earlier run of this test.
    fs.appendFileSync(path.join(dir, 'server.js'), `// touched ${id}\n`);
    const second = buildImage(dir, tag);
    imageIds.add(second.imageId);
    const cached = cachedSteps(second.output);
    assert.ok(
      cached.some((step) => step.includes('npm ci')),
      `npm ci step should be CACHED after a source-only change; cached: ${JSON.stringify(cached)}`,
    );
    assert.ok(
      !cached.some((step) => step.includes('COPY package.json server.js')),
      `source COPY must re-run; cached: ${JSON.stringify(cached)}\n${second.output}`,
    );
  });

  it('runs read-only, caps dropped, no-new-privileges: healthy, uid 10001, stops with exit 0', async function () {
    const hostPort = await findFreePort();
    runContainer(tag, {
      name,
      readOnly: true,
      tmpfs: ['/tmp'],
      capDropAll: true,
      noNewPrivileges: true,
      publish: [hostPort, PORT],
    });
    const health = waitHealthy(name, 60);
    assert.equal(health.status, 'healthy');

    const user = containerUser(name);
    assert.equal(user.configUser, '10001:10001');
    assert.equal(user.uid, 10001);
    assert.equal(user.gid, 10001);

    const res = await httpGet(hostPort, '/');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { hello: 'world', uid: 10001 });

    const stop = stopContainer(name, 10);
    assert.equal(stop.exitCode, 0, 'SIGTERM handler should exit 0 (137 = killed after timeout)');
    assert.ok(stop.seconds < 9, `stop took ${stop.seconds}s`);
  });

  it('compose up --no-build (docker compose v2 on the current engine) reaches healthy with json-file log rotation', async function () {
    const hostPort = await findFreePort();
    fs.writeFileSync(path.join(dir, 'compose.yaml'), composeYaml(tag, hostPort));
    composeOpts = { cwd: dir, projectName: `gdpharness${id.replace(/[^a-z0-9]/g, '')}` };

    compose(['config', '-q'], composeOpts);
    compose(['up', '-d', '--no-build'], composeOpts);
    const container = composeContainerId('web', composeOpts);
    assert.equal(waitHealthy(container, 60).status, 'healthy');

    const hostConfig = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', container]).stdout) as {
      LogConfig: { Type: string; Config: Record<string, string> };
      ReadonlyRootfs: boolean;
      CapDrop: string[] | null;
      SecurityOpt: string[] | null;
    };
    assert.deepEqual(hostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    assert.equal(hostConfig.ReadonlyRootfs, true);
    assert.deepEqual(hostConfig.CapDrop, ['ALL']);
    assert.deepEqual(hostConfig.SecurityOpt, ['no-new-privileges:true']);
    assert.equal((await httpGet(hostPort, '/health')).status, 200);

    compose(['down', '-v', '-t', '10'], composeOpts);
    const left = docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${composeOpts.projectName}`]);
    assert.equal(left.stdout.trim(), '');
    composeOpts = undefined;
  });
});
