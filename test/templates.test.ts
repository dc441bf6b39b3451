/**
 * A team's own templates: eject copies the bundled ones, overrides render exactly like them when
 * unchanged (every fixture), changes show up and are named in the summary, a wrong fact name
 * fails with the override's path and line, overrides found in the repository need consent, and
 * nothing outside the overrides folder is ever read as a template.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { main, type Io } from '../generators/lib/cli.js';
import { templatesToEject } from '../generators/lib/eject.js';
import { renderFiles } from '../generators/lib/render.js';
import { resolveAnswers } from '../generators/lib/resolve.js';
import { bundledTemplates, findOverrides, REPO_TEMPLATES, TemplateSource } from '../generators/lib/templates.js';
import { copyFixture, FIXTURES_DIR, GENERATOR_PATH, makeProject, REPO_ROOT, tempDir } from './support/project.js';

const EJECT_PATH = path.join(REPO_ROOT, 'dist/generators/eject/index.js');
const FIXTURES = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());

const eject = (dir: string, args: string[] = [], options: Record<string, unknown> = {}) =>
  helpers
    .run(EJECT_PATH, { namespace: 'docker-prod:eject' })
    .cd(dir)
    .withArguments(args)
    .withOptions({ force: false, ...options } as never);
const yo = (dir: string, options: Record<string, unknown>) =>
  helpers
    .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
    .cd(dir)
    .withOptions({ force: false, ...options } as never);

/** The bin in-process, capturing its output. */
async function bin(dir: string, argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { cwd: dir, out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Every bundled template copied into `<dir>/.docker-prod/templates` (as eject does, without Yeoman). */
function copyAll(dir: string): void {
  for (const rel of bundledTemplates()) {
    const target = path.join(dir, REPO_TEMPLATES, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'templates', rel), target);
  }
}

async function render(dir: string, templates?: string) {
  const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
  return renderFiles(resolution.answers, resolution.profile, dir, new TemplateSource(findOverrides(dir, templates)));
}

describe('custom templates (.docker-prod/templates, --templates, eject)', function () {
  this.timeout(60000);

  for (const fixture of FIXTURES) {
    it(`${fixture}: unchanged copies of every bundled template render byte-identical output through the strict override path`, async () => {
      const dir = copyFixture(fixture);
      copyAll(dir);
      const bundled = await render(dir, 'none');
      const custom = await render(dir, REPO_TEMPLATES);
      assert.deepEqual(
        custom.map((f) => [f.path, f.content]),
        bundled.map((f) => [f.path, f.content]),
      );
      // .gitignore is the user's file with a line appended, not made from a template.
      assert.ok(
        custom.filter((f) => !f.appendOnly).every((f) => f.template.endsWith('(custom)')),
        'every file made from a template came from an override',
      );
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });
  }

  it('eject copies the templates the project uses, never overwrites a changed one under --yes, and the bin then uses them with --templates', async () => {
    const dir = copyFixture('node-express-npm');
    await eject(dir, [], { yes: true });
    const copied = templatesToEject(dir, undefined);
    assert.ok(copied.includes('node/Dockerfile.ejs') && copied.includes('common/compose.yaml.ejs') && !copied.some((t) => t.startsWith('python/')));
    for (const rel of copied)
      assert.equal(fs.readFileSync(path.join(dir, REPO_TEMPLATES, rel), 'utf8'), fs.readFileSync(path.join(REPO_ROOT, 'templates', rel), 'utf8'));

    const override = path.join(dir, REPO_TEMPLATES, 'node/Dockerfile.ejs');
    fs.writeFileSync(override, `# Team base image policy: see wiki\n${fs.readFileSync(override, 'utf8')}`);
    await assert.rejects(eject(dir, ['Dockerfile'], { yes: true }), /node\/Dockerfile\.ejs already exists with other content; .*--force/);
    assert.match(fs.readFileSync(override, 'utf8'), /^# Team base image policy/);

    // --yes without --templates: refused, naming the files and the flag; nothing written.
    const refused = await bin(dir, ['--yes']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /this repository has its own templates in \.docker-prod\/templates: .*node\/Dockerfile\.ejs.*pass --templates \.docker-prod\/templates to use them, or --templates none/,
    );
    assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));
    await assert.rejects(yo(dir, { yes: true }), /this repository has its own templates/);

    const used = await bin(dir, ['--yes', '--templates', REPO_TEMPLATES]);
    assert.equal(used.code, 0, used.err);
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^# Team base image policy: see wiki\n/);
    assert.match(used.out, /Dockerfile\s+from \.docker-prod\/templates\/node\/Dockerfile\.ejs \(custom\)/);
    const check = await bin(dir, ['--check', '--templates', REPO_TEMPLATES]);
    assert.equal(check.code, 0, check.err + check.out);
    // With the bundled templates the Dockerfile drifts (the team line would go).
    const drift = await bin(dir, ['--check', '--templates', 'none']);
    assert.equal(drift.code, 1);
    assert.match(drift.out, /^-# Team base image policy: see wiki$/m);
  });

  it('interactively, a question names the overrides; "no" uses the bundled templates, "yes" the team\'s', async () => {
    for (const consent of [false, true]) {
      const dir = copyFixture('node-zero-deps');
      fs.mkdirSync(path.join(dir, REPO_TEMPLATES, 'common'), { recursive: true });
      fs.writeFileSync(path.join(dir, REPO_TEMPLATES, 'common/compose.yaml.ejs'), '# team compose for <%- c.serviceName %>\n');
      const result = await yo(dir, {}).withAnswers({ useTemplates: consent });
      const asked = result.askedQuestions.find((q) => q.name === 'useTemplates');
      assert.ok(asked, 'the consent question was asked');
      const compose = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
      if (consent) assert.equal(compose, '# team compose for hello-zero\n');
      else assert.match(compose, /^services:/m);
    }
  });

  it('a wrong fact name fails with the override path and line; so does a wrong variable name', async () => {
    const dir = copyFixture('node-zero-deps');
    const file = path.join(dir, REPO_TEMPLATES, 'common/compose.yaml.ejs');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'services:\n  app:\n    port: <%- c.prot %>\n');
    const typo = await bin(dir, ['--yes', '--templates', REPO_TEMPLATES]);
    assert.equal(typo.code, 1);
    assert.match(typo.err, /custom template \.docker-prod\/templates\/common\/compose\.yaml\.ejs failed: .*compose\.yaml\.ejs:3\n/);
    assert.match(typo.err, /c\.prot is not a fact this template receives/);
    fs.writeFileSync(file, 'a\n<%- compose.serviceName %>\n');
    const variable = await bin(dir, ['--yes', '--templates', REPO_TEMPLATES]);
    assert.match(variable.err, /compose\.yaml\.ejs:2\n[\s\S]*compose is not defined/);
    assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')), 'nothing written');
  });

  it('overrides get the quoting helpers as q', async () => {
    const dir = copyFixture('node-zero-deps');
    const file = path.join(dir, REPO_TEMPLATES, 'common/compose.yaml.ejs');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '# <%- q.shellWord("it\'s") %> <%- q.jsonString(c.serviceName) %>\n');
    const files = await render(dir, REPO_TEMPLATES);
    assert.equal(files.find((f) => f.path === 'compose.yaml')!.content, `# 'it'"'"'s' "hello-zero"\n`);
  });

  it('refuses templates outside the folder: symlinked files, a symlinked folder, unknown names', () => {
    const outside = makeProject({ 'evil.ejs': '<% process.exit(7) %>' });
    const link = copyFixture('node-zero-deps');
    fs.mkdirSync(path.join(link, REPO_TEMPLATES, 'node'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'evil.ejs'), path.join(link, REPO_TEMPLATES, 'node/Dockerfile.ejs'));
    assert.throws(() => findOverrides(link, REPO_TEMPLATES), /node\/Dockerfile\.ejs leads outside \.docker-prod\/templates/);
    assert.throws(() => findOverrides(link, undefined), /leads outside/);

    const folder = copyFixture('node-zero-deps');
    fs.mkdirSync(path.join(folder, '.docker-prod'));
    fs.symlinkSync(outside, path.join(folder, REPO_TEMPLATES));
    assert.throws(() => findOverrides(folder, undefined), /\.docker-prod\/templates leads outside the project/);

    const unknown = copyFixture('node-zero-deps');
    fs.mkdirSync(path.join(unknown, REPO_TEMPLATES, 'node'), { recursive: true });
    fs.writeFileSync(path.join(unknown, REPO_TEMPLATES, 'node/Dockerfle.ejs'), 'x');
    assert.throws(
      () => findOverrides(unknown, REPO_TEMPLATES),
      /node\/Dockerfle\.ejs overrides no template; the paths that can be overridden are: .*node\/Dockerfile\.ejs/,
    );

    // An explicit folder elsewhere is the user's choice; --templates none ignores the repository's.
    const elsewhere = tempDir('team-templates-');
    fs.mkdirSync(path.join(elsewhere, 'common'));
    fs.writeFileSync(path.join(elsewhere, 'common/compose.yaml.ejs'), 'x\n');
    assert.deepEqual(findOverrides(unknown, elsewhere)?.files, ['common/compose.yaml.ejs']);
    assert.equal(findOverrides(link, 'none'), undefined);
  });

  it('eject [file] accepts a template path or a generated file name, and says what exists otherwise', () => {
    const dir = copyFixture('static-vite-npm');
    assert.deepEqual(templatesToEject(dir, 'nginx.conf'), ['static/nginx.conf.ejs']);
    assert.deepEqual(templatesToEject(dir, 'Dockerfile'), ['static/Dockerfile.ejs']);
    assert.deepEqual(templatesToEject(dir, 'compose.yaml'), ['common/compose.yaml.ejs']);
    assert.deepEqual(templatesToEject(dir, 'go/Dockerfile.ejs'), ['go/Dockerfile.ejs']);
    assert.throws(() => templatesToEject(dir, 'Containerfile'), /--file: "Containerfile" is not allowed: a template path \(.*\) or a generated file/);
  });
});
