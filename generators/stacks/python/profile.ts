/**
 * The Python stack: turns answers + the project's files into the facts that
 * `templates/python/Dockerfile.ejs` prints. Every decision about the Dockerfile is made here.
 */
import { pythonServices } from './services.js';
import fs from 'node:fs';
import { PINS } from '../../lib/versions.js';
import path from 'node:path';
import { lockfileConflict } from '../../lib/lockfiles.js';
import { detectedFrom, type Answers, type Detected, type StackDetection, type StackProfile, type TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { contextPath, jsonArray, shellWord, type ContextPath } from '../../lib/quote.js';
import { ociLabels, oneLine } from '../../lib/labels.js';
import { isGeneratedFolder, projectEntryExists } from '../../lib/project-files.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { netrcSecret, secretMount } from '../../lib/secrets.js';
import { detectPythonIndexSecret, PYTHON_NETRC_SECRET } from './secrets.js';
import { isTable, tomlGet, type TomlValue } from './toml.js';
import {
  commandPort,
  consoleScripts,
  dependencyNames,
  declaredPythonVersion,
  findAppObject,
  findConsoleScript,
  findDjango,
  detectInstaller,
  detectPort,
  detectPythonVersion,
  djangoStatic,
  findEntry,
  packagesWithoutWheel,
  procfileCommand,
  readGunicornConfig,
  readProjectLock,
  readText,
  unsupportedLayout,
  INSTALLERS,
  LOCKFILE_OF,
  missingServer,
  readProject,
  readRequirements,
  startCommandFor,
  startCommandProblem,
  type Installer,
  type PythonProject,
} from './detect.js';
import { detectPythonHealthPath } from './health.js';
import { DISTRIBUTION_NAME, enclosingUvWorkspace, readUvWorkspace, workspaceTable, type UvWorkspace } from './workspace.js';
import { stackQuestion, type SettingContext } from '../../lib/question.js';
import { InputError } from '../../lib/errors.js';
import { NATIVE_PACKAGES, nativeNeeds } from './native.js';
import { ProjectError } from '../../lib/errors.js';

/** The numeric, passwd-less user the app runs as (the official image has only root). */
export const RUNTIME_UID = 10001;
/** Where the builder creates the virtualenv and the runtime stage copies it to (same path: venvs are not relocatable). */
export const VENV = '/opt/venv';

/**
 * The SECRET_KEY collectstatic runs with: random for each build and for that one command (a
 * shell variable of the RUN, never in ENV, a layer or the image metadata).
 */
export const COLLECTSTATIC_SECRET = "$(python -c 'import secrets; print(secrets.token_hex(32))')";

/** Installer versions the builder installs (pinned; raise deliberately). */
export const TOOL_VERSIONS = { uv: PINS.uv, poetry: PINS.poetry, pipenv: PINS.pipenv, pdm: PINS.pdm } as const;

/**
 * The HEALTHCHECK probe: Python's own urllib (slim images have no curl or wget). The path
 * arrives as argv[1], never spliced into the code; the port follows $PORT like the app does.
 * urlopen raises on 4xx/5xx and on connection errors, so any failure exits 1. With `anyStatus`
 * (liveness: no health route was found) an opener that neither raises on nor follows any status
 * is used, and any answer below 500 passes.
 */
export function pythonHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  const url = `'http://127.0.0.1:'+os.environ.get('PORT','${port}')+sys.argv[1]`;
  const script = anyStatus
    ? `import os,sys,urllib.request as u;` +
      `o=u.build_opener(type('P',(u.HTTPErrorProcessor,),{'http_response':lambda s,q,r:r}));` +
      `r=o.open(${url},timeout=4);` +
      `sys.exit(0 if r.status<500 else 1)`
    : `import os,sys,urllib.request as u;` + `r=u.urlopen(${url},timeout=4);` + `sys.exit(0 if 200<=r.status<400 else 1)`;
  return ['python', '-c', script, healthPath];
}

export interface InstallPlan {
  /** Lines (Dockerfile instructions) that put the installer into the builder. */
  setup: string[];
  /** ENV lines for the builder. */
  env: string[];
  /** The command that creates the virtualenv (undefined: the installer creates it, like uv). */
  createVenv: string | undefined;
  /** Files copied before the install; `.` when the whole source must be there (no lockfile). */
  manifests: ContextPath[];
  cacheMount: string;
  install: string;
  /** Comment lines printed above the install. */
  notes: string[];
  /**
   * The project itself installed after the sources are copied (its console scripts, a uv
   * workspace's members): comment lines and the command; undefined when only dependencies are.
   */
  project?: { notes: string[]; install: string };
}

/** What else the install must do: a uv workspace member to sync, the project's own package to install. */
export interface InstallOptions {
  /** At a uv workspace root: every member folder and the app member's package name. */
  workspace?: { members: string[]; name: string };
  /** The start command is one of the project's console scripts: install the project (not editable). */
  installProject?: boolean;
}

