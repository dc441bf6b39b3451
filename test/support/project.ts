/** Paths and temp folders shared by the tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Compiled tests live in dist/test/...; the repo root is where package.json is. */
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures');
export const GOLDEN_DIR = path.join(REPO_ROOT, 'test/golden');
export const GENERATOR_PATH = path.join(REPO_ROOT, 'dist/generators/app/index.js');

/** A fresh temp folder, removed by the caller (or left for inspection on failure). */
export function tempDir(prefix = 'docker-prod-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of a fixture app in a new temp folder. */
export function copyFixture(name: string): string {
  const dir = path.join(tempDir(`${name}-`), name);
  fs.cpSync(path.join(FIXTURES_DIR, name), dir, { recursive: true });
  return dir;
}

/** A folder with the given files (relative path → content). */
export function makeProject(files: Record<string, string>): string {
  const dir = tempDir('project-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}
