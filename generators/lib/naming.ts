import path from 'node:path';
import type { Detected } from './stack.js';

/** A compose service / image name from a package name (`@acme/web-api` → `web-api`) or the folder. */
export function serviceNameFrom(packageName: string | undefined, dir: string): Detected<string> {
  // Capped first (npm names have at most 214 characters): the replaces below then stay cheap
  // whatever the project's file holds.
  const raw = (packageName ? packageName.slice(0, 256).replace(/^@[^/]{0,256}\//, '') : path.basename(path.resolve(dir))).slice(0, 256);
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-_]+$/, '')
    .slice(0, 63);
  return { value: name || 'app', source: packageName ? 'package.json "name"' : 'folder name' };
}
