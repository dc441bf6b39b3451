import assert from 'node:assert/strict';
import {
  hasWheelFor,
  isCompiled,
  minorForWheels,
  parsePinnedRequirements,
  parsePipfileLock,
  parsePoetryOrPdmLock,
  parseUvLock,
  readLock,
  wheelTags,
  type LockedPackage,
} from '../../generators/stacks/python/locks.js';
import { nativeNeeds } from '../../generators/stacks/python/native.js';
import {
  declaredPythonVersion,
  detectPythonVersion,
  djangoStatic,
  extraProvides,
  dependencyNames,
  findEntry,
  minorPreference,
  procfileCommand,
  readGunicornConfig,
  readProject,
  readProjectLock,
  unsupportedLayout,
} from '../../generators/stacks/python/detect.js';
import { parseToml } from '../../generators/stacks/python/toml.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { pythonProfile, type PythonDockerfileFacts } from '../../generators/stacks/python/profile.js';
import { makeProject } from '../support/project.js';

const pkg = (name: string, version: string, wheels: string[] | undefined): LockedPackage => ({ name, version, wheels });

/** greenlet 3.0.1 as locked: wheels for CPython 3.7–3.12 only (no 3.13), and an sdist. */
const GREENLET_301 = pkg('greenlet', '3.0.1', [
  'greenlet-3.0.1-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl',
  'greenlet-3.0.1-cp312-cp312-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl',
  'greenlet-3.0.1-cp312-cp312-win_amd64.whl',
]);

const UV_LOCK = `version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "uvicorn" }, { name = "Greenlet" }]

[[package]]
name = "uvicorn"
version = "0.32.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.pythonhosted.org/packages/aa/bb/uvicorn-0.32.0-py3-none-any.whl", hash = "sha256:00" }]

[[package]]
name = "Greenlet"
version = "3.0.1"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/greenlet-3.0.1.tar.gz" }
wheels = [
  { url = "https://files.pythonhosted.org/packages/x/greenlet-3.0.1-cp312-cp312-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl" },
  { url = "https://files.pythonhosted.org/packages/x/greenlet-3.0.1-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl" },
]
`;

