/**
 * One app of a workspace through the Yeoman layer (yeoman-test): the stop at a root with several
 * apps, --app validation, the list prompt, and where the files land (the CI workflow at the
 * workspace root's .github/workflows/, never in the app folder). Uses the pnpm + Turborepo
 * starter (test/starters/turbo-pnpm) and the npm-workspace fixture.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { parse as parseYaml } from 'yaml';
import { copyFixture, GENERATOR_PATH, REPO_ROOT, tempDir } from './support/project.js';
import { lintCompose, lintDockerfile } from './support/lint.js';
import { checkAll } from './support/checklist.js';

const run = (dir: string) =>
  helpers
    .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
    .cd(dir)
    .withOptions({ force: false } as never);

function turboWorkspace(): string {
  const dir = path.join(tempDir('turbo-pnpm-'), 'turbo-pnpm');
  fs.cpSync(path.join(REPO_ROOT, 'test/starters/turbo-pnpm'), dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, relative, sorted. */
function listAll(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('workspaces (yeoman-test): --app, prompts, file locations', function () {
  this.timeout(60000);

  it('at a root with two apps, --yes without --app stops: lists the apps, names --app, writes nothing', async () => {
    const root = turboWorkspace();
    const before = listAll(root);
    await assert.rejects(
      run(root).withOptions({ yes: true } as never),
      (e: Error) => /apps\/api \("api"\), apps\/web \("web"\)/.test(e.message) && /pass --app/.test(e.message) && /nothing was written/.test(e.message),
    );
    assert.deepEqual(listAll(root), before);
  });

  for (const [value, pattern] of [
    [
      '../outside',
      /--app: "\.\.\/outside" is not allowed: the folder of one of this workspace's apps: apps\/api \("api"\), apps\/web \("web"\) \(a relative folder inside the workspace, no "\.\."\)/,
    ],
    ['packages/shared', /--app: "packages\/shared" is not allowed: the folder of one of this workspace's apps: apps\/api/],
    ['/etc', /--app: "\/etc" is not allowed/],
  ] as const) {
    it(`--app ${value}: refused with the allowed values, nothing written`, async () => {
      const root = turboWorkspace();
      const before = listAll(root);
      await assert.rejects(run(root).withOptions({ yes: true, app: value } as never), pattern);
      assert.deepEqual(listAll(root), before);
    });
  }

  it('a stored --app that is no longer an app is reported against .yo-rc.json', async () => {
    const root = turboWorkspace();
    fs.writeFileSync(path.join(root, '.yo-rc.json'), JSON.stringify({ 'generator-docker-prod': { app: 'apps/gone' } }));
    await assert.rejects(run(root).withOptions({ yes: true } as never), /--app: "apps\/gone" is not allowed: .*stored in \.yo-rc\.json/);
  });

  it('--app apps/api at the root: files in apps/api, the build context is the root, the CI workflow at the root', async () => {
    const root = turboWorkspace();
    await run(root).withOptions({ yes: true, app: 'apps/api' } as never);
    for (const file of [
      'apps/api/Dockerfile',
      'apps/api/Dockerfile.dockerignore',
      'apps/api/compose.yaml',
      'apps/api/README.Docker.md',
      '.github/workflows/docker-api.yml',
    ])
      assert.ok(fs.existsSync(path.join(root, file)), file);
    assert.ok(!fs.existsSync(path.join(root, 'apps/api/.github')), 'no workflow in the app folder');
    assert.ok(!fs.existsSync(path.join(root, 'Dockerfile')) && !fs.existsSync(path.join(root, '.dockerignore')));
    const compose = parseYaml(fs.readFileSync(path.join(root, 'apps/api/compose.yaml'), 'utf8')) as { services: Record<string, { build: unknown }> };
    assert.deepEqual(compose.services.api!.build, { context: '../..', dockerfile: 'apps/api/Dockerfile' });
    const workflow = fs.readFileSync(path.join(root, '.github/workflows/docker-api.yml'), 'utf8');
    assert.match(workflow, /dockerfile: apps\/api\/Dockerfile/);
    assert.match(workflow, /context: \.\n\s+file: apps\/api\/Dockerfile/);
    const readme = fs.readFileSync(path.join(root, 'apps/api/README.Docker.md'), 'utf8');
    assert.match(readme, /docker build --file apps\/api\/Dockerfile --tag api:local \./);
    const dockerfile = fs.readFileSync(path.join(root, 'apps/api/Dockerfile'), 'utf8');
    assert.match(dockerfile, /RUN turbo prune api --docker/);
    assert.match(dockerfile, /pnpm --filter api deploy --prod --legacy/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, '.yo-rc.json'), 'utf8'))['generator-docker-prod'].app, 'apps/api');
    // The pnpm + Turborepo files are as lint-clean as every fixture's (test/lint-generated.test.ts).
    const composeText = fs.readFileSync(path.join(root, 'apps/api/compose.yaml'), 'utf8');
    const ignore = fs.readFileSync(path.join(root, 'apps/api/Dockerfile.dockerignore'), 'utf8');
    const findings = [
      ...lintDockerfile(dockerfile),
      ...lintCompose(composeText),
      ...checkAll({ dockerfile, compose: composeText, dockerignore: ignore, port: 3000, healthPath: '/' }),
    ];
    assert.deepEqual(findings, []);
  });

  it('in the app folder (cd apps/web): the root lockfile and packageManager, the workflow at the root', async () => {
    const root = turboWorkspace();
    const web = path.join(root, 'apps/web');
    await run(web).withOptions({ yes: true } as never);
    assert.ok(fs.existsSync(path.join(web, 'Dockerfile')));
    assert.ok(fs.existsSync(path.join(root, '.github/workflows/docker-web.yml')), 'workflow at the workspace root');
    assert.ok(!fs.existsSync(path.join(web, '.github')), 'never <app>/.github');
    const stored = JSON.parse(fs.readFileSync(path.join(web, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
    assert.equal(stored.packageManager, 'pnpm');
    assert.equal(stored.app, undefined, '--app does not apply in an app folder');
    assert.match(fs.readFileSync(path.join(web, 'Dockerfile'), 'utf8'), /npm install --global pnpm@10\.34\.9/);
  });

  it('interactively, the app is a list of the workspace apps', async () => {
    const root = turboWorkspace();
    const result = await run(root).withAnswers({ app: 'apps/web' });
    assert.ok(
      result.askedQuestions.some((q) => q.name === 'app'),
      JSON.stringify(result.askedQuestions),
    );
    assert.ok(fs.existsSync(path.join(root, 'apps/web/Dockerfile')));
  });

  it('a workspace root .github that is a symbolic link out of the workspace is refused, nothing written', async () => {
    const root = turboWorkspace();
    const outside = tempDir('outside-');
    fs.symlinkSync(outside, path.join(root, '.github'));
    await assert.rejects(run(path.join(root, 'apps/api')).withOptions({ yes: true } as never), /\.github is a symbolic link to .*outside the project folder/);
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.ok(!fs.existsSync(path.join(root, 'apps/api/Dockerfile')));
  });

  it('npm workspace with one app: the app is taken, npm ci --workspace', async () => {
    const root = copyFixture('node-npm-workspace');
    await run(root).withOptions({ yes: true } as never);
    const dockerfile = fs.readFileSync(path.join(root, 'apps/x/Dockerfile'), 'utf8');
    assert.match(dockerfile, /npm ci --omit=dev --workspace apps\/x/);
    assert.ok(fs.existsSync(path.join(root, '.github/workflows/docker-shop.yml')));
  });
});

describe('Bun workspace (yeoman-test): the bun-workspace starter, a Node.js app and a Bun app', function () {
  this.timeout(60000);

  function bunWorkspace(): string {
    const dir = path.join(tempDir('bun-workspace-'), 'bun-workspace');
    fs.cpSync(path.join(REPO_ROOT, 'test/starters/bun-workspace'), dir, { recursive: true });
    return dir;
  }

  it('--app apps/api at the root: the node stack, Bun installs only the app (bun install --filter), files in apps/api', async () => {
    const root = bunWorkspace();
    await run(root).withOptions({ yes: true, app: 'apps/api' } as never);
    const dockerfile = fs.readFileSync(path.join(root, 'apps/api/Dockerfile'), 'utf8');
    assert.match(dockerfile, /npm install --global bun@1\n/);
    assert.match(dockerfile, /bun install --frozen-lockfile --production --filter api/);
    assert.match(dockerfile, /^CMD \["node", "\.\/bin\/www"\]$/m);
    assert.ok(fs.existsSync(path.join(root, '.github/workflows/docker-api.yml')));
  });

  it('--app apps/web at the root (the app runs on Bun): the node stack stops and names --language bun; with it the Bun stack plans the same files as in the folder', async () => {
    const root = bunWorkspace();
    const before = listAll(root);
    await assert.rejects(
      run(root).withOptions({ yes: true, app: 'apps/web' } as never),
      /"scripts\.start" runs bun: an app that runs on Bun is generated with --language bun/,
    );
    assert.deepEqual(listAll(root), before);
    await run(root).withOptions({ yes: true, language: 'bun', app: 'apps/web' } as never);
    const atRoot = fs.readFileSync(path.join(root, 'apps/web/Dockerfile'), 'utf8');
    assert.match(atRoot, /^FROM oven\/bun:\$\{BUN_VERSION\}-slim AS deps$/m);
    assert.match(atRoot, /bun install --frozen-lockfile --production --filter web/);
    assert.match(atRoot, /^WORKDIR \/app\/apps\/web$/m);
    assert.ok(fs.existsSync(path.join(root, '.github/workflows/docker-web.yml')));
    const other = bunWorkspace();
    await run(path.join(other, 'apps/web')).withOptions({ yes: true } as never);
    assert.equal(fs.readFileSync(path.join(other, 'apps/web/Dockerfile'), 'utf8'), atRoot);
    assert.equal(JSON.parse(fs.readFileSync(path.join(other, 'apps/web/.yo-rc.json'), 'utf8'))['generator-docker-prod'].language, 'bun');
  });
});

describe('uv workspace member folder (yeoman-test): the root as build context, files in the member, CI at the root', function () {
  this.timeout(60000);
  const member = 'packages/api';

  it('in packages/api with --yes: Dockerfile, Dockerfile.dockerignore, compose.yaml, README.Docker.md there; the workflow at the root', async () => {
    const root = copyFixture('python-uv-workspace');
    const before = listAll(root);
    await run(path.join(root, member)).withOptions({ yes: true } as never);
    const added = listAll(root).filter((f) => !before.includes(f));
    assert.deepEqual(added, [
      '.github/workflows/docker-shop-api.yml',
      '.hadolint.yaml',
      '.trivyignore',
      `${member}/.yo-rc.json`,
      `${member}/Dockerfile`,
      `${member}/Dockerfile.dockerignore`,
      `${member}/README.Docker.md`,
      `${member}/compose.yaml`,
    ]);
    const compose = parseYaml(fs.readFileSync(path.join(root, member, 'compose.yaml'), 'utf8')) as { services: Record<string, { build: unknown }> };
    assert.deepEqual(compose.services['shop-api']!.build, { context: '../..', dockerfile: `${member}/Dockerfile` });
    const dockerfile = fs.readFileSync(path.join(root, member, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /uv sync --frozen --no-dev --package shop-api --no-install-workspace/);
    assert.match(dockerfile, /COPY .*packages\/core\/pyproject\.toml/);
    assert.match(dockerfile, /--no-editable/);
    const workflow = fs.readFileSync(path.join(root, '.github/workflows/docker-shop-api.yml'), 'utf8');
    assert.match(workflow, /context: \.\n\s+file: packages\/api\/Dockerfile/);
    assert.match(fs.readFileSync(path.join(root, member, 'README.Docker.md'), 'utf8'), /docker build --file packages\/api\/Dockerfile --tag shop-api:local \./);
    const stored = JSON.parse(fs.readFileSync(path.join(root, member, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
    assert.equal(stored.workspaceMember, undefined, '--workspace-member does not apply in a member folder');
  });

  it('the same Dockerfile and ignore lines as at the root, and the generated files in the member kept out of the image', async () => {
    const a = copyFixture('python-uv-workspace');
    const b = copyFixture('python-uv-workspace');
    await run(path.join(a, member)).withOptions({ yes: true } as never);
    await run(b).withOptions({ yes: true } as never);
    assert.equal(fs.readFileSync(path.join(a, member, 'Dockerfile'), 'utf8'), fs.readFileSync(path.join(b, 'Dockerfile'), 'utf8'));
    const ignore = fs.readFileSync(path.join(a, member, 'Dockerfile.dockerignore'), 'utf8');
    assert.ok(ignore.startsWith(fs.readFileSync(path.join(b, '.dockerignore'), 'utf8').trimEnd()), ignore);
    assert.match(ignore, /^packages\/api\/Dockerfile\*$/m);
    assert.match(ignore, /^packages\/api\/\.yo-rc\.json$/m);
  });

  it('a workspace root .github that is a symbolic link out of the workspace is refused, nothing written', async () => {
    const root = copyFixture('python-uv-workspace');
    const outside = tempDir('outside-');
    fs.symlinkSync(outside, path.join(root, '.github'));
    await assert.rejects(run(path.join(root, member)).withOptions({ yes: true } as never), /\.github is a symbolic link to .*outside the project folder/);
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.ok(!fs.existsSync(path.join(root, member, 'Dockerfile')));
  });

  it('a folder below the workspace that is not a member stops: names the lockfile above, writes nothing', async () => {
    const root = copyFixture('python-uv-workspace');
    fs.mkdirSync(path.join(root, 'tools/x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tools/x/pyproject.toml'), '[project]\nname = "x"\nversion = "0.1.0"\n');
    fs.writeFileSync(path.join(root, 'tools/x/main.py'), 'print(1)\n');
    const before = listAll(root);
    await assert.rejects(run(path.join(root, 'tools/x')).withOptions({ yes: true } as never), /do not include tools\/x.*Nothing was written/s);
    assert.deepEqual(listAll(root), before);
  });
});
