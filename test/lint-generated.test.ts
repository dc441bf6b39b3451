/**
 * Every fixture's generated files through the external linters (dockerlinter with hadolint's
 * rules + ShellCheck, dockerfile-utils, dclint, the Compose JSON schema) and the project's own
 * checklist checker (R03, R04, R06, R11, R12, R18, R19, R21–R31). Expected: 0 findings.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkAll } from './support/checklist.js';
import { fileContent, generate } from './support/generate.js';
import { lintCompose, lintDockerfile, type Finding } from './support/lint.js';
import { FIXTURES_DIR } from './support/project.js';
import { FIXTURES } from './golden.test.js';

const show = (findings: Finding[]) => findings.map((f) => `${f.tool} ${f.rule}${f.line ? `:${f.line}` : ''} ${f.message}`).join('\n');

describe('generated files are lint-clean and satisfy the checklist', () => {
  let total = 0;
  after(() => console.log(`      lint findings across ${FIXTURES.length} fixtures: ${total}`));

  for (const fixture of FIXTURES) {
    it(fixture, async () => {
      const { resolution, files } = await generate(path.join(FIXTURES_DIR, fixture));
      const dockerfile = fileContent(files, 'Dockerfile');
      const compose = fileContent(files, 'compose.yaml');
      const dockerignore = fileContent(files, '.dockerignore');
      const findings = [
        ...lintDockerfile(dockerfile),
        ...lintCompose(compose),
        ...checkAll({ dockerfile, compose, dockerignore, port: resolution.answers.port, healthPath: resolution.answers.healthPath }),
      ];
      total += findings.length;
      assert.equal(findings.length, 0, `${fixture}:\n${show(findings)}`);
    });
  }
});
