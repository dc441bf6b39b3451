import path from 'node:path';
import type { Detected } from './stack.js';

/** A compose service / image name from a package name (`@acme/web-api` → `web-api`) or the folder. */
export function serviceNameFrom(packageName: string | undefined, dir: string): Detected<string> {
  const raw = packageName ? packageName.replace(/^@[^/]+\//, '') : path.basename(path.resolve(dir));
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-_]+$/, '')
    .slice(0, 63);
  return { value: name || 'app', source: packageName ? 'package.json "name"' : 'folder name' };
}
