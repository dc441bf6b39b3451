import assert from 'node:assert/strict';
import { consoleScripts, findConsoleScript, findEntry, isPackaged, readProject, startCommandFor } from '../../generators/stacks/python/detect.js';
import { enclosingUvWorkspace, parentLockLayout, readUvWorkspace } from '../../generators/stacks/python/workspace.js';
import { parseToml } from '../../generators/stacks/python/toml.js';
import { DetectedValueError, InputError, ProjectError } from '../../generators/lib/errors.js';
import { pythonProfile, workspaceApps, type PythonDockerfileFacts } from '../../generators/stacks/python/profile.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { appFolderIgnore, placement } from '../../generators/lib/render.js';
import { makeProject } from '../support/project.js';
import { pythonServices } from '../../generators/stacks/python/services.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = '[tool.uv.workspace]\nmembers = ["packages/*"]\n';
const member = (name: string, extra = '') => `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n${extra}`;
const FASTAPI = 'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/health")\ndef health():\n    return {}\n';
const FLASK = 'from flask import Flask\napp = Flask(__name__)\n';

function workspace(files: Record<string, string> = {}): string {
  return makeProject({
    'pyproject.toml': ROOT,
    'uv.lock': 'version = 1\n',
    'packages/api/pyproject.toml': member('shop-api', 'dependencies = ["fastapi", "uvicorn", "shop-core"]\n'),
    'packages/api/shop_api/__init__.py': '',
    'packages/api/shop_api/main.py': FASTAPI,
    'packages/core/pyproject.toml': member('shop-core'),
    'packages/core/src/shop_core/__init__.py': 'X = 1\n',
    ...files,
  });
}

