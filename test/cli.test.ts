/** The packed package installed with yo, run as a user would run it (unprivileged, no stdin). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { handOver, installCli, runYo, yoCommand, type InstalledCli } from './support/cli.js';
import { copyFixture, makeProject } from './support/project.js';

const OUTPUTS = ['Dockerfile', '.dockerignore', 'compose.yaml', '.yo-rc.json'];

describe('yo docker-prod from the packed tarball', function () {
  this.timeout(5 * 60 * 1000);
  let cli: InstalledCli;

  before(() => {
    cli = installCli();
  });

  it('packs only what users need', () => {
    const files = cli.tarballFiles.map((f) => f.replace(/^package\//, ''));
    assert.ok(files.includes('dist/generators/app/index.js'));
    assert.ok(files.includes('templates/node/Dockerfile.ejs'));
    const unexpected = files.filter((f) => !/^(dist\/generators\/.*\.js|templates\/.*\.ejs|package\.json|README\.md|LICENSE)$/.test(f));
    assert.deepEqual(unexpected, [], 'no sources, tests, fixtures or maps in the package');
  });

  it('writes the three files with --yes in a Node.js app', () => {
    const dir = copyFixture('node-express-npm');
    handOver(dir);
    const result = runYo(cli, dir, ['--yes']);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    for (const file of OUTPUTS) assert.ok(fs.existsSync(path.join(dir, file)), file);
    const output = result.stdout + result.stderr;
    assert.match(output, /port\s+8080\s+src\/app\.js/);
    assert.match(output, /docker compose up --build/);
    console.log(`      yo docker-prod --yes wall time: ${result.seconds.toFixed(2)} s`);
  });

  it('installs the docker-prod bin, which writes exactly what yo writes, and --check agrees', () => {
    const viaYo = copyFixture('node-ts-pnpm');
    const viaBin = copyFixture('node-ts-pnpm');
    handOver(viaYo);
    handOver(viaBin);
    assert.equal(runYo(cli, viaYo, ['--yes']).code, 0);
    const command = yoCommand(cli, []).slice(0, -2); // the same user and environment, without `yo docker-prod`
    const runBin = (args: string[]) => {
      const start = performance.now();
      const res = spawnSync(command[0]!, [...command.slice(1), 'docker-prod', ...args], { cwd: viaBin, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { code: res.status, out: res.stdout + res.stderr, seconds: (performance.now() - start) / 1000 };
    };
    const first = runBin(['--yes']);
    assert.equal(first.code, 0, first.out);
    const names = fs.readdirSync(viaYo, { recursive: true, encoding: 'utf8' }).sort();
    assert.deepEqual(fs.readdirSync(viaBin, { recursive: true, encoding: 'utf8' }).sort(), names);
    for (const name of names) {
      if (fs.statSync(path.join(viaYo, name)).isDirectory()) continue;
      assert.ok(fs.readFileSync(path.join(viaBin, name)).equals(fs.readFileSync(path.join(viaYo, name))), name);
    }
    const check = runBin(['--check']);
    assert.equal(check.code, 0, check.out);
    console.log(`      docker-prod --yes wall time: ${first.seconds.toFixed(2)} s`);
  });

  it('exits non-zero on a bad flag, naming the flag, and writes nothing', () => {
    for (const [flag, value] of [
      ['--port', '70000'],
      ['--health-path', 'no-slash'],
      ['--package-manager', 'pip'],
      ['--start-command', 'npm start'],
    ]) {
      const dir = copyFixture('node-zero-deps');
      handOver(dir);
      const result = runYo(cli, dir, ['--yes', flag!, value!]);
      assert.notEqual(result.code, 0, `${flag} ${value} must fail`);
      assert.match(result.stderr + result.stdout, new RegExp(`${flag}: "${value}" is not allowed`));
      for (const file of OUTPUTS) assert.ok(!fs.existsSync(path.join(dir, file)), `${flag}: ${file} must not be written`);
    }
  });

  it('says clearly when the folder is not writable', function () {
    if (process.getuid?.() !== 0) this.skip(); // needs a folder owned by someone else
    const dir = copyFixture('node-zero-deps'); // owned by root, so read-only for the CLI user
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.dirname(dir), 0o755);
    const result = runYo(cli, dir, ['--yes']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, /cannot write to .*not writable/);
  });

  it('all or nothing: a target it may not write stops the run before any file is written', function () {
    if (process.getuid?.() !== 0) this.skip(); // needs a file owned by someone else
    const dir = copyFixture('node-zero-deps');
    handOver(dir);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services: {}\n');
    fs.chownSync(path.join(dir, 'compose.yaml'), 0, 0); // root's, read-only for the CLI user
    fs.chmodSync(path.join(dir, 'compose.yaml'), 0o644);
    const result = runYo(cli, dir, ['--yes', '--force']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, /cannot write compose\.yaml: permission denied \(nothing was written\)/);
    for (const file of ['Dockerfile', '.dockerignore', '.yo-rc.json']) assert.ok(!fs.existsSync(path.join(dir, file)), `${file} must not be written`);
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), 'services: {}\n');
  });

  it('with --yes in a folder with no app, says which flag to pass', () => {
    const dir = makeProject({ 'notes.txt': 'no app here\n' });
    handOver(dir);
    const result = runYo(cli, dir, ['--yes']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, /no app recognised .*pass --language with one of (?:[a-z]+, )*node\b/);
    assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));
  });
});
