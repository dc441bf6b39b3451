// Lint harness run by the tests on every generated file.
//
//  lintDockerfile(text): dockerlinter@2 (Buddy's hadolint-style rule set, codes
//    E*0000 plus ShellCheck SC* on every RUN) + dockerfile-utils validate().
//  lintCompose(text):    dclint@3 (all its rules, default levels) + the Compose
//    JSON schema (bundled with dclint) via ajv 8 + ajv-formats.
//
// Both run in-process and synchronously. dockerlinter ships only a CLI (its
// exported `lint()` prints to stdout and may call process.exit), so we drive its
// internal modules exactly as its app.js does, and run ShellCheck ourselves --
// one shellcheck process per Dockerfile for all RUNs instead of one per RUN.
// dclint's public `lintFiles()` re-compiles the Compose schema on every call
// (~100 ms); we call its per-content rule runner and validate the schema with a
// validator compiled once. test/lint.test.ts checks both paths against the real
// CLIs so a dockerlinter/dclint upgrade that changes internals fails loudly.
//
// Every tool failure throws: a crash, a non-zero exit other than "findings",
// unparseable output or output of an unexpected shape is never "0 findings".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { validate as validateDockerfile, ValidationCode } from 'dockerfile-utils';
import { DCLinter } from 'dclint';
import { Ajv } from 'ajv';
import type { ValidateFunction, ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parseDocument, LineCounter } from 'yaml';

import { yamlPathLine } from './yaml-util.js';
import { REPO_ROOT } from './project.js';
import { requireTool } from './tools.js';

// ajv-formats is CommonJS: under NodeNext its default import is module.exports,
// which is the plugin function itself (it also carries .default).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export type Finding = { tool: string; rule: string; line?: number; message: string };

const require = createRequire(import.meta.url);
const DCLINT_DIR = path.dirname(require.resolve('dclint/package.json'));

// dockerlinter lives in test/tools (its own lockfile, installed with --ignore-scripts by
// `bash scripts/engine.sh packages`, which the mocha setup runs before any test file loads):
// its postinstall downloads ShellCheck from GitHub and would break `npm ci` with scripts on.
const TOOLS_DIR = path.join(REPO_ROOT, 'test', 'tools');
const toolsRequire = createRequire(path.join(TOOLS_DIR, 'package.json'));
function toolPath(spec: string): string {
  try {
    return toolsRequire.resolve(spec);
  } catch {
    throw new Error(`${spec} is not installed in ${TOOLS_DIR}: run \`bash scripts/engine.sh packages\` (the tests' setup step does).`);
  }
}
const DOCKERLINTER_DIR = path.dirname(toolPath('dockerlinter/package.json'));
const dlImport = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(DOCKERLINTER_DIR, 'lib', file)).href) as Promise<T>;
const { parseToLines } = await dlImport<typeof import('dockerlinter/lib/parser.js')>('parser.js');
const { directivesParser, getEscape, parseFromAliases } = await dlImport<typeof import('dockerlinter/lib/directives.js')>('directives.js');
const { groupLinesByInstruction, groupByCommand, replaceArgAndEnv, getInlineIgnores } =
  await dlImport<typeof import('dockerlinter/lib/groups.js')>('groups.js');
const dockerlinterRules = (await dlImport<typeof import('dockerlinter/lib/lints.js')>('lints.js')).default;
const { getArgumentsLine, findLineNumber, isIgnored } = await dlImport<typeof import('dockerlinter/lib/lints_helpers.js')>('lints_helpers.js');
const { getErrors, cleanErrors, cleanDisplayErrors, displayErrors } = await dlImport<typeof import('dockerlinter/lib/errors.js')>('errors.js');

/** Rules we tell dockerlinter to skip. SC2215 ("flag used as command name") is a
 *  false positive on every `RUN --mount=...`: dockerlinter hands the RUN text
 *  including its flags to ShellCheck. */
export const DOCKERLINTER_IGNORED = ['SC2215'] as const;

