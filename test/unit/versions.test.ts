/**
 * Version pins: every pin of the generated files lives in generators/lib/versions.ts, and
 * renovate.json's managers find every one of them (and nothing else), so updates arrive as PRs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import ts from 'typescript';
import { PINS } from '../../generators/lib/versions.js';
import { REPO_ROOT } from '../support/project.js';

const VERSIONS_FILE = 'generators/lib/versions.ts';
const ENGINE_FILE = 'scripts/engine.sh';
const read = (rel: string): string => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');

interface CustomManager {
  customType: string;
  managerFilePatterns: string[];
  matchStrings: string[];
  datasourceTemplate?: string;
  depNameTemplate?: string;
}
interface RenovateConfig {
  extends: string[];
  ignorePaths: string[];
  customManagers: CustomManager[];
  packageRules: Array<Record<string, unknown>>;
}
const config = JSON.parse(read('renovate.json')) as RenovateConfig;

/** Renovate's `/regex/` file patterns (a plain string is a glob; these are all regexes). */
function filePattern(p: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(p);
  assert.ok(m, `managerFilePatterns entry ${p} is not a /regex/`);
  return new RegExp(m[1]!, m[2]);
}
function managersFor(file: string): CustomManager[] {
  return config.customManagers.filter((m) => m.managerFilePatterns.some((p) => filePattern(p).test(file)));
}

interface Dep {
  line: number;
  /** The whole match: Renovate replaces the current value (and digest) inside it. */
  text: string;
  datasource: string;
  depName: string;
  currentValue: string;
  currentDigest: string | undefined;
  registryUrl: string | undefined;
}
/** Runs the managers' matchStrings over a file as Renovate does (every match of every regex). */
function extract(file: string): Dep[] {
  const text = read(file);
  const deps: Dep[] = [];
  for (const manager of managersFor(file)) {
    assert.equal(manager.customType, 'regex');
    for (const source of manager.matchStrings) {
      for (const m of text.matchAll(new RegExp(source, 'g'))) {
        const g = m.groups ?? {};
        deps.push({
          line: text.slice(0, m.index).split('\n').length,
          text: m[0],
          datasource: g.datasource ?? manager.datasourceTemplate ?? '',
          depName: g.depName ?? manager.depNameTemplate ?? '',
          currentValue: g.currentValue ?? '',
          currentDigest: g.currentDigest,
          registryUrl: g.registryUrl,
        });
      }
    }
  }
  return deps.sort((a, b) => a.line - b.line);
}

/** Lines (1-based) of the `renovate:` comments in a file. */
function renovateComments(file: string, prefix: string): number[] {
  return read(file)
    .split('\n')
    .flatMap((l, i) => (l.trimStart().startsWith(`${prefix} renovate:`) ? [i + 1] : []));
}

