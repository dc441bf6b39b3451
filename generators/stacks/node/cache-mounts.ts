/**
 * The BuildKit cache mount of each package manager's download cache, with the sharing mode its
 * tool is safe with. The `deps` and `prod-deps` stages run in parallel and mount the same cache:
 * `shared` lets both write at once, so it is only for caches built for concurrent writers;
 * `locked` makes the second install wait for the first.
 */
import type { PackageManagerFacts } from './detect.js';

export type CacheSharing = 'shared' | 'locked' | 'private';

export interface CacheMount {
  /** Cache id (shared by every build on the builder); undefined: the target path is the id. */
  id: string | undefined;
  target: string;
  sharing: CacheSharing;
  /** Why this mode, for docs/template-facts and reviewers. */
  why: string;
}

const NPM: CacheMount = {
  id: undefined,
  target: '/root/.npm',
  sharing: 'shared',
  why: "npm's cache (cacache) is content-addressed and writes each entry atomically: made for concurrent npm processes",
};

/** The cache mount of each package manager (Yarn: classic and Berry differ). */
export function cacheMountFor(pm: Pick<PackageManagerFacts, 'name' | 'berry'>): CacheMount {
  switch (pm.name) {
    case 'npm':
      return NPM;
    case 'pnpm':
      return {
        id: 'pnpm-store',
        target: '/pnpm/store',
        sharing: 'shared',
        why: "pnpm's content-addressable store writes files atomically and is meant to be shared by concurrent installs",
      };
    case 'yarn':
      return pm.berry
        ? {
            id: 'yarn-berry',
            target: '/root/.yarn/berry/cache',
            sharing: 'locked',
            why: "Yarn 2+'s cache is not documented as safe for concurrent writers: one install at a time",
          }
        : {
            id: 'yarn',
            target: '/usr/local/share/.cache/yarn',
            sharing: 'locked',
            why: 'Yarn 1\'s cache is not safe for concurrent writers (parallel installs fail with "Extracting tar content ... failed, the file appears to be corrupt"): one install at a time',
          };
    case 'bun':
      return {
        id: 'bun',
        target: '/root/.bun/install/cache',
        sharing: 'locked',
        why: "Bun's install cache is not documented as safe for concurrent writers: one install at a time",
      };
  }
}

/** The npm cache used when installing a package manager itself (one step, no parallel writer that corrupts it). */
export const NPM_CACHE_MOUNT = NPM;

/** `--mount=type=cache,...` for a Dockerfile RUN; ids and targets are fixed strings above. */
export function cacheMountOption(mount: CacheMount): string {
  return [
    '--mount=type=cache',
    ...(mount.id === undefined ? [] : [`id=${mount.id}`]),
    `target=${mount.target}`,
    ...(mount.sharing === 'shared' ? [] : [`sharing=${mount.sharing}`]),
  ].join(',');
}
