/**
 * The start command and runtime layout of a Node.js app: a known framework's layout
 * (frameworks.ts), else the start script resolved to something the image will have
 * (start-command.ts), else `main` or an entry file that exists. Nothing credible → an empty
 * command whose source names what was looked at (so `--yes` stops and names --start-command).
 */
import { withoutMigratePrefix } from './prisma.js';
import path from 'node:path';
import { splitCommand } from '../../lib/command.js';
import { DetectedValueError } from '../../lib/errors.js';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { isGeneratedFolder, projectEntryExists } from '../../lib/project-files.js';
import { packageJsonOrigin, readTsConfigDirs, startCommandProblem, type PackageJson, type TsConfigDirs } from './detect.js';
import { detectLayout, isLayoutProblem, type NodeLayout } from './frameworks.js';
import { resolveStartArgv, splitEnvPrefix, splitScriptChain } from './start-command.js';

export interface StartPlan {
  detected: Detected<string[]>;
  /** ENV the start command needs (from cross-env / assignments / the framework). */
  env: string[];
  layout?: NodeLayout;
  /** Notes for the summary (a resolved program, a framework that cannot run as configured). */
  notes: string[];
}

const SCRIPT_NAMES = ['start:prod', 'start:production', 'serve', 'start'];
const ENTRY_CANDIDATES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/server.js', 'src/index.js'];

/**
 * The script the build stage runs: the build script a start script runs before its server
 * (`npm run build:ts && fastify start dist/app.js`, start-command.ts), else "build".
 */
export function buildScriptName(pkg: PackageJson): string | undefined {
  const scripts = pkg.scripts ?? {};
  for (const name of SCRIPT_NAMES) {
    const script = Object.hasOwn(scripts, name) ? scripts[name] : undefined;
    const chain = typeof script === 'string' ? splitScriptChain(script, scripts) : undefined;
    if (chain?.build) return chain.build;
  }
  return typeof scripts.build === 'string' && scripts.build.trim() !== '' ? 'build' : undefined;
}

export function hasBuildScript(pkg: PackageJson): boolean {
  return buildScriptName(pkg) !== undefined;
}

/** Whether the file a `node <file>` command runs will exist: in the source, or written by the build. */
export function entryWillExist(dir: string, argv: readonly string[], ts: TsConfigDirs, hasBuild: boolean): boolean {
  if (path.posix.basename(argv[0] ?? '') !== 'node') return true;
  const file = argv.slice(1).find((a) => !a.startsWith('-'));
  if (file === undefined) return false;
  const rel = path.posix.normalize(file).replace(/^(?:\.\/)+/, '');
  if (rel.startsWith('node_modules/')) return true;
  for (const candidate of [rel, `${rel}.js`, `${rel}.mjs`, `${rel}.cjs`, `${rel}/index.js`]) {
    if (projectEntryExists(dir, candidate)) return true;
  }
  if (!hasBuild || !rel.includes('/')) return false;
  const top = rel.split('/')[0]!;
  return ts.outDir?.split('/')[0] === top || isGeneratedFolder(dir, top);
}

