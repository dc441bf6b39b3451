/**
 * A start command that points at something the runtime image will have: a file of the source or
 * the build output, or a program resolved to its path. Programs from node_modules/.bin become
 * `node <package's JS entry>` (PID is node, no shim), `cross-env A=B cmd` becomes ENV A=B plus
 * the command, `pm2 start x` becomes the app pm2 would start. When nothing credible is found the
 * value is empty and says what was looked at, so `--yes` stops and names --start-command.
 * Pure over the folder's files.
 */
import path from 'node:path';
import { splitCommand } from '../../lib/command.js';
import { projectEntryExists, readProjectFile } from '../../lib/project-files.js';
import { contextPathProblem } from '../../lib/quote.js';

/** Programs of well-known packages, by bin name: the package and the JS file the bin runs. */
const KNOWN_BINS: Record<string, { pkg: string; entry: string; env?: string[] }> = {
  next: { pkg: 'next', entry: 'dist/bin/next' },
  'react-router-serve': { pkg: '@react-router/serve', entry: 'dist/cli.js' },
  'remix-serve': { pkg: '@remix-run/serve', entry: 'dist/cli.js' },
  // fastify-cli listens on 127.0.0.1 unless told otherwise: no published port could reach it.
  fastify: { pkg: 'fastify-cli', entry: 'cli.js', env: ['FASTIFY_ADDRESS=0.0.0.0'] },
  'pm2-runtime': { pkg: 'pm2', entry: 'bin/pm2-runtime' },
  serve: { pkg: 'serve', entry: 'build/main.js' },
};

/** An environment variable name a Dockerfile ENV line can carry. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Values printed in ENV: plain words only (anything else is left to the user). */
const ENV_VALUE = /^[A-Za-z0-9_.:/@%+,=-]{0,200}$/;

export interface ResolvedStart {
  argv: string[];
  /** `NAME=value` pairs from `cross-env` / leading assignments, safe to print in ENV. */
  env: string[];
  /** What was done to the script's command, for the summary (e.g. `next` → its JS entry). */
  note?: string;
}

/** Leading `A=B` words and `cross-env A=B` / `env A=B` prefixes, split off the command. */
export function splitEnvPrefix(argv: readonly string[]): { env: string[]; argv: string[] } {
  const env: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (ENV_PROGRAMS.has(bareName(word))) continue;
    const eq = word.indexOf('=');
    if (eq > 0 && ENV_NAME.test(word.slice(0, eq))) env.push(word);
    else break;
  }
  return { env, argv: argv.slice(i) };
}

const ENV_PROGRAMS = new Set(['cross-env', 'cross-env-shell', 'env']);

/** Only assignments whose value is a plain word reach ENV. */
export function printableEnv(env: readonly string[]): string[] {
  return env.filter((pair) => {
    const eq = pair.indexOf('=');
    return ENV_NAME.test(pair.slice(0, eq)) && ENV_VALUE.test(pair.slice(eq + 1));
  });
}

