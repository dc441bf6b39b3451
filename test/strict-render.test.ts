/**
 * Every bundled template renders strictly: a fact the template reads that is missing (renamed in
 * the profile, left out of the data) is an error naming it, never an empty string in a
 * generated file. For each template a run renders (one fixture per registered stack, plus flags
 * that reach the CI, services and build-secret templates), each fact is removed in turn, at the
 * top level and one level down: the template either renders exactly as before (it does not read
 * that fact) or fails naming it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderFiles } from '../generators/lib/render.js';
import { resolveAnswers } from '../generators/lib/resolve.js';
import { settingByFlag } from '../generators/lib/settings.js';
import { bundledTemplates, renderStrict, TemplateSource } from '../generators/lib/templates.js';
import { sniffStack, STACKS } from '../generators/stacks/index.js';
import { FIXTURES_DIR, REPO_ROOT } from './support/project.js';

/** Flag sets reaching the templates a default run does not render. */
const FLAG_CASES: { fixture: string; flags: Record<string, string> }[] = [
  { fixture: 'node-express-npm', flags: { services: 'postgres,redis', ci: 'gitlab', 'ci-drift-check': 'yes' } },
  { fixture: 'node-ts-pnpm', flags: { 'npm-token-secret': 'yes', 'min-docker': '20.10' } },
  { fixture: 'python-fastapi-uv', flags: { 'netrc-secret': 'yes' } },
  { fixture: 'go-mysql', flags: { services: 'mariadb,rabbitmq', 'netrc-secret': 'yes', ci: 'gitlab' } },
];

/** Records the data of every template rendered. */
class Recorder extends TemplateSource {
  readonly seen: { template: string; facts: Record<string, unknown> }[] = [];
  override render(relative: string, facts: Record<string, unknown>): string {
    this.seen.push({ template: relative, facts });
    return super.render(relative, facts);
  }
}

function cases() {
  const out = [...FLAG_CASES];
  const covered = new Set<string>();
  for (const name of fs.readdirSync(FIXTURES_DIR).sort()) {
    const dir = path.join(FIXTURES_DIR, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const id = sniffStack(dir)?.stack.id;
    if (id && !covered.has(id)) {
      covered.add(id);
      out.push({ fixture: name, flags: {} });
    }
  }
  return { out, covered };
}

const without = (facts: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(facts).filter(([k]) => k !== key));

describe('bundled templates render strictly', function () {
  this.timeout(120000);
  const { out, covered } = cases();

  it('the cases cover every registered stack', () => {
    assert.deepEqual([...covered].sort(), STACKS.map((s) => s.id).sort());
  });

  it('a missing fact (top level or one level down) fails naming it; a fact a template does not read changes nothing', async () => {
    const rendered = new Set<string>();
    let failures = 0;
    for (const c of out) {
      const dir = path.join(FIXTURES_DIR, c.fixture);
      const flags: Record<string, string> = {};
      for (const [flag, value] of Object.entries(c.flags)) flags[settingByFlag(flag)!.key] = value;
      const resolution = await resolveAnswers({ dir, flags, stored: {} });
      const recorder = new Recorder();
      renderFiles(resolution.answers, resolution.profile, dir, recorder);
      for (const { template, facts } of recorder.seen) {
        rendered.add(template);
        const file = path.join(REPO_ROOT, 'templates', template);
        const expected = renderStrict(file, facts);
        const check = (label: string, data: Record<string, unknown>, name: RegExp) => {
          let text: string | undefined;
          try {
            text = renderStrict(file, data);
          } catch (error) {
            assert.match((error as Error).message, name, `${c.fixture} ${template} without ${label}: the error does not name it`);
            failures++;
            return;
          }
          assert.equal(text, expected, `${c.fixture} ${template} without ${label}: rendered something else instead of failing`);
        };
        for (const [key, value] of Object.entries(facts)) {
          check(key, without(facts, key), new RegExp(`\\b${key}\\b`));
          if (value && typeof value === 'object' && !Array.isArray(value)) {
            for (const inner of Object.keys(value)) {
              check(`${key}.${inner}`, { ...facts, [key]: without(value as Record<string, unknown>, inner) }, new RegExp(`${key}\\.${inner}\\b`));
            }
          }
        }
      }
    }
    // Every bundled template was rendered (includes through the template that includes them).
    const included = bundledTemplates().filter((t) => !rendered.has(t));
    for (const t of included) {
      assert.ok(
        bundledTemplates().some(
          (parent) => rendered.has(parent) && fs.readFileSync(path.join(REPO_ROOT, 'templates', parent), 'utf8').includes(path.basename(t)),
        ),
        `templates/${t} is rendered by none of the cases (add a case to FLAG_CASES)`,
      );
    }
    assert.ok(failures > 0, 'no missing fact failed: strict rendering is off');
  });

  it("an include's own data is strict too: common/install-run.ejs given a misspelled run key fails naming the key it reads", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strict-include-'));
    try {
      const installRun = path.join(REPO_ROOT, 'templates/common/install-run.ejs');
      const parent = (run: string) => {
        const file = path.join(dir, 'Dockerfile.ejs');
        fs.writeFileSync(file, `<%- include(${JSON.stringify(installRun)}, { run: ${run} }) -%>`);
        return file;
      };
      const df = { secretMount: undefined, secretId: undefined };
      assert.equal(
        renderStrict(parent("{ credentials: 'Credentials', cacheMount: '--mount=type=cache,target=/c', command: 'make deps' }"), { df }),
        'RUN --mount=type=cache,target=/c \\\n    make deps\n',
      );
      assert.throws(
        () => renderStrict(parent("{ credentials: 'Credentials', cacheMount: '--mount=type=cache,target=/c', comand: 'make deps' }"), { df }),
        /run\.command is not a fact/,
      );
      // Reading an include key the caller did not pass at all fails too (locals is strict).
      fs.writeFileSync(path.join(dir, 'part.ejs'), '<%- locals.runn %>');
      fs.writeFileSync(path.join(dir, 'top.ejs'), "<%- include('part.ejs', { run: {} }) %>");
      assert.throws(() => renderStrict(path.join(dir, 'top.ejs'), {}), /locals\.runn is not a fact/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reading a fact that does not exist fails with the template and the name', () => {
    const file = path.join(REPO_ROOT, 'templates/common/ci/trivyignore.ejs');
    assert.throws(() => renderStrict(file, { f: {} }), /f\.serviceName is not a fact/);
    assert.throws(() => renderStrict(file, {}), /f is not defined/);
  });
});
