/**
 * Lockfile-exact installs need the chosen package manager's own lockfile. When the project
 * holds another manager's lockfile instead, choosing this one is a mistake we refuse up front
 * (the image would not build, or would resolve versions afresh).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Why `chosen` cannot install this project, or undefined. `lockfiles`: manager → its lockfiles. */
export function lockfileConflict(dir: string, chosen: string, lockfiles: Record<string, readonly string[]>): string | undefined {
  const present = (manager: string) => (lockfiles[manager] ?? []).filter((file) => fs.existsSync(path.join(dir, file)));
  if (present(chosen).length > 0) return undefined;
  const others = Object.keys(lockfiles).filter((manager) => manager !== chosen && present(manager).length > 0);
  if (others.length === 0) return undefined;
  return (
    `one that has its lockfile here: ${others.map((m) => `${m} (${present(m).join(', ')})`).join(' or ')}; ` +
    `there is no ${(lockfiles[chosen] ?? []).join(' / ') || 'lockfile'} for ${chosen}, so it could not install exactly what is locked`
  );
}
