/**
 * Hostile answers: random answer sets (quotes, backslashes, newlines, `$(…)`, backticks, YAML
 * specials, unicode, very long strings, leading dashes) through the same validation the CLI uses.
 * Each set is either refused with an InputError naming one of the given flags and its value (and
 * nothing is written), or accepted, and then the output parses back to exactly the values given:
 * the same instructions and compose keys as for tame values, CMD = the start command, the build
 * RUN = the build command, the HEALTHCHECK and compose healthcheck carry the path, ports as given.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import helpers from 'yeoman-test';
import { InputError } from '../generators/lib/errors.js';
import { parseDockerfile } from './support/dockerfile-model.js';
import { fileContent, generate } from './support/generate.js';
import { lintCompose, lintDockerfile } from './support/lint.js';
import { copyFixture, FIXTURES_DIR, GENERATOR_PATH, makeProject } from './support/project.js';
import { oneLine } from '../generators/lib/labels.js';
import { terminalSafe } from '../generators/lib/terminal.js';
import { contextPathProblem, normaliseRelative } from '../generators/lib/quote.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const SPECIALS = [
  '"',
  "'",
  '\\',
  '\n',
  '\r\n',
  '$(id)',
  '`id`',
  '${HOME}',
  '$$',
  ': ',
  ' #',
  '#',
  '&a',
  '*a',
  '!tag',
  '{',
  '}',
  '[',
  ']',
  '|',
  '>',
  ';',
  '&&',
  '--',
  '-',
  ' ',
  '\t',
  '\u2028',
  '\u0085',
  'é',
  '🐳',
  '%',
  '%2F',
  '%zz',
  '?',
  '=',
  '\u0000',
  '\u007f',
  '\\n',
  'RUN rm -rf /',
  '\nUSER 0',
  '\n    privileged: true',
];

const hostile = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 8 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 1200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '-', '--yes', '-rf', '--port=80') },
);
/** Values near the valid ones (per stack), so that a fair share of sets is accepted and checked. */
const fieldsFor = (plausible: { start: string[]; runtime: string[] }) => ({
  port: fc.oneof(hostile, fc.integer({ min: -5, max: 70000 }).map(String), fc.constantFrom('1024', '8080', '65535')),
  hostPort: fc.oneof(hostile, fc.constantFrom('1024', '3000', '65535')),
  healthPath: fc.oneof(
    hostile,
    hostile.map((s) => `/${s}`),
    fc.constantFrom('/health', '/a/b?c=d&e=f', '/x%20y', '/h;v=1:2@3'),
  ),
  startCommand: fc.oneof(
    hostile,
    hostile.map((s) => `${plausible.start[0]!.split(' ')[0]} ${s}`),
    fc.constantFrom(...plausible.start),
  ),
  buildCommand: fc.oneof(
    hostile,
    hostile.map((s) => `npm run ${s}`),
    fc.constantFrom('', `make "a b" 'c'`, 'npm run build -- --mode=prod'),
  ),
  serviceName: fc.oneof(hostile, fc.constantFrom('web', 'a-b_c', 'x'.repeat(63))),
  runtimeVersion: fc.oneof(hostile, fc.constantFrom(...plausible.runtime)),
  bindAddress: fc.oneof(hostile, fc.constantFrom('0.0.0.0', '127.0.0.1', '10.0.0.1')),
});
const FLAG_OF: Record<string, string> = {
  port: 'port',
  hostPort: 'host-port',
  healthPath: 'health-path',
  startCommand: 'start-command',
  buildCommand: 'build-command',
  serviceName: 'service-name',
  runtimeVersion: 'runtime-version',
  bindAddress: 'bind-address',
};
/** Valid values, some of them tricky (quotes, query strings, escapes, edge ports). */
const validFor = (plausible: { start: string[]; runtime: string[] }): Record<string, string[]> => ({
  port: ['1024', '8080', '65535'],
  hostPort: ['1024', '3000', '65535'],
  healthPath: ['/health', '/a/b?c=d&e=f', '/x%20y', '/h;v=1:2@3', "/it's!*+,"],
  startCommand: plausible.start,
  buildCommand: ['', `make "a b" 'c'`, 'npm run build -- --mode=prod', `printf '%s' "a;b|c>d"`],
  serviceName: ['web', 'a-b_c', 'x'.repeat(63)],
  runtimeVersion: plausible.runtime,
  bindAddress: ['0.0.0.0', '127.0.0.1'],
});
/**
 * Half the sets are valid but for one hostile field (each field's validation on its own, and a
 * fair share accepted); the other half are hostile everywhere.
 */
