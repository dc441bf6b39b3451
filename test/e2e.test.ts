/**
 * End to end in a real Docker engine: for each buildable fixture, generate with flags, build,
 * run hardened, wait for `healthy`, check the user, stop cleanly, bring it up with Compose, and
 * rebuild after a source change with the dependency install taken from cache.
 * The engine and the stand-in base images are set up by scripts/engine.sh (see test/standins).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import {
  buildImage,
  cachedSteps,
  compose,
  composeContainerId,
  containerUser,
  docker,
  ensureEngine,
  findFreePort,
  imageSizeBytes,
  removeContainer,
  removeImage,
  runContainer,
  stopContainer,
  waitHealthy,
} from './support/docker.js';
import { copyFixture, GENERATOR_PATH } from './support/project.js';
import { loadE2eCases } from './support/e2e-cases.js';

const ONLY = process.env.E2E_ONLY; // e.g. E2E_ONLY=node-ts-pnpm while working on one fixture
const CASES = loadE2eCases().filter((c) => !ONLY || ONLY.split(',').includes(c.fixture));

export interface E2eFigures {
  fixture: string;
  imageMB: number;
  aboveBaseMB: number;
  buildSeconds: number;
  rebuildSeconds: number;
  healthySeconds: number;
  stopExitCode: number;
}
const figures: E2eFigures[] = [];

/** A one-line change, as a comment in the touched file's language. */
export function touchLine(file: string): string {
  const text = `touched by the e2e test ${Date.now()}`;
  if (/\.(py|sh|ya?ml|toml)$/.test(file)) return `\n# ${text}\n`;
  if (/\.(html?|xml|svg)$/.test(file)) return `\n<!-- ${text} -->\n`;
  if (/\.css$/.test(file)) return `\n/* ${text} */\n`;
  return `\n// ${text}\n`;
}
const MB = 1024 * 1024;

describe('end to end in a real Docker engine', function () {
  this.timeout(15 * 60 * 1000);

  before(() => ensureEngine());

  after(() => {
    if (figures.length === 0) return;
    console.log('\n  e2e figures (image sizes in MB, times in s):');
    console.table(figures);
  });

  for (const c of CASES) {
    describe(c.fixture, () => {
      const dir = copyFixture(c.fixture);
      const stamp = `${process.pid}`;
      let tag = '';
      let serviceName = '';
      const containers: string[] = [];
      const project = `e2e${c.fixture.replace(/[^a-z0-9]/g, '')}${stamp}`;

      after(() => {
        compose(['down', '--volumes', '--remove-orphans'], { cwd: dir, projectName: project, allowFail: true, env: { IMAGE_TAG: `e2e${stamp}` } });
        for (const name of containers) removeContainer(name);
        if (tag) removeImage(tag);
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      });

      it('generates with flags', async () => {
        await helpers
          .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
          .cd(dir)
          .withOptions({ yes: true, force: false, ...c.flags } as never);
        assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
        serviceName = /^ {2}([a-z0-9_-]+):$/m.exec(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'))![1]!;
        // The tag compose expects with IMAGE_TAG set, so `up --no-build` runs this very image.
        tag = `${serviceName}:e2e${stamp}`;
      });

      it('builds, runs hardened as a numeric non-root user, becomes healthy and stops with exit code 0', async () => {
        const build = buildImage(dir, tag);
        const name = `${project}-run`;
        containers.push(name);
        const port = Number(c.flags.port ?? /^EXPOSE (\d+)$/m.exec(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))![1]);
        const hostPort = await findFreePort();
        runContainer(tag, { name, readOnly: true, tmpfs: ['/tmp'], capDropAll: true, noNewPrivileges: true, publish: [hostPort, port] });
        const healthy = waitHealthy(name, 120);
        const user = containerUser(name);
        assert.match(user.configUser, /^\d+(:\d+)?$/, 'USER is numeric');
        assert.ok(user.uid > 0, `runs as uid ${user.uid}, not root`);
        const response = await fetch(`http://127.0.0.1:${hostPort}${c.flags['health-path']}`);
        assert.equal(response.status, 200, 'the health path answers through the published port');
        // The app cannot change its own files (owned by root).
        if (c.writeProbe) {
          const write = docker(['exec', name, ...c.writeProbe], { allowFail: true });
          assert.notEqual(write.code, 0, 'app files must not be writable by the runtime user');
        }
        const stop = stopContainer(name, 20);
        assert.equal(stop.exitCode, 0, `docker stop exit code (logs: ${docker(['logs', name], { allowFail: true }).stdout})`);

        // One-line source change: everything up to the source COPY comes from cache.
        fs.appendFileSync(path.join(dir, c.touch), touchLine(c.touch));
        const rebuild = buildImage(dir, tag);
        if (build.imageId !== rebuild.imageId) removeImage(build.imageId);
        if (c.installStep) {
          const cached = cachedSteps(rebuild.output);
          assert.ok(
            cached.some((step) => step.includes(c.installStep!)),
            `the dependency install (${c.installStep}) must come from cache on rebuild; cached steps: ${cached.join(' | ')}`,
          );
        }
        assert.notEqual(rebuild.imageId, build.imageId, 'the source change is in the new image');
        const base = imageSizeBytes(c.baseImage);
        const size = imageSizeBytes(tag);
        figures.push({
          fixture: c.fixture,
          imageMB: +(size / MB).toFixed(1),
          aboveBaseMB: +((size - base) / MB).toFixed(2),
          buildSeconds: +build.seconds.toFixed(1),
          rebuildSeconds: +rebuild.seconds.toFixed(1),
          healthySeconds: +healthy.seconds.toFixed(1),
          stopExitCode: stop.exitCode,
        });
      });

      it('comes up healthy with docker-compose, with log rotation and hardening applied', async () => {
        const hostPort = await findFreePort();
        const env = { IMAGE_TAG: `e2e${stamp}`, HOST_PORT: String(hostPort) };
        compose(['up', '-d', '--no-build'], { cwd: dir, projectName: project, env });
        const id = composeContainerId(serviceName, { cwd: dir, projectName: project, env });
        waitHealthy(id, 120);
        const hostConfig = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id]).stdout);
        assert.deepEqual(hostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '10m' } });
        assert.equal(hostConfig.ReadonlyRootfs, true);
        assert.deepEqual(hostConfig.CapDrop, ['ALL']);
        assert.deepEqual(hostConfig.SecurityOpt, ['no-new-privileges:true']);
        assert.notEqual(hostConfig.Init, true, 'no compose init: the image brings its own (tini), so docker run and Kubernetes stop as fast');
        assert.ok(hostConfig.Memory > 0 && hostConfig.NanoCpus > 0, 'memory and CPU limits applied');
        assert.equal(hostConfig.PidsLimit, 256, 'pids limit applied');
        assert.deepEqual(Object.keys(hostConfig.Tmpfs ?? {}), ['/tmp']);
        assert.equal(hostConfig.PortBindings[Object.keys(hostConfig.PortBindings)[0]!][0].HostIp, '127.0.0.1');
        compose(['stop'], { cwd: dir, projectName: project, env });
        const exitCode = Number(docker(['inspect', '-f', '{{.State.ExitCode}}', id]).stdout.trim());
        assert.equal(exitCode, 0, 'compose stop exit code');
      });
    });
  }
});
