/**
 * `yo docker-prod:audit`: audits the Dockerfile, .dockerignore and compose file(s) in the current
 * folder, whoever wrote them, against the practices the generator follows. Thin: it reads the
 * files (bounded, regular files only), runs the pure audit (generators/lib/audit/audit.ts) and
 * prints or writes the report; it changes nothing else.
 */
import Generator from 'yeoman-generator';

import { auditFolder } from '../lib/audit/index.js';

export default class DockerProdAuditGenerator extends Generator {
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
    const options = { format: this._opt('format'), output: this._opt('output'), failOn: this._opt('fail-on') };
    auditFolder(
      this.destinationRoot(),
      options,
      (report) => process.stdout.write(report),
      (line) => this.log(line),
    );
  }
}