const answerSetsFor = (plausible: { start: string[]; runtime: string[] }) => {
  const hostileFields = fieldsFor(plausible);
  const valid = fc.record(
    Object.fromEntries(Object.entries(validFor(plausible)).map(([k, values]) => [k, fc.constantFrom(...values)])) as Record<string, fc.Arbitrary<string>>,
    { requiredKeys: [] },
  );
  const oneHostile = fc
    .tuple(valid, fc.constantFrom(...(Object.keys(hostileFields) as (keyof typeof hostileFields)[])))
    .chain(([set, key]) => hostileFields[key].map((value) => ({ ...set, [key]: value })));
  return fc.oneof(oneHostile, fc.record(hostileFields, { requiredKeys: [] }));
};

/** Dockerfile LABEL value `"..."` → the text (the parser unescapes \\, \" and \$). */
function labelValue(dockerfile: string, name: string): string | undefined {
  const m = new RegExp(`^LABEL ${name.replace(/\./g, '\\.')}=("(?:[^"\\\\]|\\\\.)*")$`, 'm').exec(dockerfile);
  return m ? m[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : undefined;
}

interface Tally {
  tried: number;
  refused: number;
  accepted: number;
  refusedSamples: Record<string, string>[];
}

function instructionKeywords(dockerfile: string): string[] {
  return parseDockerfile(dockerfile).all.map((i) => i.keyword);
}

function composeService(text: string, name: string): Record<string, unknown> {
  const doc = parseYaml(text) as { services: Record<string, Record<string, unknown>> };
  assert.deepEqual(Object.keys(doc), ['services']);
  assert.deepEqual(Object.keys(doc.services), [name], 'exactly one service, named as given');
  return doc.services[name]!;
}

async function checkSet(fixture: string, flags: Record<string, string>, tally: Tally): Promise<void> {
  tally.tried++;
  const dir = path.join(FIXTURES_DIR, fixture);
  let result;
  try {
    result = await generate(dir, flags);
  } catch (error) {
    assert.ok(error instanceof InputError, `not an InputError: ${(error as Error).stack}`);
    const flag = /^--([a-z-]+): /.exec(error.message)?.[1];
    assert.ok(
      flag && (Object.values(FLAG_OF).includes(flag) || flag === 'package-manager' || flag === 'main-package' || flag === 'output-dir'),
      `names a flag: ${error.message}`,
    );
    const key = Object.keys(FLAG_OF).find((k) => FLAG_OF[k] === flag);
    // Shown as JSON, and terminal-safe (control characters JSON leaves raw, like U+0085, are made visible).
    if (key && flags[key] !== undefined)
      assert.ok(
        error.message.includes(terminalSafe(JSON.stringify(flags[key]!.length > 80 ? `${flags[key]!.slice(0, 77)}...` : flags[key]))),
        `shows the value: ${error.message}`,
      );
    tally.refused++;
    if (tally.refusedSamples.length < 15) tally.refusedSamples.push(flags);
    return;
  }
  tally.accepted++;
  const { answers } = result.resolution;
  const dockerfile = fileContent(result.files, 'Dockerfile');
  const compose = fileContent(result.files, 'compose.yaml');
  // The same structure as with tame values: no injected instruction, key or line.
  const tameFlags: Record<string, string> = { ...flags, serviceName: 'tame', healthPath: '/tame' };
  delete tameFlags.startCommand;
  if (flags.buildCommand !== undefined) tameFlags.buildCommand = answers.buildCommand.length > 0 ? 'tame-build' : '';
  const tame = await generate(dir, tameFlags);
  assert.deepEqual(instructionKeywords(dockerfile), instructionKeywords(fileContent(tame.files, 'Dockerfile')), 'same Dockerfile instructions');
  const model = parseDockerfile(dockerfile);
  const finalCmd = model.final!.instructions.filter((i) => i.keyword === 'CMD');
  assert.equal(finalCmd.length, 1);
  assert.deepEqual(finalCmd[0]!.exec, answers.startCommand, 'CMD is exactly the start command');
  if (answers.buildCommand.length > 0) {
    assert.ok(
      model.all.some((i) => i.keyword === 'RUN' && JSON.stringify(i.words) === JSON.stringify(answers.buildCommand)),
      'a RUN is exactly the build command',
    );
  }
  const health = model.final!.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.exec!;
  assert.ok(
    health.some((arg) => arg === answers.healthPath || arg.endsWith(`:${answers.port}${answers.healthPath}`) || arg.endsWith(answers.healthPath)),
    'the probe carries the path',
  );
  assert.equal(labelValue(dockerfile, 'org.opencontainers.image.title'), answers.serviceName);
  const service = composeService(compose, answers.serviceName);
  const tameService = composeService(fileContent(tame.files, 'compose.yaml'), 'tame');
  assert.deepEqual(Object.keys(service), Object.keys(tameService), 'same compose keys');
  assert.deepEqual((service.healthcheck as { test: string[] }).test, ['CMD', ...health], 'compose healthcheck = Dockerfile HEALTHCHECK');
  assert.deepEqual(service.ports, [`${answers.bindAddress}:\${HOST_PORT:-${answers.hostPort}}:${answers.port}`]);
  const ignoreLines = (files: typeof result.files) =>
    fileContent(files, '.dockerignore')
      .split('\n')
      .filter((l) => !l.startsWith('#'));
  assert.deepEqual(ignoreLines(result.files), ignoreLines(tame.files), 'same .dockerignore patterns');
  for (const extra of result.files.filter((f) => !['Dockerfile', 'compose.yaml', '.dockerignore'].includes(f.path))) {
    assert.equal(extra.content.split('\n').length, fileContent(tame.files, extra.path).split('\n').length, `${extra.path}: same number of lines`);
  }
  assert.deepEqual([...lintDockerfile(dockerfile), ...lintCompose(compose)], [], 'accepted output is lint-clean');
}

/** Answer sets the generator refuses for a fixture (the same seed as the property above). */
async function refusedSamplesFor(fixture: string, plausible: { start: string[]; runtime: string[] }): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for (const set of fc.sample(answerSetsFor(plausible), { numRuns: 200, seed: SEED }) as Record<string, string>[]) {
    if (out.length >= 15) break;
    try {
      await generate(path.join(FIXTURES_DIR, fixture), set);
    } catch (error) {
      if (error instanceof InputError) out.push(set);
    }
  }
  return out;
}

