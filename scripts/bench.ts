/**
 * `npm run bench`: builds each end-to-end fixture's image in the real engine and prints what the
 * brief's targets are about. Figures, not assertions: run it and read the table.
 *
 *   image MB / above base MB   docker image inspect .Size, ours minus the runtime base image
 *   payload MB                 files the app needs at run time (sum of file sizes under /app,
 *                              as `docker cp` lists them): above-base / payload ≤ 1.05 is the target
 *   cold build s               docker build --no-cache (BuildKit cache mounts stay warm)
 *   rebuild s, install cached  after a one-line source change; the install step must be CACHED
 *   context MB / tracked MB    build context with .git and local dependencies present, vs the
 *                              size of the git-tracked files: ≤ 1.1 is the target
 *   healthy s, stop exit, stop s  docker run hardened → healthy; docker stop → exit code, seconds
 *   (on the current engine: Docker 28 + BuildKit, scripts/modern-engine.sh; DOCKER_PROD_ENGINE=legacy for 20.10)
 *   yo s                       `yo docker-prod --yes` wall time, installed from the packed tarball
 *   core ms                    the generator's own work in-process (answers → files), median of 21
 *
 * Where fly.io's @flydotio/dockerfile (dockerfile-node) can run (node fixtures), it generates
 * for the same app and its image is measured the same way; the ratio ours/theirs is printed.
 * Its `# syntax=` line is dropped (it would pull a frontend image; no registry here).
 * Then the starters corpus (test/starters, `yo docker-prod --yes` with no flags): our image size
 * next to @flydotio/dockerfile's for the same app, or why fly's could not be built (fly's runs
 * on the Node.js major ours chose, copied out of the stand-in image: it writes its own Node's
 * version into the Dockerfile).
 * Usage: npm run bench [-- fixture ...]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildImage,
  cachedSteps,
  contextSizeBytes,
  docker,
  engineClient,
  ensureEngine,
  imageSizeBytes,
  removeContainer,
  removeImage,
  runContainer,
  stopContainer,
  waitHealthy,
} from '../test/support/docker.js';
import { installCli, runYo, handOver } from '../test/support/cli.js';
import { loadE2eCases, type E2eCase } from '../test/support/e2e-cases.js';
import { copyFixture, FIXTURES_DIR, REPO_ROOT, tempDir } from '../test/support/project.js';
import { generate } from '../test/support/generate.js';
import { RUN_IN, STARTERS_DIR, starterNames } from '../test/support/starters.js';
import { findStack } from '../generators/stacks/index.js';

const MB = 1024 * 1024;
const mb = (bytes: number) => +(bytes / MB).toFixed(2);

interface Row {
  fixture: string;
  tool: string;
  imageMB: number;
  aboveBaseMB: number;
  payloadMB: number;
  aboveBaseOverPayload: number;
  coldBuildS: number;
  rebuildS: number;
  installCached: string;
  contextMB: number;
  trackedMB: number;
  contextOverTracked: number;
  healthyS: number | string;
  stopExit: number;
  /** docker stop wall time (SIGTERM until exited). */
  stopS: number | string;
  yoS: number | string;
  /** resolve + render in-process, without yo and Yeoman's start-up. */
  coreMs: number | string;
}

function sh(cmd: string, args: string[], cwd: string): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A working tree as developers have it: a git history and local dependencies installed. */
function dirtyTree(dir: string, language: string): number {
  // The folder may belong to the unprivileged user who ran yo: tell git that is fine.
  const git = ['-c', 'safe.directory=*', '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid'];
  sh('git', [...git, 'init', '-q'], dir);
  sh('git', [...git, 'add', '-A'], dir);
  sh('git', [...git, 'commit', '-qm', 'app'], dir);
  const tracked = execFileSync('git', [...git, 'ls-files', '-z'], { cwd: dir, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean)
    .reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
  if (fs.existsSync(path.join(dir, 'package-lock.json'))) sh('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  else if (fs.existsSync(path.join(dir, 'pnpm-lock.yaml'))) {
    // The exact pnpm the project pins: a different one would switch versions and verify signatures.
    const pinned = /^pnpm@([^+]+)/.exec(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).packageManager ?? '')?.[1] ?? '10';
    sh('npx', ['--yes', `pnpm@${pinned}`, 'install', '--frozen-lockfile', '--ignore-scripts', '--reporter=silent'], dir);
  }
  // The stack's local dependency folder and a tool cache, made big: never wanted in the image.
  for (const folder of [findStack(language)?.localDependencyFolder, '.cache']) {
    if (!folder) continue;
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    fs.writeFileSync(path.join(dir, folder, 'bench-junk.bin'), Buffer.alloc(8 * MB, 1));
  }
  return tracked;
}