const PROJECT_NOTES = ["The project itself, not editable, so its console scripts are in the virtualenv's bin/."];

const PIP_CACHE = '--mount=type=cache,target=/root/.cache/pip';
/**
 * pip itself stays out of the app's virtualenv: the image's pip installs into it (`--python`,
 * pip >= 22.3, which every supported official image has), so the runtime stage ships only the
 * dependencies.
 */
const PIP_VENV = `python -m venv --without-pip ${VENV}`;
const PIP_INTO_VENV = `pip --python ${VENV}/bin/python`;

/** A tool installed with pip into its own virtualenv, linked onto PATH: kept out of the app's venv and the runtime image. */
function toolSetup(tool: string, version: string, extra: readonly string[] = []): string {
  const also = extra.map((r) => ` '${r}'`).join('');
  return `RUN ${PIP_CACHE} \\\n    python -m venv /opt/${tool} \\\n    && /opt/${tool}/bin/pip install ${tool}==${version}${also} \\\n    && ln -s /opt/${tool}/bin/${tool} /usr/local/bin/${tool}`;
}

/**
 * Requirements installed beside a tool because its own metadata allows a release it breaks
 * with: PDM 2.29 requires hishel>=1.4 without an upper bound, and hishel 2 removed the cache
 * storage PDM imports.
 */
const TOOL_CONSTRAINTS: Partial<Record<Installer, readonly string[]>> = { pdm: ['hishel[httpx2]>=1.4,<2'] };

export function installPlan(dir: string, installer: Installer, project: PythonProject, options: InstallOptions = {}): InstallPlan | undefined {
  const plan = dependencyPlan(dir, installer, project, options);
  if (!plan || !options.installProject || plan.project || (plan.manifests as readonly string[]).includes('.')) return plan;
  return { ...plan, project: { notes: PROJECT_NOTES, install: `${PIP_INTO_VENV} install --no-deps .` } };
}

