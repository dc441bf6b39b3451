/** The starters corpus (test/starters): its folders, and where in each the generator runs. Shared by test/starters.test.ts and scripts/bench.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './project.js';

export const STARTERS_DIR = path.join(REPO_ROOT, 'test/starters');

export function starterNames(): string[] {
  return fs.existsSync(STARTERS_DIR)
    ? fs
        .readdirSync(STARTERS_DIR, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
}

/**
 * Where a user runs the generator in a starter, when not its top folder: in a workspace with
 * several apps, the app's folder (`cd apps/api && yo docker-prod --yes`). The build then runs
 * at the workspace root with the app's Dockerfile, as README.Docker.md says.
 */
export const RUN_IN: Readonly<Record<string, string>> = {
  'bun-workspace': 'apps/api',
  'turbo-pnpm': 'apps/api',
  'turbo-yarn': 'apps/api',
  'yarn-workspace': 'apps/api',
  'nx-npm': 'apps/api',
  'turbo-npm': 'apps/api',
};
