/**
 * At a workspace root with apps and no app chosen (`--app`, app-setting.ts) the generator stops
 * and lists them (a Dockerfile is for one app). An app folder of a workspace is planned with the
 * root as the build context (workspace-plan.ts).
 */
import { ProjectError } from '../../lib/errors.js';
import type { PackageJson } from './detect.js';
import { workspaceAt, workspacePackages, workspaceRootMessage } from './workspaces.js';

export function workspaceCheck(dir: string, pkg: PackageJson): void {
  const here = workspaceAt(dir);
  if (here === undefined) return;
  const packages = workspacePackages(here);
  const apps = packages.filter((p) => p.app);
  const rootStarts = typeof pkg.scripts?.start === 'string';
  if (apps.length >= 2 || (apps.length >= 1 && !rootStarts)) throw new ProjectError(workspaceRootMessage(here, packages));
}
