/**
 * Reading a Python project: runtime version, installer (pip, poetry, uv, pipenv, pdm), its
 * manifests and lockfile, the framework and a production start command, and the port.
 * Every function here is pure over the folder's files and returns where a value came from.
 */
import { firstPortMatchAt } from '../../lib/ports.js';
import fs from 'node:fs';
import path from 'node:path';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { DetectedValueError, ProjectError } from '../../lib/errors.js';
import { projectEntryExists, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { contextPathProblem } from '../../lib/quote.js';
import { KNOWN_RELEASES, PINS } from '../../lib/versions.js';
import { isTable, parseToml, tomlGet, type TomlTable, type TomlValue } from './toml.js';
import { parentLockLayout, workspaceTable } from './workspace.js';
import { hasWheelFor, isCompiled, minorForWheels, parsePinnedRequirements, readLock, type LockFacts } from './locks.js';

/**
 * The Python minor used when the project states none: the newest stable minor with a mature
 * ecosystem (wheels for common packages); python:<this>-slim-trixie. Set in versions.ts.
 */
export const PYTHON_DEFAULT_MINOR: string = PINS.pythonDefaultMinor;
/** Minors with official slim images; used to resolve open ranges (`>=3.9`). */
const KNOWN_MINORS: readonly string[] = KNOWN_RELEASES.pythonMinors;

export const DEFAULT_PORT = 8000;

export type Installer = 'pip' | 'poetry' | 'uv' | 'pipenv' | 'pdm';
export const INSTALLERS: readonly Installer[] = ['pip', 'poetry', 'uv', 'pipenv', 'pdm'];

/** A manifest or configuration file (bounded, regular files inside the project only). */
export function readText(dir: string, name: string): string | undefined {
  return readProjectFile(dir, name);
}

const exists = (dir: string, name: string) => projectEntryExists(dir, name);

function readTomlFile(dir: string, name: string): TomlTable | undefined {
  const text = readText(dir, name);
  if (text === undefined) return undefined;
  try {
    return parseToml(text);
  } catch (error) {
    throw new ProjectError(`${name} is not valid TOML (${(error as Error).message}); fix it and run again`);
  }
}

/** The parsed manifests of a project (absent ones are undefined). */
export interface PythonProject {
  pyproject: TomlTable | undefined;
  pipfile: TomlTable | undefined;
}

export function readProject(dir: string): PythonProject {
  return { pyproject: readTomlFile(dir, 'pyproject.toml'), pipfile: readTomlFile(dir, 'Pipfile') };
}

const str = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

// ---------------------------------------------------------------- runtime version

type Version = [number, number, number];

function parseVersion(text: string): { v: Version; parts: number; wildcard: boolean } | undefined {
  const m = /^(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?/.exec(text.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].filter((x) => x !== undefined);
  const wildcard = nums.includes('*');
  const digits = nums.filter((x) => x !== '*').map(Number);
  return { v: [digits[0] ?? 0, digits[1] ?? 0, digits[2] ?? 0], parts: digits.length, wildcard };
}

function cmp(a: Version, b: Version): number {
  for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

/** Upper bound (exclusive) after bumping the `index`-th part: (3.11, 0) → 4.0.0. */
function bump(v: Version, index: number): Version {
  const out: Version = [v[0], v[1], v[2]];
  out[index]++;
  for (let k = index + 1; k < 3; k++) out[k] = 0;
  return out;
}

/** One clause of a PEP 440 specifier or a Poetry constraint, for a full version. */
function clauseAllows(clause: string, version: Version): boolean {
  const m = /^(===|==|!=|~=|>=|<=|>|<|\^|~|=)?\s*(.+)$/.exec(clause.trim());
  if (!m) return true;
  const op = m[1] ?? 'bare';
  const parsed = parseVersion(m[2]!);
  if (!parsed) return m[2]!.trim() === '*';
  const { v, parts, wildcard } = parsed;
  const prefixEqual = () => cmp(version, v) >= 0 && cmp(version, bump(v, Math.max(parts - 1, 0))) < 0;
  switch (op) {
    case '==':
    case '===':
      // "==3.11.*" is the 3.11 series; "==3.11" is 3.11.0 exactly (PEP 440 pads with zeros).
      return wildcard ? prefixEqual() : cmp(version, v) === 0;
    case 'bare':
    case '=':
      // Poetry's bare "3.11" (and "=3.11") mean the 3.11 series.
      return wildcard || parts < 3 ? prefixEqual() : cmp(version, v) === 0;
    case '!=':
      return wildcard ? !prefixEqual() : cmp(version, v) !== 0;
    case '>=':
      return cmp(version, v) >= 0;
    case '>':
      return cmp(version, v) > 0;
    case '<=':
      return cmp(version, v) <= 0;
    case '<':
      return cmp(version, v) < 0;
    case '~=':
      return cmp(version, v) >= 0 && cmp(version, bump(v, Math.max(parts - 2, 0))) < 0;
    case '^':
      return cmp(version, v) >= 0 && cmp(version, bump(v, v[0] > 0 ? 0 : v[1] > 0 ? 1 : 2)) < 0;
    case '~':
      return cmp(version, v) >= 0 && cmp(version, bump(v, parts >= 2 ? 1 : 0)) < 0;
    default:
      return true;
  }
}

/** Specifiers longer than this are not version ranges anyone writes: ignored. */
export const MAX_SPEC_LENGTH = 256;

/** Does some release of `minor` ("3.11") satisfy the specifier (PEP 440 or Poetry syntax)? */
export function minorSatisfies(spec: string, minor: string): boolean {
  if (spec.length > MAX_SPEC_LENGTH) return false;
  const [maj, min] = minor.split('.').map(Number) as [number, number];
  const patches = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 30, 50, 99];
  return spec.split('||').some((alternative) => {
    // Runs of white space become one space first: the split below then stays linear.
    const clauses = alternative
      .replace(/\s+/g, ' ')
      .split(/,| (?=[<>=!~^])/)
      .map((c) => c.trim())
      .filter((c) => c !== '' && c !== '*');
    return patches.some((p) => clauses.every((c) => clauseAllows(c, [maj, min, p])));
  });
}

/** The image minor for a version range: the default if allowed, else the newest allowed. */
export function pickPythonMinor(spec: string): string | undefined {
  if (spec.length > MAX_SPEC_LENGTH) return undefined;
  const mentioned = [...spec.matchAll(/\b3\.(\d{1,2})\b/g)].map((m) => `3.${m[1]}`);
  const candidates = [...new Set([...KNOWN_MINORS, ...mentioned])].sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
  if (minorSatisfies(spec, PYTHON_DEFAULT_MINOR)) return PYTHON_DEFAULT_MINOR;
  return candidates.find((minor) => minorSatisfies(spec, minor));
}

/** `.python-version` / `runtime.txt`: `3.12.1`, `3.12`, `python-3.11.4` → major.minor. */
export function parseVersionFile(content: string): string | undefined {
  const line = content
    .slice(0, 4096)
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .find((l) => l !== '');
  const m = /^(?:python-|cpython-|cpython@)?(3)\.(\d{1,2})(?:\.\d+)?(?:[a-z]+\d*)?$/i.exec(line ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The minor the project states, without looking at any lock: version file, then ranges, then the default. */
export function declaredPythonVersion(dir: string, project: PythonProject): { detected: Detected<string>; spec?: string; pinned?: boolean } {
  for (const file of ['.python-version', 'runtime.txt']) {
    const content = readText(dir, file);
    const minor = content === undefined ? undefined : parseVersionFile(content);
    if (minor) return { detected: detectedFrom(minor, file, { file }), pinned: true };
  }
  const specs: [string | undefined, string][] = [
    [str(tomlGet(project.pyproject, 'project', 'requires-python')), 'pyproject.toml "project.requires-python"'],
    [str(tomlGet(project.pyproject, 'tool', 'poetry', 'dependencies', 'python')), 'pyproject.toml "tool.poetry.dependencies.python"'],
  ];
  for (const [spec, source] of specs) {
    if (spec === undefined) continue;
    const minor = pickPythonMinor(spec);
    if (minor) return { detected: { value: minor, source: `${source} (${spec})` }, spec };
  }
  const pipfileVersion = str(tomlGet(project.pipfile, 'requires', 'python_version')) ?? str(tomlGet(project.pipfile, 'requires', 'python_full_version'));
  const fromPipfile = pipfileVersion === undefined ? undefined : parseVersionFile(pipfileVersion);
  if (fromPipfile) return { detected: { value: fromPipfile, source: 'Pipfile "requires.python_version"' }, pinned: true };
  return { detected: { value: PYTHON_DEFAULT_MINOR, source: `default (Python ${PYTHON_DEFAULT_MINOR})` } };
}

/**
 * Minors to try, best first: the declared one, then older ones down from it, then newer ones;
 * only those the project's range allows.
 */
export function minorPreference(declared: string, spec: string | undefined): string[] {
  const n = (m: string) => Number(m.split('.')[1]);
  const all = [...new Set([...KNOWN_MINORS, declared])].filter((m) => spec === undefined || minorSatisfies(spec, m));
  const older = all.filter((m) => n(m) < n(declared)).sort((a, b) => n(b) - n(a));
  const newer = all.filter((m) => n(m) > n(declared)).sort((a, b) => n(a) - n(b));
  return [declared, ...older, ...newer];
}

/**
 * The Python minor: a version file (or Pipfile's python_version) is taken as is; otherwise the
 * first minor the project allows for which every locked package with compiled wheels has a
 * wheel (the lock's file names carry the tags), else the declared one.
 */
export function detectPythonVersion(dir: string, project: PythonProject, lock?: LockFacts): Detected<string> {
  const declared = declaredPythonVersion(dir, project);
  const base = declared.detected;
  if (declared.pinned || !lock) return base;
  const choice = minorForWheels(lock.packages, minorPreference(base.value, declared.spec));
  if (!choice || (choice.minor === base.value && !choice.decidedBy)) return base;
  const why = choice.decidedBy
    ? `${choice.decidedBy}; every compiled package has a ${choice.minor} wheel`
    : `every compiled package has a ${choice.minor} wheel`;
  return { value: choice.minor, source: `${lock.file} (${why})` };
}

/** Compiled packages of the lock with no wheel for Python <minor> (they compile from source in the builder). */
export function packagesWithoutWheel(lock: LockFacts | undefined, minor: string): string[] {
  if (!lock) return [];
  const n = Number(minor.split('.')[1]);
  return lock.packages.filter((p) => isCompiled(p) && hasWheelFor(p, n) === false).map((p) => `${p.name} ${p.version}`.trim());
}

// ---------------------------------------------------------------- parent lockfiles

/**
 * Layouts the generated Dockerfile cannot build, with why and what to do; undefined when the
 * folder is a plain project, a uv workspace root, or a member of the uv workspace whose uv.lock
 * is above (built with the root as the context: workspace.ts enclosingUvWorkspace). Any other app
 * folder whose lockfile is in a parent folder (outside the build context) stops, naming the lockfile.
 */
export function unsupportedLayout(dir: string, project: PythonProject): string | undefined {
  if (workspaceTable(project.pyproject)) return undefined;
  return parentLockLayout(dir);
}

// ---------------------------------------------------------------- installer

const LOCKFILES: [string, Installer][] = [
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['pdm.lock', 'pdm'],
  ['Pipfile.lock', 'pipenv'],
];

export const LOCKFILE_OF: Record<Installer, string | undefined> = {
  pip: undefined,
  uv: 'uv.lock',
  poetry: 'poetry.lock',
  pdm: 'pdm.lock',
  pipenv: 'Pipfile.lock',
};

export function detectInstaller(dir: string, project: PythonProject): Detected<Installer> {
  const lock = LOCKFILES.find(([file]) => exists(dir, file));
  if (lock) return { value: lock[1], source: lock[0] };
  if (exists(dir, 'requirements.txt')) return { value: 'pip', source: 'requirements.txt' };
  for (const tool of ['poetry', 'uv', 'pdm'] as const) {
    if (isTable(tomlGet(project.pyproject, 'tool', tool))) return { value: tool, source: `pyproject.toml [tool.${tool}]` };
  }
  if (project.pipfile) return { value: 'pipenv', source: 'Pipfile' };
  return { value: 'pip', source: project.pyproject ? 'default (pyproject.toml without a lockfile)' : 'default' };
}

// ---------------------------------------------------------------- requirements.txt

export interface RequirementsFacts {
  /** requirements.txt and every file it includes with -r / -c, relative to the project. */
  files: string[];
  /** Lines that install something (requirements, -r includes, -e, URLs). */
  requirements: string[];
  /** Every requirement carries --hash=: pip can verify exactly what was locked. */
  hashes: boolean;
}

/** Logical lines of a requirements file: continuations joined, comments and blanks dropped. */
export function requirementLines(text: string): string[] {
  return requirementLinesAt(text).map((l) => l.text);
}

/** requirementLines, each with the (first) line number it starts on. */
export function requirementLinesAt(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const physical = text.split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    const start = i + 1;
    let joined = physical[i]!;
    while (joined.endsWith('\\') && i + 1 < physical.length) joined = `${joined.slice(0, -1)} ${physical[++i]!}`;
    const clean = joined.replace(/(^|\s)#.*$/, '').trim();
    if (clean !== '') out.push({ text: clean, line: start });
  }
  return out;
}

/** Options that configure pip without naming anything to install. */
const PIP_OPTION_ONLY =
  /^(--index-url|-i|--extra-index-url|--no-index|--find-links|-f|--trusted-host|--prefer-binary|--only-binary|--no-binary|--pre|--require-hashes|--use-feature)\b/;

export function readRequirements(dir: string, file = 'requirements.txt'): RequirementsFacts | undefined {
  if (readText(dir, file) === undefined) return undefined;
  const files: string[] = [];
  const requirements: string[] = [];
  let hashed = 0;
  const visit = (rel: string) => {
    if (files.includes(rel) || files.length >= 100) return;
    const text = readText(dir, rel);
    if (text === undefined) return;
    files.push(rel);
    for (const { text: line, line: lineNo } of requirementLinesAt(text)) {
      const include = /^(?:-r|--requirement|-c|--constraint)(?:[ \t]+|=)(\S+)/.exec(line);
      if (include) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), include[1]!));
        if (/^(-r|--requirement)/.test(line)) requirements.push(line);
        if (target.startsWith('../') || path.posix.isAbsolute(target) || !projectEntryExists(dir, target)) continue;
        // The included file is copied into the image by name: the name must be safe in a COPY line.
        const problem = contextPathProblem(target);
        if (problem) {
          throw new DetectedValueError(
            { file: rel, line: lineNo, field: `"${include[0]!.split(/[ \t=]/)[0]}" include` },
            include[1]!,
            `the included file is copied into the image by name, so its path must be ${problem}`,
            undefined,
            'rename the file and the line that includes it, then run again',
          );
        }
        visit(target);
        continue;
      }
      if (PIP_OPTION_ONLY.test(line)) continue;
      requirements.push(line);
      if (/--hash[=\s]/.test(line)) hashed++;
    }
  };
  visit(file);
  const direct = requirements.filter((r) => !/^(-r|--requirement)/.test(r));
  return { files, requirements, hashes: direct.length > 0 && hashed === direct.length };
}

