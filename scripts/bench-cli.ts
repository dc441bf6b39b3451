/**
 * `npm run bench:cli`: whole-process time of generating the Docker files for the same app with
 *   - `docker-prod --yes`      this package's bin (no Yeoman), from the packed tarball
 *   - `yo docker-prod --yes`   the same generator through yo and yeoman-environment
 *   - `dockerfile-node`        fly.io's @flydotio/dockerfile (a devDependency), run directly by node
 * each in a fresh copy of the app, as the unprivileged test user (yo refuses root), measured by
 * GNU time: wall seconds and CPU (user + system) seconds, median of N runs. Figures, not
 * assertions. dockerfile-node only generates for Node.js apps, so it runs on the node-* fixtures.
 * Usage: npm run bench:cli [-- --runs 7] [fixture ...]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_USER, handOver, installCli, type InstalledCli } from '../test/support/cli.js';
import { copyFixture, FIXTURES_DIR, REPO_ROOT } from '../test/support/project.js';

const isRoot = process.getuid?.() === 0;
const FLY = path.join(REPO_ROOT, 'node_modules/@flydotio/dockerfile/index.js');

interface Sample {
  wall: number;
  cpu: number;
}

function timed(cli: InstalledCli, cwd: string, argv: string[]): Sample {
  const env = [`HOME=${cli.home}`, `PATH=${path.join(cli.prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`, 'CI=true', 'NO_COLOR=1'];
  const command = ['/usr/bin/time', '-f', 'BENCH %e %U %S', 'env', ...env, ...argv];
  const full = isRoot ? ['runuser', '-u', CLI_USER, '--', ...command] : command;
  const res = spawnSync(full[0]!, full.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const m = /BENCH (\S+) (\S+) (\S+)\s*$/.exec(res.stderr);
  if (res.status !== 0 || !m) throw new Error(`${argv.join(' ')} failed in ${cwd} (exit ${res.status}):\n${res.stderr}${res.stdout}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(cli: InstalledCli, fixture: string, argv: string[], runs: number): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = copyFixture(fixture);
    handOver(path.dirname(dir));
    try {
      samples.push(timed(cli, dir, argv));
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function main(): void {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
  const all = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());
  const fixtures = args.length > 0 ? args : all.filter((f) => f.startsWith('node-'));
  console.log('installing yo and the packed generator into a private prefix ...');
  const cli = installCli();
  const bin = path.join(cli.prefix, 'bin/docker-prod');
  const rows: Record<string, unknown>[] = [];
  for (const fixture of fixtures) {
    const ours = measure(cli, fixture, [bin, '--yes'], runs);
    const yo = measure(cli, fixture, ['yo', 'docker-prod', '--yes'], runs);
    const node = fixture.startsWith('node-') && fs.existsSync(FLY);
    const fly = node ? measure(cli, fixture, [process.execPath, FLY, '--force'], runs) : undefined;
    const row: Record<string, unknown> = {
      fixture,
      'docker-prod wall s': ours.wall,
      'docker-prod cpu s': +ours.cpu.toFixed(2),
      'yo wall s': yo.wall,
      'yo cpu s': +yo.cpu.toFixed(2),
      'dockerfile-node wall s': fly?.wall ?? 'n/a',
      'dockerfile-node cpu s': fly ? +fly.cpu.toFixed(2) : 'n/a',
      'yo / bin (wall)': +(yo.wall / Math.max(ours.wall, 0.01)).toFixed(1),
      'dockerfile-node / bin (wall)': fly ? +(fly.wall / Math.max(ours.wall, 0.01)).toFixed(1) : 'n/a',
      'dockerfile-node / bin (cpu)': fly ? +(fly.cpu / Math.max(ours.cpu, 0.01)).toFixed(1) : 'n/a',
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  console.log(`\nWhole-process time, median of ${runs} runs per tool (GNU time: wall = %e, cpu = %U + %S; 0.01 s resolution; Node ${process.version}):`);
  console.table(rows);
  console.log('Ratios > 1: the other tool takes that many times longer than the docker-prod bin.');
}

main();
