/**
 * `yo docker-prod`: the Yeoman layer. It only wires flags, prompts, stored config and file
 * writes to the pure pipeline in generators/lib (resolve → render); all decisions live there
 * and in the stack profiles.
 */
import fs from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { InputError, ProjectError } from '../lib/errors.js';
import { TEMPLATES_DIR } from '../lib/paths.js';
import { renderFiles, type GeneratedFile } from '../lib/render.js';
import { resolveAnswers, textValues, type Ask, type Resolution } from '../lib/resolve.js';
import { allQuestions, type Question } from '../lib/settings.js';
import { formatSummary } from '../lib/summary.js';
import { targetProblems, targetProblemsMessage } from '../lib/write-targets.js';

/** Yeoman's own settings file, written next to the generated files. */
const CONFIG_FILE = '.yo-rc.json';

/** Whether this user may create or replace `target`. */
function canWrite(target: string): boolean {
  let probe = target;
  while (!fs.existsSync(probe)) {
    const parent = path.dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
  try {
    fs.accessSync(probe, fs.constants.W_OK);
    return probe === target || fs.statSync(probe).isDirectory();
  } catch {
    return false;
  }
}

/** Larger than any settings file this generator writes: not read. */
const CONFIG_MAX_BYTES = 1024 * 1024;

/** The folder Yeoman will use as the destination (and read .yo-rc.json from). */
function configRoot(options: DockerProdOptions): string {
  const given = options as { destinationRoot?: unknown; env?: { cwd?: unknown } };
  const root = typeof given.destinationRoot === 'string' ? given.destinationRoot : typeof given.env?.cwd === 'string' ? given.env.cwd : process.cwd();
  return path.resolve(root);
}

/** Refuses a .yo-rc.json that leads out of the project, is not a regular file, or is too large to be ours. */
function checkConfigFile(root: string): void {
  const problems = targetProblems(root, [CONFIG_FILE]);
  if (problems.length > 0) throw new ProjectError(targetProblemsMessage(problems));
  const size = fs.existsSync(path.join(root, CONFIG_FILE)) ? fs.statSync(path.join(root, CONFIG_FILE)).size : 0;
  if (size > CONFIG_MAX_BYTES) {
    throw new ProjectError(`${CONFIG_FILE} is ${size} bytes, more than the ${CONFIG_MAX_BYTES} a settings file can need: remove or fix it (nothing was written)`);
  }
}

type DockerProdOptions = Generator['options'] & { yes?: boolean; force?: boolean };

export default class DockerProdGenerator extends Generator {
  private resolution?: Resolution;
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
      this.option(question.flag, { type: String, description: question.description });
    }
    this.option('yes', { type: Boolean, alias: 'y', description: 'Accept every detected or stored value; ask nothing (for scripts and CI)' });
    this.option('force', { type: Boolean, description: 'Overwrite existing Dockerfile, .dockerignore and compose.yaml without asking' });
    this.sourceRoot(TEMPLATES_DIR);
  }

  _flags(): DockerProdOptions {
    return this.options as DockerProdOptions;
  }

  async initializing(): Promise<void> {
    const dir = this.destinationRoot();
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new ProjectError(`cannot write to ${dir}: the folder is not writable by this user`);
    }
    const ask: Ask | undefined = this._flags().yes ? undefined : (setting, defaultText, ctx) => this._askOne(setting.key, setting, defaultText, ctx);
    this.resolution = await resolveAnswers({
      dir,
      flags: textValues(this.options as Record<string, unknown>, 'flag'),
      stored: textValues(this.config.getAll(), 'stored'),
      ask,
    });
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
    this.files = renderFiles(answers, profile, dir);
    // Every target, and each folder above it, resolved through symbolic links before anything
    // is read or written: a link out of the project is refused, --force included.
    const outside = targetProblems(dir, [...this.files.map((f) => f.path), CONFIG_FILE]);
    if (outside.length > 0) throw new ProjectError(targetProblemsMessage(outside));
    if (this._flags().yes && !this._flags().force) {
      // Without a terminal to ask in, refuse before writing anything rather than overwrite.
      const differing = this.files.filter((file) => {
        const target = path.join(dir, file.path);
        return !file.keepExisting && fs.existsSync(target) && fs.readFileSync(target, 'utf8') !== file.content;
      });
      if (differing.length > 0) {
        throw new ProjectError(
          `${differing.map((f) => f.path).join(', ')} already exist${differing.length === 1 ? 's' : ''} with other content; ` +
            'run without --yes to review each change, or add --force to overwrite',
        );
      }
    }
    // All or nothing: a file we could not write would leave a partial set behind, so check
    // every target (or the nearest existing folder above it) before writing any.
    const blocked = this.files.filter((file) => !canWrite(path.join(dir, file.path)));
    if (blocked.length > 0) {
      throw new ProjectError(`cannot write ${blocked.map((f) => f.path).join(', ')}: permission denied (nothing was written)`);
    }
    // Identical files and settings are left alone, so a re-run with the same answers touches
    // nothing (not even modification times).
    // Files the user owns once they exist (.trivyignore, .hadolint.yaml) are never replaced.
    for (const file of this.files) {
      const target = this.destinationPath(file.path);
      if (file.keepExisting && fs.existsSync(target)) {
        if (fs.readFileSync(target, 'utf8') !== file.content) this.kept.push(file.path);
        continue;
      }
      if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== file.content) this.fs.write(target, file.content);
    }
    const stored = this.config.getAll() as Record<string, unknown>;
    for (const question of allQuestions()) {
      const value = question.key in answers.stack ? answers.stack[question.key] : (answers as unknown as Record<string, unknown>)[question.key];
      const applies = question.key in this.resolution!.sources;
      if (!applies && question.key in stored) this.config.delete(question.key as never);
      else if (applies && stored[question.key] !== question.format(value)) this.config.set(question.key as never, question.format(value) as never);
    }
  }

  end(): void {
    this.log(formatSummary(this.resolution!, this.files, this.kept));
  }
}
