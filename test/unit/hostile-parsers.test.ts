/**
 * The pure pieces that stand between repository text and the generator: the TOML, JSONC and
 * semver readers that replaced hand-written ones, bounded reads, checked COPY paths, linear
 * scanners and terminal-safe text. No Yeoman here.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serviceNameFrom } from '../../generators/lib/naming.js';
import { DetectedValueError, InputError, ProjectError } from '../../generators/lib/errors.js';
import { readProjectFile, readSourceFile, tryReadProjectFile } from '../../generators/lib/project-files.js';
import { contextPath, contextPathProblem, normaliseRelative } from '../../generators/lib/quote.js';
import { terminalSafe } from '../../generators/lib/terminal.js';
import { importsC, packageName, stripGoComments } from '../../generators/stacks/go/detect.js';
import { pickMaintainedMajor, parseToolVersions } from '../../generators/stacks/node/engines.js';
import { majorSatisfies, pickNodeMajor, readPackageJson, readTsConfigDirs, sanitizePackageJson } from '../../generators/stacks/node/detect.js';
import { minorSatisfies, pickPythonMinor, readProject, requirementLinesAt } from '../../generators/stacks/python/detect.js';
import { parseToml, tomlGet, TomlError } from '../../generators/stacks/python/toml.js';
import { makeProject } from '../support/project.js';

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  made.push(dir);
  return dir;
}

describe('hostile repository text: parsers and guards', function () {
  this.timeout(10000);
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('TOML (smol-toml)', () => {
    it('rejects duplicate keys and duplicate tables', () => {
      assert.throws(() => parseToml('a = 1\na = 2\n'), TomlError);
      assert.throws(() => parseToml('[project]\nname = "x"\n[project]\nname = "y"\n'), TomlError);
    });

    it('rejects a bare word as a value (x = hello)', () => {
      assert.throws(
        () => parseToml('x = hello\n'),
        (e: unknown) => e instanceof TomlError && /line 1/.test(e.message),
      );
    });

    it('accepts TOML 1.1 multi-line inline tables with a trailing comma', () => {
      const t = parseToml('[tool.poetry.dependencies]\nflask = {\n  version = "^3",\n  extras = ["async"],\n}\n');
      assert.deepEqual(JSON.parse(JSON.stringify(tomlGet(t, 'tool', 'poetry', 'dependencies', 'flask'))), { version: '^3', extras: ['async'] });
    });

    it('a [__proto__] or [constructor] table is a table with an odd name: nothing inherited, nothing polluted', () => {
      const t = parseToml('[__proto__]\nextraFiles = 1\nrequires-python = ">=3"\n[constructor]\nprototype = "x"\n[project]\nname = "ok"\n');
      assert.equal(({} as Record<string, unknown>).extraFiles, undefined, 'Object.prototype untouched');
      assert.equal(Object.getPrototypeOf(t), null);
      assert.equal(tomlGet(t, 'project', 'name'), 'ok');
      assert.equal(tomlGet(t, 'project', 'constructor'), undefined, 'own keys only');
      assert.equal(tomlGet(t, 'toString'), undefined);
      const dir = project({
        'pyproject.toml': '[__proto__]\nextraFiles = [{ path = "x", template = "../../etc/passwd" }]\n',
        Pipfile: '[__proto__]\nrunTimeVersion = "1"\n',
      });
      readProject(dir);
      assert.equal(({} as Record<string, unknown>).extraFiles, undefined);
      assert.equal(({} as Record<string, unknown>).runTimeVersion, undefined);
    });
  });

  describe('tsconfig.json (jsonc-parser)', () => {
    it('a commented-out outDir does not count; comments and trailing commas are fine', () => {
      const dir = project({
        'tsconfig.json': '{\n  "compilerOptions": {\n    // "outDir": "evil\\nRUN id",\n    /* "outDir": "also-evil", */\n    "outDir": "./build/",\n  },\n}\n',
      });
      assert.equal(readTsConfigDirs(dir).outDir, 'build');
      const commentedOnly = project({ 'tsconfig.json': '{ "compilerOptions": { // "outDir": "lib"\n } }' });
      assert.equal(readTsConfigDirs(commentedOnly).outDir, undefined);
    });

    it('an outDir outside the project, with a space, a line break or a trailing backslash is set aside with its line', () => {
      for (const bad of ['../out', '/abs/out', 'my out', 'dist\nUSER root', 'dist\\', '$HOME/x', '--chown=0:0']) {
        const dir = project({ 'tsconfig.json': `{\n "compilerOptions": {\n  "outDir": ${JSON.stringify(bad)}\n }\n}\n` });
        const ts = readTsConfigDirs(dir);
        assert.equal(ts.outDir, undefined, bad);
        assert.equal(ts.rejectedOutDir?.value, bad);
        assert.equal(ts.rejectedOutDir?.origin.line, 3);
      }
    });
  });

  describe('Node version ranges (semver)', () => {
    it('>=20.0.0-rc.1 is satisfied by Node 20 and later, not 18', () => {
      assert.equal(majorSatisfies('>=20.0.0-rc.1', 20), true);
      assert.equal(majorSatisfies('>=20.0.0-rc.1', 24), true);
      assert.equal(majorSatisfies('>=20.0.0-rc.1', 18), false);
      assert.equal(pickMaintainedMajor('>=20.0.0-rc.1', '2026-11-30')?.major, 26);
    });

    it('a hostile .tool-versions yields no version (and is read only so far)', () => {
      assert.equal(parseToolVersions('nodejs ref:v1.2.3'), undefined);
      assert.equal(parseToolVersions('nodejs system'), undefined);
      assert.equal(parseToolVersions('nodejs ../../../etc/passwd'), undefined);
      assert.equal(parseToolVersions('nodejs 1.2.3.4'), undefined);
      assert.equal(parseToolVersions('nodejs\u0000 20'), undefined);
      assert.equal(parseToolVersions('nodejs'), undefined);
      assert.equal(parseToolVersions(`${'x'.repeat(20_000)}\nnodejs 20`), undefined, 'past the first 16 KB');
      assert.equal(parseToolVersions(`${'ruby 3\n'.repeat(300)}nodejs 20`), undefined, 'past the first 200 lines');
      assert.equal(parseToolVersions('nodejs lts/constructor'), undefined);
    });

    it('100 KB of digits is not a range (and is decided at once)', () => {
      const digits = '9'.repeat(100_000);
      assert.equal(pickNodeMajor(digits), undefined);
      assert.equal(majorSatisfies(digits, 20), false);
      assert.equal(pickNodeMajor(`>=${'1'.repeat(300)}`), undefined);
    });
  });

  describe('Python specifiers', () => {
    it('100,000 spaces in requires-python are ignored, not split quadratically', () => {
      const spec = `>=3.9${' '.repeat(100_000)}<3.12`;
      assert.equal(pickPythonMinor(spec), undefined);
      assert.equal(minorSatisfies(spec, '3.11'), false);
      assert.equal(pickPythonMinor('>=3.9   <3.12'), '3.11', 'runs of spaces still separate clauses');
    });

    it('requirement lines keep the line they start on', () => {
      assert.deepEqual(requirementLinesAt('# c\nflask \\\n  ==3\n\n-r b.txt\n'), [
        { text: 'flask    ==3', line: 2 },
        { text: '-r b.txt', line: 5 },
      ]);
    });
  });

  describe('package.json types', () => {
    it('wrong JSON types are ignored with a note; objects have no prototype', () => {
      const pkg = sanitizePackageJson({ name: 123, main: ['a'], dependencies: null, scripts: { start: 1, build: 'tsc' }, engines: 'node 20' });
      assert.equal(pkg.name, undefined);
      assert.equal(pkg.main, undefined);
      assert.equal(pkg.dependencies, undefined);
      assert.equal(pkg.scripts?.build, 'tsc');
      assert.equal(pkg.scripts?.start, undefined);
      assert.equal(Object.getPrototypeOf(pkg.scripts), null);
      assert.equal(pkg.engines, undefined);
      assert.equal(pkg.notes!.length, 5, pkg.notes!.join('\n'));
      assert.match(pkg.notes!.join('\n'), /"name" is a number, not a string: ignored/);
      assert.match(pkg.notes!.join('\n'), /"dependencies" is null, not an object: ignored/);
    });

    it('a byte-order mark is accepted, as npm does; a non-object is a clear error', () => {
      const dir = project({ 'package.json': '\ufeff{"name": "bom"}' });
      assert.equal(readPackageJson(dir).name, 'bom');
      const arr = project({ 'package.json': '[1]' });
      assert.throws(
        () => readPackageJson(arr),
        (e: unknown) => e instanceof ProjectError && /an array, not a JSON object/.test(e.message),
      );
    });
  });

  describe('bounded reads', () => {
    it('reads regular files; refuses FIFOs, folders, links out of the project and files over the limit', function () {
      const dir = project({ 'a.txt': 'hello', 'big.txt': 'x'.repeat(2048), 'sub/b.txt': 'b' });
      assert.equal(readProjectFile(dir, 'a.txt'), 'hello');
      assert.equal(readProjectFile(dir, 'missing'), undefined);
      execFileSync('mkfifo', [path.join(dir, 'fifo')]);
      const fifo = tryReadProjectFile(dir, 'fifo');
      assert.ok(!fifo.ok && fifo.problem === 'not-a-file' && /named pipe/.test(fifo.detail));
      assert.throws(
        () => readProjectFile(dir, 'fifo'),
        (e: unknown) => e instanceof ProjectError && /"fifo": it is a named pipe/.test(e.message),
      );
      assert.throws(() => readProjectFile(dir, 'sub'), /it is a folder/);
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
      assert.throws(() => readProjectFile(dir, 'zero'), /symbolic link to a file outside the project/);
      fs.symlinkSync('sub/b.txt', path.join(dir, 'inside'));
      assert.equal(readProjectFile(dir, 'inside'), 'b', 'a link inside the project is followed');
      assert.throws(() => readProjectFile(dir, 'big.txt', 1024), /larger than 1 KiB/);
      assert.equal(readSourceFile(dir, 'big.txt', 1024), undefined, 'source scans skip quietly');
      assert.equal(readSourceFile(dir, '../etc/passwd'), undefined);
    });
  });

  describe('COPY paths (ContextPath)', () => {
    it('accepts plain relative paths; refuses .., absolute, spaces, $, backslashes, line breaks and leading dashes', () => {
      for (const ok of ['dist', 'build/app', '.yarn/releases', 'requirements/base.txt', '.']) assert.equal(contextPathProblem(ok), undefined, ok);
      for (const bad of [
        '..',
        '../out',
        'a/../../b',
        '/abs/out',
        'my out',
        'dist\n',
        'dist\\',
        '$VAR.txt',
        '${HOME}',
        '-x',
        'a/--from=x',
        'a*',
        '',
        'a//b',
        'a/./b',
        "it's",
      ]) {
        assert.ok(contextPathProblem(bad), `refused: ${JSON.stringify(bad)}`);
        assert.throws(() => contextPath(bad));
      }
      assert.equal(normaliseRelative('./dist/'), 'dist');
      assert.equal(normaliseRelative('a/../b'), 'b');
      assert.equal(normaliseRelative('a/../../b'), '../b');
    });
  });

  describe('linear scanners', () => {
    it('Go comments are stripped in one pass, even for 200,000 unterminated /*', () => {
      assert.equal(packageName('// x\n/* package lib */\npackage main\n'), 'main');
      assert.equal(stripGoComments('a := "// not a comment" // gone\nb'), 'a := "// not a comment" \nb');
      const hostile = '/*'.repeat(200_000);
      assert.equal(packageName(hostile), undefined);
      assert.equal(importsC(`${'\n'.repeat(200_000)}import "C"`), true);
      assert.equal(importsC('\n'.repeat(200_000)), false);
    });
  });

  describe('service names', () => {
    it('a 1 MB package name of dashes and underscores is named at once', () => {
      assert.equal(serviceNameFrom(`${'_-'.repeat(500_000)}a`, '/x').value, 'app');
      assert.equal(serviceNameFrom(`@${'x'.repeat(300_000)}/svc`, '/x').value.length <= 63, true);
    });
  });

  describe('terminal output', () => {
    it('drops escape sequences and shows other control characters', () => {
      assert.equal(terminalSafe('pnpm@9\u001b]52;c;ZXZpbA==\u0007!'), 'pnpm@9!', 'OSC 52 clipboard write removed');
      assert.equal(terminalSafe('a\u001b[2Kb\u001b[1A'), 'ab', 'line erase and cursor moves removed');
      assert.equal(terminalSafe('a\rb\u0085c\u009b31md\u007f'), 'a\\x0db\\x85cd\\x7f');
      assert.equal(terminalSafe('one\ntwo'), 'one\ntwo');
      assert.equal(terminalSafe('one\ntwo', { singleLine: true }), 'one\\x0atwo', 'no fake summary lines');
      assert.equal(terminalSafe('\u202eevil'), '\\u202eevil');
    });

    it('error messages are terminal-safe and a detected value never reads as a flag', () => {
      const e = new DetectedValueError({ file: 'package.json', field: '"main"', line: 3 }, 'x\u001b]52;c;AA==\u0007', 'a file', 'start-command');
      assert.doesNotMatch(e.message, /\u001b|\u0007/);
      assert.match(e.message, /^package\.json line 3 "main": ".*" cannot be used: a file; fix it there, or pass --start-command to override it/);
      assert.doesNotMatch(new InputError('port', '\u009b2J', 'x').message, /\u009b/);
    });
  });
});
