/**
 * The audit's entry point shared by `yo docker-prod:audit` (generators/audit) and the
 * `docker-prod audit` bin (generators/lib/cli.ts): options checked, files read (bounded),
 * audited, the report printed or written, and whether it fails at `--fail-on`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, ProjectError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { terminalSafe } from '../terminal.js';
import { audit, failing, AuditConfigError, COMPOSE_FILES } from './audit.js';
import { AuditFileError, outputTarget, readAuditFiles, writeReport } from './files.js';
import { FORMATS, formatReport, type Format } from './report.js';
import { SEVERITIES } from './rules.js';

export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface AuditOptions {
  format?: unknown;
  output?: unknown;
  failOn?: unknown;
}

function packageVersion(): string {
  try {
    const v = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function choice<T extends string>(flag: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(flag, value, `one of ${allowed.join(', ')}`);
}

/**
 * Audit the folder: `print` receives the report when no `--output` is given, `note` a line about
 * a written report. Throws InputError/ProjectError for bad options, unreadable files and a run
 * that fails at `--fail-on`.
 */
export function auditFolder(dir: string, options: AuditOptions, print: (text: string) => void, note: (text: string) => void): void {
  const format = choice<Format>('format', options.format, FORMATS, 'text');
  const failOn = choice<FailOn>('fail-on', options.failOn, FAIL_ON, 'error');
  if (options.output !== undefined && typeof options.output !== 'string')
    throw new InputError('output', options.output, 'a file name inside the project folder, e.g. audit.sarif');
  let result;
  try {
    const target = options.output === undefined ? undefined : outputTarget(dir, options.output);
    const { files, config } = readAuditFiles(dir);
    if (files.length === 0) throw new ProjectError(`nothing to audit in ${dir}: no Dockerfile, .dockerignore or compose file (${COMPOSE_FILES.join(', ')})`);
    result = audit(files, config);
    const report = formatReport(result, format, packageVersion());
    if (target) {
      writeReport(target, report);
      note(`Audit report (${format}) written to ${path.relative(dir, target)}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}.`);
    } else {
      print(report);
    }
  } catch (e) {
    if (e instanceof AuditFileError || e instanceof AuditConfigError) throw new ProjectError(e.message);
    throw e;
  }
  const failed = failing(result, failOn);
  if (failed.length > 0) {
    throw new ProjectError(
      `audit failed: ${failed.length} finding${failed.length === 1 ? '' : 's'} at or above ${failOn} (--fail-on ${failOn}; --fail-on none reports without failing)`,
    );
  }
}

const FLAGS = { format: 'format', output: 'output', 'fail-on': 'failOn' } as const;

/** `docker-prod audit [--format F] [--output FILE] [--fail-on S]`: the exit code (0, or 1 on failure or bad input). */
export function runAudit(io: { dir: string; args: string[]; out: (text: string) => void; err: (text: string) => void }): number {
  try {
    const options: Record<string, string> = {};
    for (let i = 0; i < io.args.length; i++) {
      const arg = io.args[i]!;
      const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
      const key = m && Object.hasOwn(FLAGS, m[1]!) ? FLAGS[m[1] as keyof typeof FLAGS] : undefined;
      if (!m || !key) throw new InputError('audit', arg, 'the options --format, --output and --fail-on');
      const value = m[2] ?? io.args[++i];
      if (value === undefined) throw new InputError(m[1]!, '', 'a value');
      options[key] = value;
    }
    auditFolder(io.dir, options, io.out, (line) => io.out(`${line}\n`));
    return 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof ProjectError) {
      io.err(`${terminalSafe(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}
