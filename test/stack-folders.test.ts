/**
 * A stack is one folder: every registered stack has its profile (generators/stacks/<id>/), its
 * template folder (templates/<id>/ with a Dockerfile template), fixtures that detect as it and
 * at least one end-to-end fixture; every stack and template folder belongs to a registered
 * stack; and the shared pipeline decides nothing by a setting's key (defaults come from the
 * setting's declaration or the stack's detection). What shared code may name is checked by
 * test/shared-code.test.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allQuestions } from '../generators/lib/settings.js';
import { sniffStack, STACKS } from '../generators/stacks/index.js';
import { FIXTURES_DIR, REPO_ROOT } from './support/project.js';

/**
 * Stacks whose apps the tests cannot build on the test machine, each with the reason (the
 * README and --language help say so): they get no e2e fixture.
 */
const NOT_BUILT: Record<string, string> = {
  dotnet: 'NuGet is unreachable from the test machine, so dotnet restore cannot run',
};

const folders = (rel: string) =>
  fs
    .readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('a stack is one folder', () => {
  const ids = STACKS.map((s) => s.id).sort();

  it('every folder under generators/stacks/ and templates/ (but common) is a registered stack', () => {
    assert.deepEqual(folders('generators/stacks'), ids);
    assert.deepEqual(
      folders('templates').filter((f) => f !== 'common'),
      ids,
    );
  });

  for (const stack of STACKS) {
    it(`${stack.id}: profile, Dockerfile template, fixtures detected as ${stack.id}${Object.hasOwn(NOT_BUILT, stack.id) ? ` (no e2e fixture: ${NOT_BUILT[stack.id]})` : ', an e2e fixture'}`, () => {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'generators/stacks', stack.id, 'profile.ts')), `generators/stacks/${stack.id}/profile.ts`);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'templates', stack.id, 'Dockerfile.ejs')), `templates/${stack.id}/Dockerfile.ejs`);
      const fixtures = fs
        .readdirSync(FIXTURES_DIR)
        .filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory() && sniffStack(path.join(FIXTURES_DIR, name))?.stack.id === stack.id);
      assert.ok(fixtures.length > 0, `no fixture under test/fixtures/ is detected as ${stack.id}`);
      if (Object.hasOwn(NOT_BUILT, stack.id)) return;
      assert.ok(
        fixtures.some((name) => fs.existsSync(path.join(FIXTURES_DIR, `${name}.e2e.json`))),
        `no ${stack.id} fixture has a test/fixtures/<name>.e2e.json (the e2e tests build one app per stack at least)`,
      );
    });
  }

  it('the pipeline (resolve, render, summary, docs) special-cases no setting by its key', () => {
    const keys = allQuestions().map((q) => q.key);
    for (const file of ['resolve.ts', 'render.ts', 'summary.ts', 'docs.ts']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, 'generators/lib', file), 'utf8');
      const found = keys.filter((k) => new RegExp(`\\.key\\s*[!=]==?\\s*['"]${k}['"]|['"]${k}['"]\\s*[!=]==?\\s*\\w+\\.key`).test(text));
      assert.deepEqual(
        found,
        [],
        `generators/lib/${file} compares a setting's key with a literal: declare the behaviour on the setting (settings.ts) or the stack instead`,
      );
    }
  });
});