// ---------------------------------------------------------------- dependencies

/** PEP 503-normalised distribution name of a requirement (`Flask[async]>=2` → `flask`). */
export function requirementName(requirement: string): string | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement.trim());
  return m ? m[1]!.toLowerCase().replace(/[-_.]+/g, '-') : undefined;
}

/**
 * Packages an extra brings in, for manifests without a lockfile (a lockfile lists them itself):
 * `fastapi[standard]` installs uvicorn, so a uvicorn start command works.
 */
const EXTRAS_PROVIDE: ReadonlyMap<string, readonly string[]> = new Map([
  ['fastapi[standard]', ['uvicorn', 'fastapi-cli']],
  ['fastapi[standard-no-fastapi-cloud-cli]', ['uvicorn', 'fastapi-cli']],
  ['fastapi[all]', ['uvicorn']],
  ['uvicorn[standard]', ['uvicorn']],
  ['django[argon2]', ['argon2-cffi']],
  ['psycopg[binary]', ['psycopg-binary']],
  ['psycopg[c]', ['psycopg-c']],
]);

/** `fastapi[standard,all]>=0.115` → the packages its extras bring in (EXTRAS_PROVIDE). */
export function extraProvides(requirement: string): string[] {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*\[([^\]]{0,200})\]/.exec(requirement.trim());
  if (!m) return [];
  const name = requirementName(m[1]!)!;
  return m[2]!
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .flatMap((extra) => EXTRAS_PROVIDE.get(`${name}[${extra}]`) ?? []);
}