function bareName(word: string): string {
  return word.replace(/^(?:\.\/)?node_modules\/\.bin\//, '');
}

/** A program from node_modules/.bin, resolved when its package is a production dependency. */
function resolveBin(dir: string, program: string, deps: Record<string, string>): string[] | undefined {
  const known = Object.hasOwn(KNOWN_BINS, program) ? KNOWN_BINS[program] : undefined;
  if (known && Object.hasOwn(deps, known.pkg)) {
    // The installed package, when present, tells its real bin path (versions move it).
    const manifest = readProjectFile(dir, `node_modules/${known.pkg}/package.json`);
    const entry = binFromManifest(manifest, program) ?? known.entry;
    return ['node', `node_modules/${known.pkg}/${entry}`];
  }
  if (Object.hasOwn(deps, program) && /^[a-z0-9][a-z0-9._-]{0,100}$/.test(program)) {
    const entry = binFromManifest(readProjectFile(dir, `node_modules/${program}/package.json`), program);
    return entry ? ['node', `node_modules/${program}/${entry}`] : [`node_modules/.bin/${program}`];
  }
  return undefined;
}

function binFromManifest(text: string | undefined, program: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as { bin?: unknown; name?: unknown };
    const bin =
      typeof doc.bin === 'string'
        ? doc.bin
        : doc.bin && typeof doc.bin === 'object' && Object.hasOwn(doc.bin, program)
          ? (doc.bin as Record<string, unknown>)[program]
          : undefined;
    if (typeof bin !== 'string') return undefined;
    const clean = path.posix.normalize(bin).replace(/^\.\//, '');
    return clean.startsWith('..') || contextPathProblem(clean.split('/')[0]!) ? undefined : clean;
  } catch {
    return undefined;
  }
}

/** The script pm2 would start: `pm2 start app.js`, or the first app of an ecosystem file. */
function pm2Target(dir: string, argv: readonly string[]): string | undefined {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const target = args[0] === 'start' || args[0] === 'start-runtime' ? args[1] : args[0];
  if (target === undefined) return undefined;
  if (/ecosystem\.config\.[cm]?js$|\.json$|\.ya?ml$/.test(target)) {
    const text = readProjectFile(dir, target.replace(/^\.\//, ''));
    const m = text && /\bscript\s*:\s*['"]([^'"\n]{1,200})['"]/.exec(text);
    return m ? m[1] : undefined;
  }
  return target;
}

/**
 * Resolve a start script's command to one the runtime image can run, or undefined when it cannot
 * be made to (a program from devDependencies, an unknown program).
 */
export function resolveStartArgv(dir: string, argv0: readonly string[], deps: Record<string, string>): ResolvedStart | undefined {
  const { env, argv } = splitEnvPrefix(argv0);
  if (argv.length === 0) return undefined;
  const program = bareName(argv[0]!);
  if (program === 'node' || argv[0]!.startsWith('/')) return { argv: [...argv], env: printableEnv(env) };
  if (program === 'pm2' || program === 'pm2-runtime') {
    const script = pm2Target(dir, argv);
    if (script && projectEntryExists(dir, script.replace(/^\.\//, '')))
      return { argv: ['node', script.replace(/^\.\//, '')], env: printableEnv(env), note: `pm2 replaced by the app it starts (${script})` };
    return undefined;
  }
  const resolved = resolveBin(dir, program, deps);
  if (!resolved) return undefined;
  const extra = (Object.hasOwn(KNOWN_BINS, program) && KNOWN_BINS[program]!.env) || [];
  const names = new Set(env.map((pair) => pair.slice(0, pair.indexOf('='))));
  return {
    argv: [...resolved, ...argv.slice(1)],
    env: [...printableEnv(env), ...extra.filter((pair) => !names.has(pair.slice(0, pair.indexOf('='))))],
    note: `"${program}" resolved to ${resolved.join(' ')}`,
  };
}

/** Parse and resolve a package.json script. */
export function resolveScript(dir: string, script: string | undefined, deps: Record<string, string>): ResolvedStart | undefined {
  if (script === undefined) return undefined;
  const split = splitCommand(script);
  if (!split.ok) return undefined;
  return resolveStartArgv(dir, split.argv, deps);
}

/** Script names whose job is to build (`build`, `build:ts`, `compile`): they may run in the build stage. */
const BUILD_SCRIPT = /^(?:build|compile)(?:[:_-][A-Za-z0-9:_-]{0,60})?$/;
/** Script names that only clean before a build: harmless to skip in a fresh build stage. */
const CLEAN_SCRIPT = /^(?:clean|prebuild)(?:[:_-][A-Za-z0-9:_-]{0,60})?$/;

/** `<pm> run <script>` (also `yarn <script>`, `pnpm <script>`, `bun run <script>`): the script's name. */
function runsScript(argv: readonly string[], scripts: Record<string, string>): string | undefined {
  const [pm, a, b, ...rest] = argv;
  if (pm === undefined || !['npm', 'pnpm', 'yarn', 'bun'].includes(pm) || rest.length > 0) return undefined;
  const name = a === 'run' || a === 'run-script' ? b : pm === 'yarn' || pm === 'pnpm' ? (b === undefined ? a : undefined) : undefined;
  return name !== undefined && Object.hasOwn(scripts, name) ? name : undefined;
}

/** `a && b && c` split on `&&` outside quotes; undefined when quoting is unbalanced. */
function splitAnd(script: string): string[] | undefined {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '&' && script[i + 1] === '&') {
      parts.push(script.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  if (quote) return undefined;
  parts.push(script.slice(start).trim());
  return parts;
}

/**
 * A start script that builds first and then starts the server, as fastify-cli's TypeScript
 * template writes (`npm run build:ts && fastify start -l info dist/app.js`): the build script
 * (run in the build stage instead) and the server command (the runtime stage's). Steps before
 * the server may only run build scripts or clean scripts; anything else (a migration, a seed)
 * would need the running environment, so the chain is not split (undefined).
 */
export function splitScriptChain(script: string, scripts: Record<string, string>): { build?: string; command: string } | undefined {
  const parts = splitAnd(script);
  if (!parts || parts.length < 2 || parts.length > 5 || parts.some((p) => p === '')) return undefined;
  let build: string | undefined;
  for (const part of parts.slice(0, -1)) {
    const split = splitCommand(part);
    const name = split.ok ? runsScript(split.argv, scripts) : undefined;
    if (name === undefined) return undefined;
    if (BUILD_SCRIPT.test(name)) build = name;
    else if (!CLEAN_SCRIPT.test(name)) return undefined;
  }
  return { build, command: parts.at(-1)! };
}