/** A `ts-node src/x.ts`-style dev command mapped onto tsc's output: `node dist/x.js`. */
function compiledEquivalent(argv: readonly string[], ts: TsConfigDirs): string[] | undefined {
  if (!ts.outDir) return undefined;
  const entry = argv.slice(1).find((a) => /\.[cm]?tsx?$/.test(a));
  if (!entry) return undefined;
  let rel = path.posix.normalize(entry).replace(/^\.\//, '');
  const root = ts.rootDir ?? 'src';
  if (rel.startsWith(`${root}/`)) rel = rel.slice(root.length + 1);
  return ['node', `${ts.outDir}/${rel.replace(/\.([cm]?)tsx?$/, '.$1js')}`];
}

export function planStart(dir: string, pkg: PackageJson): StartPlan {
  const notes: string[] = [];
  const looked: string[] = [];
  const layout = detectLayout(dir, pkg);
  if (layout && !isLayoutProblem(layout)) {
    if (layout.note) notes.push(layout.note);
    return { detected: { value: layout.start, source: `${layout.framework}: ${layout.evidence}` }, env: layout.env, layout, notes };
  }
  if (isLayoutProblem(layout)) {
    notes.push(layout.problem);
    looked.push(layout.problem);
  }
  const ts = readTsConfigDirs(dir);
  const hasBuild = hasBuildScript(pkg);
  const deps: Record<string, string> = { ...pkg.dependencies };
  for (const name of SCRIPT_NAMES) {
    const script = pkg.scripts?.[name];
    if (typeof script !== 'string') continue;
    looked.push(`package.json "scripts.${name}"`);
    // `npm run build:ts && fastify start dist/app.js`: the build runs in the build stage.
    // `prisma migrate deploy && node x`: the server is `node x` (migrations: prisma.ts says how).
    const serverScript = withoutMigratePrefix(script);
    const split = splitCommand(splitScriptChain(serverScript, pkg.scripts!)?.command ?? serverScript);
    if (!split.ok) continue;
    const resolved = resolveStartArgv(dir, split.argv, deps);
    const origin = packageJsonOrigin(pkg, `scripts.${name}`);
    const problem = resolved && startCommandProblem(resolved.argv);
    // A file in a folder no COPY can name is reported against the script (validation names it).
    if (resolved && ((problem === undefined && entryWillExist(dir, resolved.argv, ts, hasBuild)) || problem?.startsWith('must run a file'))) {
      if (resolved.note) notes.push(resolved.note);
      return { detected: detectedFrom(resolved.argv, `package.json "scripts.${name}"`, origin), env: resolved.env, notes };
    }
    const compiled = hasBuild ? compiledEquivalent(splitEnvPrefix(split.argv).argv, ts) : undefined;
    if (compiled) {
      const where = ts.outDirOrigin?.file ?? 'tsconfig.json';
      return { detected: detectedFrom(compiled, `package.json "scripts.${name}" mapped to ${where} "outDir"`, origin), env: [], notes };
    }
  }
  if (typeof pkg.main === 'string' && pkg.main !== '') {
    looked.push('package.json "main"');
    const argv = ['node', path.posix.normalize(pkg.main)];
    // A "main" that cannot be copied is reported against package.json (validation names it).
    if (startCommandProblem(argv) !== undefined || /[\u0000-\u001f\u007f-\u009f$`\\]/.test(pkg.main) || entryWillExist(dir, argv, ts, hasBuild)) {
      return { detected: detectedFrom(argv, 'package.json "main"', packageJsonOrigin(pkg, 'main')), env: [], notes };
    }
  }
  looked.push(ENTRY_CANDIDATES.join(', '));
  const entry = ENTRY_CANDIDATES.find((file) => projectEntryExists(dir, file));
  if (entry) return { detected: { value: ['node', entry], source: entry }, env: [], notes };
  if (ts.outDir && hasBuild) {
    const source = ['src/index.ts', 'src/main.ts', 'src/server.ts'].find((f) => projectEntryExists(dir, f));
    if (source) {
      const argv = compiledEquivalent(['ts-node', source], ts)!;
      return {
        detected: detectedFrom(
          argv,
          `${source} built by tsc (${ts.outDirOrigin?.file ?? 'tsconfig.json'} "outDir")`,
          ts.outDirOrigin ?? { file: 'tsconfig.json', field: '"compilerOptions.outDir"' },
        ),
        env: [],
        notes,
      };
    }
  }
  if (ts.rejectedOutDir && hasBuild) {
    // The build's output folder is where the start command would be: report why it cannot be used.
    const { value, problem, origin } = ts.rejectedOutDir;
    throw new DetectedValueError(origin, value, `the build output folder must be ${problem}`, 'start-command');
  }
  if (ts.outDirUnknown) looked.push(`tsconfig "outDir" (not known: ${ts.unreadBases!.join('; ')})`);
  // A start script that runs bun: the app runs on Bun, which the Bun stack builds (not node).
  const bunScript = ['start:prod', 'start'].find((name) => /^bun\s/.test(pkg.scripts?.[name]?.trim() ?? ''));
  const bunHint = bunScript ? `; package.json "scripts.${bunScript}" runs bun: an app that runs on Bun is generated with --language bun` : '';
  return { detected: { value: [], source: `no start command found (looked at ${looked.join('; ')})${bunHint}` }, env: [], notes };
}
