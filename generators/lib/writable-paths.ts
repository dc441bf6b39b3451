/**
 * Paths the app writes at run time (`TemplateContext.writablePaths`). The root file system is
 * read-only (compose `read_only: true`, `docker run --read-only`): every such path gets its own
 * tmpfs next to `/tmp`, in compose.yaml, README.Docker.md's `docker run` line and the CI smoke
 * test. Docker creates a missing mount point before it makes the root read-only. The tmpfs is
 * owned by the app's numeric user (`uid=`, `gid=`): when the folder exists in the image (Next.js
 * copies `.next` with the build's cache in it), Docker gives the tmpfs that folder's owner and
 * mode (root, 755), and Docker 20.10 ignores a `mode=` option then; `uid=`/`gid=` work on both. */
import { shellWord } from './quote.js';

/** The folder the runtime stage of every bundled Dockerfile that has writable paths works in. */
export const APP_DIR = '/app';

/** The tmpfs every app gets (compose.yaml, `docker run`). */
export const TMP_DIR = '/tmp';

export const WRITABLE_PATH_RULE =
  `an absolute path under ${APP_DIR}/ made of letters, digits, ".", "_", "@", "+" and "-" between single "/" ` +
  '(no "." or ".." parts, no part starting with "-", no trailing "/", at most 1024 characters)';

const SEGMENT = /^[A-Za-z0-9._@+][A-Za-z0-9._@+-]{0,254}$/;

/** Why `value` cannot be a writable path, or undefined when it can. */
export function writablePathProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) return WRITABLE_PATH_RULE;
  if (!value.startsWith(`${APP_DIR}/`)) return `${WRITABLE_PATH_RULE}: it is not under ${APP_DIR}/`;
  for (const part of value.slice(APP_DIR.length + 1).split('/')) {
    if (part === '' || part === '.' || part === '..' || !SEGMENT.test(part)) {
      return `${WRITABLE_PATH_RULE}: ${JSON.stringify(part)} is not allowed as a part`;
    }
  }
  return undefined;
}

/**
 * The plan's writable paths, validated, each once, sorted (a path inside another one's tmpfs is
 * dropped: the outer tmpfs already makes it writable). A bad path is a bug in the stack's profile.
 */
export function writablePaths(list: readonly string[] | undefined, stack: string): string[] {
  const paths = [...new Set(list ?? [])].sort();
  for (const p of paths) {
    const problem = writablePathProblem(p);
    if (problem !== undefined) throw new Error(`internal: stack ${stack} asks for a bad writable path ${JSON.stringify(p)} (${problem})`);
  }
  return paths.filter((p) => !paths.some((outer) => outer !== p && p.startsWith(`${outer}/`)));
}

/**
 * The tmpfs mounts (`path[:options]`, as `docker run --tmpfs` and compose `tmpfs:` take them):
 * `/tmp`, then each writable path owned by the app's user (the Dockerfile's numeric `uid:gid`).
 */
export function tmpfsMounts(writable: readonly string[], user: string): string[] {
  if (writable.length === 0) return [TMP_DIR];
  const id = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(user);
  if (!id) throw new Error(`internal: the app's user ${JSON.stringify(user)} is not a numeric uid[:gid]`);
  const owner = `uid=${id[1]}${id[2] === undefined ? '' : `,gid=${id[2]}`}`;
  return [TMP_DIR, ...writable.map((p) => `${p}:${owner}`)];
}

/** `docker run` options for the tmpfs mounts, shell-quoted: `--tmpfs /tmp --tmpfs /app/.next/cache:uid=10001,gid=10001`. */
export function tmpfsOptions(mounts: readonly string[]): string {
  return mounts.map((m) => `--tmpfs ${shellWord(m)}`).join(' ');
}

/** `/tmp`, `/tmp and /a`, `/tmp, /a and /b` (validated paths: safe in a comment or Markdown code span). */
export function inWords(paths: readonly string[]): string {
  return paths.length <= 1 ? (paths[0] ?? '') : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
}
