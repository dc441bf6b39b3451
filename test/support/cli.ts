/**
 * The real CLI: `npm pack` this package, `npm install -g` it with yo into a private prefix, and
 * run `yo docker-prod` as an unprivileged user (yo refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, tempDir } from './project.js';

export interface InstalledCli {
  prefix: string;
  home: string;
  tarball: string;
  tarballFiles: string[];
}

const isRoot = process.getuid?.() === 0;
/** The unprivileged account used when the tests run as root (as CI does). */
export const CLI_USER = 'nobody';

/**
 * Give the unprivileged user a path inside one of the tests' own temp folders, and make the
 * folders between it and the system temp folder traversable. Only folders strictly below the
 * temp folder are touched (they are the tests' own, made by mkdtemp with mode 0700); the temp
 * folder itself (/tmp, mode 1777) and anything outside it are never changed.
 */
export function handOver(target: string): void {
  if (!isRoot) return;
  const tmp = os.tmpdir() + path.sep;
  if (!path.resolve(target).startsWith(tmp)) throw new Error(`handOver: ${target} is not inside ${tmp}`);
  execFileSync('chown', ['-R', CLI_USER, target]);
  for (let dir = path.dirname(path.resolve(target)); dir.startsWith(tmp); dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
}

let installed: InstalledCli | undefined;

/** Pack and install once per test process (several test files share it). */
export function installCli(): InstalledCli {
  installed ??= installCliFrom(REPO_ROOT);
  return installed;
}

/** `npm pack` in `sourceDir` (exactly what a maintainer types), then install that tarball with yo@7. */
export function installCliFrom(sourceDir: string): InstalledCli {
  const root = tempDir('yo-cli-');
  fs.chmodSync(root, 0o755);
  const prefix = path.join(root, 'prefix');
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  execFileSync('npm', ['pack', '--pack-destination', root, '--silent'], { cwd: sourceDir, stdio: ['ignore', 'pipe', 'inherit'] });
  const tarball = fs.readdirSync(root).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  const tarballFiles = execFileSync('tar', ['tzf', path.join(root, tarball)], { encoding: 'utf8' })
    .trim()
    .split('\n');
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', 'yo@7', path.join(root, tarball)], {
    cwd: root, // not the process's cwd: an earlier test (yeoman-test) may have left it in a removed folder
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.chmodSync(root, 0o755);
  handOver(home);
  return { prefix, home, tarball: path.join(root, tarball), tarballFiles };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** `yo docker-prod ...args` in `cwd`, as the unprivileged user when we are root; no stdin. */
/** argv that runs `yo docker-prod ...args` as the unprivileged user, with the private install. */
/** `generator`: `docker-prod` (the default) or a sub-generator such as `docker-prod:audit`. */
export function yoCommand(
  cli: InstalledCli,
  args: string[],
  extraEnv: string[] = ['CI=true', 'NO_COLOR=1', 'FORCE_COLOR=0'],
  generator = 'docker-prod',
  wrapper: string[] = [],
): string[] {
  const env = [`HOME=${cli.home}`, `PATH=${path.join(cli.prefix, 'bin')}:${process.env.PATH}`, ...extraEnv];
  return isRoot
    ? ['runuser', '-u', CLI_USER, '--', ...wrapper, 'env', ...env, 'yo', generator, ...args]
    : [...wrapper, 'env', ...env, 'yo', generator, ...args];
}

export function runYo(cli: InstalledCli, cwd: string, args: string[], generator = 'docker-prod'): CliResult {
  // coreutils `timeout` runs as the CLI user and ends yo itself (killing `runuser` would leave yo running).
  const command = yoCommand(cli, args, undefined, generator, ['timeout', '-k', '5', '110']);
  const start = performance.now();
  const res = spawnSync(command[0]!, command.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const seconds = (performance.now() - start) / 1000;
  if (res.error) throw res.error;
  return { code: res.status ?? 1, stdout: res.stdout, stderr: res.stderr, seconds };
}
