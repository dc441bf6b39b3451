/**
 * End to end in a real Docker engine: for each buildable fixture, generate with flags, build,
 * run hardened, wait for `healthy`, request the health path through the published port, check
 * the user, stop cleanly, bring it up with Compose, and rebuild after a source change with the
 * dependency install taken from cache.
 * Every fixture runs on the current engine (Docker 28 + Compose v2 + BuildKit); one fixture per
 * stack also runs on the legacy one (Docker 20.10 + Compose 1.29), generated with
 * `--min-docker 20.10`. Both engines and the stand-in base images are set up by
 * scripts/engine.sh (see test/standins).
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
  composeTmpfs,
  containerUser,
  docker,
  ensureEngine,
  findFreePort,
  httpStatus,
  type EngineName,
  imageSizeBytes,
  removeContainer,
  removeImage,
  runContainer,
  stopContainer,
  waitHealthy,
} from './support/docker.js';
import { copyFixture, GENERATOR_PATH } from './support/project.js';
import { legacyEngineCases, loadE2eCases } from './support/e2e-cases.js';

const ONLY = process.env.E2E_ONLY; // e.g. E2E_ONLY=node-ts-pnpm while working on one fixture
const ALL_CASES = loadE2eCases();
const CASES = ALL_CASES.filter((c) => !ONLY || ONLY.split(',').includes(c.fixture));
const LEGACY = new Set(legacyEngineCases(ALL_CASES).map((c) => c.fixture));
/** The oldest engine the project supports, and the generator setting that targets it. */
const LEGACY_MIN_DOCKER = '20.10';

export interface E2eFigures {
  fixture: string;
  engine: EngineName;
  imageMB: number;
  aboveBaseMB: number;
  buildSeconds: number;
  rebuildSeconds: number;
  healthySeconds: number;
  stopExitCode: number;
  stopSeconds: number;
}
const figures: E2eFigures[] = [];

/** A one-line change, as a comment in the touched file's language. */
export function touchLine(file: string): string {
  const text = `touched by the e2e test ${Date.now()}`;
  if (/\.(py|rb|ru|sh|ya?ml|toml|properties)$/.test(file)) return `\n# ${text}\n`;
  if (/\.(html?|xml|svg)$/.test(file)) return `\n<!-- ${text} -->\n`;
  if (/\.css$/.test(file)) return `\n/* ${text} */\n`;
  return `\n// ${text}\n`;
}
const MB = 1024 * 1024;

/**
 * From this process, through the port published on 127.0.0.1: the health path answers 2xx/3xx;
 * when the generator detected the health route in the app, an unknown path answers 404 (a
 * catch-all route would answer anything and prove nothing).
 */
async function assertHealthThroughPort(hostPort: number, healthPath: string, routeDetected: boolean): Promise<void> {
  const status = await httpStatus(hostPort, healthPath);
  assert.ok(status >= 200 && status < 400, `GET 127.0.0.1:${hostPort}${healthPath} (published port) answered ${status}, want 2xx/3xx`);
  if (routeDetected) {
    const unknown = `/no-such-path-${Math.random().toString(36).slice(2, 10)}`;
    assert.equal(
      await httpStatus(hostPort, unknown),
      404,
      `GET ${unknown}: an unknown path must answer 404 (the health route was detected, so it is not a catch-all)`,
    );
  }
}

