/**
 * The audit: any project's Dockerfile, .dockerignore and compose files against the practices the
 * generator follows. Pure: takes file texts, returns findings (the Yeoman layer in
 * generators/audit/ only reads the files and prints or writes the report).
 *
 *  - the checklist checker (checklist.ts, shared with the tests), with the port taken from the
 *    Dockerfile's EXPOSE (one port) and no health path (unknown here);
 *  - audit-only checks (extra.ts), dockerfile-utils' parser diagnostics, the Compose schema;
 *  - suppressions: `# docker-prod-ignore <ids>: <reason>` comments and `.docker-prod.json`.
 */
import { parseDocument, LineCounter } from 'yaml';

import {
  checkCompose,
  checkDockerfile,
  checkDockerignore,
  checkPublishedPorts,
  dockerfileExposedPorts,
  dockerfileHealthcheckArgv,
  type Finding,
} from './checklist.js';
import { checkComposeSchema } from './compose-schema.js';
import { checkComposeExtra, checkDockerfileExtra, checkDockerfileSyntax, composeBuildsLocalDockerfile } from './extra.js';
import { ruleById, SEVERITY_RANK, type AuditFileKind, type Severity } from './rules.js';
import { yamlPathLine } from './yaml-util.js';

export const CONFIG_FILE = '.docker-prod.json';
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

export interface AuditFile {
  kind: AuditFileKind;
  /** path relative to the audited folder, e.g. "compose.yaml" */
  name: string;
  text: string;
}

export interface AuditFinding {
  rule: string;
  name: string;
  severity: Severity;
  file: string;
  line?: number;
  message: string;
  why: string;
  fix: string;
}

export interface AuditResult {
  files: string[];
  findings: AuditFinding[];
  /** findings left out by an ignore comment or the config file */
  suppressed: number;
}

/** A configuration file the audit cannot use: names the file, the place and what is allowed. */
export class AuditConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditConfigError';
  }
}

interface Ignore {
  rules: string[];
  reason: string;
  /** file it applies to (undefined: every file) */
  file?: string;
  /** line it applies to (undefined: the whole file) */
  line?: number;
  /** where the ignore itself is written */
  at: { file: string; line?: number };
}

const IGNORE_RE = /#\s*docker-prod-ignore\b(.*)$/;

/** Parses "R18, R25: reason" (the text after docker-prod-ignore). */
function parseIgnoreText(rest: string): { rules: string[]; reason: string } {
  const colon = rest.indexOf(':');
  const idsPart = colon >= 0 ? rest.slice(0, colon) : rest;
  const reason = colon >= 0 ? rest.slice(colon + 1).trim() : '';
  return { rules: idsPart.split(/[\s,]+/).filter(Boolean), reason };
}

/**
 * Ignore comments in one file. A comment before the first non-comment line applies to the whole
 * file; a comment on its own line applies to the next line that is not blank or a comment; a
 * comment at the end of a line (compose) applies to that line.
 */
export function inlineIgnores(file: AuditFile): Ignore[] {
  const lines = file.text.split(/\r?\n/);
  const out: Ignore[] = [];
  let header = true;
  let pending: Ignore[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    const m = IGNORE_RE.exec(raw);
    const commentOnly = trimmed.startsWith('#');
    if (m && commentOnly) {
      const { rules, reason } = parseIgnoreText(m[1] ?? '');
      const ig: Ignore = { rules, reason, file: file.name, at: { file: file.name, line } };
      if (header) out.push(ig);
      else pending.push(ig);
      return;
    }
    if (trimmed === '' || commentOnly) return;
    header = false;
    for (const p of pending) out.push({ ...p, line });
    pending = [];
    if (m && file.kind === 'compose') {
      const { rules, reason } = parseIgnoreText(m[1] ?? '');
      out.push({ rules, reason, file: file.name, line, at: { file: file.name, line } });
    }
  });
  return out;
}

/**
 * `.docker-prod.json`: `{ "audit": { "ignore": [ { "rule": "R25", "file": "compose.yaml", "reason": "..." } ] } }`.
 * `rule` may also be a list of ids; `file` is optional (every file).
 */
