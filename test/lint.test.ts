import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';

import { lintDockerfile, lintCompose, runDockerlinter, runDclint, lintDockerfileViaCli, lintComposeViaCli, type Finding } from './support/lint.js';
import { loadSample, edit } from './support/samples.js';

const good = loadSample('node');

const BAD_DOCKERFILE = [
  'FROM node', // 1  EF0004 untagged
  'MAINTAINER someone', // 2  EI0003 / DEPRECATED_MAINTAINER
  'RUN apt-get update && apt-get install curl', // 3  ER0009 -y, ER0002 lists, ER0010, ER0012
  'RUN cd /app && npm install express', // 4  ER0003 WORKDIR, ER0014
  'ADD . /app', // 5  EA0002
  'RUN echo $FOO | grep x', // 6  SC2086, ER0001 pipefail
  'USER root', // 7  EU0001
  'CMD npm start', // 8  EJ0002 shell form
  'CMD ["node", "x.js"]', // 9  EI0001 / MULTIPLE_INSTRUCTIONS
  '',
].join('\n');

/** A compose file that passes the schema but breaks dclint rules. */
const BAD_COMPOSE = [
  'version: "3.8"', // no-version-field
  'services:',
  '  web:',
  '    build: .', // no-build-and-image (no pull_policy)
  '    image: myapp', // service-image-require-explicit-tag; service-keys-order (image before build)
  '    ports:',
  '      - "3000:3000"', // no-unbound-port-interfaces, require-quotes-in-ports (double quotes)
  '',
].join('\n');

function has(findings: Finding[], tool: string, rule: string, line?: number): boolean {
  return findings.some((f) => f.tool === tool && f.rule === rule && (line === undefined || f.line === line));
}

function show(findings: Finding[]): string {
  return findings.map((f) => `${f.tool}/${f.rule}@${f.line ?? '-'}: ${f.message}`).join('\n');
}

function key(f: Finding): string {
  return `${f.rule}@${f.line}:${f.message}`;
}

