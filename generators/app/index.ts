/**
 * `yo docker-prod`: the Yeoman layer. It only wires flags, prompts, stored config and file
 * writes to the pure pipeline in generators/lib (resolve → render); all decisions live there
 * and in the stack profiles.
 */
import fs from 'node:fs';
import Generator from 'yeoman-generator';
import { drift, DriftError, staleStoredAnswers } from '../lib/drift.js';
import path from 'node:path';
import { InputError, ProjectError } from '../lib/errors.js';
import { TEMPLATES_DIR } from '../lib/paths.js';
import { tryReadProjectFile } from '../lib/project-files.js';
import { renderFiles, type GeneratedFile } from '../lib/render.js';
import { resolveAnswers, textValues, type Ask, type Resolution } from '../lib/resolve.js';
import { allQuestions, flagDescription, type Question } from '../lib/settings.js';
import { formatSummary } from '../lib/summary.js';
import { consentQuestion, consentRequired, findOverrides, TemplateSource } from '../lib/templates.js';
import { checkWritableFolder, CONFIG_FILE, configChanges, fileActions, preflight } from '../lib/write-plan.js';
import { targetProblems, targetProblemsMessage } from '../lib/write-targets.js';

/** Larger than any settings file this generator writes: not read. */
const CONFIG_MAX_BYTES = 1024 * 1024;

/** The folder Yeoman will use as the destination (and read .yo-rc.json from). */
function configRoot(options: DockerProdOptions): string {
  const given = options as { destinationRoot?: unknown; env?: { cwd?: unknown } };
  const root = typeof given.destinationRoot === 'string' ? given.destinationRoot : typeof given.env?.cwd === 'string' ? given.env.cwd : process.cwd();
  return path.resolve(root);
}

/** Refuses a .yo-rc.json that leads out of the project, is not a regular file, is too large to be ours, or cannot be read. */
function checkConfigFile(root: string): void {
  const problems = targetProblems(root, [CONFIG_FILE]);
  if (problems.length > 0) throw new ProjectError(targetProblemsMessage(problems));
  const size = fs.existsSync(path.join(root, CONFIG_FILE)) ? fs.statSync(path.join(root, CONFIG_FILE)).size : 0;
  if (size > CONFIG_MAX_BYTES) {
    throw new ProjectError(
      `${CONFIG_FILE} is ${size} bytes, more than the ${CONFIG_MAX_BYTES} a settings file can need: remove or fix it (nothing was written)`,
    );
  }
  const stored = tryReadProjectFile(root, CONFIG_FILE);
  if (!stored.ok && stored.problem !== 'missing') {
    throw new ProjectError(
      `cannot read "${CONFIG_FILE}": ${stored.detail}; the generator reads only regular files inside the project. Replace or remove it and run again (nothing was written)`,
    );
  }
}

type DockerProdOptions = Generator['options'] & { yes?: boolean; force?: boolean; check?: boolean; templates?: string };

export default class DockerProdGenerator extends Generator {
  private resolution?: Resolution;
  private templates = new TemplateSource();
  private files: GeneratedFile[] = [];
  /** Paths of user-owned files that existed with other content and were left alone. */
  private kept: string[] = [];

  constructor(args: string[], options: DockerProdOptions) {
    // Yeoman reads .yo-rc.json while constructing the generator (and writes it at the end):
    // check it first, so a link out of the project, a FIFO or a huge file is never opened.
    checkConfigFile(configRoot(options));
    // No dependency install follows: the generator never changes package.json.
    super(args, options, { customInstallTask: true });
    for (const question of allQuestions()) {
      this.option(question.flag, { type: String, description: flagDescription(question) });
    }
    this.option('yes', { type: Boolean, alias: 'y', description: 'Accept every detected or stored value; ask nothing (for scripts and CI)' });
    this.option('force', { type: Boolean, description: 'Overwrite existing Dockerfile, .dockerignore and compose.yaml without asking' });
    this.option('check', { type: Boolean, description: 'Write nothing; print a diff of what would change and exit 1 if anything would' });
    this.option('templates', {
      type: String,
      description: 'Folder of template overrides (default: .docker-prod/templates, used only with consent); none for the bundled ones',
    });
    this.sourceRoot(TEMPLATES_DIR);
  }

  /**
   * Yeoman's base constructor calls this and, by default, reads the project's package.json
   * through mem-fs: unbounded (a FIFO blocks forever, a link to /dev/zero fills memory) and
   * untyped (`"name": 123` crashes in yeoman-generator). The generator never needs Yeoman's app
   * name: the folder's name is enough. (.yo-rc.json is checked before super(): checkConfigFile.)
   */
  override determineAppname(): string {
    return path.basename(this.destinationRoot());
  }