describe('version pins (generators/lib/versions.ts, renovate.json)', () => {
  it('renovate.json is valid against the JSON schema of the Renovate release pinned in scripts/engine.sh', () => {
    const version = /^readonly RENOVATE_SCHEMA_VERSION="([^"]+)"$/m.exec(read(ENGINE_FILE))?.[1];
    assert.ok(version, 'scripts/engine.sh names no RENOVATE_SCHEMA_VERSION');
    const schemaFile = path.join(REPO_ROOT, 'test/tools/node_modules/.renovate-schema', `${version}.json`);
    assert.ok(fs.existsSync(schemaFile), `${schemaFile} is missing: run \`bash scripts/engine.sh packages\` (the mocha setup does)`);
    const ajv = new Ajv.default({ strict: false, allErrors: true, logger: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
    assert.ok(validate(config), `renovate.json: ${ajv.errorsText(validate.errors)}`);
    // The schema can fail: a misspelt manager type is refused.
    const broken = structuredClone(config);
    broken.customManagers[0]!.customType = 'regexp';
    assert.equal(validate(broken), false);
  });

  it('every regex is one Renovate (RE2) accepts: no lookaround, no backreference', () => {
    for (const m of config.customManagers) {
      for (const s of m.matchStrings) {
        assert.doesNotMatch(s, /\(\?<?[=!]|\\[1-9]|\\k</, s);
        assert.doesNotThrow(() => new RegExp(s));
      }
    }
  });

  it('every entry of versions.ts is matched exactly once, with the value the code uses', () => {
    const deps = extract(VERSIONS_FILE);
    const lines = read(VERSIONS_FILE).split('\n');
    const entryLine = (key: string): number => {
      const i = lines.findIndex((l) => new RegExp(`^\\s*${key}: '`).test(l));
      assert.ok(i >= 0, `no line for PINS.${key}`);
      return i + 1;
    };
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(PINS)) {
      const at = entryLine(key);
      // The match starts on the comment line just above the entry.
      const matches = deps.filter((d) => d.line === at - 1);
      assert.equal(matches.length, 1, `PINS.${key} (line ${at}) matched ${matches.length} times`);
      const d = matches[0]!;
      seen.add(key);
      assert.match(d.datasource, /^(docker|node-version|npm|pypi|deb|github-tags)$/, `PINS.${key}`);
      if (d.currentDigest !== undefined) {
        // An Action: owner/repo[/path]@sha # release, depName the repository.
        assert.equal(d.datasource, 'github-tags', `PINS.${key}`);
        assert.ok(value.startsWith(`${d.depName}@`) || value.startsWith(`${d.depName}/`), `PINS.${key}: ${value} is not ${d.depName}`);
        assert.ok(value.endsWith(`@${d.currentDigest} # ${d.currentValue}`), `PINS.${key}`);
      } else if (value.includes(':')) {
        // An image: repository:tag, depName the repository.
        assert.equal(d.datasource, 'docker', `PINS.${key}`);
        assert.equal(`${d.depName}:${d.currentValue}`, value, `PINS.${key}`);
      } else {
        assert.equal(d.currentValue, value, `PINS.${key}`);
      }
      // Renovate rewrites the first occurrence of the value inside the match: it must be the entry's.
      const count = (needle: string): number => d.text.split(needle).length - 1;
      assert.equal(count(d.currentValue), 1, `PINS.${key}: ${d.currentValue} occurs ${count(d.currentValue)} times in its match`);
      if (d.currentDigest !== undefined) assert.equal(count(d.currentDigest), 1, `PINS.${key}`);
      if (d.datasource === 'deb') assert.match(d.registryUrl ?? '', /^https:\/\/deb\.debian\.org\/debian\?suite=bookworm&/, `PINS.${key}`);
    }
    assert.equal(seen.size, Object.keys(PINS).length);
    // No match, and no `// renovate:` comment, without an entry.
    assert.equal(deps.length, Object.keys(PINS).length, 'matches without a PINS entry');
    assert.deepEqual(
      renovateComments(VERSIONS_FILE, '//'),
      deps.map((d) => d.line),
    );
  });

  it('the test-tooling versions in scripts/engine.sh are matched exactly once each', () => {
    const deps = extract(ENGINE_FILE);
    assert.deepEqual(
      deps.map((d) => `${d.datasource} ${d.depName} ${d.currentValue}`),
      [
        `npm yarn ${/STANDIN_YARN_VERSION:-([^}]+)\}/.exec(read(ENGINE_FILE))![1]}`,
        `npm renovate ${/RENOVATE_SCHEMA_VERSION="([^"]+)"/.exec(read(ENGINE_FILE))![1]}`,
      ],
    );
    assert.deepEqual(
      renovateComments(ENGINE_FILE, '#'),
      deps.map((d) => d.line),
    );
  });

  it("this repository's workflow pins every action to a commit SHA (updated by the github-actions manager)", () => {
    assert.ok(config.extends.includes('helpers:pinGitHubActionDigests'));
    const uses = [...read('.github/workflows/ci.yml').matchAll(/^\s*-?\s*uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    assert.ok(uses.length > 0);
    for (const u of uses) assert.match(u, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v?\d+(\.\d+)*$/, u);
  });

  it('golden files, fixtures and sample projects are not updated by Renovate (they change through golden:update)', () => {
    for (const p of ['test/golden/**', 'test/fixtures/**', 'test/hostile/**', 'test/audit-corpus/**']) assert.ok(config.ignorePaths.includes(p), p);
    // config:recommended ignores **/test/** by default: overridden so test/tools is updated.
    assert.ok(!config.ignorePaths.includes('**/test/**'));
  });

  it('no version pin in generators/ or templates/ outside versions.ts', () => {
    const strays = [...strayPins()];
    assert.deepEqual(strays, [], `pins outside ${VERSIONS_FILE} (move them there):\n${strays.join('\n')}`);
    const unused = ALLOWED.filter((_, i) => !usedAllowances.has(i)).map((a) => `${a.file} ${a.finding}`);
    assert.deepEqual(unused, [], 'allow-list entries that allow nothing any more: remove them');
  });

  it("one Debian release everywhere: the suite in the templates' image tags is the one versions.ts pins (Python: trixie)", () => {
    // The suite (bookworm) is part of the templates' tags (node:${NODE_VERSION}-bookworm-slim):
    // not a version Renovate can bump; moving to the next Debian release is a deliberate change
    // of the templates, the tini stage and its apt pin, and the distroless images together.
    // Python moved to trixie on its own: the official python images' default suite, the suite
    // of the only Python the test engine can stand in (Debian trixie's 3.13), and the one whose
    // package names and versions stacks/python/native.ts pins (tini's static binary is copied
    // from the bookworm tini stage, which works on any suite).
    const suites = new Map<string, Set<string>>();
    for (const file of walk('templates', '.ejs')) {
      const stack = file.split('/')[1]!;
      // The image's name may be a fact (`<%- df.images.python %>`); the suite is in the tag.
      for (const m of read(file).matchAll(/^FROM (?:<%- [\w.]+ %>|[^\s]*):[^\s]*?-(bookworm|bullseye|buster|trixie|forky)\b/gm)) {
        if (!suites.has(stack)) suites.set(stack, new Set());
        suites.get(stack)!.add(m[1]!);
      }
    }
    for (const [stack, found] of suites) assert.deepEqual([...found], [stack === 'python' ? 'trixie' : 'bookworm'], `templates/${stack}`);
    assert.ok(suites.has('python'), 'the python templates name their suite');
    assert.match(PINS.tiniStageImage, /^debian:bookworm-slim$/);
    for (const v of [PINS.distrolessStatic, PINS.distrolessBase, PINS.distrolessCc]) assert.match(v, /-debian12:/, v);
    assert.match(read(VERSIONS_FILE), /registryUrl=https:\/\/deb\.debian\.org\/debian\?suite=bookworm&/);
  });

  it('the stray-pin scan finds each kind of pin', () => {
    const samples: Array<[string, string]> = [
      ['image tag', "const a = 'postgres:17-bookworm';"],
      ['image tag', 'const a = `mariadb:11.8`;'],
      ['image tag', "const a = 'gcr.io/distroless/static-debian12:nonroot';"],
      ['image tag', "const a = 'debian:bookworm-slim';"],
      ['commit SHA', "const a = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';"],
      ['action ref', "const a = 'actions/checkout@v4';"],
      ['apt/pip pin', "const a = 'tini=0.19.0-1+b3';"],
      ['apt/pip pin', "const a = 'poetry==2.1.3';"],
      ['version constant', "export const NGINX_VERSION = '1.28';"],
      ['version constant', "const DEFAULT_VERSIONS = { pnpm: '10' };"],
      ['ARG default', "const a = 'ARG NODE_VERSION=22';"],
    ];
    for (const [kind, code] of samples)
      assert.ok(
        scanTs('x.ts', code).some((s) => s.includes(kind)),
        `${kind} not found in ${code}`,
      );
    assert.deepEqual(
      scanTs(
        'x.ts',
        "import fs from 'node:fs';\n// python:3.13-slim-bookworm in a comment\nconst port = '127.0.0.1:8080'; const u = 'https://example.com:443/x';",
      ),
      [],
    );
    assert.ok(scanTemplate('x.ejs', 'FROM node:22-bookworm-slim AS base\n').length > 0);
    assert.deepEqual(scanTemplate('x.ejs', 'FROM node:${NODE_VERSION}-bookworm-slim AS base\n'), []);
  });
});

// ------------------------------------------------------------------------------------------
// The stray-pin scan

/** Release suites and floating tags that are not versions (no digit), but still pins. */
const FLOATING_TAG = /^(bookworm|bullseye|trixie|buster|slim|alpine|nonroot|latest|lts|stable|mainline)([-.]|$)/;
/** Image repositories the product uses (from versions.ts), to catch `name:tag` with any tag. */
const PINNED_REPOS = new Set(Object.values(PINS).flatMap((v) => (/^[a-z0-9][\w./-]*:/.test(v) && !v.includes('@') ? [v.slice(0, v.lastIndexOf(':'))] : [])));

/** Kinds of pin in a string: image tags, commit SHAs, action refs, apt/pip pins. */
function pinKinds(s: string): string[] {
  const kinds: string[] = [];
  if (/\b[0-9a-f]{40}\b|sha256:[0-9a-f]{64}/.test(s)) kinds.push('commit SHA');
  if (/\b[\w.-]+\/[\w./-]+@v?\d/.test(s)) kinds.push('action ref');
  if (/\b[a-z][a-z0-9.+-]*(==|=)\d+\.\d+/.test(s)) kinds.push('apt/pip pin');
  if (/\bARG [A-Z_]+=\d/.test(s)) kinds.push('ARG default');
  for (const m of s.matchAll(/(?<![\w.:/-])([a-z0-9][a-z0-9._-]*(?:\/[a-z0-9._-]+)*):([A-Za-z0-9_][\w.-]*)/g)) {
    const [repo, tag] = [m[1]!, m[2]!];
    if (/^(https?|file|ssh|git|tcp|udp|unix)$/.test(repo) || /^\d+$/.test(tag) || /^\d+(\.\d+){3}$/.test(repo)) continue; // URLs, host:port
    if (/\d/.test(tag) || FLOATING_TAG.test(tag) || PINNED_REPOS.has(repo)) kinds.push(`image tag ${repo}:${tag}`);
  }
  return kinds;
}

/**
 * Allowed: version-shaped strings that are facts or examples, not pins of the generated files.
 * Each names its file, the finding it allows and why.
 */
const ALLOWED: Array<{ file: string; finding: RegExp; why: string }> = [
  {
    file: 'generators/stacks/python/native.ts',
    finding: /(apt\/pip pin|image tag) [^"]*"[a-z0-9.+-]+=[0-9:.]+-?\*"/,
    why: "build and runtime Debian packages of source-only Python packages, pinned to trixie's upstream release with any Debian revision (libpq5=17.*): fixed for the life of the suite, not a version Renovate can bump",
  },
  {
    file: 'generators/stacks/node/prisma-plan.ts',
    finding: /apt\/pip pin in "openssl=3\.0\.\*( ca-certificates=20\*)?"/,
    why: "libssl for Prisma's CLI and Rust query engine, pinned to bookworm's OpenSSL 3.0 line with any Debian revision (an exact revision leaves the archive at the next security update); ca-certificates versions are release dates: not versions Renovate can bump",
  },
  {
    file: 'generators/lib/audit/rules.ts',
    finding: /image tag node:22-bookworm-slim|ARG default/,
    why: "the audit's example fixes: illustrative text for the user's own Dockerfile, not what the generator writes",
  },
  { file: 'generators/lib/audit/report.ts', finding: /version constant in "2\.1\.0"/, why: 'the SARIF format version of the audit report' },
  {
    file: 'generators/lib/runtime.ts',
    finding: /version constant in "25"/,
    why: 'DEFAULT_MIN_DOCKER: the oldest Docker Engine supported (a --min-docker choice), not an installed version',
  },
  { file: 'generators/stacks/node/services.ts', finding: /image tag migrate:latest/, why: 'the knex command `migrate:latest`, not an image' },
  { file: 'templates/common/ci/trivyignore.ejs', finding: /image tag exp:2025-12-31/, why: "Trivy's `exp:<date>` expiry syntax in a commented example" },
];
const usedAllowances = new Set<number>();
function allowed(file: string, finding: string): boolean {
  const i = ALLOWED.findIndex((a) => a.file === file && a.finding.test(finding));
  if (i >= 0) usedAllowances.add(i);
  return i >= 0;
}

/** String literals (and template-literal text) of a TypeScript file, with their line. */
function tsStrings(file: string, code: string): Array<{ line: number; text: string; before: string }> {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; text: string; before: string }> = [];
  const visit = (node: ts.Node): void => {
    // Module specifiers (`node:fs`) name modules, not images.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // What the literal is assigned to: `NAME = '...'` or `key: '...'`.
      const p = node.parent;
      let before = '';
      if (p && ts.isVariableDeclaration(p) && p.initializer === node) before = p.name.getText(sf);
      else if (p && ts.isPropertyAssignment(p) && p.initializer === node) before = p.name.getText(sf);
      out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.text, before });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function scanTs(file: string, code: string): string[] {
  const found: string[] = [];
  for (const { line, text, before } of tsStrings(file, code)) {
    const kinds = pinKinds(text);
    // A bare version assigned to something named like a version or a package manager.
    if (
      /^v?\d+(\.\d+)*([-+][\w.+-]*)?$/.test(text) &&
      /version|default|lts|major|minor|^(pnpm|yarn|bun|npm|uv|poetry|pipenv|pdm|node|python|go|nginx)$/i.test(before)
    )
      kinds.push('version constant');
    for (const k of kinds) {
      const finding = `${k} in ${JSON.stringify(text)}`;
      if (!allowed(file, finding)) found.push(`${file}:${line}: ${finding}`);
    }
  }
  return found;
}

/** Template text outside EJS tags is output as is: a pin there would bypass versions.ts. */
function scanTemplate(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((l, i) => {
    // `${VAR}` parts are Dockerfile ARGs (their defaults come from versions.ts through the data).
    const plain = l.replace(/<%[\s\S]*?%>/g, ' ').replace(/\$\{[A-Z_]+\}[\w.-]*/g, '${ARG}');
    for (const k of pinKinds(plain)) if (!allowed(file, k)) found.push(`${file}:${i + 1}: ${k}`);
  });
  return found;
}

function* walk(dir: string, ext: string): Generator<string> {
  for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) yield* walk(rel, ext);
    else if (e.name.endsWith(ext)) yield rel;
  }
}

function* strayPins(): Generator<string> {
  for (const file of walk('generators', '.ts')) if (file !== VERSIONS_FILE) yield* scanTs(file, read(file));
  for (const file of walk('templates', '.ejs')) yield* scanTemplate(file, read(file));
}