function dependencyPlan(dir: string, installer: Installer, project: PythonProject, options: InstallOptions): InstallPlan | undefined {
  const existing = (files: string[]) => files.filter((f) => fs.existsSync(path.join(dir, f))).map(contextPath);
  const venvEnv = [`VIRTUAL_ENV=${VENV}`, `PATH=${VENV}/bin:$PATH`];
  const lock = LOCKFILE_OF[installer];
  // Nothing declared and nothing locked: there is nothing to install, whichever installer.
  if (installer !== 'pip' && !(lock && fs.existsSync(path.join(dir, lock))) && dependencyNames(dir, project).length === 0) return undefined;
  switch (installer) {
    case 'pip': {
      const req = readRequirements(dir);
      if (req) {
        const notes = req.hashes
          ? ['Every requirement carries --hash: --require-hashes makes pip install exactly those files or fail.']
          : req.requirements.length === 0
            ? [
                'requirements.txt lists nothing yet. pip runs in hash-checking mode (--require-hashes), so',
                'add requirements with their hashes: pip-compile --generate-hashes, or uv pip compile --generate-hashes.',
              ]
            : [
                'Not locked exactly: requirements.txt has no --hash= entries, so pip cannot prove it installs',
                'exactly what was locked (a changed or tampered package would go unnoticed). Generate it with',
                'hashes (pip-compile --generate-hashes, or uv pip compile --generate-hashes) and run the',
                'generator again: it then adds --require-hashes.',
              ];
        const hashMode = req.hashes || req.requirements.length === 0;
        return {
          setup: [],
          env: ['PIP_DISABLE_PIP_VERSION_CHECK=1', 'PIP_ROOT_USER_ACTION=ignore'],
          createVenv: PIP_VENV,
          // Each name was checked where it was read (readRequirements names the file and line).
          manifests: req.files.map(contextPath),
          cacheMount: PIP_CACHE,
          install: `${PIP_INTO_VENV} install${hashMode ? ' --require-hashes' : ''} -r requirements.txt`,
          notes,
        };
      }
      const deps = tomlGet(project.pyproject, 'project', 'dependencies');
      if (!Array.isArray(deps) || deps.length === 0) return undefined; // nothing to install
      return {
        setup: [],
        env: ['PIP_DISABLE_PIP_VERSION_CHECK=1', 'PIP_ROOT_USER_ACTION=ignore'],
        createVenv: PIP_VENV,
        manifests: [contextPath('.')],
        cacheMount: PIP_CACHE,
        install: `${PIP_INTO_VENV} install .`,
        notes: [
          "Not locked: there is no lockfile, so pip resolves pyproject.toml's dependencies afresh on",
          'every build (two builds can get different versions) and this layer is rebuilt on every source',
          'change. Add requirements.txt with hashes (pip-compile --generate-hashes pyproject.toml)',
          'or uv.lock (uv lock) and run the generator again.',
        ],
      };
    }
    case 'uv':
      if (options.workspace) {
        const { members, name } = options.workspace;
        return {
          setup: ['COPY --from=uv /uv /usr/local/bin/uv'],
          env: [`UV_PROJECT_ENVIRONMENT=${VENV}`, 'UV_PYTHON_DOWNLOADS=never', 'UV_COMPILE_BYTECODE=1', 'UV_LINK_MODE=copy'],
          createVenv: undefined,
          // Every member's pyproject.toml: uv reads the whole workspace even to sync one member.
          manifests: [contextPath('pyproject.toml'), ...existing([lock!]), ...members.map((m) => contextPath(`${m}/pyproject.toml`))],
          cacheMount: '--mount=type=cache,target=/root/.cache/uv',
          install: `uv sync --frozen --no-dev --package ${name} --no-install-workspace`,
          notes: [
            `A uv workspace: the dependencies of the member ${name} (and of the members it uses), exactly`,
            'as uv.lock has them; --no-install-workspace: the members themselves once their sources are here.',
          ],
          project: {
            notes: [`The member ${name} and the workspace members it uses, not editable: the runtime stage needs only the virtualenv.`],
            install: `uv sync --frozen --no-dev --package ${name} --no-editable`,
          },
        };
      }
      return {
        setup: ['COPY --from=uv /uv /usr/local/bin/uv'],
        // uv creates the virtualenv at UV_PROJECT_ENVIRONMENT with the image's Python, never a downloaded one.
        env: [`UV_PROJECT_ENVIRONMENT=${VENV}`, 'UV_PYTHON_DOWNLOADS=never', 'UV_COMPILE_BYTECODE=1', 'UV_LINK_MODE=copy'],
        createVenv: undefined,
        manifests: [contextPath('pyproject.toml'), ...existing([lock!])],
        cacheMount: '--mount=type=cache,target=/root/.cache/uv',
        install: 'uv sync --frozen --no-dev --no-install-project',
        notes: ['--frozen: exactly uv.lock, never re-resolved; --no-install-project: the source is copied in the runtime stage.'],
        ...(options.installProject ? { project: { notes: PROJECT_NOTES, install: 'uv sync --frozen --no-dev --no-editable' } } : {}),
      };
    case 'poetry':
      return {
        setup: [toolSetup('poetry', TOOL_VERSIONS.poetry)],
        // No virtualenv of Poetry's own: it installs into the active one, /opt/venv.
        env: ['PIP_DISABLE_PIP_VERSION_CHECK=1', 'POETRY_VIRTUALENVS_CREATE=false', 'POETRY_NO_INTERACTION=1', ...venvEnv],
        createVenv: `python -m venv ${VENV}`,
        manifests: [contextPath('pyproject.toml'), ...existing([lock!])],
        cacheMount: '--mount=type=cache,target=/root/.cache/pypoetry',
        install: 'poetry install --no-root --only main',
        notes: ['Exactly poetry.lock; main group only; --no-root: the source is copied in the runtime stage.'],
      };
    case 'pipenv':
      return {
        setup: [toolSetup('pipenv', TOOL_VERSIONS.pipenv)],
        // Pipenv installs into the active virtualenv (VIRTUAL_ENV), /opt/venv.
        env: ['PIP_DISABLE_PIP_VERSION_CHECK=1', ...venvEnv],
        createVenv: `python -m venv ${VENV}`,
        manifests: [contextPath('Pipfile'), ...existing([lock!])],
        cacheMount: '--mount=type=cache,target=/root/.cache',
        install: 'pipenv install --deploy',
        notes: ['--deploy: fails when Pipfile.lock is out of date; installs exactly the lock (default packages only).'],
      };
    case 'pdm':
      return {
        setup: [toolSetup('pdm', TOOL_VERSIONS.pdm, TOOL_CONSTRAINTS.pdm)],
        // PDM installs into the active virtualenv (VIRTUAL_ENV), /opt/venv.
        env: ['PIP_DISABLE_PIP_VERSION_CHECK=1', ...venvEnv],
        createVenv: `python -m venv ${VENV}`,
        manifests: [contextPath('pyproject.toml'), ...existing([lock!])],
        cacheMount: '--mount=type=cache,target=/root/.cache/pdm',
        install: 'pdm sync --prod --no-self --no-editable',
        notes: ['pdm sync installs exactly pdm.lock (production groups only); --no-self: the source is copied in the runtime stage.'],
      };
  }
}

/** COPY arguments for files that keep their relative paths: `a b ./`, `sub/c sub/`. */
export function copyArguments(files: readonly ContextPath[]): string[] {
  if ((files as readonly string[]).includes('.')) return ['. .'];
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.posix.dirname(file);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  return [...byFolder].map(([folder, list]) => `${list.join(' ')} ${folder === '.' ? './' : `${folder}/`}`);
}

