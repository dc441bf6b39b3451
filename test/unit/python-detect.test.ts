import assert from 'node:assert/strict';
import {
  commandPort,
  dependencyNames,
  detectInstaller,
  detectPort,
  detectPythonVersion,
  findEntry,
  minorSatisfies,
  parseVersionFile,
  pickPythonMinor,
  portInSource,
  PYTHON_DEFAULT_MINOR,
  readProject,
  readRequirements,
  requirementName,
  startCommandFor,
  startCommandProblem,
} from '../../generators/stacks/python/detect.js';
import { parseToml, TomlError, tomlGet } from '../../generators/stacks/python/toml.js';
import { copyArguments, installPlan, pythonHealthProbe, pythonProfile } from '../../generators/stacks/python/profile.js';
import { contextPath } from '../../generators/lib/quote.js';
import { ProjectError } from '../../generators/lib/errors.js';
import { makeProject } from '../support/project.js';

const detectVersion = (files: Record<string, string>) => {
  const dir = makeProject(files);
  return detectPythonVersion(dir, readProject(dir));
};
const installer = (files: Record<string, string>) => {
  const dir = makeProject(files);
  return detectInstaller(dir, readProject(dir));
};
const entryOf = (files: Record<string, string>) => {
  const dir = makeProject(files);
  return findEntry(dir, readProject(dir));
};

