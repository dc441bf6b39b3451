/**
 * Which of a few named files git tracks in the project, asked of git itself (`git ls-files`).
 * The repository is untrusted: its config must not run anything, so git runs with the
 * config-run hooks off (fsmonitor), no pager, no prompts, a timeout and a bounded output. Any
 * failure (no git, not a repository, a repository git refuses) means "not tracked": the files
 * then stay out of the build context, the safe side.
 */
import { spawnSync } from 'node:child_process';

const SAFE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** The names (plain file names in `dir`, no paths) that git tracks there. */
export function gitTrackedFiles(dir: string, names: readonly string[]): Set<string> {
  const wanted = names.filter((n) => SAFE_NAME.test(n) && n !== '.' && n !== '..');
  if (wanted.length === 0) return new Set();
  const res = spawnSync(
    'git',
    [
      '-c',
      'core.fsmonitor=false',
      '-c',
      'core.untrackedCache=false',
      '--no-optional-locks',
      'ls-files',
      '-z',
      '--full-name',
      '--',
      ...wanted.map((n) => `:(literal)${n}`),
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 5000,
      maxBuffer: 64 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/nonexistent',
        GIT_TERMINAL_PROMPT: '0',
        GIT_PAGER: 'cat',
        GIT_CONFIG_NOSYSTEM: '1',
        LC_ALL: 'C',
      },
    },
  );
  if (res.status !== 0 || typeof res.stdout !== 'string') return new Set();
  const tracked = new Set<string>();
  for (const entry of res.stdout.split('\0')) {
    const base = entry.split('/').pop() ?? '';
    if (wanted.includes(base)) tracked.add(base);
  }
  return tracked;
}