describe('hostile answers (fast-check)', function () {
  this.timeout(10 * 60 * 1000);
  const runs: [string, number, { start: string[]; runtime: string[] }][] = [
    ['node-ts-pnpm', 500, { start: [`node "my app.js"`, "node 'it''s.js'", 'node a\\ b.js --flag=x'], runtime: ['20', '22.11.0'] }],
    ['python-wsgi-stdlib', 150, { start: ['gunicorn app:app --bind 0.0.0.0:8000', `python "my app.py"`], runtime: ['3.11', '3.13.1'] }],
    ['go-stdlib-http', 150, { start: ['/app/server', '/app/server --mode=prod'], runtime: ['1.19', '1.22.5'] }],
    ['static-vite-npm', 150, { start: [`nginx -g "daemon off;"`], runtime: ['20', '22'] }],
  ];
  const tallies = new Map<string, Tally>();

  after(() => {
    const total = [...tallies.values()].reduce((t, x) => ({ tried: t.tried + x.tried, refused: t.refused + x.refused, accepted: t.accepted + x.accepted }), {
      tried: 0,
      refused: 0,
      accepted: 0,
    });
    console.log(`      hostile answer sets (seed ${SEED}): ${total.tried} tried, ${total.refused} refused, ${total.accepted} accepted and verified`);
    for (const [fixture, t] of tallies) console.log(`        ${fixture}: ${t.tried} tried, ${t.refused} refused, ${t.accepted} accepted`);
  });

  for (const [fixture, numRuns, plausible] of runs) {
    it(`${fixture}: ${numRuns} random answer sets are refused clearly or land exactly as given`, async () => {
      const tally: Tally = { tried: 0, refused: 0, accepted: 0, refusedSamples: [] };
      tallies.set(fixture, tally);
      await fc.assert(
        fc.asyncProperty(answerSetsFor(plausible), async (set) => checkSet(fixture, set as Record<string, string>, tally)),
        { numRuns, seed: SEED },
      );
      assert.ok(tally.accepted > 0 && tally.refused > 0, `both outcomes occur (accepted ${tally.accepted}, refused ${tally.refused})`);
    });
  }

  it('refused sets write nothing through the real generator', async () => {
    // Standalone too (mocha --grep, or this test alone): collect refused sets afresh when the
    // property above did not run first.
    const samples = tallies.get('node-ts-pnpm')?.refusedSamples ?? (await refusedSamplesFor('node-ts-pnpm', runs[0]![2]));
    assert.ok(samples.length >= 10);
    for (const set of samples) {
      const dir = copyFixture('node-ts-pnpm');
      const flags = Object.fromEntries(Object.entries(set).map(([k, v]) => [FLAG_OF[k]!, v]));
      await assert.rejects(
        helpers
          .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
          .cd(dir)
          .withOptions({ yes: true, force: false, ...flags } as never),
      );
      for (const file of ['Dockerfile', 'compose.yaml', '.dockerignore', '.yo-rc.json'])
        assert.ok(!fs.existsSync(path.join(dir, file)), `${file} written for ${JSON.stringify(set)}`);
    }
  });
});

