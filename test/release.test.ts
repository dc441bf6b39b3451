/**
 * The release path, as a maintainer walks it: a fresh clone, `npm ci`, `npm pack` (prepack builds
 * dist/ first), the tarball installed with yo, `yo docker-prod` run in an app. Also the project's
 * own GitHub workflow, LICENSE and CHANGELOG.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { handOver, installCliFrom, runYo } from './support/cli.js';
import { copyFixture, REPO_ROOT, tempDir } from './support/project.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  files: string[];
  scripts: Record<string, string>;
};

describe('release', function () {
  this.timeout(10 * 60 * 1000);

  it('a fresh clone packs a working generator: npm ci, npm pack, install with yo, run', function () {
    if (!fs.existsSync(path.join(REPO_ROOT, '.git'))) this.skip(); // needs a git checkout to clone
    const clone = path.join(tempDir('release-'), 'clone');
    // HEAD as committed: what a maintainer's clone gets (uncommitted work is not part of a release).
    execFileSync('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone], { cwd: REPO_ROOT, stdio: 'inherit' });
    assert.ok(!fs.existsSync(path.join(clone, 'dist')), 'a fresh clone has no build output');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: clone, stdio: ['ignore', 'ignore', 'inherit'] });
    const cli = installCliFrom(clone);
    assert.ok(cli.tarballFiles.includes('package/dist/generators/app/index.js'), `the tarball holds the compiled generator:\n${cli.tarballFiles.join('\n')}`);
    assert.ok(cli.tarballFiles.includes('package/LICENSE'));
    const app = copyFixture('node-zero-deps');
    handOver(app);
    const result = runYo(cli, app, ['--yes']);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    for (const file of ['Dockerfile', '.dockerignore', 'compose.yaml'])
      assert.ok(fs.existsSync(path.join(app, file)), `${file} written by the packed generator`);
  });

  it('npm pack builds first (prepack), and installs never run dependency scripts in CI', () => {
    assert.equal(pkg.scripts.prepack, 'npm run build');
    assert.ok(
      !fs.existsSync(path.join(REPO_ROOT, '.npmrc')) || !/ignore-scripts\s*=\s*true/.test(fs.readFileSync(path.join(REPO_ROOT, '.npmrc'), 'utf8')),
      'an .npmrc ignore-scripts would skip prepack',
    );
    assert.match(fs.readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8'), /npm ci --ignore-scripts/);
  });

  it('LICENSE matches package.json, CHANGELOG starts at the current version (Keep a Changelog)', () => {
    assert.equal(pkg.license, 'MIT');
    assert.match(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
    const changelog = fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^# Changelog\n/);
    assert.match(changelog, /keepachangelog\.com/);
    assert.match(changelog, /^## \[Unreleased\]$/m);
    const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)].map((m) => m[1]);
    assert.equal(versions.at(-1), pkg.version, 'the oldest entry is the current version');
  });

  describe("the project's own GitHub workflow", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, '.github/workflows/ci.yml'), 'utf8');
    type Step = { uses?: string; run?: string; env?: Record<string, string> };
    type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };
    const wf = parseYaml(text) as { on: { push: { tags: string[] }; pull_request: unknown }; permissions: Record<string, string>; jobs: Record<string, Job> };

    it('is valid against the vendored workflow schema', () => {
      const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/schemas/github-workflow.json'), 'utf8')) as Record<string, unknown>;
      delete schema.$schema;
      const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
      assert.ok(validate(wf), JSON.stringify(validate.errors, null, 2));
    });

    it('tests on push and pull request with the same command as .ci/run', () => {
      assert.ok('pull_request' in wf.on && 'push' in wf.on);
      assert.ok(wf.jobs.test!.steps.some((s) => s.run?.includes('bash .ci/run')));
    });

    it('pins every action by commit SHA with its version in a comment', () => {
      const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)];
      assert.ok(uses.length >= 4);
      for (const [, ref, comment] of uses) assert.match(`${ref}${comment}`, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d/, ref);
    });

    it('grants least privilege: read-only by default, id-token only to the release job', () => {
      assert.deepEqual(wf.permissions, { contents: 'read' });
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (name === 'release') assert.deepEqual(job.permissions, { contents: 'read', 'id-token': 'write' });
        else assert.equal(job.permissions, undefined, `${name} inherits read-only`);
      }
    });

    it('releases on a version tag, after the tests, with npm provenance', () => {
      const release = wf.jobs.release!;
      assert.ok(wf.on.push.tags.some((t) => t.startsWith('v')));
      assert.match(release.if ?? '', /refs\/tags\/v/);
      assert.equal(release.needs, 'test');
      assert.ok(release.steps.some((s) => /npm publish --provenance/.test(s.run ?? '')));
      assert.ok(!release.steps.some((s) => /\$\{\{/.test(s.run ?? '')), 'no expression is spliced into a run script');
    });
  });
});