/** The lockfile the installer installs from (requirements.txt pins for pip), parsed; undefined when there is none. */
export function readProjectLock(dir: string, installer: Installer): LockFacts | undefined {
  if (installer === 'pip') {
    const req = readRequirements(dir);
    return req ? { file: 'requirements.txt', packages: parsePinnedRequirements(req.requirements) } : undefined;
  }
  return readLock(dir, LOCKFILE_OF[installer] as Exclude<LockFacts['file'], 'requirements.txt'>);
}

/** Runtime dependency names from every manifest present (not dev groups), their extras, and the lock's packages. */
export function dependencyNames(dir: string, project: PythonProject, lock?: LockFacts): string[] {
  const names = new Set<string>();
  const add = (r: string) => {
    const n = requirementName(r);
    if (n) names.add(n);
    for (const extra of extraProvides(r)) names.add(extra);
  };
  for (const r of readRequirements(dir)?.requirements ?? []) add(r);
  const pep621 = tomlGet(project.pyproject, 'project', 'dependencies');
  if (Array.isArray(pep621)) for (const d of pep621) if (typeof d === 'string') add(d);
  const poetry = tomlGet(project.pyproject, 'tool', 'poetry', 'dependencies');
  if (isTable(poetry)) {
    for (const [k, v] of Object.entries(poetry)) {
      if (k.toLowerCase() === 'python') continue;
      const extras = isTable(v) ? tomlGet(v, 'extras') : undefined;
      add(Array.isArray(extras) ? `${k}[${extras.filter((e) => typeof e === 'string').join(',')}]` : k);
    }
  }
  const pipfile = tomlGet(project.pipfile, 'packages');
  if (isTable(pipfile)) {
    for (const [k, v] of Object.entries(pipfile)) {
      const extras = isTable(v) ? tomlGet(v, 'extras') : undefined;
      add(Array.isArray(extras) ? `${k}[${extras.filter((e) => typeof e === 'string').join(',')}]` : k);
    }
  }
  for (const pkg of lock?.packages ?? []) names.add(pkg.name);
  names.delete('');
  return [...names];
}

