/**
 * The project's own code passes its linter and formatter check (`npm run lint`): ESLint with
 * typescript-eslint's strict rules (eslint.config.js) and `prettier --check` (.prettierrc.json).
 * `npm run format` fixes the formatting.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './support/project.js';

function run(script: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
}

describe('the project lints clean', function () {
  this.timeout(150_000);

  it('ESLint (typescript-eslint strict) finds nothing', () => {
    const { status, output } = run('node_modules/eslint/bin/eslint.js', ['--max-warnings', '0', '.']);
    assert.equal(status, 0, `ESLint findings (npx eslint . to see them, npx eslint --fix . for the fixable ones):\n${output}`);
  });

  it('Prettier finds every file formatted', () => {
    const { status, output } = run('node_modules/prettier/bin/prettier.cjs', ['--check', '.']);
    assert.equal(status, 0, `files Prettier would change (npm run format rewrites them):\n${output}`);
  });
});
