/**
 * `yo docker-prod:audit`: audits the Dockerfile, .dockerignore and compose file(s) in the current
 * folder, whoever wrote them, against the practices the generator follows. Thin: it reads the
 * files (bounded, regular files only), runs the pure audit (generators/lib/audit/audit.ts) and
 * prints or writes the report; it changes nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';

import { InputError, ProjectError } from '../lib/errors.js';
import { PACKAGE_ROOT } from '../lib/paths.js';
import { audit, failing, AuditConfigError, COMPOSE_FILES, type AuditResult } from '../lib/audit/audit.js';
import { AuditFileError, outputTarget, readAuditFiles, writeReport } from '../lib/audit/files.js';
import { FORMATS, formatReport, type Format } from '../lib/audit/report.js';
import { SEVERITIES, type Severity } from '../lib/audit/rules.js';

const FAIL_ON = [...SEVERITIES, 'none'] as const;

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

export default class DockerProdAuditGenerator extends Generator {
  private result?: AuditResult;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, { customInstallTask: true });
    this.option('format', { type: String, description: 'Report format: text, json or sarif (SARIF 2.1.0, for GitHub code scanning)' });
    this.option('output', { type: String, description: 'Write the report to this file (inside the project) instead of printing it' });
    this.option('fail-on', { type: String, description: 'Exit non-zero when a finding is at or above this severity: error (default), warning, info or none' });
  }

  _opt(name: string): unknown {
    const o = this.options as Record<string, unknown>;
    return o[name] ?? o[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
  }

  async default(): Promise<void> {
    const format = choice<Format>('format', this._opt('format'), FORMATS, 'text');
    const failOn = choice<Severity | 'none'>('fail-on', this._opt('fail-on'), FAIL_ON, 'error');
    const outputOpt = this._opt('output');
    if (outputOpt !== undefined && typeof outputOpt !== 'string') throw new InputError('output', outputOpt, 'a file name inside the project folder, e.g. audit.sarif');
    const dir = this.destinationRoot();
    try {
      const target = outputOpt === undefined ? undefined : outputTarget(dir, outputOpt);
      const { files, config } = readAuditFiles(dir);
      if (files.length === 0) {
        throw new ProjectError(`nothing to audit in ${dir}: no Dockerfile, .dockerignore or compose file (${COMPOSE_FILES.join(', ')})`);
      }
      this.result = audit(files, config);
      const report = formatReport(this.result, format, packageVersion());
      if (target) {
        writeReport(target, report);
        this.log(`Audit report (${format}) written to ${path.relative(dir, target)}: ${this.result.findings.length} finding${this.result.findings.length === 1 ? '' : 's'}.`);
      } else {
        process.stdout.write(report);
      }
    } catch (e) {
      if (e instanceof AuditFileError || e instanceof AuditConfigError) throw new ProjectError(e.message);
      throw e;
    }
    const failed = failing(this.result, failOn);
    if (failed.length > 0) {
      throw new ProjectError(`audit failed: ${failed.length} finding${failed.length === 1 ? '' : 's'} at or above ${failOn} (--fail-on ${failOn}; --fail-on none reports without failing)`);
    }
  }
}
