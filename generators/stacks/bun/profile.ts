/**
 * The Bun stack: apps that run on Bun (bun.lock / bun.lockb with a start script that runs bun or
 * an entry using the Bun API). Built and run on the official oven/bun slim image as its numeric
 * `bun` user; never run with node. (Bun used only to install a Node.js app's dependencies stays
 * with the node stack.)
 */
import { ociLabels } from '../../lib/labels.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import { stackQuestion } from '../../lib/question.js';
import { InputError } from '../../lib/errors.js';
import { PINS } from '../../lib/versions.js';
import type { Answers, RuntimeNotes, RuntimeStageFacts, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { readPackageJson } from '../node/detect.js';
import { nodeServices } from '../node/services.js';
import { appFolder, appSetting } from '../node/app-setting.js';
import { npmTokenSecret } from '../../lib/secrets.js';
import { bunRegistry, bunTokenSecretDefault, projectBunfigHasCredentials } from './registry.js';
import { bunLockfile, bunRuntimeEvidence, detectBunHealthPath, detectBunPort, detectBunVersion, detectEntry, ENTRY_PATH } from './detect.js';
import {
  bunWorkspace,
  bunWorkspaceBuildCommand,
  bunWorkspaceFacts,
  bunWorkspaceIgnore,
  bunWorkspaceLockfile,
  bunWorkspaceNotes,
  type BunWorkspaceFacts,
} from './workspace.js';

/** The official image's `bun` user. */
export const BUN_UID = 1000;
/** distroless `nonroot`, the user of the compiled variant. */
export const DISTROLESS_NONROOT_UID = 65532;
/** The single-file executable `bun build --compile` writes (compiled variant). */
export const COMPILED_APP = '/app/server';
/** coreutils' env, copied from the Debian stage: the probe runs the executable as bun (BUN_BE_BUN=1). */
export const ENV_PATH = '/usr/bin/env';

const bunCompile = stackQuestion({
  key: 'bunCompile',
  flag: 'bun-compile',
  description:
    'Bun: "yes" compiles the app into one executable (bun build --compile) run on distroless base without bun, node_modules or sources; "no" runs it with bun on oven/bun',
  prompt: { type: 'list', message: 'Compile into a single executable (bun build --compile)?', choices: () => ['no', 'yes'] },
  parse(raw: string) {
    const value = raw.trim().toLowerCase();
    if (value === 'yes' || value === 'no') return value;
    throw new InputError('bun-compile', raw, '"yes" or "no"');
  },
});

/** HEALTHCHECK: fetch with Bun itself (the image has no curl); redirects are not followed. */
export function bunHealthProbe(port: number, healthPath: string, anyStatus = false, compiled = false): string[] {
  const script =
    `fetch('http://127.0.0.1:'+(process.env.PORT||${port})+process.argv[1],{redirect:'manual',signal:AbortSignal.timeout(4000)})` +
    `.then((r)=>process.exit(r.status>=200&&r.status<${anyStatus ? 500 : 400}?0:1),()=>process.exit(1))`;
  // The compiled executable embeds Bun: with BUN_BE_BUN=1 it acts as the bun command itself.
  return compiled ? [ENV_PATH, 'BUN_BE_BUN=1', COMPILED_APP, '-e', script, healthPath] : ['bun', '-e', script, healthPath];
}

export function bunStartCommandProblem(argv: readonly string[]): string | undefined {
  const program = argv[0] ?? '';
  if (program === 'node' || program.endsWith('/node')) return 'must run the app with bun (e.g. "bun index.ts"): a Bun app is never run with node';
  if (
    ['npm', 'npx', 'yarn', 'pnpm', 'bunx'].includes(program) ||
    (program === 'bun' && argv[1] === 'run' && argv[2] !== undefined && !ENTRY_PATH.test(argv[2]))
  ) {
    return 'must run the entry file directly (e.g. "bun index.ts"), not a package.json script through a wrapper: the wrapper would be PID 1\'s child and swallow signals';
  }
  if (program !== 'bun' && !program.startsWith('/app/')) return 'must start with bun (e.g. "bun index.ts") or a binary under /app/';
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (the tag is the BUN_VERSION ARG): printed from here, and .hadolint.yaml trusts their registries. */
const BUN_IMAGE = 'oven/bun';

export interface BunDockerfileFacts extends RuntimeStageFacts {
  /** `bun` (tag from BUN_VERSION); `runtime`: the distroless image of the compiled variant. */
  images: { bun: string; runtime: string | undefined };
  /** The numeric user (for the comment above USER). */
  uid: number;
  bunVersion: string;
  /** Files copied before the install: package.json, the lockfile, bunfig.toml. */
  manifests: string;
  hasLock: boolean;
  cacheMount: string;
  buildRun: string | undefined;
  /** Compiled variant: the entry file (shell word) bun build --compile starts from, or undefined. */
  compileEntry: string | undefined;
  compiledApp: string;
  /** `COPY` arguments of the workspace packages' package.json files (a Bun workspace app, workspace.ts); empty otherwise. */
  packageManifests: string[];
  /** ` --filter <name>` after each install in a workspace, else ''. */
  installFilter: string;
  /** A command run after the production install (workspace: the node_modules folders the runtime copies), or undefined. */
  afterProdInstall: string | undefined;
  /** The build stage's removal of the node_modules it installed (dev dependencies included). */
  buildCleanup: string;
  /** A workspace app: what the runtime copies and its WORKDIR (the app's folder); undefined otherwise. */
  workspace: Pick<BunWorkspaceFacts, 'runtimeCopies' | 'workdir'> | undefined;
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
function runtimeNotes(uid: number, compiled: boolean): RuntimeNotes {
  return {
    user: [
      `Files stay owned by root: the app can read them but not change them. ${uid} is the image's`,
      `own "${compiled ? 'nonroot' : 'bun'}" user, given by number so Kubernetes runAsNonRoot accepts it.`,
    ],
    healthcheck: [`The image has no curl: Bun's own fetch probes the health path${compiled ? ' (the executable run as bun)' : ''}; honours $PORT.`],
    init: TINI_NOTE,
    cmd: [`Exec form, ${compiled ? 'the executable' : 'run by bun'} directly (no package.json script wrapper in between).`],
  };
}

export const bunProfile: StackProfile = {
  id: 'bun',
  label: 'Bun',
  packageManagers: [],
  markers: ['bun.lock', 'bun.lockb', 'bunfig.toml'],
  // --app: at a workspace root, the Bun app to generate for (the node stack's setting, shared).
  settings: [appSetting, bunCompile, npmTokenSecret],
  // The same npm packages as a Node.js app; the migration commands there run npx, which the Bun
  // image does not have, so none is suggested.
  services: (dir) => ({ ...nodeServices(dir), migrations: [] }),

  projectFolder(dir, answers) {
    return appFolder(dir, answers.stack?.app);
  },

  sniff(dir) {
    if (!projectEntryExists(dir, 'package.json')) return undefined;
    const inWorkspace = bunWorkspaceLockfile(dir);
    const marker =
      bunLockfile(dir) ??
      (projectEntryExists(dir, 'bunfig.toml') ? 'bunfig.toml' : undefined) ??
      (inWorkspace && `the workspace root's ${inWorkspace.lockfile}`);
    if (!marker) return undefined;
    const evidence = bunRuntimeEvidence(dir);
    return evidence ? `${marker}; ${evidence}` : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const pkg = readPackageJson(dir);
    const warnings = [...(pkg.notes ?? [])];
    const entry = detectEntry(dir, pkg);
    // An app of a Bun workspace: the root's lockfile and version, the build over its graph (workspace.ts).
    const ws = bunWorkspace(dir);
    if (ws) warnings.push(...bunWorkspaceNotes(ws));
    const lock = ws?.lockfile ?? bunLockfile(dir);
    if (!lock) warnings.push('no bun.lock: run `bun install` and commit bun.lock (the image installs with --frozen-lockfile)');
    const ctxDir = ws?.app.root ?? dir;
    if (projectBunfigHasCredentials(ctxDir))
      warnings.push(
        'bunfig.toml holds registry credentials: it stays out of the build context and the image, and the install reads it as the build secret "bunfig" (--npm-token-secret yes); its run-time settings (e.g. preload) do not apply in the image',
      );
    const start = chosen.startCommand;
    const entryFile = start && start[0] === 'bun' ? start.slice(1).find((a) => ENTRY_PATH.test(a)) : entry?.value;
    const build = pkg.scripts?.build;
    return {
      defaults: {
        // A workspace's Bun is the root's (packageManager, engines.bun, .bun-version), else the app's own.
        runtimeVersion: ws && !ws.version.source.startsWith('default') ? ws.version : detectBunVersion(dir, pkg),
        packageManager: { value: '', source: 'none (bun installs)' },
        port: detectBunPort(dir, entryFile),
        healthPath: detectBunHealthPath(dir),
        startCommand: entry ? { value: ['bun', entry.value], source: entry.source } : { value: ['bun', 'index.ts'], source: "default (bun init's index.ts)" },
        buildCommand: ws
          ? bunWorkspaceBuildCommand(ws, build !== undefined)
          : build !== undefined
            ? { value: ['bun', 'run', 'build'], source: 'package.json "scripts.build"' }
            : { value: [], source: 'none (no build script)' },
        serviceName: serviceNameFrom(pkg.name, dir),
      },
      stackDefaults: {
        bunCompile: { value: 'no', source: 'default (run with bun; pass --bun-compile yes for a single executable)' },
        npmTokenSecret: bunTokenSecretDefault(ctxDir),
      },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    return /^1(?:\.\d{1,3}(?:\.\d{1,4})?)?$/.test(value) ? undefined : 'a Bun version for the official oven/bun image tag: "1", "1.2" or "1.2.19"';
  },

  checkStartCommand(argv) {
    return bunStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const ws = bunWorkspace(dir);
    const hasBuild = answers.buildCommand.length > 0;
    const wsFacts = ws && bunWorkspaceFacts(ws, hasBuild);
    const lock = ws?.lockfile ?? bunLockfile(dir);
    // Registry settings and credentials (registry.ts): a bunfig.toml with a token is a build secret, never copied.
    const registry = bunRegistry(ws?.app.root ?? dir, answers.stack.npmTokenSecret);
    const manifests = wsFacts?.manifests ?? ['package.json', ...(lock ? [lock] : []), ...(registry.copyBunfig ? ['bunfig.toml'] : [])];
    const compiled = answers.stack.bunCompile === 'yes';
    const entry = answers.startCommand.slice(1).find((a) => ENTRY_PATH.test(a.replace(/^\.\//, '')));
    if (compiled && (answers.startCommand[0] !== 'bun' || entry === undefined)) {
      throw new InputError(
        'bun-compile',
        'yes',
        `a start command "bun <entry file>" to compile from (the start command is ${jsonArray(answers.startCommand)}); pass --start-command "bun index.ts" or --bun-compile no`,
      );
    }
    const healthcheck = bunHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus, compiled);
    const dockerfile: BunDockerfileFacts = {
      images: { bun: BUN_IMAGE, runtime: compiled ? PINS.distrolessBase : undefined },
      bunVersion: answers.runtimeVersion,
      manifests: manifests.join(' '),
      hasLock: lock !== undefined,
      cacheMount: ['--mount=type=cache,id=bun,target=/root/.bun/install/cache', ...registry.installMounts].join(' \\\n    '),
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      // In a workspace the build stage works at the root: the entry is under the app's folder.
      compileEntry: compiled ? shellWord(ws ? `${ws.app.folder}/${entry!.replace(/^\.\//, '')}` : entry!) : undefined,
      packageManifests: wsFacts?.packageManifests ?? [],
      installFilter: wsFacts?.installFilter ?? '',
      afterProdInstall: wsFacts?.afterProdInstall,
      buildCleanup: wsFacts?.buildCleanup ?? 'rm -rf node_modules',
      workspace: wsFacts && { runtimeCopies: wsFacts.runtimeCopies, workdir: wsFacts.workdir },
      compiledApp: COMPILED_APP,
      labels: ociLabels(answers.serviceName),
      env: ['NODE_ENV=production', `PORT=${answers.port}`],
      uid: compiled ? DISTROLESS_NONROOT_UID : BUN_UID,
      user: `${compiled ? DISTROLESS_NONROOT_UID : BUN_UID}:${compiled ? DISTROLESS_NONROOT_UID : BUN_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(compiled ? [COMPILED_APP, ...answers.startCommand.slice(answers.startCommand.indexOf(entry!) + 1)] : answers.startCommand),
      notes: runtimeNotes(compiled ? DISTROLESS_NONROOT_UID : BUN_UID, compiled),
    };
    return {
      buildContext: ws && { root: ws.app.root },
      buildSecret: registry.secret,
      dockerfile,
      dockerignore: [
        ...(ws
          ? bunWorkspaceIgnore(ws)
          : [{ comment: 'Bun: dependencies are installed inside the image from the lockfile', patterns: ['node_modules', '.bun'] }]),
        ...registry.ignore,
      ],
      environment: { NODE_ENV: 'production', PORT: String(answers.port) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 20,
    };
  },
};