export function configIgnores(text: string, name = CONFIG_FILE): Ignore[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  const bad = (path: Array<string | number>, what: string): never => {
    const line = yamlPathLine(doc, lc, path);
    throw new AuditConfigError(`${name}${line ? ` line ${line}` : ''}: ${what}`);
  };
  if (doc.errors.length > 0) throw new AuditConfigError(`${name}: not valid JSON: ${doc.errors[0]!.message.split('\n')[0]}`);
  const top = doc.toJS({ maxAliasCount: 0 }) as unknown;
  if (!top || typeof top !== 'object' || Array.isArray(top)) return bad([], 'must be a JSON object like {"audit": {"ignore": [...]}}');
  for (const k of Object.keys(top)) if (k !== 'audit') bad([k], `unknown key "${k}": only "audit" is allowed`);
  const audit = (top as Record<string, unknown>).audit;
  if (audit === undefined) return [];
  if (!audit || typeof audit !== 'object' || Array.isArray(audit)) return bad(['audit'], '"audit" must be an object like {"ignore": [...]}');
  for (const k of Object.keys(audit)) if (k !== 'ignore') bad(['audit', k], `unknown key "audit.${k}": only "ignore" is allowed`);
  const list = (audit as Record<string, unknown>).ignore;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return bad(['audit', 'ignore'], '"audit.ignore" must be a list of {"rule", "reason", "file"?} objects');
  return list.map((entry: unknown, i) => {
    const at = ['audit', 'ignore', i];
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      return bad(at, `audit.ignore[${i}] must be an object with "rule", "reason" and optionally "file"`);
    const o = entry as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['rule', 'reason', 'file'].includes(k)) bad([...at, k], `unknown key "${k}" in audit.ignore[${i}]: allowed are rule, reason, file`);
    const rules =
      typeof o.rule === 'string'
        ? [o.rule]
        : Array.isArray(o.rule) && o.rule.every((r) => typeof r === 'string')
          ? (o.rule as string[])
          : bad([...at, 'rule'], `audit.ignore[${i}].rule must be a rule id like "R25" or a list of them`);
    if (o.reason !== undefined && typeof o.reason !== 'string') bad([...at, 'reason'], `audit.ignore[${i}].reason must be text`);
    if (o.file !== undefined && (typeof o.file !== 'string' || o.file === ''))
      bad([...at, 'file'], `audit.ignore[${i}].file must be a file name like "compose.yaml"`);
    const line = yamlPathLine(doc, lc, at);
    return { rules, reason: typeof o.reason === 'string' ? o.reason.trim() : '', file: o.file as string | undefined, at: { file: name, line } };
  });
}

function portFromExpose(dockerfile: string): number | undefined {
  const ports = [...new Set(dockerfileExposedPorts(dockerfile))];
  return ports.length === 1 ? ports[0] : undefined;
}

/** Why a compose file cannot be expanded safely (too many aliases), or null. */
function composeAliasProblem(text: string): string | null {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0) return null; // reported by the checklist as invalid YAML
  try {
    doc.toJS({ maxAliasCount: 100 });
    return null;
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) return `cannot be read safely: ${e.message} (YAML aliases expand to too much data)`;
    throw e;
  }
}