function projectName(project: PythonProject): string | undefined {
  const name: TomlValue | undefined = tomlGet(project.pyproject, 'project', 'name') ?? tomlGet(project.pyproject, 'tool', 'poetry', 'name');
  return typeof name === 'string' ? name : undefined;
}

function projectDescription(project: PythonProject): string | undefined {
  const d = tomlGet(project.pyproject, 'project', 'description') ?? tomlGet(project.pyproject, 'tool', 'poetry', 'description');
  return typeof d === 'string' && oneLine(d) !== '' ? oneLine(d) : undefined;
}

function serviceName(project: PythonProject, dir: string): Detected<string> {
  const name = projectName(project);
  const detected = serviceNameFrom(name, dir);
  const source = !name
    ? detected.source
    : tomlGet(project.pyproject, 'project', 'name') !== undefined
      ? 'pyproject.toml "project.name"'
      : 'pyproject.toml "tool.poetry.name"';
  return { ...detected, source };
}

/** The images the Dockerfile's FROM lines pull (Python tagged by the PYTHON_VERSION ARG; uv pinned in full, only when uv installs): printed from here, and .hadolint.yaml trusts their registries. */
const PYTHON_IMAGE = 'python';

export interface PythonDockerfileFacts extends RuntimeStageFacts {
  images: { python: string; uv: string | undefined };
  pythonVersion: string;
  /** The virtualenv the builder fills and the runtime copies (VENV). */
  venv: string;
  stages: string[];
  /** ghcr.io/astral-sh/uv:<v>, when uv installs. */
  /** The install plan, with its manifests as COPY arguments (nested files keep their folder). */
  install: (InstallPlan & { copies: string[] }) | undefined;
  buildRun: string | undefined;
  /** Packages compiled from source (no wheel for this Python): apt packages for the builder and the runtime stage. */
  native: { packages: string; buildDeps: string; runtimeLibs: string | undefined } | undefined;
  /** Django's collectstatic in the builder: the command (with throwaway SECRET_KEY variables) and STATIC_ROOT to copy. */
  collectstatic: { run: string; staticRoot: ContextPath; copySources: boolean } | undefined;
  /** `--mount=type=secret,...` for private index credentials, or undefined. */
  secretMount: string | undefined;
  secretId: string | undefined;
  /** The runtime stage's WORKDIR: /app, or /app/<member> for a uv workspace member (the app runs from its folder). */
  workdir: string;
  /** The runtime stage's COPY of the app: `. .`, or `<member>/ ./` (the other members are installed in the virtualenv). */
  appCopy: string;
  /** The uv workspace member that holds the app (its folder, "." for the root project, and package name), when the project is a workspace. */
  member: { folder: ContextPath; name: string; notes: string[] } | undefined;
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    'Files stay owned by root: the app can read them but not change them. The official image',
    'has no other user; this numeric one needs no passwd entry.',
  ],
  healthcheck: ["Probes the health path with Python's urllib (slim images have no curl); honours $PORT."],
  init: TINI_NOTE,
  cmd: ['Exec form: no shell in between, the server receives the signal itself.'],
};

/** The folder the app's files are read from: the project, or the chosen member of a uv workspace. */
export interface AppFolder {
  dir: string;
  project: PythonProject;
  /** The member folder relative to the workspace root (`packages/api`), when the project is a workspace. */
  member: string | undefined;
  workspace: UvWorkspace | undefined;
  /** The detected default for --workspace-member ('' when none or several members hold an app). */
  memberDetected?: Detected<string>;
  /** The package `uv sync --package` installs: the chosen member's (or the root project's) name. */
  packageName?: string;
}

/** The root project's name when the workspace root is itself a project (a candidate member "."). */
function rootPackage(project: PythonProject): string | undefined {
  const name = tomlGet(project.pyproject, 'project', 'name');
  return typeof name === 'string' && DISTRIBUTION_NAME.test(name) ? name : undefined;
}

/** The workspace root's own app, when the root is a project: an entry outside every member folder. */
function rootHoldsApp(dir: string, project: PythonProject, workspace: UvWorkspace): boolean {
  if (!rootPackage(project)) return false;
  const entry = findDjango(dir) ?? findAppObject(dir) ?? findConsoleScript(dir, project);
  return entry !== undefined && !workspace.members.some((m) => entry.file.startsWith(`${m}/`));
}

/** Folders --workspace-member accepts: "." when the root is a project, then the members. */
function memberChoices(dir: string, workspace: UvWorkspace): string[] {
  return [...(rootPackage(readProject(dir)) ? ['.'] : []), ...workspace.members];
}

