/**
 * Writes stay inside the project (write-targets.ts) and secrets stay out of the build context
 * and the served site (ignore.ts, the nginx deny rules), without an engine: links made in temp
 * folders, the .dockerignore matched with the Docker CLI's own matching rules (ported in
 * test/support/dockerignore.ts), the nginx regex matched as nginx would (PCRE, case-insensitive).
 * The real CLI and real builds: test/hostile-cli.test.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMON_IGNORE } from '../../generators/lib/ignore.js';
import { renderFiles } from '../../generators/lib/render.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { yarnrcHasCredentials } from '../../generators/lib/secrets.js';
import { nginxDeniedRegex } from '../../generators/stacks/static/profile.js';
import { resolveThroughLinks, targetProblem, targetProblems } from '../../generators/lib/write-targets.js';
import { isExcluded, parseDockerignore } from '../support/dockerignore.js';
import { SECRET_FILES } from '../support/hostile.js';
import { makeProject, tempDir } from '../support/project.js';

describe('write targets: resolved through links, refused outside the project', () => {
  let root = '';
  let project = '';
  let outside = '';
  beforeEach(() => {
    root = tempDir('write-targets-');
    project = path.join(root, 'project');
    outside = path.join(root, 'outside');
    fs.mkdirSync(project);
    fs.mkdirSync(outside);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('accepts absent files and folders, plain files, and links that stay inside', () => {
    fs.writeFileSync(path.join(project, 'compose.yaml'), 'x');
    fs.mkdirSync(path.join(project, 'ci'));
    fs.symlinkSync('ci', path.join(project, '.github'));
    fs.symlinkSync('docker/Dockerfile', path.join(project, 'Dockerfile'));
    assert.deepEqual(targetProblems(project, ['compose.yaml', 'Dockerfile', '.github/workflows/docker.yml', 'new/deep/file']), []);
  });

  it('refuses a dangling link out, naming the path and where it points', () => {
    fs.symlinkSync('../outside/Dockerfile', path.join(project, 'Dockerfile'));
    const reason = targetProblem(project, 'Dockerfile');
    assert.equal(
      reason,
      `Dockerfile is a symbolic link to "../outside/Dockerfile" (${fs.realpathSync(outside)}/Dockerfile), outside the project folder ${fs.realpathSync(project)}`,
    );
  });

  it('refuses a link out that exists, an absolute one, a parent folder link, and a chain through an inside link', () => {
    fs.writeFileSync(path.join(outside, 'existing'), 'x');
    fs.symlinkSync('../outside/existing', path.join(project, 'compose.yaml'));
    fs.symlinkSync(path.join(outside, 'abs'), path.join(project, '.dockerignore'));
    fs.symlinkSync('../outside', path.join(project, '.gitlab'));
    fs.symlinkSync('.gitlab/x', path.join(project, 'README.Docker.md'));
    const problems = targetProblems(project, ['compose.yaml', '.dockerignore', '.gitlab/docker.gitlab-ci.yml', 'README.Docker.md']);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['compose.yaml', '.dockerignore', '.gitlab/docker.gitlab-ci.yml', 'README.Docker.md'],
    );
    assert.match(problems[2]!.reason, /^\.gitlab is a symbolic link to "\.\.\/outside"/);
  });

  it('refuses a loop, a file where a folder must be, a folder where a file must be, a FIFO-like special file and a hard link', () => {
    fs.symlinkSync('b', path.join(project, 'a'));
    fs.symlinkSync('a', path.join(project, 'b'));
    assert.match(targetProblem(project, 'a')!, /a is a symbolic link loop/);
    fs.writeFileSync(path.join(project, '.github'), 'x');
    assert.match(targetProblem(project, '.github/workflows/docker.yml')!, /^\.github is a file, not a folder/);
    fs.mkdirSync(path.join(project, 'Dockerfile'));
    assert.match(targetProblem(project, 'Dockerfile')!, /^Dockerfile is a folder/);
    fs.writeFileSync(path.join(outside, 'f'), 'x');
    fs.linkSync(path.join(outside, 'f'), path.join(project, 'compose.yaml'));
    assert.match(targetProblem(project, 'compose.yaml')!, /has 2 hard links/);
    fs.symlinkSync('/dev/null', path.join(project, 'null'));
    assert.match(targetProblem(project, 'null')!, /outside the project folder/);
  });

  it('resolves a dangling chain to the file a write would create', () => {
    fs.symlinkSync('../outside/dir', path.join(project, 'd'));
    fs.symlinkSync('d/file', path.join(project, 'f'));
    assert.equal(resolveThroughLinks(path.join(project, 'f')), path.join(fs.realpathSync(outside), 'dir/file'));
  });
});

describe('secrets stay out of the build context and the served site', () => {
  const patterns = parseDockerignore(COMMON_IGNORE.flatMap((g) => g.patterns).join('\n'));

  it('.dockerignore leaves out every planted secret file, at any depth', () => {
    const kept = SECRET_FILES.filter((f) => !isExcluded(patterns, f).excluded);
    assert.deepEqual(kept, []);
    for (const f of ['.aws/credentials', 'a/b/.npmrc', 'x/y/prod.tfvars', 'nested/secrets/token', 'deep/db.sqlite3', 'deep/.git/config']) {
      assert.ok(isExcluded(patterns, f).excluded, f);
    }
  });

  it('.dockerignore keeps what builds need', () => {
    for (const f of [
      'package.json',
      'package-lock.json',
      'yarn.lock',
      '.yarnrc.yml',
      'src/index.ts',
      'src/keys.ts',
      'public/index.html',
      '.well-known/security.txt',
      'requirements.txt',
      'go.mod',
      'go.sum',
      'nginx.conf',
      'src/secret-santa.js',
      '.yarn/releases/yarn.cjs',
    ]) {
      assert.equal(isExcluded(patterns, f).excluded, false, f);
    }
  });

  it('a .yarnrc.yml with a token (top level or per scope) is never copied, and is left out of the context', async () => {
    assert.equal(yarnrcHasCredentials(makeProject({ '.yarnrc.yml': 'npmScopes:\n  acme:\n    npmAuthToken: abc\n' })), true);
    assert.equal(yarnrcHasCredentials(makeProject({ '.yarnrc.yml': 'npmAuthIdent: "user:pass"\n' })), true);
    assert.equal(yarnrcHasCredentials(makeProject({ '.yarnrc.yml': 'nodeLinker: node-modules\nnpmRegistryServer: https://r.example.com\n' })), false);
    const files = {
      'package.json': JSON.stringify({
        name: 'a',
        packageManager: 'yarn@4.5.1',
        scripts: { start: 'node server.js', build: 'node build.js' },
        dependencies: { x: '1.0.0' },
      }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      'server.js': '',
    };
    for (const [yarnrc, copied] of [
      ['nodeLinker: node-modules\nnpmAuthToken: "tok"\n', false],
      ['nodeLinker: node-modules\n', true],
    ] as const) {
      const dir = makeProject({ ...files, '.yarnrc.yml': yarnrc });
      const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
      const out = renderFiles(resolution.answers, resolution.profile, dir);
      const dockerfile = out.find((f) => f.path === 'Dockerfile')!.content;
      const ignore = parseDockerignore(out.find((f) => f.path === '.dockerignore')!.content);
      assert.equal(/^COPY .*\.yarnrc\.yml/m.test(dockerfile), copied, dockerfile);
      assert.equal(isExcluded(ignore, '.yarnrc.yml').excluded, !copied);
      if (!copied) {
        assert.equal(resolution.answers.stack.npmTokenSecret, 'yes');
        assert.match(dockerfile, /--mount=type=secret,id=yarnrc,target=\/root\/\.yarnrc\.yml/);
        const readme = out.find((f) => f.path === 'README.Docker.md')!.content;
        assert.match(readme, /--secret id=yarnrc,src=\.yarnrc\.yml /);
        assert.match(readme, /file: \.\/\.yarnrc\.yml\n/);
      }
    }
  });

  it('nginx refuses secret names and extensions, and serves the site', () => {
    const denied = new RegExp(nginxDeniedRegex(), 'i');
    const dotfile = /\/\./;
    const refused = (p: string) => dotfile.test(p) || denied.test(p);
    const notRefused = SECRET_FILES.filter((f) => !refused(`/${f}`));
    assert.deepEqual(notRefused, []);
    for (const p of ['/index.html', '/assets/app-1a2b.js', '/css/site.css', '/img/key-visual.png', '/docs/credentials-guide.html', '/secrets.html'])
      assert.equal(refused(p), false, p);
    for (const p of ['/CERTS/SERVER.PEM', '/x/Prod.TFVARS']) assert.equal(refused(p), true, p);
  });
});
