/**
 * Shared code and shared templates name no stack: adding or changing a stack happens in
 * generators/stacks/<id>/ and templates/<id>/, and shared code reaches stacks only through the
 * registry (generators/stacks/index.ts) and the profile's fields.
 *
 * What is checked, and how false positives from ordinary words are avoided:
 *  - Comments are not read at all: TypeScript files go through the TypeScript parser, and only
 *    identifiers, string/template/regex literals and module specifiers are checked (EJS
 *    templates: the code in their tags the same way, EJS comments skipped).
 *  - Module specifiers: a path segment equal to a stack id (`../stacks/go/profile.js`) is a
 *    finding; `node:fs` is Node's own module scheme and `../stacks/index.js` is the registry.
 *  - Identifiers are split into words (camelCase, snake_case); the words `python`, `go` and
 *    `golang` are findings. `node` and `static` are not read in identifiers: they are ordinary
 *    programming words (a YAML or syntax-tree node, TypeScript's `static`, the NodeJS type
 *    namespace), and a stack's identifiers carry its string id anyway, which strings catch.
 *  - Strings and template text: `node`/`Node.js`, `python` and `golang` as words in any case;
 *    `Go` only capitalised (the language; "go" is an English verb); `static` and `go` when they
 *    are the whole string or a path segment (`go/Dockerfile.ejs`, `'static'`), since
 *    "a static build" or "accepted ones go in" are ordinary English.
 * Stack ids come from the registry, so a new stack is checked without editing this test (its
 * id is matched as a word everywhere unless it is listed as an ordinary word below).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { STACKS } from '../generators/stacks/index.js';
import { REPO_ROOT } from './support/project.js';
import { fileTokens, listFiles, type Token } from './support/source-scan.js';

/**
 * Shared code and templates (generators/lib/versions.ts holds every stack's pinned versions by
 * design), and the scripts and test support every stack goes through (the benchmark, the
 * harness): a stack's bench payload and checklist facts live in its profile too.
 */
const SHARED = ['generators/lib', 'generators/app', 'generators/audit', 'generators/eject', 'generators/bin', 'templates/common', 'scripts', 'test/support'];
const NOT_SHARED = new Set(['generators/lib/versions.ts']);

/** Stack ids that are also ordinary English or programming words: matched only as a whole string or path segment. */
const ORDINARY_WORDS = new Set(['go', 'static']);
/** Words read in identifiers too (the rest are ordinary programming words there; see above). */
const IDENTIFIER_WORDS = new Set(['python', 'go', 'golang']);

/**
 * Known findings, each with the reason it stays for now. A finding not listed fails; an entry
 * that no longer matches anything fails too, so the list only shrinks.
 */
const ALLOWED: { file: string; word: string; reason: string; /** Only tokens whose text matches. */ text?: RegExp }[] = [
  // The audit checks any Dockerfile and compose file a team wrote, for runtimes the generator
  // has no stack for too: its knowledge of runtime images and install commands is about
  // images, not about the generator's stacks, and needs no change when a stack is added.
  { file: 'generators/lib/audit/checklist.ts', word: 'node', reason: 'audit: runtime image names (node:22-bookworm is not slim)' },
  { file: 'generators/lib/audit/checklist.ts', word: 'python', reason: 'audit: runtime image names and probes' },
  { file: 'generators/lib/audit/checklist.ts', word: 'go', reason: 'audit: go mod download is a lockfile-exact install' },
  { file: 'generators/lib/audit/checklist.ts', word: 'bun', reason: 'audit: bun install --frozen-lockfile is a lockfile-exact install (bun.lock, bun.lockb)' },
  { file: 'generators/lib/audit/checklist.ts', word: 'rust', reason: 'audit: the rust image is an SDK/toolchain image' },
  { file: 'generators/lib/audit/checklist.ts', word: 'deno', reason: 'audit: environment variables a Deno app reads (Deno.env.get)' },
  { file: 'generators/lib/audit/extra.ts', word: 'bun', reason: 'audit: build commands found in a Dockerfile (bun run build)' },
  { file: 'generators/lib/secrets.ts', word: 'bun', reason: "the npm-token secret's help: Bun reads .npmrc too (the node stack's bun package manager)" },
  { file: 'generators/lib/audit/checklist.ts', word: 'ruby', reason: 'audit: runtime image names (ruby:3.4-bookworm is not slim); predates the ruby stack' },
  { file: 'generators/lib/audit/rules.ts', word: 'node', reason: "audit: the README rule table's example Dockerfiles" },
  { file: 'generators/lib/audit/rules.ts', word: 'python', reason: "audit: the README rule table's explanation of PID 1" },
  { file: 'generators/lib/audit/compose-spec-schema.ts', word: 'node', reason: 'the Compose Specification schema (vendored): a swarm node' },
  // The typed catalog of every bundled template's data (the source of docs/template-facts.md)
  // lists the stacks' templates with their facts types. Moving it next to the registry
  // (generators/stacks/) also moves the docs:facts script's source: left for a follow-up.
  // Tools compared or used by the scripts and the harness, not a stack's knowledge.
  { file: 'scripts/bench.ts', word: 'node', reason: "fly.io's dockerfile-node, compared on Node.js apps only, builds on node:<host version>-slim" },
  { file: 'scripts/bench-cli.ts', word: 'node', text: /resolution; Node/, reason: "the start-up time of the benchmark's own Node.js" },
  {
    file: 'test/support/docker.ts',
    word: 'node',
    text: /^node:$/,
    reason: "the harness's own helper image: the Node.js stand-in tagged with the host's Node.js major",
  },
  // Ordinary words the matcher cannot tell apart.
  { file: 'generators/lib/services/catalog.ts', word: 'node', text: /RabbitMQ keeps its data under the node name/, reason: 'a RabbitMQ node, not Node.js' },
];

