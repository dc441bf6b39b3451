/**
 * An npm workspace app end to end (test/fixtures/node-npm-workspace: root + apps/x + packages/y,
 * linked through the workspace): `yo docker-prod --yes` at the root (the one app is taken), then
 * `docker build --file apps/x/Dockerfile` at the workspace root (README.Docker.md's command; the
 * Dockerfile's own ignore file applies), apps/x/compose.yaml resolved to the root as its build
 * context, `up`, healthy, the published host port answers with the linked package's text,
 * hardening applied, stop with exit 0. (The pnpm +
 * Turborepo workspace is built by test/starters.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import helpers from 'yeoman-test';
import { buildImage, compose, composeContainerId, docker, ensureEngine, findFreePort, removeImage, waitHealthy } from './support/docker.js';
import { copyFixture, GENERATOR_PATH } from './support/project.js';

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

describe('npm workspace app (e2e): built from the workspace root, run by its compose.yaml, healthy, stops with exit 0', function () {
  this.timeout(10 * 60 * 1000);
  before(() => ensureEngine('current'));

  it('node-npm-workspace: apps/x with @demo/y from the workspace', async () => {
    const root = copyFixture('node-npm-workspace');
    await helpers
      .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
      .cd(root)
      .withOptions({ yes: true, force: false } as never);
    const app = path.join(root, 'apps/x');
    assert.ok(fs.existsSync(path.join(app, 'Dockerfile.dockerignore')));
    const project = `wse2e${process.pid}`;
    const hostPort = await findFreePort();
    const env = { IMAGE_TAG: project, HOST_PORT: String(hostPort) };
    try {
      // compose.yaml's build section points at the workspace root and the app's Dockerfile.
      const config = JSON.parse(compose(['config', '--format', 'json'], { cwd: app, projectName: project, env }).stdout) as {
        services: Record<string, { build: { context: string; dockerfile: string } }>;
      };
      assert.equal(fs.realpathSync(config.services.shop!.build.context), fs.realpathSync(root));
      assert.equal(config.services.shop!.build.dockerfile, 'apps/x/Dockerfile');
      // Built as README.Docker.md says (from the root, --file apps/x/Dockerfile); the test engine
      // needs the host network and proxy for the build, which compose's own build would not have.
      buildImage(root, `shop:${project}`, { file: 'apps/x/Dockerfile' });
      compose(['up', '-d', '--no-build'], { cwd: app, projectName: project, env });
      const id = composeContainerId('shop', { cwd: app, projectName: project, env });
      waitHealthy(id, 120);
      const answer = await get(hostPort, '/');
      assert.equal(answer.status, 200);
      assert.match(answer.body, /hello from @demo\/y/, 'the workspace package resolves in the image');
      assert.equal((await get(hostPort, '/healthz')).status, 200);
      const hostConfig = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id]).stdout);
      assert.equal(hostConfig.ReadonlyRootfs, true);
      assert.deepEqual(hostConfig.CapDrop, ['ALL']);
      const user = docker(['inspect', '-f', '{{.Config.User}}', id]).stdout.trim();
      assert.match(user, /^\d+:\d+$/);
      compose(['stop'], { cwd: app, projectName: project, env });
      assert.equal(Number(docker(['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim()), 0, 'compose stop exit code');
    } finally {
      compose(['down', '--volumes', '--remove-orphans'], { cwd: app, projectName: project, env, allowFail: true });
      removeImage(`shop:${project}`);
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });
});
