/**
 * The whole space of valid settings, lint-clean: for every stack and each of its fixtures, every
 * package manager that can install that fixture (the stack's own checkPackageManager: a lockfile
 * decides; the others are refused by validation and not part of the space), with and without a
 * build command, ports at the edges with health paths that carry query strings and %-escapes,
 * both bind addresses. Each combination goes through the same validation as the CLI (flags →
 * resolveAnswers), is rendered, and every file runs through the external linters and the
 * project's checker. Expected: every combination renders (a refusal is a failure), 0 findings.
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
  return fs.readdirSync(FIXTURES_DIR).filter((name) => name.startsWith(`${stackId}-`) && fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());
}

/** Whether the generator accepts this build command for the stack and fixture (a compiled stack refuses none). */
async function validBuild(build: string, stack: (typeof STACKS)[number], dir: string): Promise<boolean> {
  try {
    await generate(dir, { language: stack.id, buildCommand: build });
    return true;
  } catch (error) {
    if (error instanceof InputError && error.message.startsWith('--build-command')) return false;
    throw error;
  }
}

describe('option matrix: every combination lint-clean', function () {
  this.timeout(20 * 60 * 1000);

  it('renders and lints every combination with 0 findings', async () => {
    let checked = 0;
    let invalidManagers = 0;
    let invalidBuilds = 0;
    const failures: string[] = [];
    for (const stack of STACKS) {
      for (const fixture of fixturesOf(stack.id)) {
        const dir = path.join(FIXTURES_DIR, fixture);
        const all = stack.packageManagers.length > 0 ? stack.packageManagers : [undefined];
        const managers = all.filter((pm) => pm === undefined || stack.checkPackageManager?.(pm, dir) === undefined);
        invalidManagers += all.length - managers.length;
        // "No build command" only where the stack allows it (a compiled stack needs one): the setting's own validation decides.
        const builds: (typeof BUILDS)[number][] = [];
        for (const build of BUILDS) if (build === undefined || (await validBuild(build, stack, dir))) builds.push(build);
        invalidBuilds += BUILDS.length - builds.length;
        for (const pm of managers) {
          for (const build of builds) {
            for (const [port, healthPath] of PORTS_AND_PATHS) {
              for (const bind of BIND_ADDRESSES) {
                const flags: Record<string, string> = { language: stack.id, port, 'health-path': healthPath, 'bind-address': bind };
                if (pm) flags['package-manager'] = pm;
                if (build !== undefined) flags['build-command'] = build;
                const keyed: Record<string, string> = {};
                for (const [flag, value] of Object.entries(flags)) keyed[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
                const label = `${fixture} ${Object.entries(flags)
                  .map(([k, v]) => `--${k} ${JSON.stringify(v)}`)
                  .join(' ')}`;
                let result;
                try {
                  result = await generate(dir, keyed);
                } catch (error) {
                  // Every enumerated combination is valid: a refusal is a bug in the matrix or the validation.
                  if (!(error instanceof InputError)) throw error;
                  failures.push(`${label}\n  refused: ${error.message}`);
                  continue;
                }
                const { resolution, files } = result;
                const dockerfile = fileContent(files, 'Dockerfile');
                const compose = fileContent(files, 'compose.yaml');
                const findings: Finding[] = [
                  ...lintDockerfile(dockerfile),
                  ...lintCompose(compose),
                  ...checkAll({
                    dockerfile,
                    compose,
                    dockerignore: fileContent(files, '.dockerignore'),
                    port: resolution.answers.port,
                    healthPath: resolution.answers.healthPath,
                  }),
                ];
                checked++;
                if (findings.length > 0) failures.push(`${label}\n  ${findings.map((f) => `${f.tool} ${f.rule} ${f.message}`).join('\n  ')}`);
              }
            }
          }
        }
      }
    }
    console.log(
      `      option matrix: ${checked} valid combinations rendered and linted, ${failures.length} failing; ` +
        `${invalidManagers} fixture × package-manager pairs left out (the fixture's lockfile decides the manager), ` +
        `${invalidBuilds} fixtures without the no-build variant (their stack needs a build command)`,
    );
    assert.ok(checked >= 200, `at least 200 combinations (got ${checked})`);
    assert.deepEqual(failures, []);
  });
});
