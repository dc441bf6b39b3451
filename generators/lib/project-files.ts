import fs from 'node:fs';
import path from 'node:path';

/** Whether the project's top-level .gitignore names `folder` (`dist`, `/dist`, `dist/`). */
export function isGitIgnored(dir: string, folder: string): boolean {
  let gitignore: string;
  try {
    gitignore = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return false;
  }
  return gitignore.split(/\r?\n/).some((line) => line.trim().replace(/^\//, '').replace(/\/$/, '') === folder);
}

/**
 * Whether a folder holds generated files (absent, or git-ignored) rather than committed sources:
 * only then may .dockerignore leave it out of the build context.
 */
export function isGeneratedFolder(dir: string, folder: string): boolean {
  return !fs.existsSync(path.join(dir, folder)) || isGitIgnored(dir, folder);
}