describe('end to end in a real Docker engine', function () {
  this.timeout(15 * 60 * 1000);

  before(() => {
    ensureEngine('current');
    if (CASES.some((c) => LEGACY.has(c.fixture))) ensureEngine('legacy');
  });

  after(() => {
    if (figures.length === 0) return;
    console.log('\n  e2e figures (image sizes in MB, times in s):');
    console.table(figures);
  });

  const runs = CASES.flatMap((c) => (LEGACY.has(c.fixture) ? (['current', 'legacy'] as const) : (['current'] as const)).map((engine) => ({ c, engine })));
  for (const { c, engine } of runs) {
    const label = engine === 'legacy' ? `${c.fixture} on Docker 20.10 + Compose 1.29 (--min-docker ${LEGACY_MIN_DOCKER})` : c.fixture;
    describe(label, () => {
      const dir = copyFixture(c.fixture);
      const stamp = `${engine === 'legacy' ? 'l' : ''}${process.pid}`;
      const flags = engine === 'legacy' ? { ...c.flags, 'min-docker': LEGACY_MIN_DOCKER } : c.flags;
      let tag = '';
      let serviceName = '';
      const containers: string[] = [];
      const project = `e2e${c.fixture.replace(/[^a-z0-9]/g, '')}${stamp}`;

      after(() => {
        compose(['down', '--volumes', '--remove-orphans'], { cwd: dir, projectName: project, allowFail: true, env: { IMAGE_TAG: `e2e${stamp}` }, engine });
        for (const name of containers) removeContainer(name, engine);
        if (tag) removeImage(tag, engine);
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      });

      it('generates with flags', async () => {
        await helpers
          .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
          .cd(dir)
          .withOptions({ yes: true, force: false, ...flags } as never);
        assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
        serviceName = /^ {2}([a-z0-9_-]+):$/m.exec(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'))![1]!;
        // The tag compose expects with IMAGE_TAG set, so `up --no-build` runs this very image.
        tag = `${serviceName}:e2e${stamp}`;
        const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
        if (!c.flags['health-path']) {
          assert.ok(c.healthPath, `${c.fixture}.e2e.json: give "healthPath" (what the generator must detect) or the health-path flag`);
          assert.ok(
            /^HEALTHCHECK [^\n]*\\\n[^\n]*CMD [^\n]*/m.exec(dockerfile)?.[0].includes(`"${c.healthPath}"`),
            `the generated HEALTHCHECK probes ${c.healthPath}`,
          );
        }
        if (!c.flags.port && c.port !== undefined) assert.match(dockerfile, new RegExp(`^EXPOSE ${c.port}$`, 'm'), `the generator detects port ${c.port}`);
      });

      it('builds, runs hardened as a numeric non-root user, becomes healthy, answers on the published port and stops with exit code 0', async () => {
        const build = buildImage(dir, tag, { engine });
        const name = `${project}-run`;
        containers.push(name);
        const port = Number(c.flags.port ?? /^EXPOSE (\d+)$/m.exec(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'))![1]);
        const hostPort = await findFreePort();
        runContainer(tag, { name, readOnly: true, tmpfs: composeTmpfs(dir), capDropAll: true, noNewPrivileges: true, publish: [hostPort, port], engine });
        const healthy = waitHealthy(name, 120, engine);
        const user = containerUser(name, engine);
        assert.match(user.configUser, /^\d+(:\d+)?$/, 'USER is numeric');
        assert.ok(user.uid > 0, `runs as uid ${user.uid}, not root`);
        await assertHealthThroughPort(hostPort, (c.flags['health-path'] ?? c.healthPath)!, c.healthRouteDetected === true);
        // The app cannot change its own files (owned by root).
        if (c.writeProbe) {
          const write = docker(['exec', name, ...c.writeProbe], { allowFail: true, engine });
          assert.notEqual(write.code, 0, 'app files must not be writable by the runtime user');
        }
        const stop = stopContainer(name, 20, engine);
        assert.equal(stop.exitCode, 0, `docker stop exit code (logs: ${docker(['logs', name], { allowFail: true, engine }).stdout})`);

        // One-line source change: everything up to the source COPY comes from cache.
        fs.appendFileSync(path.join(dir, c.touch), touchLine(c.touch));
        const rebuild = buildImage(dir, tag, { engine });
        if (build.imageId !== rebuild.imageId) removeImage(build.imageId, engine);
        if (c.installStep) {
          const cached = cachedSteps(rebuild.output);
          assert.ok(
            cached.some((step) => step.includes(c.installStep!)),
            `the dependency install (${c.installStep}) must come from cache on rebuild; cached steps: ${cached.join(' | ')}`,
          );
        }
        assert.notEqual(rebuild.imageId, build.imageId, 'the source change is in the new image');
        const base = imageSizeBytes(c.baseImage, engine);
        const size = imageSizeBytes(tag, engine);
        figures.push({
          fixture: c.fixture,
          engine,
          imageMB: +(size / MB).toFixed(1),
          aboveBaseMB: +((size - base) / MB).toFixed(2),
          buildSeconds: +build.seconds.toFixed(1),
          rebuildSeconds: +rebuild.seconds.toFixed(1),
          healthySeconds: +healthy.seconds.toFixed(1),
          stopExitCode: stop.exitCode,
          stopSeconds: +stop.seconds.toFixed(1),
        });
      });

      it(`comes up healthy with ${engine === 'legacy' ? 'docker-compose 1.29' : 'docker compose v2'}, answers on the published port, with log rotation and hardening applied`, async () => {
        const hostPort = await findFreePort();
        const env = { IMAGE_TAG: `e2e${stamp}`, HOST_PORT: String(hostPort) };
        compose(['up', '-d', '--no-build'], { cwd: dir, projectName: project, env, engine });
        const id = composeContainerId(serviceName, { cwd: dir, projectName: project, env, engine });
        waitHealthy(id, 120, engine);
        await assertHealthThroughPort(hostPort, (c.flags['health-path'] ?? c.healthPath)!, c.healthRouteDetected === true);
        const hostConfig = JSON.parse(docker(['inspect', '-f', '{{json .HostConfig}}', id], { engine }).stdout);
        assert.deepEqual(hostConfig.LogConfig, { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '10m' } });
        assert.equal(hostConfig.ReadonlyRootfs, true);
        assert.deepEqual(hostConfig.CapDrop, ['ALL']);
        assert.deepEqual(hostConfig.SecurityOpt, ['no-new-privileges:true']);
        assert.notEqual(hostConfig.Init, true, 'no compose init: the image brings its own (tini), so docker run and Kubernetes stop as fast');
        assert.ok(hostConfig.Memory > 0 && hostConfig.NanoCpus > 0, 'memory and CPU limits applied');
        assert.equal(hostConfig.PidsLimit, 256, 'pids limit applied');
        assert.deepEqual(Object.keys(hostConfig.Tmpfs ?? {}), ['/tmp']);
        assert.equal(hostConfig.PortBindings[Object.keys(hostConfig.PortBindings)[0]!][0].HostIp, '127.0.0.1');
        compose(['stop'], { cwd: dir, projectName: project, env, engine });
        const exitCode = Number(docker(['inspect', '-f', '{{.State.ExitCode}}', id], { engine }).stdout.trim());
        assert.equal(exitCode, 0, 'compose stop exit code');
      });
    });
  }
});