describe('Python detection', () => {
  describe('TOML reader', () => {
    it('reads tables, dotted keys, arrays over lines, inline tables and strings', () => {
      const t = parseToml(
        [
          '# comment',
          '[project]',
          'name = "svc" # trailing',
          'description = \'say "hi"\'',
          'dependencies = [',
          '  "flask>=3",  # web',
          "  'gunicorn',",
          ']',
          'urls.home = "https://x"',
          '[tool.poetry.dependencies]',
          'python = "^3.11"',
          'flask = { version = "^3", extras = ["async"] }',
          '[[tool.x.y]]',
          'a = 1',
          '[[tool.x.y]]',
          'a = 2',
          'doc = """',
          'multi "line"',
          '"""',
        ].join('\n'),
      );
      const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
      assert.deepEqual(plain(t.project), { name: 'svc', description: 'say "hi"', dependencies: ['flask>=3', 'gunicorn'], urls: { home: 'https://x' } });
      assert.deepEqual(plain(tomlGet(t, 'tool', 'poetry', 'dependencies')), { python: '^3.11', flask: { version: '^3', extras: ['async'] } });
      assert.deepEqual(plain(tomlGet(t, 'tool', 'x', 'y')), [{ a: 1 }, { a: 2, doc: 'multi "line"\n' }]);
    });

    it('rejects unreadable text, and the stack reports it as a project error naming the file', () => {
      assert.throws(() => parseToml('[project\nname = 1'), TomlError);
      assert.throws(() => parseToml('name = "open'), TomlError);
      const dir = makeProject({ 'pyproject.toml': '[project]\nname = = 2\n' });
      assert.throws(
        () => readProject(dir),
        (e: unknown) => e instanceof ProjectError && /pyproject\.toml is not valid TOML/.test(e.message),
      );
    });
  });

  describe('runtime version', () => {
    it('judges PEP 440 and Poetry specifiers per minor', () => {
      assert.equal(minorSatisfies('>=3.10', '3.13'), true);
      assert.equal(minorSatisfies('>=3.9,<3.12', '3.12'), false);
      assert.equal(minorSatisfies('>=3.9,<3.12', '3.11'), true);
      assert.equal(minorSatisfies('~=3.11', '3.13'), true);
      assert.equal(minorSatisfies('~=3.11.2', '3.12'), false);
      assert.equal(minorSatisfies('==3.11.*', '3.11'), true);
      assert.equal(minorSatisfies('==3.11.*', '3.12'), false);
      assert.equal(minorSatisfies('!=3.12.*', '3.12'), false);
      assert.equal(minorSatisfies('^3.10', '3.13'), true);
      assert.equal(minorSatisfies('~3.10', '3.11'), false);
      assert.equal(minorSatisfies('3.10', '3.10'), true);
      assert.equal(minorSatisfies('>=3.10.4, <3.11', '3.10'), true, 'a late patch of 3.10 satisfies');
      assert.equal(minorSatisfies('3.9 || 3.10', '3.10'), true);
      assert.equal(minorSatisfies('>3.11', '3.11'), true, '3.11.1 is > 3.11');
    });

    it('picks the default minor when allowed, else the newest allowed', () => {
      assert.equal(pickPythonMinor('>=3.10'), PYTHON_DEFAULT_MINOR);
      assert.equal(pickPythonMinor('>=3.9,<3.12'), '3.11');
      assert.equal(pickPythonMinor('==3.10.*'), '3.10');
      assert.equal(pickPythonMinor('^3.11'), PYTHON_DEFAULT_MINOR);
      assert.equal(pickPythonMinor('<3'), undefined);
    });

    it('reads .python-version and runtime.txt forms', () => {
      assert.equal(parseVersionFile('3.12.1\n'), '3.12');
      assert.equal(parseVersionFile('# pinned\n3.11'), '3.11');
      assert.equal(parseVersionFile('python-3.10.13'), '3.10');
      assert.equal(parseVersionFile('3.13.0rc2'), '3.13');
      assert.equal(parseVersionFile('pypy3.10'), undefined);
      assert.equal(parseVersionFile('system'), undefined);
    });

    it('prefers .python-version, then runtime.txt, requires-python, Poetry, Pipfile, then the default', () => {
      assert.deepEqual(
        detectVersion({ '.python-version': '3.12.4', 'runtime.txt': 'python-3.10.1', 'pyproject.toml': '[project]\nrequires-python = "<3.12"\n' }),
        { value: '3.12', source: '.python-version' },
      );
      assert.equal(detectVersion({ 'runtime.txt': 'python-3.10.1', 'pyproject.toml': '[project]\nrequires-python = "<3.12"\n' }).value, '3.10');
      assert.deepEqual(detectVersion({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9,<3.12"\n' }), {
        value: '3.11',
        source: 'pyproject.toml "project.requires-python" (>=3.9,<3.12)',
      });
      assert.equal(detectVersion({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "~3.10"\n' }).value, '3.10');
      assert.equal(detectVersion({ Pipfile: '[requires]\npython_version = "3.9"\n' }).value, '3.9');
      assert.deepEqual(detectVersion({ 'requirements.txt': '' }), { value: PYTHON_DEFAULT_MINOR, source: `default (Python ${PYTHON_DEFAULT_MINOR})` });
    });

    it('validates --runtime-version', () => {
      assert.equal(pythonProfile.checkRuntimeVersion('3.12'), undefined);
      assert.equal(pythonProfile.checkRuntimeVersion('3.12.7'), undefined);
      assert.match(pythonProfile.checkRuntimeVersion('3') ?? '', /major\.minor/);
      assert.match(pythonProfile.checkRuntimeVersion('22') ?? '', /Python version/);
      assert.match(pythonProfile.checkRuntimeVersion('3.12-slim') ?? '', /Python version/);
    });
  });

  describe('installer', () => {
    it('lockfiles first, then requirements.txt, tool sections, Pipfile, pip', () => {
      assert.deepEqual(installer({ 'pyproject.toml': '[project]\nname="x"\n', 'uv.lock': '', 'requirements.txt': '' }), { value: 'uv', source: 'uv.lock' });
      assert.equal(installer({ 'pyproject.toml': '', 'poetry.lock': '' }).value, 'poetry');
      assert.equal(installer({ 'pyproject.toml': '', 'pdm.lock': '' }).value, 'pdm');
      assert.equal(installer({ Pipfile: '', 'Pipfile.lock': '{}' }).value, 'pipenv');
      assert.equal(installer({ 'pyproject.toml': '[tool.poetry]\nname="x"\n', 'requirements.txt': 'flask' }).value, 'pip');
      assert.deepEqual(installer({ 'pyproject.toml': '[tool.poetry]\nname="x"\n' }), { value: 'poetry', source: 'pyproject.toml [tool.poetry]' });
      assert.equal(installer({ 'pyproject.toml': '[tool.uv]\npackage = false\n' }).value, 'uv');
      assert.equal(installer({ Pipfile: '[packages]\n' }).value, 'pipenv');
      assert.equal(installer({ 'pyproject.toml': '[project]\nname="x"\n' }).value, 'pip');
    });

    it('reads requirements files: continuations, includes, options, hashes', () => {
      const dir = makeProject({
        'requirements.txt':
          '# top\n--index-url https://pypi.org/simple\n-r requirements/base.txt\nflask==3.1.0 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n',
        'requirements/base.txt': '-c constraints.txt\nclick==8.1.7 --hash=sha256:cc\n',
        'requirements/constraints.txt': '',
      });
      const req = readRequirements(dir)!;
      assert.deepEqual(req.files, ['requirements.txt', 'requirements/base.txt', 'requirements/constraints.txt']);
      assert.equal(req.hashes, true);
      assert.deepEqual(req.requirements.map(requirementName), [undefined, 'click', 'flask'], 'the -r include, the included file, then the rest');
      const unhashed = readRequirements(makeProject({ 'requirements.txt': 'flask==3.1.0 --hash=sha256:aa\nclick==8\n' }))!;
      assert.equal(unhashed.hashes, false, 'one requirement without a hash: not hash-checked');
      const empty = readRequirements(makeProject({ 'requirements.txt': '# nothing\n\n--prefer-binary\n' }))!;
      assert.deepEqual(empty.requirements, []);
      assert.equal(readRequirements(makeProject({})), undefined);
    });

    it('collects runtime dependency names from every manifest, without dev groups or python itself', () => {
      const dir = makeProject({
        'requirements.txt': 'Flask[async]>=3\n',
        'pyproject.toml':
          '[project]\ndependencies = ["Uvicorn_Standard>=1"]\n[tool.poetry.dependencies]\npython = "^3.11"\ngunicorn = "*"\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n',
        Pipfile: '[packages]\ndjango = "*"\n[dev-packages]\nblack = "*"\n',
      });
      assert.deepEqual(dependencyNames(dir, readProject(dir)).sort(), ['django', 'flask', 'gunicorn', 'uvicorn-standard']);
    });
  });

  describe('install plans', () => {
    it('pip: --require-hashes when every requirement is hashed or the file lists nothing; not otherwise', () => {
      const plan = (req: string) => installPlan(makeProject({ 'requirements.txt': req }), 'pip', { pyproject: undefined, pipfile: undefined })!;
      assert.equal(plan('flask==3 --hash=sha256:aa\n').install, 'pip --python /opt/venv/bin/python install --require-hashes -r requirements.txt');
      assert.equal(plan('# empty\n').install, 'pip --python /opt/venv/bin/python install --require-hashes -r requirements.txt');
      const unhashed = plan('flask==3\n');
      assert.equal(unhashed.install, 'pip --python /opt/venv/bin/python install -r requirements.txt');
      assert.match(unhashed.notes.join(' '), /Not locked exactly: requirements\.txt has no --hash= entries/);
    });

    it('pip without requirements.txt: nothing to install for a pyproject without dependencies', () => {
      const dir = makeProject({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n' });
      assert.equal(installPlan(dir, 'pip', readProject(dir)), undefined);
      const withDeps = makeProject({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask"]\n' });
      assert.deepEqual(installPlan(withDeps, 'pip', readProject(withDeps))!.manifests, ['.']);
    });

    it('lockfile-exact commands per installer, copying only the files that exist', () => {
      const dir = makeProject({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask"]\n', 'uv.lock': '', Pipfile: '', 'Pipfile.lock': '{}' });
      const project = readProject(dir);
      assert.equal(installPlan(dir, 'uv', project)!.install, 'uv sync --frozen --no-dev --no-install-project');
      assert.deepEqual(installPlan(dir, 'uv', project)!.manifests, ['pyproject.toml', 'uv.lock']);
      assert.equal(installPlan(dir, 'poetry', project)!.install, 'poetry install --no-root --only main');
      assert.deepEqual(installPlan(dir, 'poetry', project)!.manifests, ['pyproject.toml'], 'no poetry.lock to copy');
      assert.equal(installPlan(dir, 'pipenv', project)!.install, 'pipenv install --deploy');
      assert.equal(installPlan(dir, 'pdm', project)!.install, 'pdm sync --prod --no-self --no-editable');
    });

    it('installs nothing when nothing is declared and nothing is locked, whichever installer', () => {
      const dir = makeProject({ 'pyproject.toml': '[project]\nname = "x"\n' });
      const project = readProject(dir);
      for (const installer of ['poetry', 'uv', 'pdm', 'pipenv', 'pip'] as const) assert.equal(installPlan(dir, installer, project), undefined, installer);
    });

    it('COPY arguments keep nested manifests in their folders', () => {
      assert.deepEqual(copyArguments(['requirements.txt', 'requirements/base.txt', 'pyproject.toml'].map(contextPath)), [
        'requirements.txt pyproject.toml ./',
        'requirements/base.txt requirements/',
      ]);
      assert.deepEqual(copyArguments([contextPath('.')]), ['. .']);
    });

    it('warns about a missing lockfile and unhashed requirements', () => {
      const poetry = makeProject({ 'pyproject.toml': '[tool.poetry]\nname = "x"\n' });
      assert.match(pythonProfile.detect(poetry).warnings.join('\n'), /no poetry\.lock.*poetry lock/);
      const pip = makeProject({ 'requirements.txt': 'flask==3\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
      const warnings = pythonProfile.detect(pip).warnings.join('\n');
      assert.match(warnings, /no --hash= entries/);
      assert.match(warnings, /runs gunicorn, which is not among the dependencies/);
    });
  });

  describe('framework and start command', () => {
    it('Django: the settings package named in manage.py, served by gunicorn', () => {
      const entry = entryOf({
        'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n',
        'config/wsgi.py': 'application = get_wsgi_application()\n',
        'other/wsgi.py': '',
      });
      assert.deepEqual(entry, { framework: 'django', target: 'config.wsgi:application', file: 'config/wsgi.py' });
      assert.deepEqual(startCommandFor(entry, 8000, ['django', 'gunicorn']), ['gunicorn', 'config.wsgi:application', '--bind', '0.0.0.0:8000']);
    });

    it('FastAPI: uvicorn, or gunicorn with uvicorn workers when gunicorn is a dependency', () => {
      const entry = entryOf({ 'app/main.py': 'from fastapi import FastAPI\napi: FastAPI = FastAPI()\n', 'app/__init__.py': '' });
      assert.deepEqual(entry, { framework: 'fastapi', target: 'app.main:api', file: 'app/main.py', pythonPath: undefined });
      assert.deepEqual(startCommandFor(entry, 9000, ['fastapi', 'uvicorn']), ['uvicorn', 'app.main:api', '--host', '0.0.0.0', '--port', '9000']);
      assert.deepEqual(startCommandFor(entry, 9000, ['fastapi', 'uvicorn', 'gunicorn']), [
        'gunicorn',
        'app.main:api',
        '--worker-class',
        'uvicorn.workers.UvicornWorker',
        '--bind',
        '0.0.0.0:9000',
      ]);
    });

    it('Flask: an app object or the create_app factory, src layout on the python path', () => {
      assert.equal(entryOf({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' })!.target, 'app:app');
      const factory = entryOf({ 'src/shop/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n' });
      assert.deepEqual(factory, { framework: 'flask', target: 'shop:create_app()', file: 'src/shop/__init__.py', pythonPath: 'src' });
      assert.deepEqual(startCommandFor(factory, 8000, ['flask', 'gunicorn']), [
        'gunicorn',
        'shop:create_app()',
        '--bind',
        '0.0.0.0:8000',
        '--pythonpath',
        'src',
      ]);
    });

    it('stdlib: a script, or python -m for a package with __main__.py', () => {
      assert.deepEqual(startCommandFor(entryOf({ 'server.py': 'import http.server\n' }), 8000, []), ['python', 'server.py']);
      assert.deepEqual(
        startCommandFor(entryOf({ 'pyproject.toml': '[project]\nname = "my-tool"\n', 'my_tool/__main__.py': '', 'zzz/__main__.py': '' }), 8000, []),
        ['python', '-m', 'my_tool'],
      );
      assert.deepEqual(startCommandFor(undefined, 8000, []), ['python', 'main.py']);
    });

    it('refuses wrappers, shells and development servers', () => {
      assert.match(startCommandProblem(['poetry', 'run', 'gunicorn', 'a:app']) ?? '', /not through poetry/);
      assert.match(startCommandProblem(['uv', 'run', 'app.py']) ?? '', /not through uv/);
      assert.match(startCommandProblem(['sh', '-c', 'python app.py']) ?? '', /shell/);
      assert.match(startCommandProblem(['python', 'manage.py', 'runserver', '0.0.0.0:8000']) ?? '', /runserver/);
      assert.match(startCommandProblem(['flask', 'run']) ?? '', /flask run/);
      assert.match(startCommandProblem(['uvicorn', 'a:app', '--reload']) ?? '', /--reload/);
      assert.equal(startCommandProblem(['gunicorn', 'a:app', '--bind', '0.0.0.0:8000']), undefined);
      assert.equal(startCommandProblem(['python', '-m', 'hello']), undefined);
    });
  });

  describe('port', () => {
    it('reads the port a script listens on', () => {
      assert.equal(portInSource('port = int(os.environ.get("PORT", "8080"))'), 8080);
      assert.equal(portInSource("PORT = int(os.getenv('PORT', 5001))"), 5001);
      assert.equal(portInSource('server = HTTPServer(("", 9090), H)'), 9090);
      assert.equal(portInSource('print("hello")'), undefined);
    });

    it('frameworks get the default port; scripts their own', () => {
      const script = makeProject({ 'server.py': 'PORT = int(os.environ.get("PORT", "7070"))\n' });
      assert.deepEqual(detectPort(script, findEntry(script, readProject(script))), { value: 7070, source: 'server.py' });
      const flask = makeProject({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\napp.run(port=5000)\n' });
      assert.equal(detectPort(flask, findEntry(flask, readProject(flask))).value, 8000);
    });

    it('reads the port a start command binds', () => {
      assert.equal(commandPort(['gunicorn', 'a:app', '--bind', '0.0.0.0:9000']), 9000);
      assert.equal(commandPort(['gunicorn', 'a:app', '-b=:9001']), 9001);
      assert.equal(commandPort(['uvicorn', 'a:app', '--port', '9002']), 9002);
      assert.equal(commandPort(['python', 'app.py']), undefined);
    });
  });

  it('the health probe takes the path as an argument and the port from $PORT', () => {
    const probe = pythonHealthProbe(8123, '/ready?x=1');
    assert.equal(probe[0], 'python');
    assert.equal(probe[3], '/ready?x=1');
    assert.ok(!probe[2]!.includes('/ready'), 'the path is not spliced into the code');
    assert.match(probe[2]!, /os\.environ\.get\('PORT','8123'\)/);
    assert.ok(!/curl|wget/.test(probe.join(' ')));
  });
});
