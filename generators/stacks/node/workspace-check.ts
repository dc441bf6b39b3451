/**
 * Where the generator runs in a workspace. At a root with apps it stops and lists them (a
 * Dockerfile is for one app). In an app folder of a workspace it stops too, naming the root's
 * lockfile and package manager: a single-folder build context has neither the lockfile nor the
 * `workspace:*` packages, so the install would fail. (Building one workspace app with the root
 * as the build context is not implemented yet.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProjectError } from '../../lib/errors.js';
import type { PackageJson } from './detect.js';
import { enclosingWorkspace, workspaceAt, workspacePackages, workspaceRootMessage } from './workspaces.js';

const ROOT_LOCKFILES = ['pnpm-lock.yaml', 'yarn.lock', 'package-lock.json', 'bun.lock', 'bun.lockb', 'npm-shrinkwrap.json'];

export function workspaceCheck(dir: string, pkg: PackageJson): void {
  const here = workspaceAt(dir);
  if (here !== undefined) {
    const packages = workspacePackages(here);
    const apps = packages.filter((p) => p.app);
    const rootStarts = typeof pkg.scripts?.start === 'string';
    if (apps.length >= 2 || (apps.length >= 1 && !rootStarts)) throw new ProjectError(workspaceRootMessage(here, packages));
    return;
  }
  const inside = enclosingWorkspace(dir);
  if (inside === undefined) return;
  const rel = path.relative(dir, inside.ws.root).split(path.sep).join('/') || '.';
  const lock = ROOT_LOCKFILES.find((f) => isFile(inside.ws.root, f));
  throw new ProjectError(
    `this folder is the workspace package ${inside.folder} of the workspace at ${rel} (${inside.ws.declaredIn}${lock ? `, lockfile ${rel}/${lock}` : ''}): ` +
      'its dependencies are installed from the root, which a build context of this folder alone does not contain. ' +
      'Generating for one app of a workspace (the root as build context, `pnpm deploy --filter` / `turbo prune --docker` / `npm ci --workspace` / `yarn workspaces focus`) is not supported yet; nothing was written',
  );
}

function isFile(root: string, file: string): boolean {
  try {
    return fs.lstatSync(path.join(root, file)).isFile();
  } catch {
    return false;
  }
}
