/**
 * Docker's own checks on every generated file, in the current engine (Docker 28 + buildx 0.29 +
 * Compose v2): `docker build --check` (the build checks of Docker's Dockerfile frontend) reports
 * nothing on the Dockerfile of every fixture under test/fixtures (generated as the golden files
 * are, and with each e2e fixture's flags), and `docker compose config` accepts every compose.yaml.
 *
 * `--check` evaluates the Dockerfile without building, but it still reads each base image's
 * config. Base images with no stand-in (e.g. python:3.12-slim-bookworm) get a temporary tag of
 * the Debian stand-in for the check only, removed afterwards; nothing is pulled.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docker, ensureEngine } from './support/docker.js';
import { loadE2eCases } from './support/e2e-cases.js';
import { generate } from './support/generate.js';
import { copyFixture, FIXTURES_DIR } from './support/project.js';
import { parse as parseYaml } from 'yaml';

/** Empty stand-ins for the files compose.yaml reads (service `env_file`s, top-level `secrets.*.file`). */
function createComposeInputs(dir: string): void {
  const compose = parseYaml(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as {
    services?: Record<string, { env_file?: string | string[] }>;
    secrets?: Record<string, { file?: string }>;
  };
  const files = [
    ...Object.values(compose.services ?? {}).flatMap((s) => (s.env_file === undefined ? [] : [s.env_file].flat())),
    ...Object.values(compose.secrets ?? {}).flatMap((s) => (s.file ? [s.file] : [])),
  ];
  for (const file of files) {
    const target = path.resolve(dir, file);
    if (!target.startsWith(dir + path.sep)) throw new Error(`compose.yaml reads ${file}, outside the project`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target)) fs.writeFileSync(target, '');
  }
}

const PLACEHOLDER_BASE = 'local/debian:bookworm-slim';
const FIXTURES = fs
  .readdirSync(FIXTURES_DIR)
  .filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory())
  .sort();

/** `--runtime-version` → runtimeVersion, as yo would pass it. */
const camel = (flags: Record<string, string>) =>
  Object.fromEntries(Object.entries(flags).map(([k, v]) => [k.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase()), v]));

const variants = [
  ...FIXTURES.map((fixture) => ({ fixture, label: fixture, flags: {} as Record<string, string> })),
  ...loadE2eCases().map((c) => ({ fixture: c.fixture, label: `${c.fixture} with its e2e flags`, flags: camel(c.flags) })),
];

/** `WARNING: <Check> - <url>` lines of a --check output, each with the Dockerfile line it names. */
function findings(output: string): string[] {
  const lines = output.split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('WARNING: ')) return;
    const where = lines.slice(i + 1, i + 4).find((l) => /^Dockerfile:\d+/.test(l)) ?? '';
    const text =
      lines
        .slice(i + 1, i + 12)
        .find((l) => l.startsWith('   ') && l.includes('>>>'))
        ?.trim() ?? '';
    found.push(`${line.replace(/ - https:\S+$/, '')} at ${where}: ${text}`);
  });
  return found;
}

describe("Docker's own checks on the generated files (current engine)", function () {
  this.timeout(10 * 60_000);
  const placeholders = new Set<string>();
  const dirs: string[] = [];

  before(() => {
    ensureEngine({ quiet: true });
    // Placeholders an interrupted earlier run left behind (tags of the Debian stand-in's image
    // other than its own two): gone, so no build ever takes one for a real base image.
    const debianId = docker(['image', 'inspect', '-f', '{{.Id}}', PLACEHOLDER_BASE]).stdout.trim();
    const own = new Set([PLACEHOLDER_BASE, 'debian:bookworm-slim']);
    for (const line of docker(['image', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']).stdout.split('\n')) {
      const [id, tag] = line.split(' ');
      if (id === debianId && tag && !own.has(tag)) docker(['rmi', tag], { allowFail: true });
    }
  });
  after(() => {
    for (const tag of placeholders) docker(['rmi', tag], { allowFail: true });
    for (const dir of dirs) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  /** The fixture copied with the generated files written into it. */
  async function generated(fixture: string, flags: Record<string, string>): Promise<string> {
    const dir = copyFixture(fixture);
    dirs.push(dir);
    const { files } = await generate(dir, flags);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.content);
    }
    return dir;
  }

  /** `docker build --check .`; a base image that is not there gets a placeholder tag and a retry. */
  function buildCheck(dir: string, file = 'Dockerfile'): { code: number; output: string } {
    for (let attempt = 0; attempt < 8; attempt++) {
      const res = docker(['build', '--check', '--network', 'none', '--progress=plain', '-f', file, '.'], { cwd: dir, allowFail: true });
      const output = `${res.stdout}${res.stderr}`;
      const missing = /failed to resolve source metadata for (\S+?):\s/.exec(output)?.[1];
      if (res.code === 0 || !missing) return { code: res.code, output };
      if (placeholders.has(missing)) return { code: res.code, output };
      docker(['tag', PLACEHOLDER_BASE, missing]);
      placeholders.add(missing);
    }
    throw new Error(`docker build --check in ${dir}: too many missing base images`);
  }

  it('the check itself fires: a Dockerfile with three known violations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-checks-bad-'));
    dirs.push(path.join(dir, 'x'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${PLACEHOLDER_BASE} as base\nENV A b\nCMD node x\n`);
    const check = buildCheck(dir);
    assert.notEqual(check.code, 0);
    assert.deepEqual(
      findings(check.output).map((f) => f.split(' ')[1]),
      ['FromAsCasing', 'LegacyKeyValueFormat', 'JSONArgsRecommended'],
    );
  });

  for (const v of variants) {
    it(`${v.label}: docker build --check reports nothing; docker compose config accepts compose.yaml`, async () => {
      const dir = await generated(v.fixture, v.flags);
      // A workspace app's files sit in its folder; the build context is the workspace root.
      const app = fs.existsSync(path.join(dir, 'Dockerfile'))
        ? ''
        : (fs.readdirSync(dir, { recursive: true }) as string[])
            .find((f) => path.basename(f) === 'Dockerfile' && !f.split(path.sep).includes('node_modules'))!
            .slice(0, -'/Dockerfile'.length);
      const check = buildCheck(dir, app === '' ? 'Dockerfile' : `${app}/Dockerfile`);
      assert.deepEqual(findings(check.output), [], 'docker build --check findings (check name, then the Dockerfile line)');
      assert.equal(check.code, 0, `docker build --check failed:\n${check.output.split('\n').slice(-40).join('\n')}`);
      assert.match(check.output, /Check complete, no warnings found\./);

      // Backing services: the user creates the password and env files first (README.Docker.md);
      // compose refuses a missing env_file, so empty ones stand in for them here.
      createComposeInputs(path.join(dir, app));
      const config = docker(['compose', 'config', '--quiet'], { cwd: path.join(dir, app), allowFail: true, env: { IMAGE_TAG: 'check', HOST_PORT: '18080' } });
      assert.equal(config.code, 0, `docker compose config rejected compose.yaml: ${config.stderr.trim()}`);
      assert.equal(config.stderr.trim(), '', 'docker compose config printed no warning');
    });
  }
});