export interface Finding {
  file: string;
  line: number;
  word: string;
  kind: Token['kind'];
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The stack ids a token names (see the header for the rules). */
export function stackWords(token: Token, ids: readonly string[]): string[] {
  const found = new Set<string>();
  const segments = token.text.split(/[\\/]/);
  for (const id of ids) {
    const ordinary = ORDINARY_WORDS.has(id);
    if (token.kind === 'module') {
      if (segments.includes(id)) found.add(id);
      continue;
    }
    if (token.kind === 'identifier') {
      const words = token.text
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .split(/[^A-Za-z0-9]+/)
        .map((w) => w.toLowerCase());
      if (IDENTIFIER_WORDS.has(id) && words.includes(id)) found.add(id);
      if (id === 'go' && words.includes('golang')) found.add(id);
      continue;
    }
    // string or template text
    if (token.kind === 'string' && (token.text.trim() === id || segments.slice(0, -1).includes(id))) found.add(id);
    if (token.kind === 'text' && segments.slice(0, -1).some((s) => s.split(/\s+/).pop() === id)) found.add(id);
    if (!ordinary && new RegExp(`(?<![\\w-])${escape(id)}(?:\\.js)?(?![\\w-])`, 'i').test(token.text.replace(/\bnode:(?=[a-z_]+\b)/g, ''))) found.add(id);
    if (id === 'go' && (/\bGo\b/.test(token.text) || /\bgolang\b/i.test(token.text))) found.add(id);
  }
  return [...found];
}

export function sharedFindings(root: string): Finding[] {
  const ids = STACKS.map((s) => s.id);
  const files = SHARED.flatMap((dir) => listFiles(root, dir)).filter((f) => !NOT_SHARED.has(f));
  const out: Finding[] = [];
  for (const file of files) {
    for (const token of fileTokens(path.join(root, file))) {
      for (const word of stackWords(token, ids)) out.push({ file, line: token.line, word, kind: token.kind, text: token.text.trim().slice(0, 120) });
    }
  }
  return out;
}

describe('shared code names no stack', () => {
  const ids = STACKS.map((s) => s.id);

  it('reads words the way the header says (the matcher itself)', () => {
    const words = (kind: Token['kind'], text: string) => stackWords({ kind, text, line: 1 }, ids).sort();
    assert.deepEqual(words('string', 'accepted ones go in .trivyignore'), []);
    assert.deepEqual(words('string', "Debian's static build"), []);
    assert.deepEqual(words('string', 'static'), ['static']);
    assert.deepEqual(words('string', 'go/Dockerfile.ejs'), ['go']);
    assert.deepEqual(words('string', 'Python, Go: mount a .netrc'), ['go', 'python']);
    assert.deepEqual(words('string', 'most Node.js apps'), ['node']);
    assert.deepEqual(words('string', 'node_modules'), []);
    assert.deepEqual(words('module', 'node:fs'), []);
    assert.deepEqual(words('module', '../stacks/go/profile.js'), ['go']);
    assert.deepEqual(words('identifier', 'detectGoNetrcSecret'), ['go']);
    assert.deepEqual(words('identifier', 'PYTHON_NETRC_SECRET'), ['python']);
    assert.deepEqual(words('identifier', 'yamlNode'), []);
    assert.deepEqual(words('identifier', 'STATIC_SEGMENT'), []);
    assert.deepEqual(words('text', 'a handler itself (most Node.js, Python and Go apps do not)'), ['go', 'node', 'python']);
    assert.deepEqual(words('text', 'mounts it at /usr/bin/tini-static'), []);
  });

  it('generators/lib, app, audit, eject, bin, templates/common, scripts and test/support name no stack id outside the allow-list', () => {
    const findings = sharedFindings(REPO_ROOT);
    const matches = (a: (typeof ALLOWED)[number], f: Finding) => a.file === f.file && a.word === f.word && (!a.text || a.text.test(f.text));
    const allowed = (f: Finding) => ALLOWED.some((a) => matches(a, f));
    const unexpected = findings.filter((f) => !allowed(f)).map((f) => `${f.file}:${f.line} ${f.kind} names "${f.word}": ${f.text}`);
    assert.deepEqual(
      unexpected,
      [],
      'shared code names a stack: move the knowledge into the stack (a profile field or hook, generators/stacks/<id>/) or add a commented entry to ALLOWED',
    );
    const stale = ALLOWED.filter((a) => !findings.some((f) => matches(a, f))).map((a) => `${a.file} ${a.word}`);
    assert.deepEqual(stale, [], 'allow-list entries that match nothing any more: remove them');
  });
});