// ---------------------------------------------------------------- framework and start command

export type Framework = 'django' | 'fastapi' | 'flask' | 'starlette' | 'none';

export interface AppEntry {
  framework: Framework;
  /** `module:attribute` for gunicorn/uvicorn, or the file / module to run with python. */
  target: string;
  /** The source file the entry was found in. */
  file: string;
  /** Folder to add to the module search path (src layout), or undefined. */
  pythonPath?: string;
  /** Django served through asgi.py (uvicorn) rather than wsgi.py. */
  asgi?: boolean;
  /** A console script of `[project.scripts]` (target is its name): the project itself must be installed. */
  script?: boolean;
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  const list = (rel: string) => {
    try {
      return fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const skip = new Set(['.venv', 'venv', 'env', 'node_modules', '.git', 'tests', 'test', '__pycache__', 'migrations', 'build', 'dist', 'docs']);
  const walk = (rel: string, depth: number) => {
    for (const entry of list(rel).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && depth < 2 && !skip.has(entry.name) && !entry.name.startsWith('.')) walk(child, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(child);
    }
  };
  walk('', 0);
  return out;
}

/** Module path of a file, with `src/` layout split off: `src/pkg/main.py` → pkg.main + src. */
function moduleOf(file: string): { module: string; pythonPath?: string } {
  let rel = file.replace(/\.py$/, '').replace(/\/__init__$/, '');
  let pythonPath: string | undefined;
  if (rel.startsWith('src/')) {
    pythonPath = 'src';
    rel = rel.slice(4);
  }
  return { module: rel.split('/').join('.'), pythonPath };
}

/** Files most likely to hold the app object, first. */
const ENTRY_NAMES = ['main.py', 'app.py', 'server.py', 'api.py', 'asgi.py', 'wsgi.py', 'application.py', '__init__.py'];
const rank = (file: string) => {
  const base = path.posix.basename(file);
  const i = ENTRY_NAMES.indexOf(base);
  return file.split('/').length * 20 + (i < 0 ? ENTRY_NAMES.length : i);
};

/** manage.py's DJANGO_SETTINGS_MODULE (`mysite.settings`), if it names one. */
export function djangoSettingsModule(dir: string): string | undefined {
  const manage = readSourceFile(dir, 'manage.py');
  return manage === undefined ? undefined : /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z0-9_.]{1,200})['"]/.exec(manage)?.[1];
}

/**
 * Django's project package: from manage.py's settings module, else the folder with wsgi.py.
 * Served through wsgi.py by gunicorn; through asgi.py by uvicorn when only uvicorn (no gunicorn)
 * is among the dependencies.
 */
export function findDjango(dir: string, deps: readonly string[] = []): AppEntry | undefined {
  if (!projectEntryExists(dir, 'manage.py')) return undefined;
  const settings = djangoSettingsModule(dir);
  const candidates: string[] = [];
  if (settings) candidates.push(settings.split('.').slice(0, -1).join('/'));
  for (const file of pyFiles(dir)) if (/^[^/]+\/(wsgi|asgi)\.py$/.test(file)) candidates.push(path.posix.dirname(file));
  const asgiFirst = deps.includes('uvicorn') && !deps.includes('gunicorn');
  for (const pkg of candidates) {
    if (!pkg) continue;
    const module = pkg.split('/').join('.');
    const kinds = asgiFirst ? ['asgi', 'wsgi'] : ['wsgi', 'asgi'];
    for (const kind of kinds) {
      if (exists(dir, `${pkg}/${kind}.py`))
        return { framework: 'django', target: `${module}.${kind}:application`, file: `${pkg}/${kind}.py`, ...(kind === 'asgi' ? { asgi: true } : {}) };
    }
  }
  return undefined;
}

/** What the build stage needs to know to run `manage.py collectstatic`. */
export interface DjangoStatic {
  /** The settings file read (`mysite/settings.py`). */
  settingsFile: string;
  /** STATIC_ROOT relative to the project (`staticfiles`), when it is a plain folder under BASE_DIR. */
  staticRoot: string | undefined;
  /** Environment variables the settings read SECRET_KEY from (`DJANGO_SECRET_KEY`). */
  secretKeyEnv: string[];
  /** whitenoise's middleware is in the settings (it serves the collected files). */
  whitenoise: boolean;
}

export function djangoStatic(dir: string, entry: AppEntry | undefined): DjangoStatic | undefined {
  if (entry?.framework !== 'django') return undefined;
  const module = djangoSettingsModule(dir) ?? `${entry.target.split(':')[0]!.split('.').slice(0, -1).join('.')}.settings`;
  const candidates = [`${module.split('.').join('/')}.py`, `${module.split('.').join('/')}/__init__.py`];
  const settingsFile = candidates.find((f) => exists(dir, f));
  if (!settingsFile) return undefined;
  const code = (readSourceFile(dir, settingsFile) ?? '').replace(/^\s*#.*$/gm, '');
  const root =
    /^STATIC_ROOT\s*=\s*(?:BASE_DIR\s*\/\s*|os\.path\.join\(\s*BASE_DIR\s*,\s*|str\(\s*BASE_DIR\s*\/\s*)['"]([A-Za-z0-9_][A-Za-z0-9_./-]{0,100})['"]/m.exec(
      code,
    )?.[1];
  const normal = root === undefined ? undefined : path.posix.normalize(root).replace(/\/$/, '');
  const staticRoot = normal !== undefined && normal !== '.' && !contextPathProblem(normal) ? normal : undefined;
  const secretLine = /^SECRET_KEY\s*=.*$/m.exec(code)?.[0] ?? '';
  const secretKeyEnv = [...secretLine.matchAll(/(?:environ(?:\.get)?|getenv|env(?:\.str)?)\s*[([]\s*['"]([A-Z_][A-Z0-9_]{0,63})['"]/g)].map((m) => m[1]!);
  return { settingsFile, staticRoot, secretKeyEnv: [...new Set(secretKeyEnv)], whitenoise: /whitenoise\.middleware\.WhiteNoiseMiddleware/.test(code) };
}

// ---------------------------------------------------------------- Procfile, gunicorn.conf.py

/** Wrappers a Procfile may put before the command; the virtualenv is on PATH in the image. */
const RUN_WRAPPERS: readonly string[][] = [
  ['poetry', 'run'],
  ['pipenv', 'run'],
  ['uv', 'run'],
  ['pdm', 'run'],
  ['python', '-m', 'poetry', 'run'],
];

/**
 * The `web:` process of a Procfile as argv (`$PORT`/`${PORT}` become the port), when it is a
 * plain command: shell operators, other variables or quotes make it undefined.
 */
export function procfileCommand(text: string, port: number): { argv: string[]; line: number } | undefined {
  const lines = text.slice(0, 64 * 1024).split(/\r?\n/);
  const index = lines.findIndex((l) => /^web\s*:/.test(l));
  if (index < 0) return undefined;
  let command = lines[index]!.replace(/^web\s*:\s*/, '').trim();
  command = command.replace(/\$\{PORT(?::-\d{1,5})?\}|\$PORT\b/g, String(port));
  if (command === '' || command.length > 1000 || /[;&|<>`$"'\\()]/.test(command)) return undefined;
  let argv = command.split(/\s+/);
  for (const wrapper of RUN_WRAPPERS) {
    if (wrapper.every((w, k) => argv[k] === w)) argv = argv.slice(wrapper.length);
  }
  return argv.length > 0 ? { argv, line: index + 1 } : undefined;
}

export interface GunicornConfig {
  /** `wsgi_app = "pkg.app:app"`. */
  wsgiApp: string | undefined;
  /** Port of `bind = "0.0.0.0:8000"` (or the first of a list). */
  port: number | undefined;
  /** `worker_class = "uvicorn.workers.UvicornWorker"` (an ASGI app). */
  uvicornWorker: boolean;
}

/** The settings of gunicorn.conf.py that decide the start command (gunicorn reads the file itself from /app). */
export function readGunicornConfig(dir: string): GunicornConfig | undefined {
  const code = readSourceFile(dir, 'gunicorn.conf.py');
  if (code === undefined) return undefined;
  const clean = code.replace(/^\s*#.*$/gm, '');
  const wsgiApp = /^wsgi_app\s*=\s*['"]([A-Za-z_][\w.]{0,200}:[A-Za-z_][\w]{0,100}(?:\(\))?)['"]/m.exec(clean)?.[1];
  const bind = /^bind\s*=\s*\[?\s*['"][^'"\n]*:(\d{2,5})['"]/m.exec(clean)?.[1];
  const port = bind !== undefined && Number(bind) > 0 && Number(bind) < 65536 ? Number(bind) : undefined;
  return { wsgiApp, port, uvicornWorker: /^worker_class\s*=\s*['"]uvicorn\.workers\.Uvicorn(H11)?Worker['"]/m.test(clean) };
}

const APP_PATTERNS: [Framework, RegExp][] = [
  ['fastapi', /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*(?:fastapi\.)?FastAPI\(/m],
  ['starlette', /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*(?:starlette\.applications\.)?Starlette\(/m],
  ['flask', /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_.]+\s*)?=\s*(?:flask\.)?Flask\(/m],
];

/** A module-level FastAPI/Starlette/Flask app object (or Flask's create_app factory). */
export function findAppObject(dir: string): AppEntry | undefined {
  const files = pyFiles(dir).sort((a, b) => rank(a) - rank(b));
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    if (!texts.has(file)) texts.set(file, readSourceFile(dir, file) ?? '');
    return texts.get(file)!;
  };
  for (const [framework, pattern] of APP_PATTERNS) {
    for (const file of files) {
      const text = textOf(file);
      const m = pattern.exec(text);
      const { module, pythonPath } = moduleOf(file);
      if (m) return { framework, target: `${module}:${m[1]}`, file, pythonPath };
      if (framework === 'flask' && /\bfrom\s+flask\s+import\b[^\n]*\bFlask\b/.test(text) && /^def create_app\(/m.test(text)) {
        return { framework, target: `${module}:create_app()`, file, pythonPath };
      }
    }
  }
  return undefined;
}

/** A plain script or package run with python (`python server.py`, `python -m app`). */
export function findScript(dir: string, project: PythonProject): AppEntry | undefined {
  for (const file of ['main.py', 'app.py', 'server.py', 'run.py', 'wsgi.py']) {
    if (exists(dir, file)) return { framework: 'none', target: file, file };
  }
  const name = str(tomlGet(project.pyproject, 'project', 'name')) ?? str(tomlGet(project.pyproject, 'tool', 'poetry', 'name'));
  const packages = pyFiles(dir).filter((f) => /(^|\/)__main__\.py$/.test(f) && f.split('/').length <= 3);
  const preferred = name ? packages.find((f) => f.includes(`${name.replace(/-/g, '_')}/__main__.py`)) : undefined;
  const main = preferred ?? packages[0];
  if (main) {
    const { module, pythonPath } = moduleOf(path.posix.dirname(main) + '.py');
    return { framework: 'none', target: module, file: main, pythonPath };
  }
  return undefined;
}

// ---------------------------------------------------------------- [project.scripts]

/** A console script name (a file in the virtualenv's bin/) and its `module:function` target. */
const CONSOLE_SCRIPT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENTRY_POINT = /^\s*([A-Za-z_][\w]{0,100}(?:\.[A-Za-z_][\w]{0,100}){0,10})\s*:\s*[A-Za-z_][\w.]{0,100}\s*$/;
/** Script names that say "this starts the server" when a project has several. */
const SERVER_SCRIPTS = ['serve', 'server', 'start', 'web', 'api', 'run', 'app'];

/**
 * The project is built and installed as a package (so its console scripts land in the
 * virtualenv's bin/): it names a build backend, or sets `[tool.uv] package = true`;
 * `package = false` says it is never installed.
 */
export function isPackaged(project: PythonProject): boolean {
  const uvPackage = tomlGet(project.pyproject, 'tool', 'uv', 'package');
  if (uvPackage === true) return true;
  return uvPackage !== false && isTable(tomlGet(project.pyproject, 'build-system'));
}

/** `[project.scripts]` names with a well-formed `module:function` target, when the project is installed as a package. */
export function consoleScripts(project: PythonProject): { name: string; module: string }[] {
  const table = tomlGet(project.pyproject, 'project', 'scripts');
  if (!isTable(table) || !isPackaged(project)) return [];
  return Object.entries(table)
    .slice(0, 100)
    .flatMap(([name, target]) => {
      const m = typeof target === 'string' && CONSOLE_SCRIPT.test(name) ? ENTRY_POINT.exec(target) : null;
      return m ? [{ name, module: m[1]! }] : [];
    });
}

/**
 * A console script that starts the app: the only one, else the one named like a server
 * (`serve`, `start`, ...) or like the project. Its module's file (for the port) when found.
 */
export function findConsoleScript(dir: string, project: PythonProject): AppEntry | undefined {
  const scripts = consoleScripts(project);
  const projectName = str(tomlGet(project.pyproject, 'project', 'name'));
  const chosen =
    scripts.length === 1
      ? scripts[0]
      : (SERVER_SCRIPTS.map((n) => scripts.find((s) => s.name === n)).find((s) => s !== undefined) ?? scripts.find((s) => s.name === projectName));
  if (!chosen) return undefined;
  const base = chosen.module.split('.').join('/');
  const file = [`${base}.py`, `${base}/__init__.py`, `src/${base}.py`, `src/${base}/__init__.py`].find((f) => exists(dir, f)) ?? 'pyproject.toml';
  return { framework: 'none', target: chosen.name, file, script: true };
}

export function findEntry(dir: string, project: PythonProject, deps: readonly string[] = []): AppEntry | undefined {
  return findDjango(dir, deps) ?? findAppObject(dir) ?? findConsoleScript(dir, project) ?? findScript(dir, project);
}

/** The production command for an entry, bound to 0.0.0.0:port. */
export function startCommandFor(entry: AppEntry | undefined, port: number, deps: readonly string[]): string[] {
  if (!entry) return ['python', 'main.py'];
  const bind = `0.0.0.0:${port}`;
  const pathArgs = (flag: string) => (entry.pythonPath ? [flag, entry.pythonPath] : []);
  switch (entry.framework) {
    case 'django':
      if (entry.asgi) return ['uvicorn', entry.target, '--host', '0.0.0.0', '--port', String(port)];
      return ['gunicorn', entry.target, '--bind', bind, ...pathArgs('--pythonpath')];
    case 'flask':
      return ['gunicorn', entry.target, '--bind', bind, ...pathArgs('--pythonpath')];
    case 'fastapi':
    case 'starlette':
      if (deps.includes('gunicorn'))
        return ['gunicorn', entry.target, '--worker-class', 'uvicorn.workers.UvicornWorker', '--bind', bind, ...pathArgs('--pythonpath')];
      return ['uvicorn', entry.target, '--host', '0.0.0.0', '--port', String(port), ...pathArgs('--app-dir')];
    case 'none':
      // A console script is on PATH: the virtualenv's bin/ comes first.
      if (entry.script) return [entry.target];
      return entry.file.endsWith('__main__.py') ? ['python', '-m', entry.target] : ['python', entry.target];
  }
}

/** The server a framework command needs among the dependencies, or undefined. */
export function missingServer(argv: readonly string[], deps: readonly string[]): string | undefined {
  const program = path.posix.basename(argv[0] ?? '');
  if ((program === 'gunicorn' || program === 'uvicorn') && !deps.includes(program)) return program;
  if (argv.includes('uvicorn.workers.UvicornWorker') && !deps.includes('uvicorn')) return 'uvicorn';
  return undefined;
}

const DEV_COMMANDS: [RegExp, string][] = [
  [
    /^(python3?(\.\d+)?|.*\/python3?(\.\d+)?)\s+(\S*\/)?manage\.py\s+runserver\b/,
    "Django's runserver is a development server; use gunicorn <project>.wsgi:application --bind 0.0.0.0:PORT",
  ],
  [/^flask\s+run\b|^python3?\s+-m\s+flask\s+run\b/, '"flask run" is a development server; use gunicorn <module>:app --bind 0.0.0.0:PORT'],
  [/^(fastapi|python3?\s+-m\s+fastapi)\s+dev\b/, '"fastapi dev" is a development server; use uvicorn <module>:app --host 0.0.0.0 --port PORT (or fastapi run)'],
  [/\s--reload\b/, '--reload watches files for development; drop it'],
  [/^(uvicorn|gunicorn|hypercorn)\b.*\s(--debug)\b/, '--debug is for development; drop it'],
];
const WRAPPERS = new Set(['poetry', 'pipenv', 'uv', 'uvx', 'pdm', 'hatch', 'rye', 'pip', 'pip3', 'pipx']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);

/** Why argv cannot be the production CMD, or undefined when it can. */
export function startCommandProblem(argv: readonly string[]): string | undefined {
  const program = path.posix.basename(argv[0] ?? '');
  if (WRAPPERS.has(program)) {
    return `must start the app directly (e.g. "gunicorn app:app --bind 0.0.0.0:8000" or "python server.py"), not through ${program}: the virtualenv is on PATH, and a wrapper does not pass SIGTERM on to the app (nor is ${program} in the runtime image)`;
  }
  if (SHELLS.has(program)) {
    return 'must start the app directly (e.g. "python server.py"), not through a shell: the shell would receive SIGTERM instead of the app';
  }
  const line = argv.join(' ');
  for (const [pattern, why] of DEV_COMMANDS) if (pattern.test(line)) return `must be a production command; ${why}`;
  return undefined;
}

// ---------------------------------------------------------------- port

/** The port a Python source listens on: `os.environ.get("PORT", "8080")`, `port=8080`, `("", 8080)`. */
const PORT_PATTERNS = [
  /os\.(?:environ\.get|getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})/,
  /\bPORT\s*=\s*(?:int\()?\s*(\d{4,5})\b/,
  /\(\s*['"](?:0\.0\.0\.0|127\.0\.0\.1|localhost)?['"]\s*,\s*(\d{2,5})\s*\)/,
  /\bport\s*=\s*(\d{4,5})\b/,
];

export function portInSource(source: string): number | undefined {
  return firstPortMatchAt(source, PORT_PATTERNS)?.port;
}

/** Framework apps are served by gunicorn/uvicorn on a port we choose; scripts pick their own. */
export function detectPort(dir: string, entry: AppEntry | undefined): Detected<number> {
  if (entry && entry.framework === 'none' && entry.file.endsWith('.py')) {
    const found = firstPortMatchAt(readSourceFile(dir, entry.file) ?? '', PORT_PATTERNS);
    if (found !== undefined) return detectedFrom(found.port, entry.file, { file: entry.file, line: found.line });
  }
  return { value: DEFAULT_PORT, source: entry && entry.framework !== 'none' ? `default (${entry.framework} served by gunicorn/uvicorn)` : 'default' };
}

/** The port a start command binds (`--bind 0.0.0.0:8000`, `--port 8000`, `-b :8000`), if any. */
export function commandPort(argv: readonly string[]): number | undefined {
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const next = argv[k + 1];
    const bind = /^(?:--bind|-b)(?:=(.*))?$/.exec(a);
    const value = bind ? (bind[1] ?? next) : /^--port(?:=(.*))?$/.test(a) ? (a.split('=')[1] ?? next) : undefined;
    if (value === undefined) continue;
    const m = /(?:^|:)(\d{2,5})$/.exec(value);
    if (m) return Number(m[1]);
  }
  return undefined;
}
