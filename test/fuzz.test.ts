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
import { copyFixture, FIXTURES_DIR, GENERATOR_PATH } from './support/project.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const SPECIALS = ['"', "'", '\\', '\n', '\r\n', '$(id)', '`id`', '${HOME}', '$$', ': ', ' #', '#', '&a', '*a', '!tag', '{', '}', '[', ']', '|', '>', ';', '&&', '--', '-', ' ', '\t', '\u2028', '\u0085', 'é', '🐳', '%', '%2F', '%zz', '?', '=', '\u0000', '\u007f', '\\n', 'RUN rm -rf /', '\nUSER 0', '\n    privileged: true'];

const hostile = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 1200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '-', '--yes', '-rf', '--port=80') },
);
/** Values near the valid ones (per stack), so that a fair share of sets is accepted and checked. */
const fieldsFor = (plausible: { start: string[]; runtime: string[] }) => ({
  port: fc.oneof(hostile, fc.integer({ min: -5, max: 70000 }).map(String), fc.constantFrom('1024', '8080', '65535')),
  hostPort: fc.oneof(hostile, fc.constantFrom('1024', '3000', '65535')),
  healthPath: fc.oneof(hostile, hostile.map((s) => `/${s}`), fc.constantFrom('/health', '/a/b?c=d&e=f', '/x%20y', '/h;v=1:2@3')),
  startCommand: fc.oneof(hostile, hostile.map((s) => `${plausible.start[0]!.split(' ')[0]} ${s}`), fc.constantFrom(...plausible.start)),
  buildCommand: fc.oneof(hostile, hostile.map((s) => `npm run ${s}`), fc.constantFrom('', `make "a b" 'c'`, 'npm run build -- --mode=prod')),
  serviceName: fc.oneof(hostile, fc.constantFrom('web', 'a-b_c', 'x'.repeat(63))),
  runtimeVersion: fc.oneof(hostile, fc.constantFrom(...plausible.runtime)),
  bindAddress: fc.oneof(hostile, fc.constantFrom('0.0.0.0', '127.0.0.1', '10.0.0.1')),
});
const FLAG_OF: Record<string, string> = {
  port: 'port', hostPort: 'host-port', healthPath: 'health-path', startCommand: 'start-command',
  buildCommand: 'build-command', serviceName: 'service-name', runtimeVersion: 'runtime-version', bindAddress: 'bind-address',
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

interface Tally { tried: number; refused: number; accepted: number; refusedSamples: Record<string, string>[] }

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
    assert.ok(flag && (Object.values(FLAG_OF).includes(flag) || flag === 'package-manager' || flag === 'main-package' || flag === 'output-dir'), `names a flag: ${error.message}`);
    const key = Object.keys(FLAG_OF).find((k) => FLAG_OF[k] === flag);
    if (key && flags[key] !== undefined) assert.ok(error.message.includes(JSON.stringify(flags[key]!.length > 80 ? `${flags[key]!.slice(0, 77)}...` : flags[key])), `shows the value: ${error.message}`);
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
    assert.ok(model.all.some((i) => i.keyword === 'RUN' && JSON.stringify(i.words) === JSON.stringify(answers.buildCommand)), 'a RUN is exactly the build command');
  }
  const health = model.final!.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.exec!;
  assert.ok(health.some((arg) => arg === answers.healthPath || arg.endsWith(`:${answers.port}${answers.healthPath}`) || arg.endsWith(answers.healthPath)), 'the probe carries the path');
  assert.equal(labelValue(dockerfile, 'org.opencontainers.image.title'), answers.serviceName);
  const service = composeService(compose, answers.serviceName);
  const tameService = composeService(fileContent(tame.files, 'compose.yaml'), 'tame');
  assert.deepEqual(Object.keys(service), Object.keys(tameService), 'same compose keys');
  assert.deepEqual((service.healthcheck as { test: string[] }).test, ['CMD', ...health], 'compose healthcheck = Dockerfile HEALTHCHECK');
  assert.deepEqual(service.ports, [`${answers.bindAddress}:\${HOST_PORT:-${answers.hostPort}}:${answers.port}`]);
  const ignoreLines = (files: typeof result.files) => fileContent(files, '.dockerignore').split('\n').filter((l) => !l.startsWith('#'));
  assert.deepEqual(ignoreLines(result.files), ignoreLines(tame.files), 'same .dockerignore patterns');
  for (const extra of result.files.filter((f) => !['Dockerfile', 'compose.yaml', '.dockerignore'].includes(f.path))) {
    assert.equal(extra.content.split('\n').length, fileContent(tame.files, extra.path).split('\n').length, `${extra.path}: same number of lines`);
  }
  assert.deepEqual([...lintDockerfile(dockerfile), ...lintCompose(compose)], [], 'accepted output is lint-clean');
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
    const total = [...tallies.values()].reduce((t, x) => ({ tried: t.tried + x.tried, refused: t.refused + x.refused, accepted: t.accepted + x.accepted }), { tried: 0, refused: 0, accepted: 0 });
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
    const samples = tallies.get('node-ts-pnpm')!.refusedSamples;
    assert.ok(samples.length >= 10);
    for (const set of samples) {
      const dir = copyFixture('node-ts-pnpm');
      const flags = Object.fromEntries(Object.entries(set).map(([k, v]) => [FLAG_OF[k]!, v]));
      await assert.rejects(helpers.run(GENERATOR_PATH, { namespace: 'docker-prod:app' }).cd(dir).withOptions({ yes: true, force: false, ...flags } as never));
      for (const file of ['Dockerfile', 'compose.yaml', '.dockerignore', '.yo-rc.json']) assert.ok(!fs.existsSync(path.join(dir, file)), `${file} written for ${JSON.stringify(set)}`);
    }
  });
});
