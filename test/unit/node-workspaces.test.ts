/** Unit tests for one app of a Node.js workspace: which app, which install, which paths (no Yeoman). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { appProblem, normaliseAppFolder } from '../../generators/stacks/node/app-setting.js';
import { rootAppChoice, workspaceAt, workspaceDependencies, workspacePackages, pathToRoot } from '../../generators/stacks/node/workspaces.js';
import {
  pnpmDeployNeedsLegacy,
  turboVersion,
  workspaceApp,
  workspaceBuildCommand,
  workspaceDockerfile,
  workspaceIgnoreGroups,
  workspaceInstallNotes,
  workspaceManagerProblem,
  startPackageLinks,
  nxOf,
  nxStartCommand,
} from '../../generators/stacks/node/workspace-plan.js';
import { workspacePrisma, workspacePrismaNotes } from '../../generators/stacks/node/prisma-plan.js';
import { packageManagerFacts } from '../../generators/stacks/node/detect.js';
import { placement } from '../../generators/lib/render.js';
import { writeRoot } from '../../generators/lib/write-plan.js';
import type { TemplateContext } from '../../generators/lib/stack.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { makeProject } from '../support/project.js';

const pnpmTurbo = (extra: Record<string, string> = {}) =>
  makeProject({
    'package.json': JSON.stringify({ name: 'mono', private: true, packageManager: 'pnpm@10.34.9', devDependencies: { turbo: '2.11.11' } }),
    'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - "packages/*"\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n",
    'turbo.json': '{"tasks":{"build":{}}}',
    'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node ./bin/www' }, dependencies: { '@repo/shared': 'workspace:*' } }),
    'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js', build: 'tsc' } }),
    'packages/shared/package.json': JSON.stringify({ name: '@repo/shared', dependencies: { '@repo/util': 'workspace:^' } }),
    'packages/util/package.json': JSON.stringify({ name: '@repo/util' }),
    'packages/other/package.json': JSON.stringify({ name: '@repo/other' }),
    ...extra,
  });

describe('Node.js workspaces: which app', () => {
  it('--app values: tidied, and only an app folder the workspace declares', () => {
    assert.equal(normaliseAppFolder('./apps/web/'), 'apps/web');
    for (const bad of ['', '../apps/web', 'apps/../../etc', '/apps/web', 'C:/x', 'apps//web', 'apps/./web'])
      assert.equal(normaliseAppFolder(bad), undefined, bad);
    const apps = workspacePackages(workspaceAt(pnpmTurbo())!).filter((p) => p.app);
    assert.equal(appProblem('apps/web', apps), undefined);
    assert.equal(appProblem('./apps/api', apps), undefined);
    assert.match(appProblem('packages/shared', apps)!, /one of this workspace's apps: apps\/api \("api"\), apps\/web \("web"\)/);
    assert.match(appProblem('../x', apps)!, /no "\.\."/);
  });

  it('a root with apps asks for one; a root that starts beside one app is the app; a plain project is no workspace', () => {
    assert.deepEqual(
      rootAppChoice(pnpmTurbo())?.apps.map((a) => a.folder),
      ['apps/api', 'apps/web'],
    );
    const rootApp = makeProject({
      'package.json': JSON.stringify({ workspaces: ['apps/*'], scripts: { start: 'node server.js' } }),
      'apps/one/package.json': '{"name":"one","scripts":{"start":"node a.js"}}',
    });
    assert.equal(rootAppChoice(rootApp), undefined);
    assert.equal(rootAppChoice(makeProject({ 'package.json': '{"name":"x"}' })), undefined);
  });

  it('a symbolic link in apps/ is no app (it could lead out of the workspace)', () => {
    const outside = makeProject({ 'package.json': '{"name":"evil","scripts":{"start":"node x.js"}}' });
    const root = pnpmTurbo();
    fs.symlinkSync(outside, path.join(root, 'apps/evil'));
    const apps = rootAppChoice(root)!.apps.map((a) => a.folder);
    assert.ok(!apps.includes('apps/evil'), apps.join(','));
    assert.match(appProblem('apps/evil', rootAppChoice(root)!.apps)!, /one of this workspace's apps/);
  });

  it('the app dependency graph: workspace packages reached through dependencies, transitively', () => {
    const root = pnpmTurbo();
    const packages = workspacePackages(workspaceAt(root)!);
    assert.deepEqual(
      workspaceDependencies(root, packages, 'apps/api').map((p) => p.folder),
      ['packages/shared', 'packages/util'],
    );
    assert.deepEqual(workspaceDependencies(root, packages, 'apps/web'), []);
    assert.equal(pathToRoot('apps/api'), '../..');
  });
});

describe('Node.js workspaces: which install', () => {
  it('pnpm 10+ deploys with --legacy unless the lockfile injects workspace packages; pnpm 9 never', () => {
    assert.equal(pnpmDeployNeedsLegacy('10.34.9', "lockfileVersion: '9.0'\nsettings:\n  autoInstallPeers: true\n"), true);
    assert.equal(pnpmDeployNeedsLegacy('10.34.9', "lockfileVersion: '9.0'\nsettings:\n  autoInstallPeers: true\n  injectWorkspacePackages: true\n"), false);
    assert.equal(pnpmDeployNeedsLegacy('9.15.0', "lockfileVersion: '9.0'\n"), false);
  });

  it('Turborepo: the root devDependency version, else 2', () => {
    assert.equal(turboVersion({ devDependencies: { turbo: '^2.11.11' } }), '2.11.11');
    assert.equal(turboVersion({ devDependencies: { turbo: 'latest' } }), '2');
    assert.equal(turboVersion({}), '2');
  });

  it('pnpm + Turborepo: turbo prune, install from out/json, sources from out/full, deploy the app', () => {
    const root = pnpmTurbo();
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    assert.equal(app.folder, 'apps/api');
    assert.equal(app.turbo, true);
    const pm = packageManagerFacts(root, app.rootPkg, 'pnpm');
    const df = workspaceDockerfile(app, pm, { cacheMount: 'M', npmCacheMount: 'N', buildCopies: [], hasBuild: false });
    assert.equal(df.prune?.run, 'RUN turbo prune api --docker');
    assert.match(df.prune!.install, /npm install --global turbo@2\.11\.11$/);
    assert.deepEqual(df.depsCopies, ['--from=prune /app/out/json/ ./', '--from=prune /app/out/pnpm-lock.yaml ./pnpm-lock.yaml']);
    assert.equal(df.sourceCopy, '--from=prune /app/out/full/ ./');
    assert.equal(df.deploy, 'pnpm --filter api deploy --prod --legacy --store-dir /pnpm/store /prod/app');
    assert.deepEqual(df.runtimeCopies, ['--from=prod-deps /prod/app ./']);
    assert.deepEqual(workspaceBuildCommand(workspaceApp(path.join(root, 'apps/web'))!, pm, true).value, [
      'pnpm',
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=web',
    ]);
  });

  it('pnpm without Turborepo: every manifest, install filtered to the app and its dependencies', () => {
    const root = pnpmTurbo();
    fs.rmSync(path.join(root, 'turbo.json'));
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const df = workspaceDockerfile(app, packageManagerFacts(root, app.rootPkg, 'pnpm'), {
      cacheMount: 'M',
      npmCacheMount: 'N',
      buildCopies: [],
      hasBuild: false,
    });
    assert.equal(df.prune, undefined);
    assert.ok(df.depsCopies.includes('packages/other/package.json ./packages/other/'), df.depsCopies.join('\n'));
    assert.match(df.installAll, /pnpm install --frozen-lockfile .*--filter api\.\.\.$/);
    assert.deepEqual(workspaceBuildCommand(app, packageManagerFacts(root, app.rootPkg, 'pnpm'), true).value, ['pnpm', '--filter', 'api...', 'run', 'build']);
  });

  it('npm: npm ci --workspace for the app, production without dev, the linked packages copied', () => {
    const root = makeProject({
      'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*'] }),
      'package-lock.json': '{"lockfileVersion":3}',
      'apps/x/package.json': JSON.stringify({ name: 'x', scripts: { start: 'node server.js' }, dependencies: { '@demo/y': '*' } }),
      'packages/y/package.json': JSON.stringify({ name: '@demo/y' }),
    });
    const app = workspaceApp(path.join(root, 'apps/x'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'npm');
    assert.equal(workspaceManagerProblem(app, pm), undefined);
    const df = workspaceDockerfile(app, pm, { cacheMount: 'M', npmCacheMount: 'N', buildCopies: [], hasBuild: false });
    assert.equal(df.installAll, 'npm ci --workspace apps/x --no-audit --no-fund');
    assert.match(df.prodInstall!, /^npm ci --omit=dev --workspace apps\/x /);
    assert.equal(df.workdir, '/app/apps/x');
    assert.ok(df.runtimeCopies.includes('packages/y/ ./packages/y/'));
    assert.deepEqual(workspaceBuildCommand(app, pm, true).value, ['npm', 'run', 'build', '--workspace', 'apps/x']);
    assert.deepEqual(workspaceInstallNotes(app, pm), []);
  });

  it('npm + Turborepo: the build stage installs the root too (turbo is its devDependency); no prune (npm ci --workspace trims)', () => {
    const root = makeProject({
      'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*'], devDependencies: { turbo: '2.11.11' } }),
      'package-lock.json': '{"lockfileVersion":3}',
      'turbo.json': '{"tasks":{"build":{}}}',
      'apps/x/package.json': JSON.stringify({ name: 'x', scripts: { start: 'node dist/server.js', build: 'tsc' }, dependencies: { '@demo/y': '*' } }),
      'packages/y/package.json': JSON.stringify({ name: '@demo/y' }),
    });
    const app = workspaceApp(path.join(root, 'apps/x'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'npm');
    const df = workspaceDockerfile(app, pm, { cacheMount: 'M', npmCacheMount: 'N', buildCopies: ['/app/apps/x/dist ./apps/x/dist'], hasBuild: true });
    assert.equal(df.prune, undefined);
    assert.equal(df.installAll, 'npm ci --workspace apps/x --include-workspace-root --no-audit --no-fund');
    assert.doesNotMatch(df.prodInstall!, /include-workspace-root/);
    assert.deepEqual(workspaceBuildCommand(app, pm, true).value, ['npx', '--no-install', 'turbo', 'run', 'build', '--filter=x']);
    // With a build stage, the linked package comes from it (its own build output included).
    assert.ok(df.runtimeCopies.includes('--from=build /app/packages/y/ ./packages/y/'), df.runtimeCopies.join('\n'));
    assert.ok(df.runtimeCopies.includes('--from=build /app/apps/x/dist ./apps/x/dist'), df.runtimeCopies.join('\n'));
  });

  const yarnWorkspace = (packageManager: string, lock: string, extra: Record<string, string> = {}) =>
    makeProject({
      'package.json': JSON.stringify({
        name: 'mono',
        private: true,
        workspaces: ['apps/*', 'packages/*'],
        packageManager,
        devDependencies: { turbo: '2.11.11' },
      }),
      'yarn.lock': lock,
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node ./bin/www' }, dependencies: { '@repo/shared': '*' } }),
      'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' } }),
      'packages/shared/package.json': JSON.stringify({ name: '@repo/shared' }),
      ...extra,
    });
  const BERRY_LOCK = '__metadata:\n  version: 8\n  cacheKey: 10c0\n';
  const CLASSIC_LOCK = '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n';

  it('Yarn 2+: workspaces focus on the app (with --production for the runtime), its .yarnrc.yml and releases copied, foreach builds the graph', () => {
    const root = yarnWorkspace('yarn@4.18.1', BERRY_LOCK, { '.yarnrc.yml': 'nodeLinker: node-modules\n', '.yarn/releases/yarn-4.18.1.cjs': '' });
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'yarn');
    assert.equal(pm.berry, true);
    assert.equal(workspaceManagerProblem(app, pm), undefined);
    const df = workspaceDockerfile(app, pm, {
      cacheMount: 'M',
      npmCacheMount: 'N',
      buildCopies: [],
      hasBuild: false,
      manifests: ['package.json', 'yarn.lock', '.yarnrc.yml'],
      manifestDirs: ['.yarn/releases'],
    });
    assert.equal(df.prune, undefined, 'focus trims the install: no turbo prune');
    assert.deepEqual(df.depsCopies.slice(0, 2), ['package.json yarn.lock .yarnrc.yml ./', '.yarn/releases ./.yarn/releases']);
    assert.ok(df.depsCopies.includes('apps/web/package.json ./apps/web/'), 'every manifest: Yarn checks the lockfile against all of them');
    assert.equal(df.installAll, 'yarn workspaces focus api');
    assert.equal(df.prodInstall, 'yarn workspaces focus api --production \\\n    && mkdir -p apps/api/node_modules packages/shared/node_modules');
    assert.match(df.installs.join('\n'), /Only apps\/api's dependency graph/);
    assert.equal(df.workdir, '/app/apps/api');
    // Turborepo is a root devDependency, which focus does not install: foreach builds instead.
    assert.deepEqual(workspaceBuildCommand(app, pm, true).value, [
      'yarn',
      'workspaces',
      'foreach',
      '--recursive',
      '--topological-dev',
      '--from',
      'api',
      'run',
      'build',
    ]);
    assert.deepEqual(workspaceInstallNotes(app, pm), []);
  });

  it('Yarn 1 + Turborepo: turbo prune, then the pruned yarn.lock installed whole (with --production for the runtime)', () => {
    const root = yarnWorkspace('yarn@1.22.22', CLASSIC_LOCK, { 'turbo.json': '{"tasks":{"build":{}}}' });
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'yarn');
    assert.equal(pm.berry, false);
    const df = workspaceDockerfile(app, pm, { cacheMount: 'M', npmCacheMount: 'N', buildCopies: [], hasBuild: false });
    assert.equal(df.prune?.run, 'RUN turbo prune api --docker');
    assert.deepEqual(df.depsCopies, ['--from=prune /app/out/json/ ./', '--from=prune /app/out/yarn.lock ./yarn.lock']);
    assert.equal(df.installAll, 'yarn install --frozen-lockfile --non-interactive');
    assert.match(df.prodInstall!, /^yarn install --frozen-lockfile --non-interactive --production \\\n    && mkdir -p /);
    assert.equal(df.sourceCopy, '--from=prune /app/out/full/ ./');
    assert.match(df.installs.join('\n'), /Only apps\/api's dependency graph/);
    assert.deepEqual(workspaceBuildCommand(app, pm, true).value, ['npx', '--no-install', 'turbo', 'run', 'build', '--filter=api']);
    assert.deepEqual(workspaceInstallNotes(app, pm), []);
  });

  it('Yarn 1 without Turborepo: the whole workspace is installed, and the summary says so', () => {
    const root = yarnWorkspace('yarn@1.22.22', CLASSIC_LOCK);
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'yarn');
    const df = workspaceDockerfile(app, pm, {
      cacheMount: 'M',
      npmCacheMount: 'N',
      buildCopies: [],
      hasBuild: false,
      manifests: ['package.json', 'yarn.lock'],
    });
    assert.equal(df.prune, undefined);
    assert.equal(df.depsCopies[0], 'package.json yarn.lock ./');
    assert.match(df.installs.join('\n'), /Yarn 1 installs every workspace package's dependencies/);
    assert.deepEqual(workspaceBuildCommand(app, pm, true).value, ['yarn', 'workspace', 'api', 'run', 'build']);
    const notes = workspaceInstallNotes(app, pm);
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /Yarn 1 cannot install one workspace package alone.*every package of the workspace, not only apps\/api's/);
  });

  it('Bun workspaces are planned; no root lockfile, a bad package name: clear stops', () => {
    const bun = makeProject({
      'package.json': JSON.stringify({ workspaces: ['apps/*'], packageManager: 'bun@1.3.0' }),
      'bun.lock': '{}\n',
      'apps/a/package.json': JSON.stringify({ name: 'a', scripts: { start: 'node a.js' } }),
    });
    const app = workspaceApp(path.join(bun, 'apps/a'))!;
    assert.equal(workspaceManagerProblem(app, packageManagerFacts(bun, app.rootPkg, 'bun')), undefined);
    const bunNoLock = makeProject({
      'package.json': JSON.stringify({ workspaces: ['apps/*'], packageManager: 'bun@1.3.0' }),
      'apps/a/package.json': '{"name":"a"}',
    });
    const b = workspaceApp(path.join(bunNoLock, 'apps/a'))!;
    assert.match(workspaceManagerProblem(b, packageManagerFacts(bunNoLock, b.rootPkg, 'bun'))!, /no lockfile for bun/);
    const nolock = makeProject({ 'package.json': JSON.stringify({ workspaces: ['apps/*'] }), 'apps/a/package.json': '{"name":"a"}' });
    const a = workspaceApp(path.join(nolock, 'apps/a'))!;
    assert.match(workspaceManagerProblem(a, packageManagerFacts(nolock, a.rootPkg, 'npm'))!, /no lockfile for npm/);
    const badName = makeProject({ 'package.json': JSON.stringify({ workspaces: ['apps/*'] }), 'apps/a/package.json': '{"name":"A B; rm -rf /"}' });
    assert.throws(
      () => workspaceApp(path.join(badName, 'apps/a')),
      (e: unknown) => e instanceof ProjectError && /valid npm package name/.test(e.message),
    );
  });

  it("a start command running a package's file from the app's node_modules: linked there when the install hoisted it to the root", () => {
    assert.deepEqual(startPackageLinks('apps/api', ['node', 'node_modules/fastify-cli/cli.js', 'start', 'app.js']), [
      '{ [ -e apps/api/node_modules/fastify-cli ] || { ln -s /app/node_modules/fastify-cli apps/api/node_modules/fastify-cli; }; }',
    ]);
    assert.deepEqual(startPackageLinks('apps/web', ['node', './node_modules/@remix-run/serve/dist/cli.js', 'build/server/index.js']), [
      '{ [ -e apps/web/node_modules/@remix-run/serve ] || { mkdir -p apps/web/node_modules/@remix-run && ln -s /app/node_modules/@remix-run/serve apps/web/node_modules/@remix-run/serve; }; }',
    ]);
    assert.deepEqual(startPackageLinks('apps/api', ['node', 'server.js']), []);
    assert.deepEqual(startPackageLinks('apps/api', ['node', 'node_modules/A;rm -rf/x.js']), [], 'not a package name: nothing linked');
  });

  it('the ignore file keeps out the packages the app does not use, but not their package.json', () => {
    const root = pnpmTurbo();
    const groups = workspaceIgnoreGroups(workspaceApp(path.join(root, 'apps/api'))!);
    const patterns = groups.flatMap((g) => g.patterns);
    assert.ok(patterns.includes('apps/web') && patterns.includes('!apps/web/package.json'));
    assert.ok(patterns.includes('packages/other') && !patterns.includes('packages/shared'));
    assert.ok(patterns.includes('**/.turbo') && patterns.includes('apps/api/dist'));
  });
});