describe('python: uv workspaces', () => {
  it('reads the members (globs expanded, links and folders without pyproject.toml left out) and their names', () => {
    const dir = workspace({
      'packages/docs/readme.md': 'x',
      'pyproject.toml': `${ROOT}exclude = ["packages/old"]\n`,
      'packages/old/pyproject.toml': member('old'),
    });
    const ws = readUvWorkspace(dir, readProject(dir).pyproject)!;
    assert.deepEqual(ws.members, ['packages/api', 'packages/core']);
    assert.equal(ws.names.get('packages/api'), 'shop-api');
    assert.deepEqual(workspaceApps(dir, ws), ['packages/api']);
    assert.equal(readUvWorkspace(dir, parseToml('[project]\nname = "x"\n')), undefined);
  });

  it('a member folder whose name cannot be copied by name (shell characters) is refused, naming pyproject.toml and the folder', () => {
    const dir = workspace({ 'packages/a$(id)/pyproject.toml': member('evil') });
    assert.throws(
      () => readUvWorkspace(dir, readProject(dir).pyproject),
      (e: Error) => e instanceof DetectedValueError && /pyproject\.toml tool\.uv\.workspace\.members/.test(e.message) && e.message.includes('packages/a$(id)'),
    );
  });

  it('does not follow a member folder that is a symbolic link (out of the project)', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pyws-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'pyproject.toml'), member('stolen'));
      fs.writeFileSync(path.join(outside, 'app.py'), FLASK);
      const dir = workspace();
      fs.symlinkSync(outside, path.join(dir, 'packages/linked'));
      assert.deepEqual(readUvWorkspace(dir, readProject(dir).pyproject)!.members, ['packages/api', 'packages/core']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("backing services: every member's evidence, named from the root", () => {
    const dir = workspace({ 'packages/core/pyproject.toml': member('shop-core', 'dependencies = ["psycopg[binary]>=3.2"]\n') });
    const facts = pythonServices(dir);
    assert.deepEqual(
      facts.evidence.map((e) => `${e.service} ${e.file} ${e.dependency}`),
      ['postgres packages/core/pyproject.toml psycopg', 'postgres packages/core/pyproject.toml psycopg-binary'],
    );
  });

  it('refuses member patterns reaching outside and names that cannot be a package name, naming the file', () => {
    const dir = workspace({ 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["../elsewhere"]\n' });
    assert.throws(
      () => readUvWorkspace(dir, readProject(dir).pyproject),
      (e: Error) => e instanceof DetectedValueError && /pyproject\.toml tool\.uv\.workspace\.members/.test(e.message),
    );
    const bad = workspace({ 'packages/core/pyproject.toml': '[project]\nname = "core; rm -rf /"\n' });
    assert.throws(
      () => readUvWorkspace(bad, readProject(bad).pyproject),
      (e: Error) => e instanceof DetectedValueError && /packages\/core\/pyproject\.toml project\.name/.test(e.message) && /uv sync --package/.test(e.message),
    );
  });

  it('at the root with one app member: that member, synced with --package, run from its folder', async () => {
    const dir = workspace();
    const { answers, sources } = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(answers.stack.workspaceMember, 'packages/api');
    assert.match(sources.workspaceMember!, /the one member of the uv workspace holding an app/);
    assert.deepEqual(answers.startCommand, ['uvicorn', 'shop_api.main:app', '--host', '0.0.0.0', '--port', '8000']);
    assert.equal(answers.healthPath, '/health');
    assert.equal(answers.serviceName, 'shop-api');
    assert.equal(answers.runtimeVersion, '3.13');
    assert.match(sources.startCommand!, /^packages\/api\/shop_api\/main\.py/);
    const df = pythonProfile.plan(answers, dir).dockerfile as PythonDockerfileFacts;
    assert.deepEqual(df.install!.copies, [
      'pyproject.toml uv.lock ./',
      'packages/api/pyproject.toml packages/api/',
      'packages/core/pyproject.toml packages/core/',
    ]);
    assert.equal(df.install!.install, 'uv sync --frozen --no-dev --package shop-api --no-install-workspace');
    assert.equal(df.install!.project!.install, 'uv sync --frozen --no-dev --package shop-api --no-editable');
    assert.equal(df.workdir, '/app/packages/api');
    assert.equal(df.appCopy, 'packages/api/ ./');
  });

  it('with several app members --yes stops naming them and the flag; the flag chooses; a non-member is refused', async () => {
    const dir = workspace({ 'packages/admin/pyproject.toml': member('shop-admin', 'dependencies = ["flask", "gunicorn"]\n'), 'packages/admin/app.py': FLASK });
    await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), (error: unknown) => {
      assert.ok(error instanceof DetectedValueError, String(error));
      assert.equal(error.flag, 'workspace-member');
      assert.match(error.message, /packages\/admin, packages\/api/);
      assert.match(error.message, /pass --workspace-member/);
      return true;
    });
    const { answers } = await resolveAnswers({ dir, flags: { workspaceMember: './packages/admin/' }, stored: {} });
    assert.equal(answers.stack.workspaceMember, 'packages/admin');
    assert.deepEqual(answers.startCommand, ['gunicorn', 'app:app', '--bind', '0.0.0.0:8000']);
    await assert.rejects(
      resolveAnswers({ dir, flags: { workspaceMember: 'packages/nope' }, stored: {} }),
      (e: Error) => e instanceof InputError && /--workspace-member: "packages\/nope" is not allowed: a member folder of the uv workspace/.test(e.message),
    );
  });

  it('no app member: --yes stops naming the members read and the flag', async () => {
    const dir = makeProject({ 'pyproject.toml': ROOT, 'uv.lock': '', 'packages/lib/pyproject.toml': member('lib') });
    await assert.rejects(
      resolveAnswers({ dir, flags: {}, stored: {} }),
      (e: Error) =>
        e instanceof DetectedValueError &&
        /none does \(found no Django project, app object or console script in packages\/lib/.test(e.message) &&
        /pass --workspace-member/.test(e.message),
    );
  });

  it('the root project as the app ("."): its entry outside the member folders, synced by its own name, run from /app', async () => {
    const dir = makeProject({
      'pyproject.toml': `[project]\nname = "shop"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = ["flask", "gunicorn", "shop-core"]\n[tool.uv.sources]\nshop-core = { workspace = true }\n${ROOT}`,
      'uv.lock': 'version = 1\n',
      'shop/__init__.py': '',
      'shop/web.py': FLASK,
      'packages/core/pyproject.toml': member('shop-core'),
      'packages/core/src/shop_core/__init__.py': 'X = 1\n',
    });
    const { answers } = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(answers.stack.workspaceMember, '.');
    assert.deepEqual(answers.startCommand, ['gunicorn', 'shop.web:app', '--bind', '0.0.0.0:8000']);
    const df = pythonProfile.plan(answers, dir).dockerfile as PythonDockerfileFacts;
    assert.equal(df.install!.install, 'uv sync --frozen --no-dev --package shop --no-install-workspace');
    assert.equal(df.workdir, '/app');
    assert.equal(df.appCopy, '. .');
    // A member's app object is not the root's: with only a library root, the member is chosen.
    const libRoot = workspace({ 'pyproject.toml': `[project]\nname = "tools"\nversion = "1"\n${ROOT}` });
    assert.equal((await resolveAnswers({ dir: libRoot, flags: {}, stored: {} })).answers.stack.workspaceMember, 'packages/api');
    assert.equal((await resolveAnswers({ dir: libRoot, flags: { workspaceMember: '.' }, stored: {} })).answers.stack.workspaceMember, '.');
  });

  it('a stored .yo-rc.json member is validated like a flag', async () => {
    const dir = workspace();
    await assert.rejects(
      resolveAnswers({ dir, flags: {}, stored: { workspaceMember: '../../etc' } }),
      /--workspace-member: "\.\.\/\.\.\/etc" is not allowed: a member folder of the uv workspace .*: packages\/api, packages\/core \(this value is stored in \.yo-rc\.json/,
    );
  });

  it('is not a setting outside a workspace, and a workspace installs only with uv', async () => {
    const plain = makeProject({ 'requirements.txt': 'flask==3.1.0\n', 'app.py': FLASK });
    await assert.rejects(
      resolveAnswers({ dir: plain, flags: { workspaceMember: 'x' }, stored: {} }),
      /--workspace-member: "x" is not allowed: nothing: Python apps have no workspace member setting/,
    );
    await assert.rejects(
      resolveAnswers({ dir: workspace(), flags: { packageManager: 'pip' }, stored: {} }),
      /--package-manager: "pip" is not allowed: one that has its lockfile here: uv/,
    );
  });

  it('in a member folder: the workspace root is the build context, the same Dockerfile as at the root', async () => {
    const dir = workspace();
    const api = `${dir}/packages/api`;
    assert.equal(parentLockLayout(api), undefined);
    assert.deepEqual(enclosingUvWorkspace(api), { root: path.resolve(dir), member: 'packages/api' });
    const { answers: here } = await resolveAnswers({ dir: api, flags: {}, stored: {} });
    assert.equal(here.packageManager, 'uv');
    assert.equal(here.port, 8000);
    assert.equal(here.healthPath, '/health');
    assert.equal(here.stack.workspaceMember, undefined, '--workspace-member does not apply in a member folder');
    const { answers: atRoot } = await resolveAnswers({ dir, flags: {}, stored: {} });
    const plan = pythonProfile.plan(here, api);
    assert.deepEqual(plan.buildContext, { root: path.resolve(dir) });
    const rootPlan = pythonProfile.plan(atRoot, dir);
    assert.equal(rootPlan.buildContext, undefined, 'the root case keeps the root as its own context');
    assert.deepEqual(plan.dockerfile, rootPlan.dockerfile);
    assert.deepEqual(plan.dockerignore, rootPlan.dockerignore);
    // The shared ignore group for an app below its build context keeps the files written next to its Dockerfile out.
    assert.deepEqual(appFolderIgnore(placement(api, api, plan))[0]!.patterns, [
      'packages/api/Dockerfile*',
      'packages/api/compose*.yaml',
      'packages/api/README.Docker.md',
      'packages/api/.yo-rc.json',
    ]);
    assert.deepEqual(appFolderIgnore(placement(dir, dir, rootPlan)), [], 'nothing to add when the app is the context root');
    const df = plan.dockerfile as PythonDockerfileFacts;
    assert.equal(df.install?.install, 'uv sync --frozen --no-dev --package shop-api --no-install-workspace');
    assert.equal(df.workdir, '/app/packages/api');
    assert.equal(
      pythonProfile.checkPackageManager!('pip', api),
      'one that has its lockfile here: uv (uv.lock); there is no requirements.txt for pip, so it could not install exactly what is locked',
    );
  });

  it('a folder below the workspace that is not a member (excluded, or outside the patterns) stops as before', () => {
    const dir = workspace({
      'pyproject.toml': `${ROOT}exclude = ["packages/old"]\n`,
      'packages/old/pyproject.toml': member('old'),
      'packages/old/main.py': FLASK,
    });
    assert.equal(enclosingUvWorkspace(`${dir}/packages/old`), undefined);
    assert.match(parentLockLayout(`${dir}/packages/old`)!, /declares a uv workspace, but its members \("packages\/\*"\) do not include packages\/old/);
    assert.throws(
      () => pythonProfile.detect(`${dir}/packages/old`, {}),
      (e: Error) => e instanceof ProjectError && /Nothing was written/.test(e.message),
    );
    // A member with its own lockfile is a project of its own.
    const own = workspace({ 'packages/api/uv.lock': 'version = 1\n' });
    assert.equal(enclosingUvWorkspace(`${own}/packages/api`), undefined);
  });

  it('below a lockfile that is not a workspace: stops naming the files', () => {
    const root = makeProject({
      'poetry.lock': '',
      'pyproject.toml': '[tool.poetry]\nname = "r"\n',
      'api/pyproject.toml': '[project]\nname = "api"\n',
      'api/main.py': 'print(1)\n',
    });
    assert.match(parentLockLayout(`${root}/api`)!, /\.\.\/poetry\.lock, outside this folder .*not a uv workspace's lock/);
    const uv = makeProject({ 'uv.lock': '', 'pyproject.toml': '[project]\nname = "r"\n', 'api/pyproject.toml': '[project]\nname = "api"\n' });
    assert.match(parentLockLayout(`${uv}/api`)!, /declares no uv workspace .*Read: \.\.\/uv\.lock, \.\.\/pyproject\.toml/);
    const other = workspace({ 'tools/x/pyproject.toml': '[project]\nname = "x"\n' });
    assert.match(parentLockLayout(`${other}/tools/x`)!, /declares a uv workspace, but its members \("packages\/\*"\) do not include tools\/x/);
  });
});

describe('python: [project.scripts] console scripts', () => {
  const PACKAGED = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';

  it('counts only for a packaged project, and prefers a server-like name among several', () => {
    const project = (text: string) => ({ pyproject: parseToml(text), pipfile: undefined });
    assert.equal(isPackaged(project(`[project]\nname = "a"\n${PACKAGED}`)), true);
    assert.equal(isPackaged(project('[project]\nname = "a"\n[tool.uv]\npackage = true\n')), true);
    assert.equal(isPackaged(project(`[project]\nname = "a"\n${PACKAGED}[tool.uv]\npackage = false\n`)), false);
    assert.deepEqual(consoleScripts(project('[project]\nname = "a"\n[project.scripts]\nserve = "a.cli:main"\n')), [], 'not packaged: no script installed');
    const dir = makeProject({
      'pyproject.toml': `[project]\nname = "a"\n[project.scripts]\nmigrate = "a.db:main"\nserve = "a.cli:main"\n"bad name" = "a:b"\n${PACKAGED}`,
      'a/__init__.py': '',
      'a/cli.py': 'import os\nPORT = int(os.environ.get("PORT", "9090"))\n',
    });
    const entry = findConsoleScript(dir, readProject(dir));
    assert.deepEqual(entry, { framework: 'none', target: 'serve', file: 'a/cli.py', script: true });
    assert.deepEqual(startCommandFor(entry, 9090, []), ['serve']);
  });

  it('an app object is more specific than a console script', () => {
    const dir = makeProject({
      'pyproject.toml': `[project]\nname = "a"\ndependencies = ["flask", "gunicorn"]\n[project.scripts]\nserve = "a.cli:main"\n${PACKAGED}`,
      'a/__init__.py': '',
      'a/web.py': FLASK,
      'a/cli.py': 'def main(): pass\n',
    });
    assert.equal(findEntry(dir, readProject(dir))?.framework, 'flask');
  });

  it('the start command runs the script: the project is installed after its sources (uv: not editable; pip: --no-deps .)', async () => {
    const uv = makeProject({
      'pyproject.toml': `[project]\nname = "a"\nversion = "1"\ndependencies = []\n[project.scripts]\nserve = "a.cli:main"\n${PACKAGED}`,
      'uv.lock': 'version = 1\n',
      'a/__init__.py': '',
      'a/cli.py': 'import os\nPORT = int(os.environ.get("PORT", "9090"))\n',
    });
    const { answers, sources } = await resolveAnswers({ dir: uv, flags: {}, stored: {} });
    assert.deepEqual(answers.startCommand, ['serve']);
    assert.equal(answers.port, 9090);
    assert.match(sources.startCommand!, /\[project\.scripts\] "serve"/);
    const df = pythonProfile.plan(answers, uv).dockerfile as PythonDockerfileFacts;
    assert.equal(df.install!.project!.install, 'uv sync --frozen --no-dev --no-editable');
    const pip = makeProject({
      'pyproject.toml': `[project]\nname = "a"\nversion = "1"\n[project.scripts]\nserve = "a.cli:main"\n${PACKAGED}`,
      'requirements.txt': 'certifi==2024.8.30\n',
      'a/__init__.py': '',
      'a/cli.py': 'def main(): pass\n',
    });
    const resolved = await resolveAnswers({ dir: pip, flags: {}, stored: {} });
    const pipDf = pythonProfile.plan(resolved.answers, pip).dockerfile as PythonDockerfileFacts;
    assert.equal(pipDf.install!.project!.install, 'pip --python /opt/venv/bin/python install --no-deps .');
    // Another start command: only the dependencies are installed.
    const other = pythonProfile.plan({ ...answers, startCommand: ['python', '-m', 'a.cli'] }, uv).dockerfile as PythonDockerfileFacts;
    assert.equal(other.install!.project, undefined);
  });
});
