/**
 * The `docker-prod` command (bin: generators/bin/docker-prod.ts): `--yes`, `--check` and `audit`
 * through the pure pipeline (resolve → render → write-plan) without loading Yeoman, so a run
 * takes a Node.js start-up plus a few milliseconds instead of yo's seconds. It writes the same
 * bytes and the same `.yo-rc.json` as `yo docker-prod --yes`, follows the same conflict rules and
 * prints the same error messages with the same exit codes (test/fastpath.test.ts compares both
 * on every fixture). Runs that ask questions are handed to `yo docker-prod`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { drift, DriftError, staleStoredAnswers } from './drift.js';
import { renderFiles } from './render.js';
import { resolveAnswers, textValues } from './resolve.js';
import { allQuestions, flagDescription } from './settings.js';
import { formatSummary } from './summary.js';
import { consentRequired, findOverrides, TemplateSource } from './templates.js';
import { checkWritableFolder, CONFIG_FILE, configChanges, fileActions, nextConfigText, preflight, readConfigFile, storedSection } from './write-plan.js';

export interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo = (): Io => ({
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});

/** Where the audit's pure entry point is expected (generators/lib/audit/index.ts, export `runAudit`). */
export const AUDIT_MODULE = new URL('./audit/index.js', import.meta.url);

function usage(): string {
  const flags = allQuestions().map((q) => `  --${q.flag.padEnd(20)} ${flagDescription(q)}`);
  return [
    'Usage: docker-prod [--yes | --check] [--force] [--templates <dir>|none] [--<setting> <value> ...]',
    '       docker-prod audit [...]',
    '',
    'Writes Dockerfile, .dockerignore, compose.yaml, CI workflow and README.Docker.md for the app in',
    'the current folder, exactly as `yo docker-prod` does, without starting Yeoman.',
    '',
    '  --yes, -y              accept every detected or stored value; ask nothing',
    '  --check                write nothing; print a diff of what would change; exit 1 if anything would',
    '  --force                overwrite existing files that differ (with --yes)',
    '  --templates <dir>      use the template overrides in <dir> (none: the bundled templates)',
    '  --help                 this text',
    '',
    'Without --yes or --check the questions are asked by `yo docker-prod` (npm install -g yo).',
    '',
    'Settings:',
    ...flags,
    '',
  ].join('\n');
}

/** Yeoman options: flag name → value (arrays when given twice, as Yeoman passes them). */
function parse(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    check: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    templates: { type: 'string', multiple: true },
  };
  for (const q of allQuestions()) options[q.flag] = { type: 'string', multiple: true };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) flags[key] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return { flags, positionals };
}

/** yo's error output (yo/lib/cli.js onError): "Error <args>", a blank line, the message; exit 1. */
function reportError(io: Io, argv: string[], error: unknown): number {
  io.err(`Error docker-prod ${argv.join(' ')} \n\n`);
  io.err(`${error instanceof Error ? error.message : String(error)}\n`);
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' && code !== 0 ? code : 1;
}

async function generate(io: Io, flags: Record<string, unknown>): Promise<void> {
  const dir = io.cwd;
  const check = flags.check === true;
  if (!check) checkWritableFolder(dir);
  const templatesFlag = flags.templates;
  if (Array.isArray(templatesFlag)) throw new Error(`--templates: given ${templatesFlag.length} times; give one folder`);
  const overrides = findOverrides(dir, templatesFlag as string | undefined);
  if (overrides && !overrides.fromFlag) throw consentRequired(overrides);
  const templates = new TemplateSource(overrides);
  const config = readConfigFile(dir);
  const stored = storedSection(config);
  const flagValues = textValues(flags, 'flag');
  const resolution = await resolveAnswers({ dir, flags: flagValues, stored: textValues(stored, 'stored') });
  const files = renderFiles(resolution.answers, resolution.profile, dir, templates);
  if (check) {
    for (const note of await staleStoredAnswers(dir, flagValues, resolution)) io.err(`${note}\n`);
    const result = drift(files, dir);
    if (result.changed.length > 0) {
      io.out(result.diff);
      throw new DriftError(result.changed);
    }
    io.out('docker-prod --check: the generated files match .yo-rc.json and the project\n');
    return;
  }
  preflight(files, dir, { yes: true, force: flags.force === true });
  const actions = fileActions(files, dir);
  const configText = nextConfigText(config, configChanges(resolution, stored));
  const status: string[] = [];
  for (const file of actions.write) {
    const target = path.join(dir, file.path);
    const existed = fs.existsSync(target);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    status.push(`${existed ? '   force' : '  create'} ${file.path}`);
  }
  for (const file of actions.identical) status.push(`identical ${file.path}`);
  if (configText !== undefined) {
    const target = path.join(dir, CONFIG_FILE);
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (before !== configText) {
      fs.writeFileSync(target, configText);
      status.push(`${before === undefined ? '  create' : '   force'} ${CONFIG_FILE}`);
    }
  }
  io.out(`${status.join('\n')}\n`);
  io.out(`${formatSummary(resolution, files, actions.kept)}\n`);
}

/** `docker-prod audit ...`: the audit's pure entry point, when this build includes it. */
async function audit(io: Io, args: string[]): Promise<number> {
  let mod: { runAudit?: (options: { dir: string; args: string[]; out: Io['out']; err: Io['err'] }) => Promise<number> | number };
  try {
    mod = (await import(AUDIT_MODULE.href)) as typeof mod;
  } catch (error) {
    const e = error as { code?: string; url?: string; message?: string };
    if (e.code !== 'ERR_MODULE_NOT_FOUND' || !(e.url === AUDIT_MODULE.href || e.message?.includes(AUDIT_MODULE.pathname))) throw error;
    mod = {};
  }
  if (typeof mod.runAudit !== 'function') {
    io.err(
      'docker-prod audit needs the audit module, which this installation of generator-docker-prod does not include; reinstall it (npm install -g generator-docker-prod)\n',
    );
    return 2;
  }
  return mod.runAudit({ dir: io.cwd, args, out: io.out, err: io.err });
}

/** Interactive runs: yo asks the questions (the generator is the same package). */
function handToYo(io: Io, argv: string[]): number {
  const res = spawnSync('yo', ['docker-prod', ...argv], { cwd: io.cwd, stdio: 'inherit' });
  if ((res.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    io.err(
      'docker-prod asks its questions through yo, which is not installed: npm install -g yo (then run yo docker-prod), or pass --yes to accept the detected values\n',
    );
    return 1;
  }
  if (res.error) throw res.error;
  return res.status ?? 1;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (argv[0] === 'audit') {
    try {
      return await audit(io, argv.slice(1));
    } catch (error) {
      return reportError(io, argv, error);
    }
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
    if (parsed.positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(parsed.positionals[0])}; docker-prod --help lists what it takes`);
  } catch (error) {
    return reportError(io, argv, error);
  }
  const { flags } = parsed;
  if (flags.help) {
    io.out(usage());
    return 0;
  }
  if (flags.yes !== true && flags.check !== true) return handToYo(io, argv);
  try {
    await generate(io, flags);
    return 0;
  } catch (error) {
    return reportError(io, argv, error);
  }
}
