/**
 * The whole space of settings, lint-clean: for every stack and each of its fixtures, every
 * package manager, with and without a build command, ports at the edges with health paths that
 * carry query strings and %-escapes, both bind addresses. Each combination goes through the same
 * validation as the CLI (flags → resolveAnswers), is rendered, and every file runs through the
 * external linters and the project's checker. Expected: 0 findings.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../generators/lib/errors.js';
import { STACKS } from '../generators/stacks/index.js';
import { checkAll } from './support/checklist.js';
import { fileContent, generate } from './support/generate.js';
import { lintCompose, lintDockerfile, type Finding } from './support/lint.js';
import { FIXTURES_DIR } from './support/project.js';

const PORTS_AND_PATHS: [string, string][] = [
  ['1024', '/health'],
  ['8080', '/healthz?full=1&probe=deep'],
  ['65535', '/status/%7Eready;v=2'],
];
const BIND_ADDRESSES = ['0.0.0.0', '127.0.0.1'];
const BUILDS = [undefined, ''] as const; // detected build command, or none

export function fixturesOf(stackId: string): string[] {
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((name) => name.startsWith(`${stackId}-`) && fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());
}

describe('option matrix: every combination lint-clean', function () {
  this.timeout(20 * 60 * 1000);

  it('renders and lints every combination with 0 findings', async () => {
    let checked = 0;
    let refused = 0;
    const failures: string[] = [];
    const refusals = new Map<string, number>();
    for (const stack of STACKS) {
      const managers = stack.packageManagers.length > 0 ? stack.packageManagers : [undefined];
      for (const fixture of fixturesOf(stack.id)) {
        for (const pm of managers) {
          for (const build of BUILDS) {
            for (const [port, healthPath] of PORTS_AND_PATHS) {
              for (const bind of BIND_ADDRESSES) {
                const flags: Record<string, string> = { language: stack.id, port, 'health-path': healthPath, 'bind-address': bind };
                if (pm) flags['package-manager'] = pm;
                if (build !== undefined) flags['build-command'] = build;
                const keyed: Record<string, string> = {};
                for (const [flag, value] of Object.entries(flags)) keyed[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
                const label = `${fixture} ${Object.entries(flags).map(([k, v]) => `--${k} ${JSON.stringify(v)}`).join(' ')}`;
                let result;
                try {
                  result = await generate(path.join(FIXTURES_DIR, fixture), keyed);
                } catch (error) {
                  // A combination the generator itself refuses (e.g. a plain static site with a build
                  // command would have nothing to build): a clear InputError, nothing rendered.
                  if (!(error instanceof InputError)) throw error;
                  refused++;
                  refusals.set(error.message.split(':')[0]!, (refusals.get(error.message.split(':')[0]!) ?? 0) + 1);
                  continue;
                }
                const { resolution, files } = result;
                const dockerfile = fileContent(files, 'Dockerfile');
                const compose = fileContent(files, 'compose.yaml');
                const findings: Finding[] = [
                  ...lintDockerfile(dockerfile),
                  ...lintCompose(compose),
                  ...checkAll({ dockerfile, compose, dockerignore: fileContent(files, '.dockerignore'), port: resolution.answers.port, healthPath: resolution.answers.healthPath }),
                ];
                checked++;
                if (findings.length > 0) failures.push(`${label}\n  ${findings.map((f) => `${f.tool} ${f.rule} ${f.message}`).join('\n  ')}`);
              }
            }
          }
        }
      }
    }
    console.log(`      option matrix: ${checked} combinations rendered and linted, ${failures.length} with findings; ${refused} refused by validation ${JSON.stringify(Object.fromEntries(refusals))}`);
    assert.ok(checked >= 200, `at least 200 combinations (got ${checked})`);
    assert.deepEqual(failures, []);
  });
});
