/** `yo docker-prod:audit` through the real CLI (the packed tarball installed with yo, run unprivileged). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { handOver, installCli, runYo, type InstalledCli } from './support/cli.js';
import { makeProject, REPO_ROOT } from './support/project.js';

const BAD_DOCKERFILE = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD ["npm", "start"]\n';

describe('yo docker-prod:audit from the packed tarball', function () {
  this.timeout(5 * 60 * 1000);
  let cli: InstalledCli;

  before(() => {
    cli = installCli();
  });

  it('ships the audit generator', () => {
    assert.ok(cli.tarballFiles.includes('package/dist/generators/audit/index.js'));
  });

  it('reports file:line findings and exits non-zero at or above --fail-on', () => {
    const dir = makeProject({ Dockerfile: BAD_DOCKERFILE });
    handOver(dir);
    const failed = runYo(cli, dir, [], 'docker-prod:audit');
    assert.notEqual(failed.code, 0, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /^Dockerfile:1: error R03 non-root-numeric-user: /m);
    assert.match(failed.stdout, /^Dockerfile:6: warning R11 exec-form-command: /m);
    assert.match(failed.stdout + failed.stderr, /audit failed: \d+ findings? at or above error/);
    const none = runYo(cli, dir, ['--fail-on', 'none'], 'docker-prod:audit');
    assert.equal(none.code, 0, none.stdout + none.stderr);
    const bad = runYo(cli, dir, ['--fail-on', 'critical'], 'docker-prod:audit');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout + bad.stderr, /--fail-on: "critical" is not allowed: one of error, warning, info, none/);
  });

  it('passes on a clean folder at --fail-on error only when there is no error', () => {
    const dir = makeProject({ 'compose.yaml': 'services:\n  app:\n    image: "app:1.0.0"\n    restart: unless-stopped\n' });
    handOver(dir);
    const r = runYo(cli, dir, [], 'docker-prod:audit');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /compose\.yaml:2: warning R23/);
    assert.notEqual(runYo(cli, dir, ['--fail-on', 'warning'], 'docker-prod:audit').code, 0);
  });

  it('writes SARIF 2.1.0 that validates against the schema, only inside the folder', () => {
    const dir = makeProject({ Dockerfile: BAD_DOCKERFILE });
    handOver(dir);
    const r = runYo(cli, dir, ['--format', 'sarif', '--output', 'audit.sarif', '--fail-on', 'none'], 'docker-prod:audit');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'audit.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    const require = createRequire(import.meta.url);
    const Ajv4 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
    (require('ajv-formats') as (a: unknown) => void)(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object);
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 3);
    const outside = runYo(cli, dir, ['--output', '../x.sarif'], 'docker-prod:audit');
    assert.notEqual(outside.code, 0);
    assert.match(outside.stdout + outside.stderr, /--output: "\.\.\/x\.sarif" is not allowed/);
    assert.ok(!fs.existsSync(path.join(path.dirname(dir), 'x.sarif')));
  });
});