/** Members that hold an app: a Django project, an app object or a console script. */
export function workspaceApps(dir: string, workspace: UvWorkspace): string[] {
  const root = rootHoldsApp(dir, readProject(dir), workspace) ? ['.'] : [];
  return [
    ...root,
    ...workspace.members.filter((member) => {
      const memberDir = path.join(dir, member);
      return (
        findDjango(memberDir) !== undefined || findAppObject(memberDir) !== undefined || findConsoleScript(memberDir, readProject(memberDir)) !== undefined
      );
    }),
  ];
}

function readWorkspaceOf(dir: string): UvWorkspace | undefined {
  return readUvWorkspace(dir, readProject(dir).pyproject);
}

function memberDefault(dir: string, workspace: UvWorkspace): Detected<string> {
  const apps = workspaceApps(dir, workspace);
  if (apps.length === 1)
    return {
      value: apps[0]!,
      source: `the one member of the uv workspace holding an app (pyproject.toml [tool.uv.workspace]: ${workspace.members.join(', ')})`,
    };
  return {
    value: '',
    source: apps.length > 1 ? `several members hold an app: ${apps.join(', ')}` : `no member holds an app (read: ${workspace.members.join(', ') || 'none'})`,
  };
}

export function appFolder(dir: string, project: PythonProject, chosenMember: string | undefined): AppFolder {
  const workspace = readUvWorkspace(dir, project.pyproject);
  if (!workspace) return { dir, project, member: undefined, workspace };
  const memberDetected = memberDefault(dir, workspace);
  const member = chosenMember ?? memberDetected.value;
  if (member === '.' && rootPackage(project)) return { dir, project, member: undefined, workspace, memberDetected, packageName: rootPackage(project) };
  if (member === '' || !workspace.members.includes(member)) return { dir, project, member: undefined, workspace, memberDetected };
  const memberDir = path.join(dir, member);
  return { dir: memberDir, project: readProject(memberDir), member, workspace, memberDetected, packageName: workspace.names.get(member) };
}

/** A value detected in a member's files, its source (and origin) naming the member's folder. */
function prefixed<T>(detected: Detected<T>, member: string | undefined): Detected<T> {
  if (!member || detected.source.startsWith('default')) return detected;
  const source = `${member}/${detected.source}`;
  return detected.origin ? detectedFrom(detected.value, source, { ...detected.origin, file: `${member}/${detected.origin.file}` }) : { ...detected, source };
}

/** The workspace root states the Python version (a version file, requires-python); else the member does. */
function workspacePythonVersion(dir: string, project: PythonProject, app: AppFolder, lock: ReturnType<typeof readProjectLock>): Detected<string> {
  if (!app.member || !declaredPythonVersion(dir, project).detected.source.startsWith('default')) return detectPythonVersion(dir, project, lock);
  return prefixed(detectPythonVersion(app.dir, app.project, lock), app.member);
}

/**
 * The uv workspace member that holds the app, at a workspace root: one of the members
 * `[tool.uv.workspace] members` names. Decided first (`early`): the entry, port and health route
 * are read from its folder.
 */
const workspaceMember = stackQuestion({
  key: 'workspaceMember',
  flag: 'workspace-member',
  description: 'Python: at a uv workspace root, the member folder holding the app ("packages/api"); detected when one member holds an app',
  early: true,
  appliesTo: (ctx: SettingContext) => {
    if (!ctx.dir) return false;
    try {
      return workspaceTable(readProject(ctx.dir).pyproject) !== undefined;
    } catch {
      return false;
    }
  },
  prompt: {
    type: 'list',
    message: 'Workspace member that holds the app',
    choices: (ctx) => {
      const workspace = ctx.dir ? readWorkspaceOf(ctx.dir) : undefined;
      if (!workspace) return [];
      const apps = workspaceApps(ctx.dir!, workspace);
      return [...apps, ...memberChoices(ctx.dir!, workspace).filter((m) => !apps.includes(m))];
    },
  },
  parse(raw: string, ctx: SettingContext) {
    const workspace = ctx.dir ? readWorkspaceOf(ctx.dir) : undefined;
    const members = workspace ? memberChoices(ctx.dir!, workspace) : [];
    const value = raw
      .trim()
      .replace(/^(?:\.\/)+/, '')
      .replace(/\/+$/, '');
    if (value === '') {
      const apps = workspace ? workspaceApps(ctx.dir!, workspace) : [];
      throw new InputError(
        'workspace-member',
        raw,
        apps.length > 1
          ? `one of the uv workspace's members holding an app: ${apps.join(', ')} (several do, so pass --workspace-member to choose)`
          : `a member of the uv workspace that holds the app; none does (found no Django project, app object or console script in ${members.join(', ') || 'any member'}; read: pyproject.toml [tool.uv.workspace] and each member's pyproject.toml and .py files): pass --workspace-member <folder>`,
      );
    }
    if (!members.includes(value)) {
      throw new InputError(
        'workspace-member',
        raw,
        `a member folder of the uv workspace (pyproject.toml [tool.uv.workspace]): ${members.join(', ') || 'none found'}`,
      );
    }
    return value;
  },
});

