/**
 * `yo docker-prod:eject [file]`: copies bundled templates into `.docker-prod/templates/` (or
 * `--templates <dir>`) for a team to change. Existing files are never overwritten without
 * consent: Yeoman's conflict question asks; with --yes a different existing file is an error
 * unless --force is given. See generators/lib/templates.ts for how overrides are used.
 */
import fs from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { bundledText, ejectFolder, templatesToEject } from '../lib/eject.js';
import { ProjectError } from '../lib/errors.js';
import { REPO_TEMPLATES } from '../lib/templates.js';
import { checkWritableFolder, preflight } from '../lib/write-plan.js';

type EjectOptions = Generator['options'] & { yes?: boolean; force?: boolean; templates?: string; file?: string };

export default class EjectGenerator extends Generator {
  private copies: { path: string; content: string; template: string }[] = [];
  /** The overrides folder as the user types it (relative to the project). */
  private folder: string = REPO_TEMPLATES;

  constructor(args: string[], options: EjectOptions) {
    super(args, options, { customInstallTask: true });
    this.argument('file', {
      type: String,
      required: false,
      description: 'A template (e.g. common/compose.yaml.ejs) or a generated file (Dockerfile, compose.yaml); default: all the project uses',
    });
    this.option('templates', { type: String, description: `Folder to copy into (default ${REPO_TEMPLATES})` });
    this.option('yes', { type: Boolean, alias: 'y', description: 'Ask nothing; refuse to replace a different existing file unless --force' });
    this.option('force', { type: Boolean, description: 'Replace existing override files' });
  }

  writing(): void {
    const dir = this.destinationRoot();
    const options = this.options as EjectOptions;
    checkWritableFolder(dir);
    const folder = ejectFolder(dir, typeof options.templates === 'string' ? options.templates : undefined);
    this.folder = path.relative(dir, folder) || '.';
    const file = typeof options.file === 'string' ? options.file : undefined;
    this.copies = templatesToEject(dir, file).map((rel) => ({
      path: path.relative(dir, path.join(folder, rel)),
      content: bundledText(rel),
      template: `templates/${rel}`,
    }));
    for (const copy of this.copies) {
      const target = path.join(dir, copy.path);
      if (fs.existsSync(target) && fs.lstatSync(target).isSymbolicLink())
        throw new ProjectError(`${copy.path} is a link; eject does not write through links (nothing was written)`);
    }
    preflight(this.copies, dir, options);
    for (const copy of this.copies) {
      const target = path.join(dir, copy.path);
      if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== copy.content) this.fs.write(target, copy.content);
    }
  }

  end(): void {
    this.log(
      [
        `\nCopied ${this.copies.length} template${this.copies.length === 1 ? '' : 's'} to change:`,
        ...this.copies.map((c) => `  ${c.path.padEnd(52)} from ${c.template}`),
        `They run code while generating, so yo docker-prod asks before using them; with --yes pass --templates ${this.folder}.`,
        'The facts each template receives: docs/template-facts.md in generator-docker-prod.',
      ].join('\n'),
    );
  }
}