describe('Node.js workspaces: relative paths', () => {
  const plan = (root?: string) => ({ buildContext: root === undefined ? undefined : { root } }) as unknown as TemplateContext;

  it('run in the app folder, at the root with --app, or in a plain project', () => {
    assert.deepEqual(placement('/w/apps/api', '/w/apps/api', plan('/w')), {
      app: '',
      root: '../..',
      contextFromApp: '../..',
      dockerfileFromRoot: 'apps/api/Dockerfile',
      ignoreFile: 'Dockerfile.dockerignore',
    });
    assert.deepEqual(placement('/w', '/w/apps/api', plan('/w')), {
      app: 'apps/api',
      root: '',
      contextFromApp: '../..',
      dockerfileFromRoot: 'apps/api/Dockerfile',
      ignoreFile: 'Dockerfile.dockerignore',
    });
    assert.deepEqual(placement('/p', '/p', plan()), { app: '', root: '', contextFromApp: '.', dockerfileFromRoot: 'Dockerfile', ignoreFile: '.dockerignore' });
    assert.throws(() => placement('/w', '/elsewhere', plan('/w')), /not inside its build context/);
  });

  it('the write boundary is the highest folder a target climbs to, and nothing climbs back down through ..', () => {
    assert.deepEqual(writeRoot('/w/apps/api', ['Dockerfile', '../../.github/workflows/docker-api.yml', '.yo-rc.json']), {
      root: '/w',
      relative: ['apps/api/Dockerfile', '.github/workflows/docker-api.yml', 'apps/api/.yo-rc.json'],
    });
    assert.deepEqual(writeRoot('/p', ['Dockerfile']), { root: '/p', relative: ['Dockerfile'] });
    assert.throws(() => writeRoot('/w/a', ['x/../../y']), /bad target path/);
  });
});

