/** Unit tests for Bun workspaces: the Node.js stack with Bun as the package manager, and the Bun stack in a workspace folder (no Yeoman). */
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  bunFiltersInstall,
  bunWorkspaceInstall,
  workspaceApp,
  workspaceBuildCommand,
  workspaceDockerfile,
  workspaceInstallNotes,
} from '../../generators/stacks/node/workspace-plan.js';
import { packageManagerFacts } from '../../generators/stacks/node/detect.js';
import { bunWorkspace, bunWorkspaceFacts, bunWorkspaceLockfile, bunWorkspaceNotes } from '../../generators/stacks/bun/workspace.js';
import { bunProfile } from '../../generators/stacks/bun/profile.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { makeProject } from '../support/project.js';

const bunWs = (rootExtra: Record<string, unknown> = {}, extra: Record<string, string> = {}) =>
  makeProject({
    'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], ...rootExtra }),
    'bun.lock': '{\n  "lockfileVersion": 1,\n}\n',
    'apps/api/package.json': JSON.stringify({
      name: 'api',
      scripts: { start: 'node ./bin/www', build: 'tsc' },
      dependencies: { '@repo/shared': 'workspace:*', express: '4.21.2' },
    }),
    'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'bun index.ts' }, dependencies: { '@repo/shared': 'workspace:*' } }),
    'apps/web/index.ts': 'export default { fetch: () => new Response("ok") };\n',
    'packages/shared/package.json': JSON.stringify({ name: '@repo/shared', dependencies: { '@repo/util': 'workspace:^' } }),
    'packages/util/package.json': JSON.stringify({ name: '@repo/util' }),
    ...extra,
  });

describe('Bun workspaces: the Node.js stack with Bun installing', () => {
  it('bun install --filter from Bun 1.2 on (a bare major is the newest of its line)', () => {
    assert.equal(bunFiltersInstall('1.1.38'), false);
    assert.equal(bunFiltersInstall('1.1'), false);
    assert.equal(bunFiltersInstall('1.2.0'), true);
    assert.equal(bunFiltersInstall('1.4.5'), true);
    assert.equal(bunFiltersInstall('1'), true);
    assert.equal(bunFiltersInstall('2.0.0'), true);
  });

  it("installs only the app's graph with --filter (frozen, production for the runtime), the root's node_modules tree kept", () => {
    const root = bunWs({ packageManager: 'bun@1.4.5' });
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'bun');
    assert.equal(pm.lockfile, 'bun.lock');
    const df = workspaceDockerfile(app, pm, { cacheMount: 'CACHE', npmCacheMount: 'NPM', buildCopies: ['/app/apps/api/dist ./apps/api/dist'], hasBuild: true });
    assert.equal(df.installAll, 'bun install --frozen-lockfile --filter api');
    assert.match(
      df.prodInstall!,
      /^bun install --frozen-lockfile --production --filter api \\\n {4}&& mkdir -p apps\/api\/node_modules packages\/shared\/node_modules packages\/util\/node_modules$/,
    );
    assert.equal(df.prune, undefined);
    assert.deepEqual(df.depsCopies, [
      'package.json bun.lock ./',
      'apps/api/package.json ./apps/api/',
      'apps/web/package.json ./apps/web/',
      'packages/shared/package.json ./packages/shared/',
      'packages/util/package.json ./packages/util/',
    ]);
    assert.ok(df.runtimeCopies.includes('--from=prod-deps /app/node_modules ./node_modules'));
    assert.ok(df.runtimeCopies.includes('--from=build /app/packages/util/ ./packages/util/'));
    assert.equal(df.workdir, '/app/apps/api');
    assert.deepEqual(workspaceInstallNotes(app, pm), []);
  });

  it('quotes a scoped name, and before Bun 1.2 installs the whole workspace with a note', () => {
    const root = bunWs({ packageManager: 'bun@1.1.38' }, { 'apps/api/package.json': JSON.stringify({ name: '@acme/api', scripts: { start: 'node a.js' } }) });
    const app = workspaceApp(path.join(root, 'apps/api'))!;
    const pm = packageManagerFacts(root, app.rootPkg, 'bun');
    assert.deepEqual(bunWorkspaceInstall(app, { version: '1.4.5' }).all, 'bun install --frozen-lockfile --filter @acme/api');
    const old = bunWorkspaceInstall(app, pm);
    assert.equal(old.all, 'bun install --frozen-lockfile');
    assert.equal(old.prod, 'bun install --frozen-lockfile --production');
    assert.match(
      workspaceInstallNotes(app, pm)[0]!,
      /Bun 1\.1\.38 cannot install one workspace package alone.*every package of the workspace, not only apps\/api's/,
    );
  });

  it('builds with bun run --filter over the app and its workspace packages (Bun orders them), Turborepo or not', () => {
    const extras: Record<string, string>[] = [{}, { 'turbo.json': '{"tasks":{"build":{}}}' }];
    for (const extra of extras) {
      const root = bunWs({}, extra);
      const app = workspaceApp(path.join(root, 'apps/api'))!;
      const cmd = workspaceBuildCommand(app, { name: 'bun', berry: false }, true);
      assert.deepEqual(cmd.value, ['bun', 'run', '--filter', '@repo/shared', '--filter', '@repo/util', '--filter', 'api', 'build']);
      assert.deepEqual(workspaceBuildCommand(app, { name: 'bun', berry: false }, false).value, []);
    }
  });
});