/** Sum of regular-file sizes under the given paths of an image (works without a shell inside). */
function payloadBytes(tag: string, paths: string[]): number {
  const id = docker(['create', tag]).stdout.trim();
  try {
    let total = 0;
    for (const p of paths) {
      const client = engineClient();
      const tar = spawnSync(client.bin, ['cp', `${id}:${p}`, '-'], { maxBuffer: 2 * 1024 * MB, env: { ...process.env, ...client.env } });
      const list = spawnSync('tar', ['-tvf', '-'], { input: tar.stdout, encoding: 'utf8', maxBuffer: 256 * MB });
      for (const line of list.stdout.split('\n')) {
        const m = /^-\S+\s+\S+\s+(\d+)\s/.exec(line);
        if (m) total += Number(m[1]);
      }
    }
    return total;
  } finally {
    docker(['rm', '-f', id], { allowFail: true });
  }
}

function touch(dir: string, file: string): void {
  const comment = /\.(py|sh|ya?ml|toml)$/.test(file) ? '#' : '//';
  fs.appendFileSync(path.join(dir, file), `\n${comment} bench ${Date.now()}\n`);
}

async function measure(c: E2eCase, tool: string, dir: string, yoSeconds: number | string, language: string, coreMs: number | string): Promise<Row> {
  const tracked = dirtyTree(dir, language);
  const context = contextSizeBytes(dir);
  const tag = `bench-${c.fixture}-${tool}:${process.pid}`;
  const cold = buildImage(dir, tag, { noCache: true });
  touch(dir, c.touch);
  const rebuild = buildImage(dir, tag);
  if (rebuild.imageId !== cold.imageId) removeImage(cold.imageId);
  const cached = cachedSteps(rebuild.output);
  const installCached = c.installStep ? (cached.some((s) => s.includes(c.installStep!)) ? 'yes' : 'NO') : 'n/a';
  const base = imageSizeBytes(c.baseImage);
  const size = imageSizeBytes(tag);
  const payload = payloadBytes(tag, c.payloadPaths ?? ['/app']);
  const name = `bench-${c.fixture}-${tool}-${process.pid}`;
  let healthy: number | string = 'n/a';
  let stopExit = -1;
  let stopS: number | string = 'n/a';
  try {
    runContainer(tag, { name, readOnly: true, tmpfs: ['/tmp'], capDropAll: true, noNewPrivileges: true });
    const hasHealthcheck = docker(['inspect', '-f', '{{if .Config.Healthcheck}}yes{{end}}', tag]).stdout.trim() === 'yes';
    if (hasHealthcheck) healthy = +waitHealthy(name, 120).seconds.toFixed(1);
    else healthy = 'n/a (image has no HEALTHCHECK)';
    const stop = stopContainer(name, 20);
    stopExit = stop.exitCode;
    stopS = +stop.seconds.toFixed(1);
  } catch (error) {
    healthy = `failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    removeContainer(name);
    removeImage(tag);
  }
  return {
    fixture: c.fixture,
    tool,
    imageMB: mb(size),
    aboveBaseMB: mb(size - base),
    payloadMB: mb(payload),
    aboveBaseOverPayload: +((size - base) / Math.max(payload, 1)).toFixed(3),
    coldBuildS: +cold.seconds.toFixed(1),
    rebuildS: +rebuild.seconds.toFixed(1),
    installCached,
    contextMB: mb(context),
    trackedMB: mb(tracked),
    contextOverTracked: +(context / Math.max(tracked, 1)).toFixed(3),
    healthyS: healthy,
    stopExit,
    stopS,
    yoS: yoSeconds,
    coreMs,
  };
}

/** fly.io's generator on the same app, when it applies (Node.js apps). */
function flyDockerfile(dir: string, nodeBin: string = process.execPath): boolean {
  const bin = path.join(REPO_ROOT, 'node_modules/@flydotio/dockerfile/index.js');
  if (!fs.existsSync(bin) || !fs.existsSync(path.join(dir, 'package.json'))) return false;
  const res = spawnSync(nodeBin, [bin, '--force'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (res.status !== 0) throw new Error(`@flydotio/dockerfile failed: ${res.stderr || res.stdout}`);
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^# syntax.*\n/m, ''));
  return true;
}

/** Median wall time of the generator's own work (flags → answers → files) in-process, 21 runs. */
async function coreMedianMs(c: E2eCase): Promise<number> {
  const keyed = Object.fromEntries(Object.entries(c.flags).map(([flag, v]) => [flag.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase()), v]));
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    await generate(path.join(FIXTURES_DIR, c.fixture), keyed);
    times.push(performance.now() - start);
  }
  return +times.sort((a, b) => a - b)[10]!.toFixed(1);
}

const ratio = (a: number, b: number) => (b > 0 ? +(a / b).toFixed(2) : 'n/a');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const cases = loadE2eCases().filter((c) => only.length === 0 || only.includes(c.fixture));
  ensureEngine({ quiet: true });
  console.log(`engine: Docker ${docker(['version', '-f', '{{.Server.Version}}']).stdout.trim()} (${engineClient().engine})`);
  console.log('installing yo and the packed generator into a private prefix ...');
  const cli = installCli();
  const rows: Row[] = [];
  const ratios: Record<string, unknown>[] = [];
  for (const c of cases) {
    console.log(`\n== ${c.fixture}`);
    const dir = copyFixture(c.fixture);
    handOver(dir);
    const yo = runYo(cli, dir, ['--yes', ...Object.entries(c.flags).flatMap(([k, v]) => [`--${k}`, v])]);
    if (yo.code !== 0) throw new Error(`yo docker-prod failed for ${c.fixture}:\n${yo.stderr}${yo.stdout}`);
    const yoRc = JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
    const ours = await measure(c, 'ours', dir, +yo.seconds.toFixed(2), yoRc.language, await coreMedianMs(c));
    rows.push(ours);
    const peerDir = copyFixture(c.fixture);
    let theirs: Row | undefined;
    try {
      if (yoRc.language === 'node' && flyDockerfile(peerDir)) {
        theirs = await measure({ ...c, baseImage: `node:${process.versions.node}-slim` }, 'fly', peerDir, 'n/a', yoRc.language, 'n/a');
        rows.push(theirs);
      }
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      console.log(
        `   fly dockerfile-node could not build ${c.fixture} here: ${lines[0]}\n     ${lines
          .filter((l) => /ERROR|error:|failed/i.test(l))
          .slice(-3)
          .join('\n     ')}`,
      );
    }
    if (theirs) {
      ratios.push({
        fixture: c.fixture,
        imageMB: ratio(ours.imageMB, theirs.imageMB),
        aboveBaseMB: ratio(ours.aboveBaseMB, theirs.aboveBaseMB),
        coldBuildS: ratio(ours.coldBuildS, theirs.coldBuildS),
        rebuildS: ratio(ours.rebuildS, theirs.rebuildS),
        contextMB: ratio(ours.contextMB, theirs.contextMB),
        healthy: typeof theirs.healthyS === 'number' ? ratio(ours.healthyS as number, theirs.healthyS) : 'theirs has no HEALTHCHECK',
        stopExit: `${ours.stopExit} vs ${theirs.stopExit}`,
        stopS: typeof ours.stopS === 'number' && typeof theirs.stopS === 'number' ? ratio(ours.stopS, theirs.stopS) : 'n/a',
      });
    }
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    fs.rmSync(path.dirname(peerDir), { recursive: true, force: true });
  }
  console.log('\nFigures (MB = MiB; s = seconds wall time on this machine):');
  console.table(rows);
  if (ratios.length > 0) {
    console.log('Ours / theirs (fly.io @flydotio/dockerfile), per figure (< 1 means ours is smaller/faster):');
    console.table(ratios);
  }
  const starters = starterNames().filter((n) => only.length === 0 || only.includes(n));
  if (starters.length > 0) await benchStarters(cli, starters);
}

function copyStarter(name: string): string {
  const dir = path.join(tempDir(`starter-${name}-`), name);
  fs.cpSync(path.join(STARTERS_DIR, name), dir, { recursive: true });
  return dir;
}

/** The node binary of a (stand-in) image, copied out into `into`. */
function nodeBinaryOf(image: string, into: string): string {
  const name = `bench-node-${process.pid}-${Date.now()}`;
  docker(['create', '--name', name, image]);
  try {
    docker(['cp', `${name}:/usr/local/bin/node`, path.join(into, 'node')]);
  } finally {
    docker(['rm', name], { allowFail: true });
  }
  return path.join(into, 'node');
}

async function benchStarters(cli: ReturnType<typeof installCli>, names: string[]): Promise<void> {
  const table: Record<string, unknown>[] = [];
  for (const name of names) {
    console.log(`\n== starter ${name}`);
    const row: Record<string, unknown> = { starter: name };
    const dirs: string[] = [];
    let flyNode = process.execPath;
    try {
      const dir = copyStarter(name);
      dirs.push(dir);
      handOver(dir);
      // A workspace starter: generated in its app folder, built from the workspace root (as the test does).
      const app = RUN_IN[name];
      const appDir = app ? path.join(dir, ...app.split('/')) : dir;
      const yo = runYo(cli, appDir, ['--yes']);
      if (yo.code !== 0) throw new Error(`yo docker-prod --yes failed: ${(yo.stderr || yo.stdout).split('\n')[0]}`);
      const yoRc = [appDir, dir].map((d) => path.join(d, '.yo-rc.json')).find((f) => fs.existsSync(f))!;
      row.language = JSON.parse(fs.readFileSync(yoRc, 'utf8'))['generator-docker-prod'].language;
      const ours = `bench-starter-${name}-ours:${process.pid}`;
      buildImage(dir, ours, app ? { file: `${app}/Dockerfile` } : {});
      row.oursMB = mb(imageSizeBytes(ours));
      removeImage(ours);
      // @flydotio/dockerfile writes the Node.js version it runs on into its Dockerfile: run it on
      // the Node major ours chose (the stand-in image's real binary), as a user of this app would
      // (e.g. Astro 7 needs Node 22+, so the host's Node 20 would make fly's build fail for that).
      const major = /^ARG NODE_VERSION=(\d+)$/m.exec(fs.readFileSync(path.join(appDir, 'Dockerfile'), 'utf8'))?.[1];
      if (major !== undefined && major !== process.versions.node.split('.')[0]) flyNode = nodeBinaryOf(`node:${major}-bookworm-slim`, path.dirname(dir));
      row.flyNode = flyNode === process.execPath ? process.versions.node : execFileSync(flyNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    } catch (error) {
      row.oursMB = `failed: ${(error as Error).message.split('\n')[0]!.slice(0, 80)}`;
    }
    try {
      const peer = copyStarter(name);
      dirs.push(peer);
      // fly's generator knows no workspaces: run in the app folder, built there, as its docs say.
      const peerApp = RUN_IN[name] ? path.join(peer, ...RUN_IN[name].split('/')) : peer;
      flyDockerfile(peerApp, flyNode);
      const theirs = `bench-starter-${name}-fly:${process.pid}`;
      buildImage(peerApp, theirs);
      row.flyMB = mb(imageSizeBytes(theirs));
      removeImage(theirs);
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      row.flyMB = `not handled: ${(lines.filter((l) => /ERROR|error:|failed/i.test(l)).at(-1) ?? lines[0]!).trim().slice(0, 80)}`;
    }
    if (typeof row.oursMB === 'number' && typeof row.flyMB === 'number') row.oursOverFly = ratio(row.oursMB, row.flyMB);
    for (const dir of dirs) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    table.push(row);
  }
  console.log('\nStarters (test/starters): image MB, ours (yo docker-prod --yes, no flags) next to fly.io @flydotio/dockerfile:');
  console.table(table);
}

await main();