describe('Node.js workspaces: Nx apps', () => {
  const nxTargets = (extra: Record<string, unknown> = {}) => ({
    targets: {
      build: {
        executor: '@nx/esbuild:esbuild',
        options: { platform: 'node', outputPath: 'apps/api/dist', main: 'apps/api/src/main.ts', ...extra },
        configurations: { production: {} },
      },
      'prune-lockfile': { executor: '@nx/js:prune-lockfile' },
      'copy-workspace-modules': { executor: '@nx/js:copy-workspace-modules' },
      prune: { dependsOn: ['prune-lockfile', 'copy-workspace-modules'], executor: 'nx:noop' },
    },
  });
  const nxWorkspace = (api: Record<string, unknown>, extra: Record<string, string> = {}) =>
    makeProject({
      'package.json': JSON.stringify({ name: '@org/source', private: true, workspaces: ['apps/*', 'packages/*'], devDependencies: { nx: '23.2.1' } }),
      'package-lock.json': '{"lockfileVersion":3}',
      'nx.json': '{}',
      'apps/api/package.json': JSON.stringify({ name: '@org/api', nx: api, dependencies: { express: '^5.1.0', '@org/shared': '*' } }),
      'apps/api/src/main.ts': "const host = process.env.HOST ?? 'localhost';\n",
      'packages/shared/package.json': JSON.stringify({ name: '@org/shared' }),
      'apps/api-e2e/package.json': JSON.stringify({ name: '@org/api-e2e' }),
      ...extra,
    });

  it("Nx 21+'s prune target: nx run <project>:prune, node main.js in the output folder, the pruned package.json and lockfile installed alone", () => {
    const root = nxWorkspace(nxTargets());
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const nx = nxOf(app)!;
    assert.deepEqual(
      { project: nx.project, outputPath: nx.outputPath, mainFile: nx.mainFile, mainSource: nx.mainSource, target: nx.target },
      { project: '@org/api', outputPath: 'apps/api/dist', mainFile: 'main.js', mainSource: 'src/main.ts', target: 'prune' },
    );
    assert.deepEqual(nxStartCommand(app)!.value, ['node', 'main.js']);
    const pm = packageManagerFacts(root, app.rootPkg, 'npm');
    assert.deepEqual(workspaceBuildCommand(app, pm, false).value, ['npx', '--no-install', 'nx', 'run', '@org/api:prune']);
    const df = workspaceDockerfile(app, pm, {
      cacheMount: 'M',
      npmCacheMount: 'N',
      buildCopies: [],
      hasBuild: true,
      manifests: ['package.json', 'package-lock.json'],
      nx: { app: nx, installAll: 'npm ci --no-audit --no-fund', installProd: 'npm ci --omit=dev --no-audit --no-fund' },
    });
    assert.equal(df.installAll, 'npm ci --no-audit --no-fund', 'the whole workspace: Nx reads every project');
    assert.ok(df.depsCopies.includes('apps/api-e2e/package.json ./apps/api-e2e/'));
    assert.deepEqual(df.prodCopies, [
      '--from=build /app/apps/api/dist/package.json /app/apps/api/dist/package-lock.json ./',
      '--from=build /app/apps/api/dist/workspace_modules ./workspace_modules',
    ]);
    assert.deepEqual(df.runtimeCopies, ['--from=build /app/apps/api/dist/ ./', '--from=prod-deps /app/node_modules ./node_modules']);
    assert.equal(df.workdir, undefined);
    // Every project stays in the context (Nx's plugins read them); Nx's cache does not.
    const patterns = workspaceIgnoreGroups(app, true).flatMap((g) => g.patterns);
    assert.ok(!patterns.includes('apps/api-e2e') && patterns.includes('.nx'), patterns.join(' '));
  });

  it('a project.json webpack build with generatePackageJson: nx run <project>:build:production, no workspace_modules', () => {
    const root = nxWorkspace(
      {},
      {
        'apps/api/project.json': JSON.stringify({
          name: 'api',
          targets: {
            build: {
              executor: '@nx/webpack:webpack',
              options: { outputPath: 'dist/apps/api', main: 'apps/api/src/main.ts', generatePackageJson: true },
              configurations: { production: {} },
            },
          },
        }),
      },
    );
    fs.writeFileSync(path.join(root, 'apps/api/package.json'), JSON.stringify({ name: '@org/api' }));
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const nx = nxOf(app)!;
    assert.equal(nx.config, 'apps/api/project.json');
    assert.equal(nx.target, 'build');
    assert.deepEqual(workspaceBuildCommand(app, packageManagerFacts(root, app.rootPkg, 'npm'), false).value, [
      'npx',
      '--no-install',
      'nx',
      'run',
      'api:build:production',
    ]);
  });

  it('no Nx output to use (a library, no prune and no generatePackageJson, no nx.json): the usual workspace plan', () => {
    const lib = nxWorkspace({ targets: { build: { executor: '@nx/js:tsc', options: { outputPath: 'dist' } } } });
    assert.equal(workspaceApp(path.join(lib, 'apps/api'))!.nx, undefined);
    const noPrune = nxTargets();
    delete (noPrune.targets as Record<string, unknown>).prune;
    assert.equal(workspaceApp(path.join(nxWorkspace(noPrune), 'apps/api'))!.nx, undefined);
    const noNx = nxWorkspace(nxTargets());
    fs.rmSync(path.join(noNx, 'nx.json'));
    assert.equal(workspaceApp(path.join(noNx, 'apps/api'))!.nx, undefined);
  });

  it('an output path out of the workspace or a main that is no file name: a note naming the field, and the usual plan', () => {
    for (const [options, field] of [
      [{ outputPath: '../../etc' }, 'outputPath'],
      [{ outputPath: '/srv/out' }, 'outputPath'],
      [{ main: 'apps/api/src/$(id).ts' }, 'main'],
    ] as const) {
      const root = nxWorkspace(nxTargets(options));
      const app = workspaceApp(path.join(root, 'apps/api'))!;
      assert.equal(nxOf(app), undefined);
      const notes = workspaceInstallNotes(app, packageManagerFacts(root, app.rootPkg, 'npm'));
      assert.match(notes.join('\n'), new RegExp(`apps/api/package\\.json "nx" "targets\\.build\\.options\\.${field}" is .*--start-command`));
    }
  });
});

