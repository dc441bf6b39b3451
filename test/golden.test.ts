/**
 * Golden files: the generated output of every fixture, as reviewed diffs.
 * Refresh after an intended change with `npm run golden:update`, then read `git diff test/golden`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, GOLDEN_DIR } from './support/project.js';
import { generate } from './support/generate.js';

const update = process.env.UPDATE_GOLDEN === '1';
export const FIXTURES = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());

describe('golden files', () => {
  it('covers every fixture and no stale ones', () => {
    const golden = fs.existsSync(GOLDEN_DIR) ? fs.readdirSync(GOLDEN_DIR) : [];
    if (!update) assert.deepEqual(golden.sort(), [...FIXTURES].sort());
  });

  for (const fixture of FIXTURES) {
    it(`${fixture}: Dockerfile, .dockerignore and compose.yaml match test/golden/${fixture}`, async () => {
      const { files } = await generate(path.join(FIXTURES_DIR, fixture));
      for (const file of files) {
        const goldenFile = path.join(GOLDEN_DIR, fixture, file.path);
        if (update) {
          fs.mkdirSync(path.dirname(goldenFile), { recursive: true });
          fs.writeFileSync(goldenFile, file.content);
          continue;
        }
        assert.ok(fs.existsSync(goldenFile), `${goldenFile} is missing: run npm run golden:update and review the diff`);
        assert.equal(file.content, fs.readFileSync(goldenFile, 'utf8'), `${fixture}/${file.path} differs from its golden file (npm run golden:update, then review git diff)`);
      }
    });
  }
});
