// Hand-written sample files (test/support/samples/) and a strict text-edit helper
// for deriving bad variants from them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const SAMPLES_DIR = path.join(repoRoot(), 'test', 'support', 'samples');

export interface SampleSet {
  dockerfile: string;
  compose: string;
  dockerignore: string;
}

export function loadSample(name: string): SampleSet {
  const dir = path.join(SAMPLES_DIR, name);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { dockerfile: read('Dockerfile'), compose: read('compose.yaml'), dockerignore: read('.dockerignore') };
}

/**
 * Replaces `from` with `to`. Throws when `from` does not occur (so a test can
 * never pass because its edit silently did nothing), or occurs more than once
 * unless `all` is set.
 */
export function edit(text: string, from: string, to: string, all = false): string {
  const count = text.split(from).length - 1;
  if (count === 0) throw new Error(`edit: text not found: ${JSON.stringify(from)}`);
  if (count > 1 && !all) throw new Error(`edit: text occurs ${count} times: ${JSON.stringify(from)}`);
  return text.split(from).join(to);
}