describe('Bun workspaces: the Bun stack in an app folder', () => {
  it("is sniffed by the workspace root's lockfile and planned with the root as the build context", () => {
    const root = bunWs({ packageManager: 'bun@1.4.5' });
    const web = path.join(root, 'apps/web');
    assert.deepEqual(bunWorkspaceLockfile(web), { root, lockfile: 'bun.lock' });
    assert.match(bunProfile.sniff(web)!, /the workspace root's bun\.lock; package\.json "scripts\.start" runs bun/);
    // A Node.js app of the same workspace stays with the node stack.
    assert.equal(bunProfile.sniff(path.join(root, 'apps/api')), undefined);
    const ws = bunWorkspace(web)!;
    assert.equal(ws.version.value, '1.4.5');
    assert.match(bunWorkspaceNotes(ws)[0]!, /the app apps\/web of the Bun workspace/);
    const facts = bunWorkspaceFacts(ws, false);
    assert.equal(facts.installFilter, ' --filter web');
    assert.deepEqual(facts.manifests, ['package.json', 'bun.lock']);
    assert.deepEqual(facts.runtimeCopies, [
      'packages/shared/ ./packages/shared/',
      'packages/util/ ./packages/util/',
      'apps/web/ ./apps/web/',
      '--from=deps /app/node_modules ./node_modules',
      '--from=deps /app/apps/web/node_modules ./apps/web/node_modules',
      '--from=deps /app/packages/shared/node_modules ./packages/shared/node_modules',
      '--from=deps /app/packages/util/node_modules ./packages/util/node_modules',
    ]);
    assert.equal(facts.workdir, '/app/apps/web');
    assert.match(bunWorkspaceFacts(ws, true).runtimeCopies[0]!, /^--from=build \/app\/packages\/shared\//);
  });

  it("outside a workspace, or in a workspace whose root is not Bun's: not a Bun workspace app", () => {
    const bunRoot = bunWs();
    const lone = makeProject({ 'package.json': JSON.stringify({ name: 'lone', scripts: { start: 'bun index.ts' } }), 'index.ts': '' });
    assert.equal(bunWorkspace(lone), undefined);
    // Same layout with package-lock.json instead of bun.lock.
    const npm = makeProject({
      'package.json': JSON.stringify({ name: 'mono', workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'bun index.ts' } }),
    });
    assert.equal(bunWorkspaceLockfile(path.join(npm, 'apps/web')), undefined);
    assert.ok(bunWorkspace(path.join(bunRoot, 'apps/web')));
  });
});

describe('Bun workspaces: untrusted names', () => {
  it('a Bun app whose package name is not a valid npm name stops (it is passed to --filter), through the node stack check', () => {
    const root = bunWs({}, { 'apps/web/package.json': JSON.stringify({ name: 'web; rm -rf /', scripts: { start: 'bun index.ts' } }) });
    assert.throws(
      () => bunWorkspace(path.join(root, 'apps/web')),
      (e: unknown) => e instanceof ProjectError && /valid npm package name/.test(e.message) && /nothing was written/.test(e.message),
    );
    // Sniffing never throws: the stack is still recognised, the stop comes with the plan.
    assert.match(bunProfile.sniff(path.join(root, 'apps/web'))!, /workspace root's bun\.lock/);
  });
});