// ---------------------------------------------------------------- hostile repository values

/**
 * Hostile values placed in the project's own files (no flags): each repository is refused with
 * a DetectedValueError/ProjectError naming the file the value sits in (never a flag, never a
 * crash), or generated, and then the Dockerfile has exactly the instructions of a tame project
 * with the value landing where it should (CMD, COPY, LABEL, ARG) and nowhere else.
 */
interface RepoField {
  name: string;
  /** The file a refusal must name. */
  file: RegExp;
  /** Values tried, besides the shared hostile ones. */
  plausible: string[];
  build(value: string): Record<string, string>;
  /** After the files are written (e.g. a file named after the value). */
  extra?(dir: string, value: string): void;
  /** The value landed exactly as intended. */
  check(value: string, dockerfile: string): void;
  /** The tame value whose instruction sequence an accepted one must match. */
  tame: string;
  /**
   * A value set aside leaves nothing credible to start: the refusal then names the flag that
   * decides it (--start-command) and what was looked at, instead of the file.
   */
  setAsideRefusal?: RegExp;
}

/** The stop when no start command is left once a value is set aside (no fake default). */
const NO_START_COMMAND = /no start command found \(looked at [^)]*\)\): "" cannot be used: .*pass --start-command/;

const NODE_SERVER = 'require("http").createServer().listen(process.env.PORT || 8080);\n';
const tsProject = (tsconfig: string) => ({
  'package.json': JSON.stringify({ name: 'ts-app', scripts: { build: 'tsc', start: 'ts-node src/index.ts' }, devDependencies: { typescript: '5.9.3' } }),
  'package-lock.json': '{"lockfileVersion": 3}',
  'src/index.ts': NODE_SERVER,
  'tsconfig.json': tsconfig,
});
const finalCmd = (dockerfile: string) => parseDockerfile(dockerfile).final!.instructions.find((i) => i.keyword === 'CMD')!.exec;
/** Sources of COPY instructions from the build context (not --from another stage). */
const copySources = (dockerfile: string) =>
  parseDockerfile(dockerfile)
    .all.filter((i) => i.keyword === 'COPY' && !i.flags.some((f) => f.name === 'from'))
    .flatMap((i) => i.words.slice(0, -1));
/** Instruction keywords without LABELs (a description label comes and goes with the description). */
const shape = (dockerfile: string) => instructionKeywords(dockerfile).filter((k) => k !== 'LABEL');
const pyFiles = { 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };

