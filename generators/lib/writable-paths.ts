/**
 * Paths the app writes at run time (`TemplateContext.writablePaths`). The root file system is
 * read-only (compose `read_only: true`, `docker run --read-only`): every such path gets its own
 * tmpfs next to `/tmp`, in compose.yaml, README.Docker.md's `docker run` line and the CI smoke
 * test. Docker creates a missing mount point before it makes the root read-only, and a tmpfs is
 * mode 1777 by default, so the numeric non-root user can write it without a `chown` in the image.
 */
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

/** `docker run` options for the tmpfs mounts, shell-quoted: `--tmpfs /tmp --tmpfs /app/.next/cache`. */
export function tmpfsOptions(writable: readonly string[]): string {
  return [TMP_DIR, ...writable].map((p) => `--tmpfs ${shellWord(p)}`).join(' ');
}

/** `/tmp`, `/tmp and /a`, `/tmp, /a and /b` (validated paths: safe in a comment or Markdown code span). */
export function inWords(paths: readonly string[]): string {
  return paths.length <= 1 ? (paths[0] ?? '') : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)}`;
}