/**
 * dclint rule levels passed to the linter: every rule (15 in dclint 3.1.0) runs
 * at its default level except those listed here.
 *
 * Disabled:
 *  - require-project-name-field: wants a top-level `name:`, which the Compose
 *    implementation this project tests against (docker-compose 1.29, see
 *    test/support/docker.ts) rejects as invalid ("'name' does not match any of
 *    the regexes: '^x-'"). Not a checklist row; the project name comes from
 *    the folder or `-p`.
 *
 * What the generated compose.yaml must do to pass the rest:
 *  - ports single-quoted and bound to a literal IP, e.g. '127.0.0.1:${HOST_PORT:-3000}:3000'
 *    (require-quotes-in-ports, no-unbound-port-interfaces: an interpolated
 *    interface like ${BIND:-127.0.0.1} does not count as bound);
 *  - `image` with an explicit tag, and when both `build` and `image` are set,
 *    `pull_policy` too (service-image-require-explicit-tag, no-build-and-image);
 *  - no `version:` (no-version-field); top-level keys in the order
 *    services, networks, volumes, secrets, configs (top-level-properties-order);
 *  - service keys in dclint's order (service-keys-order, a warning): image, build,
 *    container_name, depends_on, volumes, volumes_from, configs, secrets,
 *    environment, env_file, ports, networks, network_mode, extra_hosts, command,
 *    entrypoint, working_dir, restart, healthcheck, logging, labels, user,
 *    isolation, then every other key alphabetically (cap_add, cap_drop, deploy,
 *    init, mem_limit, pids_limit, pull_policy, read_only, security_opt, tmpfs, ...).
 *    Style only; none of the checklist rows depends on key order, so it stays on.
 * To disable another rule, set it to 0 here and say why.
 */
export const DCLINT_RULES: Record<string, 0 | 1 | 2> = {
  'require-project-name-field': 0,
};

// ---------------------------------------------------------------- Dockerfile

interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

function shellcheckBinary(): string {
  // dockerlinter's postinstall tries to download ShellCheck into
  // node_modules/.shellcheck (offline it can't); its CLI puts that dir first on PATH.
  const bundled = path.join(DOCKERLINTER_DIR, 'node_modules', '.shellcheck', 'shellcheck');
  return fs.existsSync(bundled) ? bundled : requireTool('shellcheck');
}