const REPO_FIELDS: RepoField[] = [
  {
    name: 'package.json engines.node',
    file: /package\.json/,
    plausible: ['>=20', '^22.1.0', '20.x || 22.x', '>=20.0.0-rc.1', '9'.repeat(5000)],
    tame: '>=20',
    build: (v) => ({ 'package.json': JSON.stringify({ name: 'n', main: 'server.js', engines: { node: v } }), 'server.js': NODE_SERVER }),
    check: (_v, d) => assert.match(d, /^ARG NODE_VERSION=\d{1,2}$/m),
  },
  {
    name: '.nvmrc',
    file: /\.nvmrc/,
    plausible: ['20', 'v22.11.0', 'lts/iron', 'lts/*', '9'.repeat(400)],
    tame: '22',
    build: (v) => ({ 'package.json': '{"name": "n", "main": "server.js"}', 'server.js': NODE_SERVER, '.nvmrc': v }),
    check: (_v, d) => assert.match(d, /^ARG NODE_VERSION=[1-9]\d?$/m),
  },
  {
    name: 'tsconfig.json outDir',
    file: /^tsconfig\.json line \d+ "compilerOptions\.outDir"/,
    plausible: ['dist', './build/', 'out/js', '../out', '/abs/out', 'my out', 'dist\\', 'dist\nUSER root'],
    tame: 'dist',
    setAsideRefusal: NO_START_COMMAND,
    build: (v) => tsProject(JSON.stringify({ compilerOptions: { outDir: v } }, null, 1)),
    check: (v, d) => {
      const out = normaliseRelative(v);
      // An outDir that is no folder inside the project is set aside (an empty one too): the defaults apply.
      const used = v !== '' && out !== '.' && contextPathProblem(out) === undefined;
      assert.deepEqual(finalCmd(d), used ? ['node', `${out}/index.js`] : ['node', 'index.js']);
      const top = used ? out.split('/')[0] : 'dist';
      assert.ok(d.includes(`\nCOPY --from=build /app/${top} ./${top}\n`), d);
    },
  },
  {
    name: 'package.json main',
    file: /^package\.json line \d+ "main"/,
    plausible: ['dist/server.js', 'lib\\/x.js', 'a b/c.js', '$HOME/x.js', 'x.js\nUSER root', '../x.js'],
    tame: 'dist/server.js',
    setAsideRefusal: NO_START_COMMAND,
    build: (v) => ({
      'package.json': JSON.stringify({ name: 'n', main: v, scripts: { build: 'tsc' }, devDependencies: { typescript: '5' } }, null, 1),
      'package-lock.json': '{}',
    }),
    check: (v, d) => {
      if (v !== '') assert.deepEqual(finalCmd(d), ['node', path.posix.normalize(v)]);
      for (const source of copySources(d)) if (!source.startsWith('/app/')) assert.ok(source === '.' || !/[\s$\\]/.test(source), source);
    },
  },
  {
    name: 'requirements.txt -r file name',
    file: /^requirements\.txt line \d+ "-r" include/,
    plausible: ['base.txt', '$HOME.txt', 'a b.txt', '${X}', '-x.txt', 'x\\'],
    tame: 'base.txt',
    build: (v) => ({ ...pyFiles, 'requirements.txt': `flask==3.1.0\n-r ${v}\n` }),
    extra: (dir, v) => {
      if (v === '' || v === '.' || v === '..' || v.includes('/') || v.includes('\0') || Buffer.byteLength(v) > 200) return;
      try {
        fs.writeFileSync(path.join(dir, v), 'gunicorn==23.0.0\n');
      } catch {
        // not a name this file system takes
      }
    },
    check: (_v, d) => {
      for (const source of copySources(d))
        assert.ok(
          !/[\s$\\'"]/.test(source) && !source.startsWith('-') && !source.startsWith('/') && !source.includes('..'),
          `COPY source ${JSON.stringify(source)}`,
        );
    },
  },
  {
    name: 'pyproject.toml fields',
    file: /pyproject\.toml/,
    plausible: ['>=3.11', 'svc', 'A service', ' '.repeat(50_000), '[__proto__]'],
    tame: 'svc',
    build: (v) => ({
      ...pyFiles,
      'requirements.txt': 'flask==3.1.0\n',
      'pyproject.toml': `[project]\nname = ${JSON.stringify(v)}\ndescription = ${JSON.stringify(v)}\nrequires-python = ${JSON.stringify(v)}\n`,
    }),
    check: (v, d) => {
      assert.match(d, /^ARG PYTHON_VERSION=3\.\d{1,2}$/m);
      const flat = oneLine(v);
      if (flat !== '') assert.equal(labelValue(d, 'org.opencontainers.image.description'), flat);
    },
  },
  {
    name: 'pyproject.toml raw text',
    file: /pyproject\.toml/,
    plausible: ['"x"', 'hello', '{ a = 1 }', '[1, 2]', '"a"\n[__proto__]\nx = 1'],
    tame: '"x"',
    build: (v) => ({ ...pyFiles, 'requirements.txt': 'flask==3.1.0\n', 'pyproject.toml': `[project]\nrequires-python = ${v}\n` }),
    check: (_v, d) => assert.match(d, /^ARG PYTHON_VERSION=3\.\d{1,2}$/m),
  },
  {
    name: 'go.mod module',
    file: /go\.mod/,
    plausible: ['example.com/svc', 'example.com/svc/v2', 'x y', '"quoted/mod"', 'a\\b', '$(id)'],
    tame: 'example.com/svc',
    build: (v) => ({ 'go.mod': `module ${v}\n\ngo 1.22\n`, 'main.go': 'package main\nimport "net/http"\nfunc main() { http.ListenAndServe(":8080", nil) }\n' }),
    check: (_v, d) => {
      const cmd = finalCmd(d)!;
      assert.match(cmd[0]!, /^\/app\/[A-Za-z0-9_][A-Za-z0-9._-]*$/);
      assert.match(labelValue(d, 'org.opencontainers.image.title') ?? '', /^[a-z0-9][a-z0-9_-]*$/);
    },
  },
];

interface RepoTally {
  tried: number;
  refused: number;
  accepted: number;
}

describe('hostile repository values (fast-check)', function () {
  this.timeout(10 * 60 * 1000);
  const RUNS = Number(process.env.FUZZ_REPO_RUNS ?? 150);
  const tallies = new Map<string, RepoTally>();
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    const total = [...tallies.values()].reduce((t, x) => ({ tried: t.tried + x.tried, refused: t.refused + x.refused, accepted: t.accepted + x.accepted }), {
      tried: 0,
      refused: 0,
      accepted: 0,
    });
    console.log(
      `      hostile repository values (seed ${SEED}): ${total.tried} repositories, ${total.refused} refused naming the file, ${total.accepted} generated and verified`,
    );
    for (const [name, t] of tallies) console.log(`        ${name}: ${t.tried} tried, ${t.refused} refused, ${t.accepted} accepted`);
  });

  for (const field of REPO_FIELDS) {
    it(`${field.name}: ${RUNS} random values are refused naming the file, or land exactly`, async () => {
      const tally: RepoTally = { tried: 0, refused: 0, accepted: 0 };
      tallies.set(field.name, tally);
      const tameDir = makeProject(field.build(field.tame));
      dirs.push(tameDir);
      field.extra?.(tameDir, field.tame);
      const tame = fileContent((await generate(tameDir)).files, 'Dockerfile');
      const values = fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: fc.constantFrom(...field.plausible) });
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          tally.tried++;
          const dir = makeProject(field.build(value));
          dirs.push(dir);
          field.extra?.(dir, value);
          let dockerfile: string;
          try {
            dockerfile = fileContent((await generate(dir)).files, 'Dockerfile');
          } catch (error) {
            const e = error as Error;
            assert.ok(e.name === 'DetectedValueError' || e.name === 'ProjectError', `a clear refusal, not ${e.stack}`);
            if (field.setAsideRefusal?.test(e.message)) assert.doesNotMatch(e.message, field.file, 'the value was set aside, not refused');
            else assert.match(e.message, field.file, 'names the file');
            assert.doesNotMatch(e.message, /^--[a-z-]+: /, 'never blamed on a flag');
            assert.doesNotMatch(e.message, /[\u0000-\u001f\u007f-\u009f]/, 'terminal-safe');
            tally.refused++;
            return;
          }
          tally.accepted++;
          assert.deepEqual(shape(dockerfile), shape(tame), 'the same instructions as the tame project');
          assert.ok(instructionKeywords(dockerfile).filter((k) => k === 'LABEL').length <= 2, 'title and description labels only');
          field.check(value, dockerfile);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      assert.ok(tally.accepted > 0, `some values are accepted (${tally.accepted})`);
    });
  }
});