export const pythonProfile: StackProfile = {
  id: 'python',
  label: 'Python',
  localDependencyFolder: '.venv',
  packageManagers: INSTALLERS,
  markers: ['pyproject.toml', 'requirements.txt', 'Pipfile', 'setup.py', 'manage.py'],
  settings: [workspaceMember, netrcSecret],
  services: pythonServices,

  sniff(dir) {
    return this.markers.find((file) => projectEntryExists(dir, file));
  },

  detect(dir, chosen = {}): StackDetection {
    // In a member folder of a uv workspace: what the root would detect for this member (the
    // lock, the install and the Python version are the workspace's); --workspace-member does not apply.
    const above = enclosingUvWorkspace(dir);
    if (above) {
      const atRoot = pythonProfile.detect(above.root, { ...chosen, stack: { ...chosen.stack, workspaceMember: above.member } });
      const stackDefaults = Object.fromEntries(Object.entries(atRoot.stackDefaults ?? {}).filter(([key]) => key !== 'workspaceMember'));
      return { ...atRoot, stackDefaults };
    }
    const project = readProject(dir);
    const layout = unsupportedLayout(dir, project);
    if (layout) throw new ProjectError(layout);
    const installer = detectInstaller(dir, project);
    const chosenInstaller = (chosen.packageManager || installer.value) as Installer;
    // At a uv workspace root the app is a member: its files decide the entry, port and health route.
    const app = appFolder(dir, project, chosen.stack?.workspaceMember);
    if (app.workspace && chosenInstaller !== 'uv') {
      throw new InputError(
        'package-manager',
        chosenInstaller,
        'uv: this folder is a uv workspace ([tool.uv.workspace] in pyproject.toml), which only uv installs',
      );
    }
    const at = (file: string) => (app.member ? `${app.member}/${file}` : file);
    const lock = readProjectLock(dir, chosenInstaller);
    const deps = dependencyNames(app.dir, app.project, lock);
    const entry = findEntry(app.dir, app.project, deps);
    const gunicornConf = readGunicornConfig(app.dir);
    const entryPort = detectPort(app.dir, entry);
    const port: Detected<number> =
      gunicornConf?.port !== undefined && entryPort.source.startsWith('default')
        ? { value: gunicornConf.port, source: `${at('gunicorn.conf.py')} "bind"` }
        : app.member && entryPort.source === entry?.file
          ? { ...entryPort, source: at(entryPort.source) }
          : entryPort;
    const startPort = chosen.port ?? port.value;
    const procfileText = readText(app.dir, 'Procfile');
    const procfile = procfileText === undefined ? undefined : procfileCommand(procfileText, startPort);
    const procfileProblem = procfile ? startCommandProblem(procfile.argv) : undefined;
    const entrySource = !entry
      ? 'default (no entry file found)'
      : entry.script
        ? `${at('pyproject.toml')} [project.scripts] "${entry.target}" (a console script, installed with the project)`
        : `${at(entry.file)} (${entry.framework === 'none' ? 'script' : entry.framework})`;
    const startCommand: Detected<string[]> =
      procfile && !procfileProblem
        ? { value: procfile.argv, source: `${at('Procfile')} line ${procfile.line} ("web")` }
        : !entry && gunicornConf?.wsgiApp
          ? { value: ['gunicorn', '--bind', `0.0.0.0:${startPort}`], source: `${at('gunicorn.conf.py')} "wsgi_app"` }
          : {
              value:
                entry?.framework === 'fastapi' && gunicornConf?.uvicornWorker
                  ? ['gunicorn', entry.target, '--bind', `0.0.0.0:${startPort}`]
                  : startCommandFor(entry, startPort, deps),
              source: entrySource,
            };
    const warnings: string[] = [];
    if (procfile && procfileProblem) warnings.push(`Procfile's web command is not used: it ${procfileProblem}`);
    if (procfileText !== undefined && !procfile)
      warnings.push(
        'Procfile has no plain "web:" command (shell operators, quotes and variables other than $PORT are not followed); the start command comes from the sources',
      );
    const runtimeVersion = workspacePythonVersion(dir, project, app, lock);
    const noWheel = packagesWithoutWheel(lock, chosen.runtimeVersion ?? runtimeVersion.value).filter((p) => !NATIVE_PACKAGES.has(p.split(' ')[0]!));
    if (noWheel.length > 0) {
      warnings.push(
        `${lock!.file}: ${noWheel.slice(0, 5).join(', ')} ${noWheel.length === 1 ? 'has' : 'have'} no wheel for Python ${chosen.runtimeVersion ?? runtimeVersion.value} and will be compiled from source in the builder; if that fails, add its build dependencies (apt-get) to the builder or pass --runtime-version with a version the lock has wheels for`,
      );
    }
    const django = djangoStatic(app.dir, entry);
    if (django && !django.staticRoot)
      warnings.push(
        `${django.settingsFile} sets no STATIC_ROOT under BASE_DIR: collectstatic is not run at build time, so static files are not served; set STATIC_ROOT = BASE_DIR / "staticfiles" and add whitenoise`,
      );
    else if (django && !django.whitenoise)
      warnings.push(
        `${django.settingsFile} has no whitenoise middleware: gunicorn does not serve the collected static files; add "whitenoise.middleware.WhiteNoiseMiddleware" (or serve ${django.staticRoot}/ from a web server)`,
      );
    const lockName = LOCKFILE_OF[chosenInstaller];
    if (lockName && !fs.existsSync(path.join(dir, lockName))) {
      const how = { uv: 'uv lock', poetry: 'poetry lock', pdm: 'pdm lock', pipenv: 'pipenv lock' }[chosenInstaller as Exclude<Installer, 'pip'>];
      warnings.push(`no ${lockName}: the Dockerfile installs exactly what the lockfile says, so create and commit one (\`${how}\`) before building`);
    }
    const req = chosenInstaller === 'pip' ? readRequirements(dir) : undefined;
    if (req && !req.hashes && req.requirements.length > 0) {
      warnings.push(
        'requirements.txt has no --hash= entries: pip cannot check that it installs exactly what was locked; generate it with `pip-compile --generate-hashes` and run again',
      );
    }
    if (chosenInstaller === 'pip' && !req) {
      const listed = tomlGet(project.pyproject, 'project', 'dependencies');
      if (Array.isArray(listed) && listed.length > 0)
        warnings.push(
          "no lockfile for pyproject.toml's dependencies: add requirements.txt with hashes (`pip-compile --generate-hashes pyproject.toml`) or use uv (`uv lock`)",
        );
    }
    const argv = chosen.startCommand ?? startCommand.value;
    const server = missingServer(argv, deps);
    if (server)
      warnings.push(
        `the start command runs ${server}, which is not among the dependencies: add it (e.g. to requirements.txt / pyproject.toml) or the container cannot start`,
      );
    const bound = commandPort(argv);
    if (bound !== undefined && chosen.port !== undefined && bound !== chosen.port) {
      warnings.push(`the start command binds port ${bound} but --port is ${chosen.port}: the health check and the published port use ${chosen.port}`);
    }
    return {
      defaults: {
        runtimeVersion,
        packageManager: installer,
        port,
        healthPath: prefixed(detectPythonHealthPath(app.dir), app.member),
        startCommand,
        buildCommand: { value: [], source: 'default (none)' },
        serviceName: app.member ? prefixed(serviceName(app.project, app.dir), app.member) : serviceName(project, dir),
      },
      stackDefaults: {
        netrcSecret: detectPythonIndexSecret(dir),
        ...(app.workspace ? { workspaceMember: app.memberDetected! } : {}),
      },
      warnings,
    };
  },

  checkPackageManager(name, dir) {
    // pip installs from requirements.txt; the others from their own lockfile (a member's: the workspace root's).
    return lockfileConflict(enclosingUvWorkspace(dir)?.root ?? dir, name, {
      pip: ['requirements.txt'],
      ...Object.fromEntries(
        Object.entries(LOCKFILE_OF)
          .filter(([, f]) => f)
          .map(([m, f]) => [m, [f!]]),
      ),
    });
  },

  checkRuntimeVersion(value) {
    return /^3\.\d{1,2}(?:\.\d{1,3})?$/.test(value)
      ? undefined
      : 'a Python version for the official image tag: "major.minor" ("3.13") or "major.minor.patch" ("3.13.1")';
  },

  checkStartCommand(argv) {
    return startCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    // In a member folder of a uv workspace: the root's plan for this member (the same Dockerfile
    // and ignore lines), built with the root as the context; the files stay in the member folder.
    const above = enclosingUvWorkspace(dir);
    if (above) {
      const atRoot = pythonProfile.plan({ ...answers, stack: { ...answers.stack, workspaceMember: above.member } }, above.root);
      // The files written next to the Dockerfile stay out of the image (render.ts appFolderIgnore).
      return { ...atRoot, buildContext: { root: above.root } };
    }
    const project = readProject(dir);
    const app = appFolder(dir, project, answers.stack.workspaceMember);
    if (app.workspace && !app.packageName)
      throw new InputError('workspace-member', answers.stack.workspaceMember ?? '', `a member folder of the uv workspace: ${app.workspace.members.join(', ')}`);
    // The start command runs one of the project's console scripts: they exist only once the project is installed.
    const program = path.posix.basename(answers.startCommand[0] ?? '');
    const installProject = consoleScripts(app.project).some((s) => s.name === program);
    const workspace = app.workspace && app.packageName ? { members: app.workspace.members, name: app.packageName } : undefined;
    const install = installPlan(dir, answers.packageManager as Installer, project, { workspace, installProject });
    const healthcheck = pythonHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const labels = ociLabels(answers.serviceName, projectDescription(app.project) ?? projectDescription(project));
    const secret = install && answers.stack.netrcSecret === 'yes' ? PYTHON_NETRC_SECRET : undefined;
    const uvImage = answers.packageManager === 'uv' && install ? `ghcr.io/astral-sh/uv:${TOOL_VERSIONS.uv}` : undefined;
    const stages = [...(uvImage ? ['uv'] : []), ...(install ? ['builder'] : []), 'tini', 'runtime'];
    const env = [
      'PYTHONDONTWRITEBYTECODE=1',
      'PYTHONUNBUFFERED=1',
      ...(install ? [`VIRTUAL_ENV=${VENV}`, `PATH=${VENV}/bin:$PATH`] : []),
      `PORT=${answers.port}`,
    ];
    const lock = install ? readProjectLock(dir, answers.packageManager as Installer) : undefined;
    const minor = answers.runtimeVersion.split('.').slice(0, 2).join('.');
    const needs = lock ? nativeNeeds(lock.packages, minor) : undefined;
    const native = needs && {
      packages: needs.packages.join(', '),
      // Quoted: the pins hold a `*` (apt's version wildcard), never a shell glob.
      buildDeps: needs.buildDeps.map(shellWord).join(' '),
      runtimeLibs: needs.runtimeLibs.length > 0 ? needs.runtimeLibs.map(shellWord).join(' ') : undefined,
    };
    const django = install ? djangoStatic(app.dir, findEntry(app.dir, app.project, dependencyNames(app.dir, app.project, lock))) : undefined;
    // A member's paths are relative to the workspace root (the build context).
    const inContext = (rel: string) => (app.member ? `${app.member}/${rel}` : rel);
    const collectstatic =
      django?.staticRoot === undefined
        ? undefined
        : {
            run:
              [...new Set(['SECRET_KEY', ...django.secretKeyEnv])].map((name) => `${name}="${COLLECTSTATIC_SECRET}"`).join(' ') +
              ` python ${inContext('manage.py')} collectstatic --noinput`,
            staticRoot: contextPath(inContext(django.staticRoot)),
            // The sources are already in the builder when the project itself was installed.
            copySources: install?.project === undefined,
          };
    const member = app.member ? contextPath(app.member) : undefined;
    const dockerfile: PythonDockerfileFacts = {
      images: { python: PYTHON_IMAGE, uv: uvImage },
      pythonVersion: answers.runtimeVersion,
      native,
      collectstatic,
      stages,
      install: install && { ...install, project: install.project, copies: copyArguments(install.manifests) },
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      secretMount: secret && secretMount(secret),
      secretId: secret?.id,
      labels,
      env,
      user: `${RUNTIME_UID}:${RUNTIME_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
      venv: VENV,
      workdir: member ? `/app/${member}` : '/app',
      appCopy: member ? `${member}/ ./` : '. .',
      member: workspace
        ? {
            folder: member ?? contextPath('.'),
            name: workspace.name,
            notes: member
              ? [`The app runs from its member's folder, ${member}/; the workspace members it uses are`, 'installed in the virtualenv.']
              : ['The app is the workspace root project; the workspace members it uses are installed in the virtualenv.'],
          }
        : undefined,
    };
    const ignore = [
      {
        comment: 'Python: the virtualenv is built inside the image; bytecode and tool caches are never needed',
        patterns: [
          'venv',
          '**/*.py[cod]',
          '.pytest_cache',
          '.mypy_cache',
          '.ruff_cache',
          '.tox',
          '.nox',
          '.coverage',
          'htmlcov',
          '.ipynb_checkpoints',
          '.pypirc',
        ],
      },
    ];
    const outputs = ['build', 'dist'].filter((folder) => isGeneratedFolder(dir, folder));
    ignore.push({ comment: 'Packaging output (wheels, sdists)', patterns: [...outputs, '**/*.egg-info'] });
    if (collectstatic)
      ignore.push({ comment: 'Django: static files are collected in the image (collectstatic), never sent from here', patterns: [collectstatic.staticRoot] });
    if (isTable(tomlGet(project.pyproject, 'tool', 'pdm'))) ignore.push({ comment: 'PDM: local state', patterns: ['.pdm-python', '.pdm-build'] });
    return {
      dockerfile,
      dockerignore: ignore,
      environment: { PYTHONUNBUFFERED: '1', PORT: String(answers.port) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 30,
      buildSecret: secret,
    };
  },
};
