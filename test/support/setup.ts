/**
 * Mocha setup, loaded through .mocharc.json `require` before any test file is imported, so it
 * holds for `npm test`, `npm run test:unit`, CI's `.ci/run` and a single `npx mocha dist/test/x.js`.
 *
 * 1. Installs every system tool a test spawns (ShellCheck, tmux, the Docker engine packages,
 *    debootstrap) and the npm lint tools of test/tools, through `scripts/engine.sh packages`
 *    (idempotent: a second of checks when all is present). Set TEST_SETUP=skip to skip it.
 * 2. Records the owner and mode of what lies outside the tests' own temp folders (the temp folder
 *    itself and its entries, the home folder, the checkout's tracked files and the folders above
 *    it) and checks at the end of the run that none of it changed, and that the temp folder
 *    (/tmp) still has mode 1777.
 * 3. Gives the run one temp folder of its own (`$TMPDIR/docker-prod-tests-XXXXXX`, mode 1777 like
 *    /tmp, so the unprivileged user that runs `yo` can write there too) and points TMPDIR at it,
 *    so every `mkdtemp` of the tests and of the programs they spawn lands inside it; the teardown
 *    removes it, so a run leaves no folders behind (set KEEP_TEST_TMP=1 to keep it for inspection).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './project.js';

function installTools(): void {
  if (process.env.TEST_SETUP === 'skip') return;
  const res = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/engine.sh'), 'packages'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    throw new Error(
      `test setup: \`bash scripts/engine.sh packages\` failed (${res.error?.message ?? `exit ${res.status}`}). ` +
        "It installs ShellCheck, tmux, docker.io, docker-compose and debootstrap with apt-get (needs root) and the lint tools of test/tools and Renovate's JSON schema with npm.",
    );
  }
  if (process.env.TEST_SETUP_VERBOSE) process.stderr.write(res.stdout);
  else
    process.stderr.write(
      `  test setup: ${
        res.stdout
          .trim()
          .split('\n')
          .filter((l) => /installing|npm ci|ready in/.test(l))
          .join('; ') || 'nothing to install'
      }\n`,
    );
}

type Stat = string; // "mode uid gid"
function statOf(file: string): Stat | undefined {
  try {
    const st = fs.lstatSync(file);
    return `${(st.mode & 0o7777).toString(8)} ${st.uid} ${st.gid}`;
  } catch {
    return undefined;
  }
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function trackedFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = out
      .split('\0')
      .filter(Boolean)
      .map((f) => path.join(REPO_ROOT, f));
    const dirs = new Set<string>();
    for (const f of files) for (let d = path.dirname(f); d.startsWith(REPO_ROOT) && !dirs.has(d); d = path.dirname(d)) dirs.add(d);
    return [...files, ...dirs];
  } catch {
    return [];
  }
}

/** The machine's temp folder (normally /tmp), before TMPDIR points at the run's own folder. */
const SYSTEM_TMP = os.tmpdir();

/** What must not change: paths whose owner and mode are recorded now and checked at the end. */
function watchedPaths(): string[] {
  const tmp = SYSTEM_TMP;
  const above: string[] = [];
  for (let d = path.dirname(REPO_ROOT); d !== path.dirname(d); d = path.dirname(d)) above.push(d);
  return [tmp, ...entries(tmp), os.homedir(), ...entries(os.homedir()), ...above, '/', ...trackedFiles()];
}

const before = new Map<string, Stat | undefined>(watchedPaths().map((p) => [p, statOf(p)]));
installTools();

/** The run's own temp folder: everything below it is the tests' own, and removed at the end. */
const RUN_TMP = fs.mkdtempSync(path.join(SYSTEM_TMP, 'docker-prod-tests-'));
fs.chmodSync(RUN_TMP, 0o1777);
process.env.TMPDIR = RUN_TMP;

function removeRunTmp(): string {
  if (process.env.KEEP_TEST_TMP) return `kept ${RUN_TMP} (KEEP_TEST_TMP)`;
  process.env.TMPDIR = SYSTEM_TMP;
  try {
    fs.rmSync(RUN_TMP, { recursive: true, force: true, maxRetries: 3 });
    return `removed the run's temp folder ${RUN_TMP}`;
  } catch (err) {
    return `could not remove ${RUN_TMP}: ${(err as Error).message}`;
  }
}

/** Differences between the recorded owner/mode and now; files that disappeared are not counted (tests may delete their own). */
export function machineChanges(): string[] {
  const changes: string[] = [];
  for (const [file, was] of before) {
    const now = statOf(file);
    if (was !== undefined && now !== undefined && now !== was) changes.push(`${file}: mode/uid/gid was ${was}, now ${now}`);
  }
  const tmpMode = (fs.statSync(SYSTEM_TMP).mode & 0o7777).toString(8);
  if (SYSTEM_TMP === '/tmp' && tmpMode !== '1777') changes.push(`/tmp has mode ${tmpMode}, not 1777`);
  return changes;
}

export function mochaGlobalTeardown(): void {
  const removed = removeRunTmp();
  const changes = machineChanges();
  if (changes.length === 0) {
    console.log(
      `  machine check: ${before.size} paths outside the tests' temp folders kept their owner and mode; ${SYSTEM_TMP} is ${(fs.statSync(SYSTEM_TMP).mode & 0o7777).toString(8)}; ${removed}`,
    );
    return;
  }
  process.exitCode = 1;
  throw new Error(`the tests changed the machine outside their temp folders:\n  ${changes.join('\n  ')}`);
}