/** Runs ShellCheck once over several scripts; returns comments per script id. */
function runShellcheck(scripts: Array<{ id: string; text: string }>, ignore: readonly string[]): Map<string, ShellcheckComment[]> {
  const result = new Map<string, ShellcheckComment[]>(scripts.map((s) => [s.id, []]));
  if (scripts.length === 0) return result;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerlint-sc-'));
  try {
    const files = scripts.map((s) => {
      const file = path.join(dir, `${s.id}.sh`);
      fs.writeFileSync(file, s.text + '\n');
      return file;
    });
    const args = [...ignore.filter((r) => /^SC\d+$/i.test(r)).flatMap((r) => ['-e', r.toUpperCase()]), '-f', 'json', '-s', 'sh', ...files];
    const bin = shellcheckBinary();
    const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
      throw new Error(`ShellCheck could not be run (${bin}): ${r.error.message}. Install it (Debian: apt-get install shellcheck).`);
    }
    // ShellCheck: 0 = clean, 1 = comments found; anything else (2 = file error,
    // 3 = bad options, 4 = ...) is a failure even if stdout happens to hold "[]".
    if (r.status !== 0 && r.status !== 1) {
      throw new Error(`ShellCheck exited with ${r.status ?? r.signal}: ${r.stderr.trim() || r.stdout.trim() || 'no output'}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.stdout);
    } catch {
      throw new Error(`ShellCheck printed something that is not JSON: ${r.stdout.slice(0, 500)}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`ShellCheck JSON is not an array: ${r.stdout.slice(0, 500)}`);
    if (r.status === 1 && parsed.length === 0) throw new Error('ShellCheck exited 1 but reported no comments');
    for (const c of parsed as ShellcheckComment[]) {
      if (typeof c?.file !== 'string' || typeof c.code !== 'number' || typeof c.column !== 'number' || typeof c.message !== 'string') {
        throw new Error(`Unexpected ShellCheck comment shape: ${JSON.stringify(c)}`);
      }
      const id = path.basename(c.file, '.sh');
      const list = result.get(id);
      if (!list) throw new Error(`ShellCheck reported on an unknown file: ${c.file}`);
      list.push(c);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface DockerlinterJsonItem {
  lineNumber: number;
  message: string;
  level: string;
  code: string;
}

/**
 * dockerlinter's rules, run in-process the way its app.js `lint()` runs them,
 * with ShellCheck run over every RUN (SC2215 ignored, inline `# linter ignore=`
 * honoured like the CLI does).
 */
export function runDockerlinter(text: string): Finding[] {
  cleanErrors();
  cleanDisplayErrors();
  let items: DockerlinterJsonItem[];
  const scInputs: Array<{ id: string; text: string; group: ReturnType<typeof groupByCommand>[number] }> = [];
  let escape = '\\';
  let inlineIgnores: ReturnType<typeof getInlineIgnores> = [];
  try {
    const lines = parseToLines(text);
    inlineIgnores = getInlineIgnores(lines);
    const parserDirectives = directivesParser(lines);
    escape = getEscape(parserDirectives);
    let groups = groupByCommand(groupLinesByInstruction(lines, escape));
    groups = replaceArgAndEnv(groups, escape);
    const aliases = parseFromAliases(groups);
    const parsedFile = { lines, parserDirectives, escape, groups, aliases, inlineIgnores };
    const ignored = new Set<string>(DOCKERLINTER_IGNORED.map((r) => r.toUpperCase()));
    const ruleNames = Object.keys(dockerlinterRules);
    if (ruleNames.length < 30) throw new Error(`dockerlinter exposes only ${ruleNames.length} rules; its internals changed`);
    for (const name of ruleNames) {
      if (!ignored.has(name.toUpperCase())) dockerlinterRules[name](parsedFile);
    }
    for (const group of groups) {
      if (group.instruction.toUpperCase() !== 'RUN') continue;
      const script = getArgumentsLine(group, escape);
      if (script === false) {
        // the CLI crashes here (TypeError on `false.replace`)
        throw new Error(`RUN at line ${group.linesNumbers[0]} looks like JSON exec form but is not valid JSON`);
      }
      scInputs.push({ id: `run-${scInputs.length}`, text: script, group });
    }
    const jsRuleErrors = getErrors().length;
    // displayErrors() is the only place holding the rule descriptions; it prints
    // the JSON array with console.log. Capture that line.
    const printed: string[] = [];
    const origLog = console.log;
    console.log = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    };
    try {
      displayErrors(true, undefined);
    } finally {
      console.log = origLog;
    }
    if (jsRuleErrors === 0) {
      if (printed.length !== 0) throw new Error(`dockerlinter printed output with no errors recorded: ${printed.join('\n')}`);
      items = [];
    } else {
      if (printed.length !== 1) throw new Error(`dockerlinter printed ${printed.length} lines, expected 1 JSON line`);
      const parsed: unknown = JSON.parse(printed[0]);
      if (!Array.isArray(parsed) || parsed.length !== jsRuleErrors) {
        throw new Error(`dockerlinter JSON does not list the ${jsRuleErrors} recorded errors: ${printed[0].slice(0, 500)}`);
      }
      items = parsed as DockerlinterJsonItem[];
    }
  } catch (e) {
    throw new Error(`dockerlinter failed: ${(e as Error).message}`, { cause: e });
  } finally {
    cleanErrors();
    cleanDisplayErrors();
  }
  const findings: Finding[] = items.map((i) => {
    if (typeof i?.code !== 'string' || typeof i.lineNumber !== 'number' || typeof i.message !== 'string') {
      throw new Error(`Unexpected dockerlinter item shape: ${JSON.stringify(i)}`);
    }
    return { tool: 'dockerlinter', rule: i.code, line: i.lineNumber, message: i.message };
  });
  const sc = runShellcheck(scInputs, DOCKERLINTER_IGNORED);
  for (const input of scInputs) {
    for (const c of sc.get(input.id) ?? []) {
      const code = `SC${c.code}`;
      const line0 = input.group.linesNumbers[0];
      if (isIgnored(code, line0, inlineIgnores)) continue;
      findings.push({ tool: 'dockerlinter', rule: code, line: findLineNumber(input.group, escape, c.column), message: c.message });
    }
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** dockerfile-utils validate(): every diagnostic becomes a finding. */
export function runDockerfileUtils(text: string): Finding[] {
  const diags: unknown = validateDockerfile(text);
  if (!Array.isArray(diags)) throw new Error('dockerfile-utils validate() did not return an array');
  return diags.map((d: { code?: unknown; message?: unknown; range?: { start?: { line?: number } } }) => {
    if (typeof d?.message !== 'string') throw new Error(`Unexpected dockerfile-utils diagnostic: ${JSON.stringify(d)}`);
    const code = typeof d.code === 'number' ? (ValidationCode[d.code] ?? String(d.code)) : String(d.code ?? 'unknown');
    const line = d.range?.start?.line;
    return { tool: 'dockerfile-utils', rule: code, line: typeof line === 'number' ? line + 1 : undefined, message: d.message };
  });
}

/** Inline suppressions would let a generated file silence the linters. */
function dockerfileSuppressions(text: string): Finding[] {
  const out: Finding[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^\s*#.*\b(linter|hadolint)\s+ignore\s*=/i.test(l)) {
      out.push({ tool: 'lint-harness', rule: 'no-inline-suppression', line: i + 1, message: `Generated Dockerfile must not suppress lint rules: ${l.trim()}` });
    }
  });
  return out;
}

export function lintDockerfile(text: string): Finding[] {
  return [...dockerfileSuppressions(text), ...runDockerlinter(text), ...runDockerfileUtils(text)];
}

// ---------------------------------------------------------------- Compose

let composeValidator: ValidateFunction | null = null;

function getComposeValidator(): ValidateFunction {
  if (composeValidator) return composeValidator;
  const schemaPath = path.join(DCLINT_DIR, 'schemas', 'compose.schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.id;
  // strictTypes/strictTuples off: the upstream schema has e.g. additionalProperties
  // without type:object inside oneOf, which ajv's strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
  addFormats(ajv);
  composeValidator = ajv.compile(schema);
  return composeValidator;
}

interface DclintMessage {
  rule: string;
  type: string;
  message: string;
  line: number;
}

interface DclintContentLinter {
  // private in dclint's typings, present at runtime (DCLinter.lintFiles calls it per file)
  lintContent(ctx: { path: string; content: object; sourceCode: string }): DclintMessage[];
  rules?: unknown[];
}

let dclintLinter: DclintContentLinter | null = null;

function getDclint(): DclintContentLinter {
  if (dclintLinter) return dclintLinter;
  const linter = new DCLinter({ rules: DCLINT_RULES, quiet: false, debug: false, exclude: [] }) as unknown as DclintContentLinter;
  if (typeof linter.lintContent !== 'function') throw new Error('dclint DCLinter has no lintContent(); its internals changed');
  if (!Array.isArray(linter.rules) || linter.rules.length === 0) throw new Error('dclint loaded no rules');
  dclintLinter = linter;
  return linter;
}

function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const params = e.params as Record<string, unknown>;
  let detail = '';
  if (params.additionalProperty) detail = ` (${String(params.additionalProperty)})`;
  else if (params.allowedValues) detail = ` (${JSON.stringify(params.allowedValues)})`;
  return `${where} ${e.message ?? e.keyword}${detail}`;
}

function decodePointer(p: string): string[] {
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Runs dclint's rules (no schema step) on parsed content. */
export function runDclint(text: string, content: object): Finding[] {
  const messages: unknown = getDclint().lintContent({ path: 'compose.yaml', content, sourceCode: text });
  if (!Array.isArray(messages)) throw new Error('dclint lintContent() did not return an array');
  return messages.map((m: DclintMessage) => {
    if (typeof m?.rule !== 'string' || typeof m.message !== 'string' || typeof m.line !== 'number') {
      throw new Error(`Unexpected dclint message shape: ${JSON.stringify(m)}`);
    }
    return { tool: 'dclint', rule: m.rule, line: m.line, message: m.message };
  });
}

export function lintCompose(text: string): Finding[] {
  const findings: Finding[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/#\s*dclint\s+disable/i.test(l)) {
      findings.push({
        tool: 'lint-harness',
        rule: 'no-inline-suppression',
        line: i + 1,
        message: `Generated compose file must not suppress lint rules: ${l.trim()}`,
      });
    }
  });
  const lc = new LineCounter();
  // merge: true = YAML merge keys (<<), as dclint and Compose accept them
  const doc = parseDocument(text, { merge: true, lineCounter: lc });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      findings.push({ tool: 'yaml', rule: e.code, line: e.linePos?.[0]?.line, message: e.message });
    }
    return findings;
  }
  for (const w of doc.warnings) {
    findings.push({ tool: 'yaml', rule: w.code, line: w.linePos?.[0]?.line, message: w.message });
  }
  const content: unknown = doc.toJS();
  const validate = getComposeValidator();
  const valid = validate(content);
  if (!valid) {
    for (const e of validate.errors ?? []) {
      const p: Array<string | number> = decodePointer(e.instancePath);
      const extra = (e.params as Record<string, unknown>).additionalProperty;
      if (typeof extra === 'string') p.push(extra);
      findings.push({ tool: 'compose-schema', rule: e.keyword, line: yamlPathLine(doc, lc, p), message: formatAjvError(e) });
    }
    if ((validate.errors ?? []).length === 0) throw new Error('Compose schema validation failed without errors');
    // Like the dclint CLI, don't run its rules on content that fails the schema.
    return findings;
  }
  if (content === null || typeof content !== 'object') {
    throw new Error('Compose content passed the schema but is not an object');
  }
  findings.push(...runDclint(text, content));
  return findings;
}