describe('Python lockfiles', () => {
  describe('wheel tags', () => {
    it('reads pure, compiled, abi3 and musl wheels', () => {
      assert.deepEqual(wheelTags('flask-3.1.0-py3-none-any.whl'), { pure: true, linux: false, minors: [], minAbi3: undefined });
      assert.deepEqual(wheelTags('pydantic_core-2.27.1-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')?.minors, [13]);
      assert.equal(wheelTags('cryptography-44.0.0-cp39-abi3-manylinux_2_28_x86_64.whl')?.minAbi3, 9);
      assert.equal(wheelTags('x-1.0-cp313-cp313-musllinux_1_2_x86_64.whl')?.linux, false);
      assert.deepEqual(wheelTags('x-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl')?.minors, [], 'free-threaded builds do not count');
      assert.equal(wheelTags('x-1.0-1-cp312-cp312-linux_x86_64.whl')?.minors[0], 12, 'build tag');
      assert.equal(wheelTags('not-a-wheel.tar.gz'), undefined);
      assert.equal(wheelTags('a-b.whl'), undefined);
    });

    it('has a wheel for a minor when a Linux wheel, an abi3 wheel or a pure wheel covers it', () => {
      assert.equal(hasWheelFor(GREENLET_301, 12), true);
      assert.equal(hasWheelFor(GREENLET_301, 13), false);
      assert.equal(hasWheelFor(pkg('c', '1', ['c-1-cp39-abi3-manylinux_2_28_x86_64.whl']), 14), true);
      assert.equal(hasWheelFor(pkg('c', '1', ['c-1-cp39-abi3-manylinux_2_28_x86_64.whl']), 8), false);
      assert.equal(hasWheelFor(pkg('p', '1', ['p-1-py3-none-any.whl']), 14), true);
      assert.equal(hasWheelFor(pkg('p', '1', undefined), 13), undefined, 'hash-only locks say nothing');
      assert.equal(isCompiled(GREENLET_301), true);
      assert.equal(isCompiled(pkg('m', '1', ['m-1-cp313-cp313-manylinux_2_17_x86_64.whl', 'm-1-py3-none-any.whl'])), false, 'a pure fallback wheel');
      assert.equal(
        isCompiled(pkg('psycopg2', '2.9.10', ['psycopg2-2.9.10-cp313-cp313-win_amd64.whl'])),
        false,
        'Windows wheels only: nothing for Linux to match',
      );
    });

    it('picks the first preferred minor every compiled package has a wheel for, and names the package that decided', () => {
      const uvicorn = pkg('uvicorn', '0.32.0', ['uvicorn-0.32.0-py3-none-any.whl']);
      assert.deepEqual(minorForWheels([GREENLET_301, uvicorn], ['3.13', '3.12', '3.11']), {
        minor: '3.12',
        decidedBy: 'greenlet 3.0.1 has no Python 3.13 wheel',
      });
      assert.deepEqual(minorForWheels([GREENLET_301], ['3.12', '3.11']), { minor: '3.12', decidedBy: undefined });
      assert.equal(minorForWheels([uvicorn], ['3.13']), undefined, 'nothing compiled: the lock does not decide');
      assert.equal(minorForWheels([GREENLET_301], ['3.13', '3.14']), undefined, 'no allowed minor has wheels');
    });

    it('orders minors: the declared one, older ones down from it, then newer ones, within the range', () => {
      assert.deepEqual(minorPreference('3.13', undefined).slice(0, 4), ['3.13', '3.12', '3.11', '3.10']);
      assert.deepEqual(minorPreference('3.13', '>=3.12'), ['3.13', '3.12', '3.14']);
    });
  });

  describe('parsers', () => {
    it('uv.lock: packages with wheel file names, the project itself skipped, names normalised', () => {
      const packages = parseUvLock(
        parseToml(
          UV_LOCK.replace('dependencies = [{ name = "fastapi", extra = ["standard"] }]', 'dependencies = [{ name = "uvicorn" }, { name = "greenlet" }]'),
        ),
      );
      assert.deepEqual(
        packages.map((p) => p.name),
        ['uvicorn', 'greenlet'],
      );
      assert.equal(packages[1]!.wheels!.length, 2);
    });

    it('uv.lock: only what uv sync --no-dev installs (dependencies and the extras asked for, no dev group)', () => {
      const lock = `[[package]]
name = "app"
version = "1"
source = { virtual = "." }
dependencies = [{ name = "fastapi", extra = ["standard"] }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "fastapi"
version = "1"
dependencies = [{ name = "starlette" }]

[package.optional-dependencies]
standard = [{ name = "uvicorn", extra = ["standard"] }]
all = [{ name = "orjson" }]

[[package]]
name = "uvicorn"
version = "1"

[package.optional-dependencies]
standard = [{ name = "uvloop" }]

[[package]]
name = "starlette"
version = "1"

[[package]]
name = "uvloop"
version = "1"

[[package]]
name = "orjson"
version = "1"

[[package]]
name = "pytest"
version = "1"
`;
      assert.deepEqual(
        parseUvLock(parseToml(lock))
          .map((p) => p.name)
          .sort(),
        ['fastapi', 'starlette', 'uvicorn', 'uvloop'],
      );
    });

    it('poetry.lock and pdm.lock: only the main/default group', () => {
      const poetry = parseToml(`[[package]]
name = "django"
version = "5.1.4"
groups = ["main"]
files = [{file = "django-5.1.4-py3-none-any.whl", hash = "sha256:0"}]

[[package]]
name = "pytest"
version = "8.0.0"
groups = ["dev"]
files = []

[[package]]
name = "black"
version = "24.1.0"
category = "dev"
`);
      assert.deepEqual(
        parsePoetryOrPdmLock(poetry, 'main').map((p) => p.name),
        ['django'],
      );
      const pdm = parseToml(
        '[[package]]\nname = "starlette"\nversion = "0.41.3"\ngroups = ["default"]\nfiles = [{file = "starlette-0.41.3-py3-none-any.whl", hash = "sha256:0"}]\n',
      );
      assert.deepEqual(
        parsePoetryOrPdmLock(pdm, 'default').map((p) => [p.name, p.version]),
        [['starlette', '0.41.3']],
      );
    });

    it('Pipfile.lock: the default section, no wheel names; requirements.txt pins', () => {
      const packages = parsePipfileLock({
        _meta: {},
        default: { Flask: { version: '==3.1.0', hashes: [] }, gunicorn: { version: '==23.0.0' } },
        develop: { pytest: {} },
      });
      assert.deepEqual(packages, [pkg('flask', '3.1.0', undefined), pkg('gunicorn', '23.0.0', undefined)]);
      assert.deepEqual(
        parsePinnedRequirements(['flask==3.1.0 --hash=sha256:00', 'uvicorn[standard]==0.32.0', '-r base.txt', 'django>=5']).map((p) => p.name),
        ['flask', 'uvicorn'],
      );
    });

    it('hostile input: __proto__ tables and keys, odd versions and names, non-objects', () => {
      const doc = parseToml(
        '[__proto__]\npolluted = true\n\n[[package]]\nname = "__proto__"\nversion = "1"\n\n[[package]]\nname = "evil"\nversion = "1\\n# injected"\n\n[[package]]\nname = "ok"\nversion = "1.0"\n',
      );
      const packages = parseUvLock(doc);
      assert.deepEqual(
        packages.map((p) => [p.name, p.version]),
        [
          ['evil', ''],
          ['ok', '1.0'],
        ],
        'names that are not distribution names are skipped, versions with line breaks dropped',
      );
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      const fromJson = parsePipfileLock(JSON.parse('{"default": {"__proto__": {"version": "==1"}, "constructor": {"version": "==2"}, "bad name!": {}}}'));
      assert.deepEqual(
        fromJson.map((p) => p.name),
        ['constructor'],
      );
      assert.throws(() => parsePipfileLock([]), /not a JSON object/);
      assert.throws(() => parsePipfileLock({ default: 'x' }), /"default" is not an object/);
      assert.deepEqual(parseUvLock(parseToml('package = "not a list"')), []);
    });

    it('hostile input: malformed and huge lockfiles stop with the file named', () => {
      const bad = makeProject({ 'uv.lock': '[[package]\nname = ' });
      assert.throws(
        () => readLock(bad, 'uv.lock'),
        (e: Error) => e instanceof ProjectError && /uv\.lock is not a valid lockfile/.test(e.message),
      );
      const badJson = makeProject({ 'Pipfile.lock': '{"default": ' });
      assert.throws(
        () => readLock(badJson, 'Pipfile.lock'),
        (e: Error) => e instanceof ProjectError && /Pipfile\.lock is not a valid lockfile/.test(e.message),
      );
      const huge = makeProject({ 'poetry.lock': `# ${'x'.repeat(17 * 1024 * 1024)}\n` });
      assert.throws(
        () => readLock(huge, 'poetry.lock'),
        (e: Error) => e instanceof ProjectError && /poetry\.lock could not be read/.test(e.message) && /--runtime-version/.test(e.message),
      );
      const many = makeProject({ 'uv.lock': Array.from({ length: 6000 }, (_, k) => `[[package]]\nname = "p${k}"\nversion = "1"\n`).join('\n') });
      assert.equal(readLock(many, 'uv.lock')!.packages.length, 5000);
      assert.equal(readLock(makeProject({}), 'uv.lock'), undefined);
    });
  });

  describe('Python version from the lock', () => {
    it('a range is narrowed to what the compiled wheels allow; the summary names the package', () => {
      const dir = makeProject({ 'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.10"\n', 'uv.lock': UV_LOCK });
      const project = readProject(dir);
      const lock = readProjectLock(dir, 'uv');
      const version = detectPythonVersion(dir, project, lock);
      assert.equal(version.value, '3.12');
      assert.match(version.source, /uv\.lock \(greenlet 3\.0\.1 has no Python 3\.13 wheel/);
    });

    it('.python-version wins over the lock; without compiled packages the declared version stays', () => {
      const pinned = makeProject({ '.python-version': '3.13\n', 'uv.lock': UV_LOCK, 'pyproject.toml': '[project]\nname = "a"\n' });
      assert.equal(detectPythonVersion(pinned, readProject(pinned), readProjectLock(pinned, 'uv')).value, '3.13');
      assert.equal(declaredPythonVersion(pinned, readProject(pinned)).pinned, true);
      const pure = makeProject({
        'pyproject.toml': '[project]\nname = "a"\nrequires-python = ">=3.11"\n',
        'uv.lock': '[[package]]\nname = "flask"\nversion = "3"\nwheels = [{ url = "flask-3-py3-none-any.whl" }]\n',
      });
      assert.match(detectPythonVersion(pure, readProject(pure), readProjectLock(pure, 'uv')).source, /requires-python/);
    });

    it('the profile warns about compiled packages without a wheel for the chosen version', () => {
      const dir = makeProject({
        '.python-version': '3.13\n',
        'uv.lock': UV_LOCK,
        'pyproject.toml': '[project]\nname = "a"\ndependencies = ["greenlet"]\n',
        'main.py': 'print(1)\n',
      });
      const { warnings } = pythonProfile.detect(dir, {});
      assert.ok(
        warnings.some((w) => /uv\.lock: greenlet 3\.0\.1 has no wheel for Python 3\.13/.test(w) && /--runtime-version/.test(w)),
        warnings.join('\n'),
      );
    });
  });

  describe('native packages', () => {
    it('psycopg2 (never a Linux wheel) gets its compiler, headers and libpq5, hash-only locks too', () => {
      const needs = nativeNeeds([pkg('psycopg2', '2.9.10', ['psycopg2-2.9.10-cp313-cp313-win_amd64.whl']), pkg('flask', '3', [])], '3.13');
      assert.deepEqual(needs, { buildDeps: ['gcc=4:14.*', 'libc6-dev=2.41-*', 'libpq-dev=17.*'], runtimeLibs: ['libpq5=17.*'], packages: ['psycopg2 2.9.10'] });
      assert.deepEqual(nativeNeeds([pkg('psycopg2', '2.9.10', undefined)], '3.13')?.runtimeLibs, ['libpq5=17.*']);
    });

    it('packages with a wheel for the chosen version need nothing', () => {
      assert.equal(nativeNeeds([pkg('lxml', '5.3.0', ['lxml-5.3.0-cp313-cp313-manylinux_2_28_x86_64.whl'])], '3.13'), undefined);
      assert.deepEqual(nativeNeeds([pkg('lxml', '5.3.0', ['lxml-5.3.0-cp312-cp312-manylinux_2_28_x86_64.whl'])], '3.13')?.runtimeLibs, [
        'libxml2=2.12.*',
        'libxslt1.1=1.1.*',
      ]);
      assert.equal(nativeNeeds([pkg('lxml', '5.3.0', undefined)], '3.13'), undefined, 'hash-only lock, wheels published: assume a wheel');
      assert.equal(nativeNeeds([pkg('psycopg2-binary', '2.9.10', undefined)], '3.13'), undefined);
    });
  });

  describe('layouts the Dockerfile cannot build', () => {
    it('a uv workspace root is no longer refused: without an app member the detected member is empty (--yes then stops naming --workspace-member)', () => {
      const dir = makeProject({
        'pyproject.toml': '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["backend", "packages/*"]\n',
        'uv.lock': '',
        'backend/pyproject.toml': '[project]\nname = "backend"\n',
      });
      const detected = pythonProfile.detect(dir, {});
      assert.equal(detected.stackDefaults?.workspaceMember?.value, '');
      assert.match(detected.stackDefaults!.workspaceMember!.source, /no member holds an app \(read: backend\)/);
    });

    it('an app folder whose lockfile is in the parent folder stops, naming ../uv.lock', () => {
      const root = makeProject({
        'uv.lock': '',
        'pyproject.toml': '[project]\nname = "root"\n',
        'api/pyproject.toml': '[project]\nname = "api"\n',
        'api/main.py': 'print(1)\n',
      });
      assert.throws(
        () => pythonProfile.detect(`${root}/api`, {}),
        (e: Error) => e instanceof ProjectError && /\.\.\/uv\.lock, outside this folder/.test(e.message) && /declares no uv workspace/.test(e.message),
      );
      assert.equal(unsupportedLayout(root, readProject(root)), undefined);
    });
  });

  describe('dependencies and entries', () => {
    it('extras bring their packages in: fastapi[standard] provides uvicorn', () => {
      assert.deepEqual(extraProvides('fastapi[standard]>=0.115'), ['uvicorn', 'fastapi-cli']);
      assert.deepEqual(extraProvides('FastAPI[ all , standard ]'), ['uvicorn', 'uvicorn', 'fastapi-cli']);
      assert.deepEqual(extraProvides('flask'), []);
      const dir = makeProject({
        'pyproject.toml': '[project]\nname = "a"\ndependencies = ["fastapi[standard]>=0.115"]\n',
        'app/__init__.py': '',
        'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      });
      assert.ok(dependencyNames(dir, readProject(dir)).includes('uvicorn'));
      const { warnings, defaults } = pythonProfile.detect(dir, {});
      assert.deepEqual(defaults.startCommand!.value, ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8000']);
      assert.ok(!warnings.some((w) => /uvicorn, which is not among the dependencies/.test(w)), warnings.join('\n'));
    });

    it('Poetry and Pipfile extras tables are followed too', () => {
      const dir = makeProject({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = { version = "^0.115", extras = ["standard"] }\n' });
      assert.ok(dependencyNames(dir, readProject(dir)).includes('uvicorn'));
    });

    it('Procfile: the web command as argv, $PORT filled in, wrappers dropped, shell syntax refused', () => {
      assert.deepEqual(procfileCommand('release: python manage.py migrate\nweb: gunicorn app:app --bind 0.0.0.0:$PORT\n', 8000), {
        argv: ['gunicorn', 'app:app', '--bind', '0.0.0.0:8000'],
        line: 2,
      });
      assert.deepEqual(procfileCommand('web: poetry run uvicorn main:app --port ${PORT:-5000}', 9000)?.argv, ['uvicorn', 'main:app', '--port', '9000']);
      assert.equal(procfileCommand('web: cd src && gunicorn app:app', 8000), undefined);
      assert.equal(procfileCommand('web: gunicorn "app:create_app()"', 8000), undefined);
      assert.equal(procfileCommand('worker: celery -A app worker', 8000), undefined);
    });

    it('Procfile in the profile: used when it is a production command, otherwise a warning', () => {
      const good = makeProject({
        'requirements.txt': 'gunicorn==23.0.0\nflask==3.1.0\n',
        Procfile: 'web: gunicorn app:app -b 0.0.0.0:$PORT\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      });
      const detected = pythonProfile.detect(good, {});
      assert.deepEqual(detected.defaults.startCommand!.value, ['gunicorn', 'app:app', '-b', '0.0.0.0:8000']);
      assert.match(detected.defaults.startCommand!.source, /Procfile line 1/);
      const dev = makeProject({
        'requirements.txt': 'flask==3.1.0\n',
        Procfile: 'web: flask run\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      });
      const devDetected = pythonProfile.detect(dev, {});
      assert.equal(devDetected.defaults.startCommand!.value[0], 'gunicorn');
      assert.ok(devDetected.warnings.some((w) => /Procfile's web command is not used/.test(w)));
    });

    it('gunicorn.conf.py: wsgi_app, bind port and uvicorn workers', () => {
      const dir = makeProject({
        'gunicorn.conf.py':
          '# bind = "0.0.0.0:1"\nbind = ["0.0.0.0:8080"]\nwsgi_app = "svc.app:create_app()"\nworker_class = "uvicorn.workers.UvicornWorker"\n',
      });
      assert.deepEqual(readGunicornConfig(dir), { wsgiApp: 'svc.app:create_app()', port: 8080, uvicornWorker: true });
      assert.equal(readGunicornConfig(makeProject({ 'gunicorn.conf.py': 'bind = "0.0.0.0:99999"\n' }))!.port, undefined);
      const app = makeProject({ 'requirements.txt': 'gunicorn==23.0.0\n', 'gunicorn.conf.py': 'wsgi_app = "svc:app"\nbind = "0.0.0.0:7000"\n' });
      const detected = pythonProfile.detect(app, {});
      assert.deepEqual(detected.defaults.startCommand!.value, ['gunicorn', '--bind', '0.0.0.0:7000']);
      assert.equal(detected.defaults.port!.value, 7000);
    });

    it('Django: settings from manage.py, asgi.py when only uvicorn serves, STATIC_ROOT and the SECRET_KEY variable', () => {
      const files = {
        'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'conf.settings')\n",
        'conf/__init__.py': '',
        'conf/settings.py':
          "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nMIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\n# STATIC_ROOT = '/nope'\nSTATIC_ROOT = BASE_DIR / 'static_collected'\n",
        'conf/wsgi.py': 'application = None\n',
        'conf/asgi.py': 'application = None\n',
      };
      const dir = makeProject(files);
      assert.equal(findEntry(dir, readProject(dir), ['django', 'gunicorn'])!.target, 'conf.wsgi:application');
      const asgi = findEntry(dir, readProject(dir), ['django', 'uvicorn'])!;
      assert.equal(asgi.target, 'conf.asgi:application');
      assert.deepEqual(djangoStatic(dir, asgi), {
        settingsFile: 'conf/settings.py',
        staticRoot: 'static_collected',
        secretKeyEnv: ['DJANGO_SECRET_KEY'],
        whitenoise: true,
      });
      const outside = makeProject({ ...files, 'conf/settings.py': "STATIC_ROOT = BASE_DIR / '../x'\n" });
      assert.equal(djangoStatic(outside, findEntry(outside, readProject(outside)))!.staticRoot, undefined);
    });

    it('Django in the plan: collectstatic in the builder with placeholders only, STATIC_ROOT copied', () => {
      const dir = makeProject({
        'requirements.txt': 'django==5.1.4 --hash=sha256:00\ngunicorn==23.0.0 --hash=sha256:00\nwhitenoise==6.8.2 --hash=sha256:00\n',
        'manage.py': "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n",
        'site1/settings.py':
          "SECRET_KEY = os.getenv('APP_SECRET')\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\nMIDDLEWARE = ['whitenoise.middleware.WhiteNoiseMiddleware']\n",
        'site1/wsgi.py': '',
      });
      const ctx = pythonProfile.plan(
        {
          packageManager: 'pip',
          runtimeVersion: '3.13',
          port: 8000,
          healthPath: '/',
          healthAnyStatus: false,
          startCommand: ['gunicorn', 'site1.wsgi:application'],
          buildCommand: [],
          serviceName: 's',
          stack: { netrcSecret: 'no' },
        } as never,
        dir,
      );
      const df = ctx.dockerfile as PythonDockerfileFacts;
      assert.equal(df.collectstatic?.staticRoot, 'staticfiles');
      const random = `"$(python -c 'import secrets; print(secrets.token_hex(32))')"`;
      assert.equal(df.collectstatic?.run, `SECRET_KEY=${random} APP_SECRET=${random} python manage.py collectstatic --noinput`);
      assert.ok(
        ctx.dockerignore.some((entry) => entry.patterns.includes('staticfiles')),
        'the collected folder is not sent from the host',
      );
    });
  });
});