/** Every finding before suppression, with the rule's default severity (or the tool's). */
function rawFindings(files: AuditFile[]): Array<Finding & { severity?: Severity }> {
  const dockerfile = files.find((f) => f.kind === 'Dockerfile');
  const dockerignore = files.find((f) => f.kind === '.dockerignore');
  const composes = files.filter((f) => f.kind === 'compose');
  const out: Array<Finding & { severity?: Severity }> = [];
  let port: number | undefined;
  let hc: string[] | null = null;
  if (dockerfile) {
    port = portFromExpose(dockerfile.text);
    hc = dockerfileHealthcheckArgv(dockerfile.text);
    const syntax = checkDockerfileSyntax(dockerfile.text, dockerfile.name);
    out.push(...syntax);
    out.push(...checkDockerfile(dockerfile.text, { port, requireCmd: false, probePortMustAppear: false }).filter((f) => f.rule !== 'X-port'));
    out.push(...checkDockerfileExtra(dockerfile.text, dockerfile.name, { composePresent: composes.length > 0 }));
    if (dockerignore) out.push(...checkDockerignore(dockerignore.text, dockerfile.text));
    else
      out.push({
        tool: 'audit',
        rule: 'R19',
        file: '.dockerignore',
        detail:
          'there is no .dockerignore, so the whole folder (.git, .env files, keys, local dependencies) is sent to the build and COPY . . puts it in the image',
        message: '.dockerignore: is missing',
      });
  }
  for (const c of composes) {
    // yaml refuses documents whose aliases expand beyond a bound (a resource-exhaustion attack)
    const aliasProblem = composeAliasProblem(c.text);
    if (aliasProblem) {
      out.push({ tool: 'audit', rule: 'R21', file: c.name, detail: aliasProblem, message: `${c.name}: ${aliasProblem}` });
      continue;
    }
    const local = dockerfile !== undefined && composeBuildsLocalDockerfile(c.text);
    const composeFindings = checkCompose(c.text, {
      file: c.name,
      port: local ? port : undefined,
      probePortMustAppear: false,
      dockerfileHealthcheck: local && hc ? hc : undefined,
    });
    out.push(...composeFindings);
    if (!composeFindings.some((f) => f.rule === 'R21' && /not valid YAML|not a mapping/.test(f.detail ?? ''))) out.push(...checkComposeSchema(c.text, c.name));
    out.push(...checkComposeExtra(c.text, c.name, local ? dockerfile?.text : undefined));
    if (local && dockerfile) out.push(...checkPublishedPorts(c.text, dockerfile.text, c.name));
  }
  return out;
}

function applies(ig: Ignore, f: AuditFinding): boolean {
  if (!ig.rules.some((r) => r.toUpperCase() === f.rule.toUpperCase())) return false;
  if (ig.file !== undefined && ig.file !== f.file) return false;
  if (ig.line !== undefined && ig.line !== f.line) return false;
  return true;
}

export function audit(files: AuditFile[], config?: { name: string; text: string }): AuditResult {
  const findings: AuditFinding[] = rawFindings(files).map((f) => {
    const rule = ruleById(f.rule);
    if (!rule) throw new Error(`audit: finding with an undocumented rule id ${f.rule}`);
    const finding: AuditFinding = {
      rule: rule.id,
      name: rule.name,
      severity: f.severity ?? rule.severity,
      file: f.file ?? 'Dockerfile',
      message: f.detail ?? f.message,
      why: rule.why,
      fix: rule.fix,
    };
    if (f.line !== undefined) finding.line = f.line;
    return finding;
  });
  const ignores = [...files.flatMap(inlineIgnores), ...(config ? configIgnores(config.text, config.name) : [])];
  const kept = findings.filter((f) => !ignores.some((ig) => applies(ig, f)));
  const ignoreRule = ruleById('X-ignore')!;
  const problems: AuditFinding[] = [];
  for (const ig of ignores) {
    const problem = (message: string) => {
      const p: AuditFinding = {
        rule: ignoreRule.id,
        name: ignoreRule.name,
        severity: ignoreRule.severity,
        file: ig.at.file,
        message,
        why: ignoreRule.why,
        fix: ignoreRule.fix,
      };
      if (ig.at.line !== undefined) p.line = ig.at.line;
      problems.push(p);
    };
    if (ig.rules.length === 0) problem('the ignore names no rule id (write docker-prod-ignore R25: reason)');
    const unknown = ig.rules.filter((r) => !ruleById(r) || r.toUpperCase() === 'X-IGNORE');
    if (unknown.length > 0)
      problem(
        `the ignore names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a rule id that can be ignored (see the rule table in the README)`,
      );
    if (ig.reason === '')
      problem(
        `the ignore of ${ig.rules.join(', ') || 'nothing'} gives no reason (write it after a colon: docker-prod-ignore ${ig.rules[0] ?? 'R25'}: why this is acceptable here)`,
      );
  }
  const all = [...kept, ...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.rule.localeCompare(b.rule),
  );
  return { files: files.map((f) => f.name), findings: all, suppressed: findings.length - kept.length };
}

/** Findings at or above a severity (`none`: never). */
export function failing(result: AuditResult, failOn: Severity | 'none'): AuditFinding[] {
  if (failOn === 'none') return [];
  return result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