describe('Node.js workspaces: Prisma in a workspace app', () => {
  const ws = (pm: 'npm' | 'pnpm') =>
    makeProject({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'], ...(pm === 'pnpm' ? { packageManager: 'pnpm@10.34.9' } : {}) }),
      ...(pm === 'pnpm'
        ? { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n' }
        : { 'package-lock.json': '{"lockfileVersion":3}' }),
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', start: 'node dist/index.js' } }),
    });
  // What the single-app plan would copy (node_modules/.prisma, the migrations folder, a custom output), placed for the workspace.
  const placed = (where: ReturnType<typeof workspacePrisma>) => ({
    generateRun: `${where.cli} generate`,
    copies: ['node_modules/.prisma', 'prisma', 'generated/client'].map(where.place).filter((c) => c !== undefined),
  });

  it('generate runs in the app folder through the package manager; the default client stays at the hoisted root (npm), custom outputs under the app', () => {
    const root = ws('npm');
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'npm');
    const out = placed(workspacePrisma(app, 'npm'));
    assert.equal(out.generateRun, 'npx --no-install prisma generate', 'run with WORKDIR in the app folder (the template)');
    assert.deepEqual(out.copies, [
      '/app/node_modules/.prisma ./node_modules/.prisma',
      '/app/apps/api/prisma ./apps/api/prisma',
      '/app/apps/api/generated/client ./apps/api/generated/client',
    ]);
    assert.deepEqual(workspacePrismaNotes(app, pm, true), []);
    assert.equal(workspacePrisma(app, 'npm').cli, 'npx --no-install prisma');
    assert.equal(workspacePrisma(app, 'pnpm').cli, 'pnpm exec prisma');
    assert.equal(workspacePrisma(app, 'yarn').cli, 'yarn prisma');
  });

  it('pnpm deploy: outputs land at /app; the default client cannot be carried, and the summary says how to fix it', () => {
    const root = ws('pnpm');
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'pnpm');
    const out = placed(workspacePrisma(app, 'pnpm'));
    assert.deepEqual(out.copies, ['/app/apps/api/prisma ./prisma', '/app/apps/api/generated/client ./generated/client']);
    assert.match(workspacePrismaNotes(app, pm, true).join('\n'), /pnpm deploy does not carry.*output inside apps\/api/);
    assert.deepEqual(workspacePrismaNotes(app, pm, false), []);
  });
});
