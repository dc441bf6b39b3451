/**
 * Acceptance corpus: apps made by the frameworks' own scaffolders (test/starters/README.md says
 * how each was made), committed with their lockfiles. For each: `yo docker-prod --yes` with no
 * flags, build in the current engine, run hardened (read-only rootfs, cap-drop ALL,
 * no-new-privileges, numeric non-root user), wait for `healthy`, request the health path through
 * the published host port, stop with exit code 0. Prints `N/M starters healthy`.
 * STARTERS_ONLY=<name>[,<name>] limits the run.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import helpers from 'yeoman-test';
import {
  buildImage,
  composeTmpfs,
  containerUser,
  docker,
  ensureEngine,
  findFreePort,
  httpStatus,
  imageSizeBytes,
  removeContainer,
  removeImage,
  runContainer,
  stopContainer,
  waitHealthy,
} from './support/docker.js';
import { GENERATOR_PATH } from './support/project.js';
import { RUN_IN, STARTERS_DIR, starterNames } from './support/starters.js';

const ONLY = process.env.STARTERS_ONLY;

/** The health probe's path and whether any answer below 500 passes, read from the HEALTHCHECK. */
export function healthOf(dockerfile: string): { path: string; anyStatus: boolean } {
  const lines = dockerfile.split('\n');
  const at = lines.findIndex((l) => l.startsWith('HEALTHCHECK'));
  const line = lines.slice(at).find((l) => /^\s*CMD \[.*\]$/.test(l))!;
  const argv = JSON.parse(line.trim().slice(4)) as string[];
  if (argv[0] === 'node') return { path: argv.at(-1)!, anyStatus: argv[2]!.includes('<500') };
  const url = argv.find((a) => /^https?:\/\//.test(a));
  return { path: url ? new URL(url).pathname : '/', anyStatus: false };
}

/**
 * Starters whose home page is the app's own page: GET / through the published port must answer
 * 2xx, whatever status the health probe accepts. A probe that accepts any answer below 500 (no
 * health route found) would otherwise pass a server that refuses every request with a 4xx (Angular
 * SSR's host check answers 400 to host names it was not told about).
 */
export const HOME_PAGE_STARTERS: ReadonlySet<string> = new Set([
  'cra-app',
  'next-app',
  'next-standalone',
  'ng-app',
  'nitro-app',
  'remix-app',
  'rr-app',
  'sk-app',
]);

/**
 * Folders each starter's framework writes at run time (besides /tmp), as the framework documents
 * them: the generated compose.yaml must give each a tmpfs, and the running container (read-only
 * root, numeric non-root user) must be able to write there. Next.js: the image optimizer's and
 * fetch() cache in `.next/cache` (without a tmpfs: `mkdir /app/.next/cache` fails, ENOENT or EROFS).
 */
export const RUNTIME_WRITES: Readonly<Record<string, readonly string[]>> = {
  'next-app': ['/app/.next/cache'],
  'next-standalone': ['/app/.next/cache'],
};

const results: { starter: string; healthy: boolean; imageMB?: number; buildSeconds?: number; error?: string }[] = [];

describe('starters corpus: scaffolded apps, yo docker-prod --yes with no flags, built and run hardened', function () {
  this.timeout(20 * 60 * 1000);
  const names = starterNames().filter((n) => !ONLY || ONLY.split(',').includes(n));

  before(() => ensureEngine('current'));
  after(() => {
    if (results.length === 0) return;
    console.table(results);
    console.log(`  ${results.filter((r) => r.healthy).length}/${results.length} starters healthy`);
  });

  for (const starter of names) {
    it(`${starter}: generates, builds, turns healthy, answers on the published port, stops with exit code 0`, async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `starter-${starter}-`));
      const dir = path.join(root, starter);
      fs.cpSync(path.join(STARTERS_DIR, starter), dir, { recursive: true });
      const tag = `starter-${starter}:t${process.pid}`;
      const name = `starter-${starter}-${process.pid}`;
      const result: (typeof results)[number] = { starter, healthy: false };
      results.push(result);
      try {
        const app = RUN_IN[starter];
        const runDir = app ? path.join(dir, ...app.split('/')) : dir;
        await helpers
          .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
          .cd(runDir)
          .withOptions({ yes: true, force: false } as never);
        const dockerfile = fs.readFileSync(path.join(runDir, 'Dockerfile'), 'utf8');
        const build = buildImage(dir, tag, app ? { file: `${app}/Dockerfile` } : {});
        result.buildSeconds = +build.seconds.toFixed(1);
        result.imageMB = +(imageSizeBytes(tag) / 1024 / 1024).toFixed(1);
        const port = Number(/^EXPOSE (\d+)$/m.exec(dockerfile)![1]);
        const hostPort = await findFreePort();
        // Hardened exactly as compose.yaml runs it: the tmpfs mounts it declares, nothing more.
        const tmpfs = composeTmpfs(runDir);
        for (const expected of ['/tmp', ...(RUNTIME_WRITES[starter] ?? [])]) {
          assert.ok(tmpfs.map((t) => t.split(':')[0]).includes(expected), `compose.yaml tmpfs ${JSON.stringify(tmpfs)} mounts ${expected}`);
        }
        runContainer(tag, { name, readOnly: true, tmpfs, capDropAll: true, noNewPrivileges: true, publish: [hostPort, port] });
        try {
          waitHealthy(name, 120);
        } catch (error) {
          throw new Error(
            `${(error as Error).message}\nlogs:\n${docker(['logs', name], { allowFail: true }).stdout}${docker(['logs', name], { allowFail: true }).stderr}`,
          );
        }
        const user = containerUser(name);
        assert.match(user.configUser, /^\d+(:\d+)?$/, 'USER is numeric');
        assert.ok(user.uid > 0, `runs as uid ${user.uid}, not root`);
        const health = healthOf(dockerfile);
        const status = await httpStatus(hostPort, health.path);
        assert.ok(status >= 200 && status < (health.anyStatus ? 500 : 400), `GET 127.0.0.1:${hostPort}${health.path} (published port) answered ${status}`);
        if (HOME_PAGE_STARTERS.has(starter)) {
          const home = await httpStatus(hostPort, '/');
          assert.ok(home >= 200 && home < 300, `GET 127.0.0.1:${hostPort}/ (published port, the app's home page) answered ${home}`);
        }
        // The folders the framework writes at run time are writable by the app's user (read-only root).
        for (const folder of RUNTIME_WRITES[starter] ?? []) {
          const probe = docker(['exec', name, 'node', '-e', "require('fs').writeFileSync(process.argv[1] + '/probe', 'x')", folder], { allowFail: true });
          assert.equal(
            probe.code,
            0,
            `the app's user cannot write ${folder} in the running container: ${probe.stderr.split('\n').find((l) => /Error/.test(l)) ?? probe.stderr}`,
          );
        }
        const logs = docker(['logs', name], { allowFail: true });
        assert.doesNotMatch(`${logs.stdout}${logs.stderr}`, /\b(?:ENOENT|EROFS|EACCES)\b.*\/app\//, 'the app logged a failed write under /app');
        const stop = stopContainer(name, 20);
        assert.equal(stop.exitCode, 0, `docker stop exit code (logs: ${docker(['logs', name], { allowFail: true }).stdout})`);
        result.healthy = true;
      } catch (error) {
        result.error = (error as Error).message.split('\n')[0]!.slice(0, 160);
        throw error;
      } finally {
        removeContainer(name);
        removeImage(tag);
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
