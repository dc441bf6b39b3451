/**
 * docs/template-facts.md is generated from the TypeScript types (npm run docs:facts): it must be
 * current, and renderFiles must pass each template exactly the names those types declare.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { renderFiles } from '../generators/lib/render.js';
import { resolveAnswers } from '../generators/lib/resolve.js';
import { bundledTemplates, TemplateSource } from '../generators/lib/templates.js';
import { FACTS_DOC, renderFactsDoc, templateLocals } from '../scripts/template-facts.js';
import { FIXTURES_DIR } from './support/project.js';
import { TEMPLATES_DIR } from '../generators/lib/paths.js';

const FIXTURES = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());

/** Templates a bundled template includes (`include('../common/x.ejs')`), as paths relative to templates/. */
function includes(template: string): string[] {
  const text = fs.readFileSync(path.join(TEMPLATES_DIR, template), 'utf8');
  return [...text.matchAll(/include\('([^']+)'/g)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(template), m[1]!)));
}
const INCLUDED = [...new Set(bundledTemplates().flatMap(includes))].sort();

class Recording extends TemplateSource {
  readonly seen = new Map<string, Set<string>>();
  override render(relative: string, facts: Record<string, unknown>): string {
    const names = this.seen.get(relative) ?? new Set<string>();
    for (const name of [...Object.keys(facts), 'q']) names.add(name);
    this.seen.set(relative, names);
    return super.render(relative, facts);
  }
}

describe('template facts (docs/template-facts.md)', function () {
  this.timeout(120000);

  it('is generated from the types and current (npm run docs:facts)', () => {
    assert.ok(fs.existsSync(FACTS_DOC), 'run npm run docs:facts');
    assert.equal(fs.readFileSync(FACTS_DOC, 'utf8'), renderFactsDoc(), 'docs/template-facts.md is stale: run npm run docs:facts and commit it');
  });

  it('every bundled template is documented, and receives exactly the documented names on every fixture', async () => {
    const documented = templateLocals();
    assert.deepEqual(Object.keys(documented).sort(), bundledTemplates());
    const source = new Recording();
    for (const fixture of FIXTURES) {
      for (const ci of ['github', 'gitlab']) {
        const dir = path.join(FIXTURES_DIR, fixture);
        const { answers, profile } = await resolveAnswers({ dir, flags: { ci }, stored: {} });
        renderFiles(answers, profile, dir, source);
      }
    }
    // Partials (templates other templates include) see their includer's data, so they are not rendered on their own.
    const partials = new Set(INCLUDED);
    assert.deepEqual(
      [...source.seen.keys()].sort(),
      bundledTemplates().filter((t) => !partials.has(t)),
      'the fixtures exercise every template',
    );
    for (const [template, names] of source.seen) assert.deepEqual([...names].sort(), documented[template], template);
    for (const partial of partials) {
      const includers = bundledTemplates().filter((t) => includes(t).includes(partial));
      assert.ok(includers.length > 0, partial);
      // A partial sees everything its includer has, plus the names its include() call passes.
      for (const includer of includers) {
        for (const name of documented[includer]!) assert.ok(documented[partial]!.includes(name), `${partial} documents ${name}, which ${includer} passes on`);
      }
    }
  });
});