// ---------------------------------------------------------------- CLI runs
// The real command-line tools, for parity tests (slow: ~0.2 s and ~0.6 s a call).

function tempDirWith(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-cli-'));
  fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `dockerfilelinter -f Dockerfile -j -i SC2215` in a scratch folder (it writes temp files into its cwd). */
export function lintDockerfileViaCli(text: string): Finding[] {
  const dir = tempDirWith('Dockerfile', text);
  try {
    const bin = path.join(DOCKERLINTER_DIR, 'bin', 'dockerfilelinter.js');
    const r = spawnSync(process.execPath, [bin, '-f', 'Dockerfile', '-j', '-i', DOCKERLINTER_IGNORED.join(',')], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    // Without -e it exits 0 whether or not it found anything; 1 means it crashed.
    if (r.status !== 0 || r.stderr.trim() !== '') throw new Error(`dockerlinter CLI exited ${r.status}: ${r.stderr.trim()}`);
    const out = r.stdout.trim();
    if (out === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(out);
    } catch {
      throw new Error(`dockerlinter CLI printed non-JSON: ${out.slice(0, 500)}`);
    }
    if (!Array.isArray(parsed)) throw new Error('dockerlinter CLI JSON is not an array');
    return (parsed as DockerlinterJsonItem[]).map((i) => ({ tool: 'dockerlinter', rule: i.code, line: i.lineNumber, message: i.message }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `dclint compose.yaml -f json` in a scratch folder with an explicit config. */
export function lintComposeViaCli(text: string): Finding[] {
  const dir = tempDirWith('compose.yaml', text);
  try {
    fs.writeFileSync(path.join(dir, '.dclintrc.json'), JSON.stringify({ rules: DCLINT_RULES }));
    const bin = path.join(DCLINT_DIR, 'bin', 'dclint.cjs');
    const r = spawnSync(process.execPath, [bin, 'compose.yaml', '-f', 'json', '-c', '.dclintrc.json'], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.stdout);
    } catch {
      throw new Error(`dclint CLI exited ${r.status} and printed non-JSON: ${(r.stderr || r.stdout).slice(0, 500)}`);
    }
    if (!Array.isArray(parsed) || parsed.length !== 1) throw new Error(`dclint CLI JSON is not one result: ${r.stdout.slice(0, 500)}`);
    const result = parsed[0] as { messages: DclintMessage[]; errorCount: number };
    // exit 1 = errors found (or a crash, which prints no JSON); 0 = no errors
    if (r.status !== (result.errorCount > 0 ? 1 : 0)) throw new Error(`dclint CLI exit ${r.status} does not match ${result.errorCount} errors`);
    return result.messages.map((m) => ({ tool: 'dclint', rule: m.rule, line: m.line, message: m.message }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
