/**
 * The audit report as text (for people), JSON (for scripts) or SARIF 2.1.0 (for GitHub code
 * scanning and other SARIF viewers).
 */
import { RULES, type Severity } from './rules.js';
import type { AuditResult } from './audit.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const TOOL_NAME = 'generator-docker-prod audit';
export const INFORMATION_URI = 'https://www.npmjs.com/package/generator-docker-prod';

function counts(result: AuditResult): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) c[f.severity]++;
  return c;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(result: AuditResult): string {
  const lines: string[] = [];
  const explained = new Set<string>();
  for (const f of result.findings) {
    lines.push(`${f.file}${f.line !== undefined ? `:${f.line}` : ''}: ${f.severity} ${f.rule} ${f.name}: ${f.message}`);
    // why and fix once per rule: later findings of the same rule point back to it
    if (explained.has(f.rule)) continue;
    explained.add(f.rule);
    lines.push(`  why: ${f.why}`);
    const fix = f.fix.split('\n');
    lines.push(`  fix: ${fix[0]}`);
    for (const l of fix.slice(1)) lines.push(`       ${l}`);
  }
  const c = counts(result);
  if (lines.length > 0) lines.push('');
  lines.push(
    `${result.findings.length === 0 ? 'No findings' : `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`} in ${result.files.join(', ')}` +
      (result.suppressed > 0 ? ` (${result.suppressed} ignored by docker-prod-ignore comments or .docker-prod.json)` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

export function formatJson(result: AuditResult, version: string): string {
  return (
    JSON.stringify(
      {
        tool: TOOL_NAME,
        version,
        files: result.files,
        summary: { ...counts(result), suppressed: result.suppressed },
        findings: result.findings.map((f) => ({
          rule: f.rule,
          name: f.name,
          severity: f.severity,
          file: f.file,
          line: f.line ?? null,
          message: f.message,
          why: f.why,
          fix: f.fix,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(result: AuditResult, version: string): string {
  const rules = RULES.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.checks },
    fullDescription: { text: `${r.checks} ${r.why}` },
    help: { text: `${r.why}\nFix:\n${r.fix}`, markdown: `${r.why}\n\nFix:\n\n\`\`\`\n${r.fix}\n\`\`\`` },
    helpUri: `${INFORMATION_URI}#rules`,
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { tags: ['docker', 'security'] },
  }));
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version, semanticVersion: version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The audited folder' } } },
        artifacts: result.files.map((f) => ({ location: { uri: f, uriBaseId: '%SRCROOT%' } })),
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? 0,
          level: SARIF_LEVEL[f.severity],
          message: { text: `${f.message}. Fix: ${f.fix.split('\n')[0]}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line ?? 1 },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

export function formatReport(result: AuditResult, format: Format, version: string): string {
  if (format === 'json') return formatJson(result, version);
  if (format === 'sarif') return formatSarif(result, version);
  return formatText(result);
}
