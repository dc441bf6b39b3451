/**
 * Where a write would really land. The project folder is untrusted: any path the generator writes
 * (`Dockerfile`, `.github/workflows/docker.yml`, `.yo-rc.json`, ...) or one of its parent folders
 * may be a symbolic link, dangling or not, and writing through it would create or overwrite a
 * file elsewhere on the machine. Every target is resolved here, component by component, the way
 * the operating system would follow it, before anything is written; a target that leaves the
 * project folder (or cannot be a file there) is refused with the path and where it points.
 * Symbolic links that stay inside the project are followed.
 */
import fs from 'node:fs';
import path from 'node:path';

/** More links than this in one path: a loop (Linux gives up at 40 as well). */
const MAX_LINKS = 40;

export interface TargetProblem {
  /** The target as the generator names it, relative to the project folder. */
  path: string;
  reason: string;
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

class LinkLoop extends Error {}

/**
 * Where `p` ends up once every symbolic link in it is followed, also when the last link is
 * dangling (it names the file a write would create). Never writes; throws LinkLoop on a loop.
 */
export function resolveThroughLinks(p: string, budget = { links: MAX_LINKS }): string {
  const absolute = path.resolve(p);
  const parent = path.dirname(absolute);
  if (parent === absolute) return absolute;
  const realParent = resolveThroughLinks(parent, budget);
  const candidate = path.join(realParent, path.basename(absolute));
  const stat = lstat(candidate);
  if (!stat?.isSymbolicLink()) return candidate;
  if (--budget.links < 0) throw new LinkLoop();
  return resolveThroughLinks(path.resolve(realParent, fs.readlinkSync(candidate)), budget);
}

/** Why `relative` (a file the generator would write under `root`) must not be written, or undefined. */
export function targetProblem(root: string, relative: string): string | undefined {
  const realRoot = fs.realpathSync(root);
  const parts = relative.split('/');
  let current = realRoot;
  for (const [index, part] of parts.entries()) {
    const shown = parts.slice(0, index + 1).join('/');
    const last = index === parts.length - 1;
    const next = path.join(current, part);
    let stat = lstat(next);
    if (stat === undefined) return undefined; // created fresh, inside the folder resolved so far
    if (stat.isSymbolicLink()) {
      const link = fs.readlinkSync(next);
      let resolved: string;
      try {
        resolved = resolveThroughLinks(next);
      } catch (error) {
        if (error instanceof LinkLoop) return `${shown} is a symbolic link loop (${JSON.stringify(link)})`;
        throw error;
      }
      if (!isInside(realRoot, resolved)) {
        return `${shown} is a symbolic link to ${JSON.stringify(link)} (${resolved}), outside the project folder ${realRoot}`;
      }
      current = resolved;
      stat = lstat(resolved);
      if (stat === undefined) return undefined; // a dangling link to a path inside the project
    } else {
      current = next;
    }
    if (!last && !stat.isDirectory()) {
      return `${shown} is a file, not a folder, so ${relative} cannot be created in it: rename or remove ${shown}${/^\.git(hub|lab)\//.test(relative) ? ', or pass --ci none' : ''}`;
    }
    if (last && stat.isDirectory()) return `${shown} is a folder; the generator writes a file of that name: rename or remove the folder`;
    if (last && !stat.isFile()) return `${shown} is not a regular file (a pipe, socket or device): rename or remove it`;
    if (last && stat.nlink > 1) {
      return `${shown} has ${stat.nlink} hard links: writing it would also change the other names, which may be outside the project folder; replace it with a copy (cp --remove-destination)`;
    }
  }
  return undefined;
}

/** The problems of every target, in the order given. */
export function targetProblems(root: string, relatives: readonly string[]): TargetProblem[] {
  return relatives.flatMap((relative) => {
    const reason = targetProblem(root, relative);
    return reason ? [{ path: relative, reason }] : [];
  });
}

/** One message for all refused targets. */
export function targetProblemsMessage(problems: readonly TargetProblem[]): string {
  const lines = problems.map((p) => `  ${p.reason}`);
  return `refusing to write ${problems.map((p) => p.path).join(', ')} (nothing was written):\n${lines.join('\n')}`;
}