  _flags(): DockerProdOptions {
    return this.options as DockerProdOptions;
  }

  async initializing(): Promise<void> {
    const dir = this.destinationRoot();
    const { yes, check, templates } = this._flags();
    if (!check) checkWritableFolder(dir);
    const overrides = findOverrides(dir, typeof templates === 'string' ? templates : undefined);
    if (overrides && !overrides.fromFlag) {
      if (yes || check) throw consentRequired(overrides);
      const { useTemplates } = await this.prompt<{ useTemplates: boolean }>([
        { type: 'confirm', name: 'useTemplates', message: consentQuestion(overrides), default: false },
      ] as never);
      if (useTemplates) this.templates = new TemplateSource(overrides);
    } else if (overrides) {
      this.templates = new TemplateSource(overrides);
    }
    const ask: Ask | undefined = yes || check ? undefined : (setting, defaultText, ctx) => this._askOne(setting.key, setting, defaultText, ctx);
    const flags = textValues(this.options as Record<string, unknown>, 'flag');
    this.resolution = await resolveAnswers({ dir, flags, stored: textValues(this.config.getAll(), 'stored'), ask });
    if (check) for (const note of await staleStoredAnswers(dir, flags, this.resolution)) this.log(note);
  }

  async _askOne(name: string, setting: Question, defaultText: string, ctx: Parameters<Ask>[2]): Promise<string> {
    const prompt = setting.prompt!;
    const validate = (input: string) => {
      try {
        setting.parse(input, ctx);
        return true;
      } catch (error) {
        if (error instanceof InputError) return error.message;
        throw error;
      }
    };
    // A fresh question object per call: prompt() mutates what it is given.
    if (prompt.type === 'checkbox') {
      // A multi-select: the text form joins the checked values with ",".
      const checked = defaultText.split(',');
      const choices = prompt.choices!(ctx).map((value) => ({ name: value, value, checked: checked.includes(value) }));
      const answers = await this.prompt<Record<string, string[]>>([
        {
          type: 'checkbox',
          name,
          message: prompt.message,
          choices,
          validate: (values: readonly { value: string }[] | readonly string[]) =>
            validate(values.map((v) => (typeof v === 'string' ? v : v.value)).join(',') || 'none'),
        },
      ] as never);
      const picked = answers[name];
      return Array.isArray(picked) ? picked.join(',') || 'none' : defaultText;
    }
    const question =
      prompt.type === 'list'
        ? // A list offers only the choices that validate (e.g. package managers with a lockfile here).
          { type: 'select' as const, name, message: prompt.message, choices: prompt.choices!(ctx).filter((c) => validate(c) === true), default: defaultText }
        : { type: 'input' as const, name, message: prompt.message, default: defaultText, validate };
    const answers = await this.prompt<Record<string, string>>([question] as never);
    const answer = answers[name];
    return typeof answer === 'string' ? answer : defaultText;
  }

  writing(): void {
    const { answers, profile } = this.resolution!;
    const dir = this.destinationRoot();
    this.files = renderFiles(answers, profile, dir, this.templates);
    if (this._flags().check) {
      // Drift check (generators/lib/drift.ts): print the diff, write nothing, not even .yo-rc.json.
      const { changed, diff } = drift(this.files, dir);
      if (changed.length > 0) {
        this.log(diff);
        throw new DriftError(changed);
      }
      return;
    }
    // Conflict rules, all-or-nothing and .yo-rc.json: generators/lib/write-plan.ts (shared with the docker-prod bin).
    preflight(this.files, dir, this._flags());
    // Identical files and settings are left alone, so a re-run with the same answers touches
    // nothing (not even modification times). User-owned files (.trivyignore, ...) are kept.
    const actions = fileActions(this.files, dir);
    this.kept = actions.kept;
    for (const file of actions.write) {
      const target = this.destinationPath(file.path);
      this.fs.write(target, file.content);
      // Lines appended to the user's file (.gitignore): their content is kept, so no conflict prompt.
      if (file.appendOnly) (this.env.sharedFs.get(target) as { conflicter?: string }).conflicter = 'force';
    }
    for (const change of configChanges(this.resolution!, this.config.getAll() as Record<string, unknown>)) {
      if (change.op === 'delete') this.config.delete(change.key as never);
      else this.config.set(change.key as never, change.value as never);
    }
  }

  end(): void {
    if (this._flags().check) this.log('docker-prod --check: the generated files match .yo-rc.json and the project');
    else this.log(formatSummary(this.resolution!, this.files, this.kept));
  }
}
