/**
 * Paths the app writes at run time (`TemplateContext.writablePaths`, generators/lib/writable-paths.ts):
 * validated (absolute, under /app, no `..`), quoted where printed, and the same list in
 * compose.yaml's `tmpfs:`, README.Docker.md's `docker run` line and the CI smoke test.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { renderFiles } from '../../generators/lib/render.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import type { StackProfile } from '../../generators/lib/stack.js';
import { inWords, tmpfsMounts, tmpfsOptions, writablePathProblem, writablePaths } from '../../generators/lib/writable-paths.js';
import { makeProject } from '../support/project.js';

const NEXT_APP = {
  'package.json': JSON.stringify({
    name: 'web',
    version: '1.0.0',
    scripts: { build: 'next build', start: 'next start' },
    dependencies: { next: '15.5.4', react: '19.1.0', 'react-dom': '19.1.0' },
  }),
  'package-lock.json': JSON.stringify({ name: 'web', lockfileVersion: 3, requires: true, packages: {} }),
};

describe('writable paths: validated, printed quoted, the same in every generated file', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts absolute paths under /app made of safe parts', () => {
    for (const ok of ['/app/.next/cache', '/app/cache', '/app/a/b_c@1+2-3', '/app/.data/kv']) {
      assert.equal(writablePathProblem(ok), undefined, ok);
    }
  });

  it('rejects paths outside /app, with "..", ".", empty parts, shell or YAML specials', () => {
    const bad = [
      '',
      'app/cache',
      '.next/cache',
      '/app',
      '/app/',
      '/appx/cache',
      '/tmp/cache',
      '/app/../etc',
      '/app/x/../../etc',
      '/app/./cache',
      '/app//cache',
      '/app/cache/',
      '/app/-rf',
      '/app/a b',
      '/app/$HOME',
      "/app/it's",
      '/app/a"b',
      '/app/a`b`',
      '/app/a|b',
      '/app/a:b',
      '/app/a#b',
      '/app/a\nb',
      '/app/a\\b',
      '/app/*',
      `/app/${'a'.repeat(1100)}`,
    ];
    for (const value of bad) assert.ok(writablePathProblem(value), `${JSON.stringify(value)} must be rejected`);
    assert.match(writablePathProblem('/app/../etc')!, /under \/app\/.*"\.\."/);
  });

  it('keeps each path once, sorted, drops paths inside another one, and names the stack of a bad one', () => {
    assert.deepEqual(writablePaths(['/app/b', '/app/a', '/app/b', '/app/a/inner'], 'x'), ['/app/a', '/app/b']);
    assert.deepEqual(writablePaths(undefined, 'x'), []);
    assert.throws(() => writablePaths(['/app/ok', '/etc/passwd'], 'demo'), /internal: stack demo asks for a bad writable path "\/etc\/passwd"/);
  });

  it('prints docker run options and words', () => {
    assert.deepEqual(tmpfsMounts([], 'anything'), ['/tmp']);
    assert.deepEqual(tmpfsMounts(['/app/.next/cache'], '10001:10001'), ['/tmp', '/app/.next/cache:uid=10001,gid=10001']);
    assert.deepEqual(tmpfsMounts(['/app/c'], '65532'), ['/tmp', '/app/c:uid=65532']);
    assert.throws(() => tmpfsMounts(['/app/c'], 'node'), /not a numeric uid/);
    assert.throws(() => tmpfsMounts(['/app/c'], '1,mode=777'), /not a numeric uid/);
    assert.equal(tmpfsOptions(['/tmp']), '--tmpfs /tmp');
    assert.equal(tmpfsOptions(['/tmp', '/app/.next/cache:uid=10001,gid=10001']), '--tmpfs /tmp --tmpfs /app/.next/cache:uid=10001,gid=10001');
    assert.equal(inWords(['/tmp']), '/tmp');
    assert.equal(inWords(['/tmp', '/a', '/b']), '/tmp, /a and /b');
  });

  it('a Next.js app: compose tmpfs, the README docker run line and the CI smoke test mount /app/.next/cache owned by the app user', async () => {
    const dir = makeProject(NEXT_APP);
    dirs.push(dir);
    const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
    const out = renderFiles(resolution.answers, resolution.profile, dir);
    const file = (name: string) => out.find((f) => f.path === name)!.content;
    const compose = parseYaml(file('compose.yaml')) as { services: Record<string, { tmpfs?: string[] }> };
    // Owned by the app's user: the folder exists in the image (root, 755) and Docker keeps that owner.
    const mount = '/app/.next/cache:uid=10001,gid=10001';
    assert.match(file('Dockerfile'), /^USER 10001:10001$/m);
    assert.deepEqual(compose.services[resolution.answers.serviceName]!.tmpfs, ['/tmp', mount]);
    const flags = `--read-only --tmpfs /tmp --tmpfs ${mount} --cap-drop ALL`;
    assert.ok(file('README.Docker.md').includes(flags), 'README docker run line');
    assert.ok(file('README.Docker.md').includes(`\`tmpfs: [/tmp, ${mount}]\``), 'README hardening table');
    assert.ok(file('.github/workflows/docker.yml').includes(flags), 'CI smoke test');
  });

  it('an app without writable paths keeps /tmp only', async () => {
    const dir = makeProject({ 'package.json': JSON.stringify({ name: 'api', version: '1.0.0', scripts: { start: 'node server.js' } }), 'server.js': '' });
    dirs.push(dir);
    const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
    const compose = renderFiles(resolution.answers, resolution.profile, dir).find((f) => f.path === 'compose.yaml')!.content;
    assert.match(compose, /tmpfs:\n {6}- \/tmp\n/);
    assert.doesNotMatch(compose, /\.next/);
  });

  it('a stack plan with a path outside the app folder fails rendering, nothing printed', async () => {
    const dir = makeProject(NEXT_APP);
    dirs.push(dir);
    const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
    const profile: StackProfile = {
      ...resolution.profile,
      plan: (answers, d) => ({ ...resolution.profile.plan(answers, d), writablePaths: ['/app/../etc'] }),
    };
    assert.throws(() => renderFiles(resolution.answers, profile, dir), /bad writable path "\/app\/\.\.\/etc"/);
  });
});