describe('lint harness', () => {
  describe('lintDockerfile', () => {
    it('is quiet on the good Node sample (RUN --mount does not trip SC2215)', () => {
      const findings = lintDockerfile(good.dockerfile);
      assert.deepEqual(findings, [], show(findings));
    });

    it('reports dockerlinter, ShellCheck and dockerfile-utils findings with lines', () => {
      const f = lintDockerfile(BAD_DOCKERFILE);
      const expected: Array<[string, string, number]> = [
        ['dockerlinter', 'EF0004', 1],
        ['dockerlinter', 'EI0003', 2],
        ['dockerlinter', 'ER0009', 3],
        ['dockerlinter', 'ER0003', 4],
        ['dockerlinter', 'EA0002', 5],
        ['dockerlinter', 'ER0001', 6],
        ['dockerlinter', 'SC2086', 6],
        ['dockerlinter', 'EU0001', 7],
        ['dockerlinter', 'EJ0002', 8],
        ['dockerlinter', 'EI0001', 9],
        ['dockerfile-utils', 'DEPRECATED_MAINTAINER', 2],
        ['dockerfile-utils', 'MULTIPLE_INSTRUCTIONS', 8],
      ];
      for (const [tool, rule, line] of expected) assert.ok(has(f, tool, rule, line), `missing ${tool}/${rule}@${line} in\n${show(f)}`);
    });

    it('maps ShellCheck findings in a continued RUN to the physical line', () => {
      const text = 'FROM debian:12.8-slim\nRUN set -eu; \\\n    echo hello; \\\n    echo $foo\n';
      const f = lintDockerfile(text);
      assert.ok(has(f, 'dockerlinter', 'SC2154', 4), show(f));
    });

    it('reports dockerfile-utils syntax errors (unknown flag, duplicate stage name)', () => {
      const text = 'FROM node:20-bookworm-slim AS a\nFROM node:20-bookworm-slim AS a\nCOPY --bogus=1 a.txt /a.txt\n';
      const f = lintDockerfile(text);
      assert.ok(has(f, 'dockerfile-utils', 'DUPLICATE_BUILD_STAGE_NAME', 1), show(f));
      assert.ok(has(f, 'dockerfile-utils', 'UNKNOWN_COPY_FLAG', 3), show(f));
    });

    it('flags inline suppressions, and the linter honours them like its CLI does', () => {
      const text = 'FROM debian:12.8-slim\n# linter ignore=SC2086\nRUN echo $FOO\n';
      const f = lintDockerfile(text);
      assert.ok(has(f, 'lint-harness', 'no-inline-suppression', 2), show(f));
      assert.ok(!has(f, 'dockerlinter', 'SC2086'), show(f));
      const hado = lintDockerfile(edit(good.dockerfile, 'WORKDIR /app\nENV', '# hadolint ignore=DL3008\nWORKDIR /app\nENV'));
      assert.ok(has(hado, 'lint-harness', 'no-inline-suppression'), show(hado));
    });

    it('throws instead of reporting nothing when dockerlinter crashes', () => {
      assert.throws(() => lintDockerfile(''), /dockerlinter failed/);
      assert.throws(() => lintDockerfile('# only a comment\n'), /dockerlinter failed/);
    });

    it('throws when ShellCheck cannot run', () => {
      const saved = process.env.PATH;
      process.env.PATH = '/nonexistent';
      try {
        assert.throws(() => lintDockerfile(good.dockerfile), /ShellCheck could not be run/);
      } finally {
        process.env.PATH = saved;
      }
    });

    it('matches the dockerlinter CLI (dockerfilelinter -f Dockerfile -j -i SC2215) on good and bad input', function () {
      this.timeout(30000);
      for (const text of [good.dockerfile, BAD_DOCKERFILE, 'FROM debian:12.8-slim\nRUN set -eu; \\\n    echo $foo | grep x\n']) {
        const cli = lintDockerfileViaCli(text).map(key).sort();
        const inProcess = runDockerlinter(text).map(key).sort();
        assert.deepEqual(inProcess, cli);
      }
      assert.ok(lintDockerfileViaCli(BAD_DOCKERFILE).length >= 10, 'the CLI parity check must compare real findings');
    });
  });

  describe('lintCompose', () => {
    it('is quiet on the good Node sample', () => {
      const findings = lintCompose(good.compose);
      assert.deepEqual(findings, [], show(findings));
    });

    it('reports dclint rule findings', () => {
      const f = lintCompose(BAD_COMPOSE);
      for (const [rule, line] of [
        ['no-version-field', 1],
        ['service-keys-order', 5],
        ['no-build-and-image', 4],
        ['service-image-require-explicit-tag', 5],
        ['no-unbound-port-interfaces', undefined],
        ['require-quotes-in-ports', 7],
      ] as Array<[string, number | undefined]>) {
        assert.ok(has(f, 'dclint', rule, line), `missing dclint/${rule} in\n${show(f)}`);
      }
      // disabled on purpose (docker-compose 1.29 rejects a top-level name:), see DCLINT_RULES
      assert.ok(!has(f, 'dclint', 'require-project-name-field'), show(f));
    });

    it('reports Compose schema violations with the offending line', () => {
      const text = edit(good.compose, '    read_only: true\n', '    read_only: true\n    bogus_key: 1\n');
      const f = lintCompose(text);
      const schema = f.filter((x) => x.tool === 'compose-schema');
      assert.equal(schema.length, 1, show(f));
      assert.equal(schema[0].rule, 'additionalProperties');
      assert.match(schema[0].message, /bogus_key/);
      assert.equal(schema[0].line, text.split('\n').findIndex((l) => l.includes('bogus_key')) + 1);
      const typeErr = lintCompose(edit(good.compose, 'read_only: true', 'read_only: [1]'));
      assert.ok(
        typeErr.some((x) => x.tool === 'compose-schema'),
        show(typeErr),
      );
    });

    it('reports YAML syntax errors as findings', () => {
      const f = lintCompose('services:\n  app: [\n');
      assert.ok(f.length > 0 && f.every((x) => x.tool === 'yaml'), show(f));
    });

    it('flags dclint disable comments', () => {
      const f = lintCompose('# dclint disable\n' + good.compose);
      assert.ok(has(f, 'lint-harness', 'no-inline-suppression', 1), show(f));
    });

    it('matches the dclint CLI (dclint -f json) on schema-valid good and bad input', function () {
      this.timeout(30000);
      for (const text of [good.compose, BAD_COMPOSE]) {
        const cli = lintComposeViaCli(text).map(key).sort();
        const inProcess = runDclint(text, parseYaml(text, { merge: true }) as object)
          .map(key)
          .sort();
        assert.deepEqual(inProcess, cli);
      }
      assert.ok(lintComposeViaCli(BAD_COMPOSE).length >= 6, 'the CLI parity check must compare real findings');
    });
  });
});
