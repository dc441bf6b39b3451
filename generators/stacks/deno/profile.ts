/**
 * The Deno stack: deno.json(c) / deno.lock apps, built and run on the official denoland/deno
 * Debian image as its numeric `deno` user. Dependencies are cached into DENO_DIR inside the image
 * at build time (`deno install`, `deno cache`), so the app starts with --cached-only on a
 * read-only filesystem; permissions are explicit and minimal (--allow-net for the port only,
 * --allow-env for the variables the code reads).
 */
import { ociLabels } from '../../lib/labels.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import type { Answers, RuntimeNotes, RuntimeStageFacts, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { detectDenoHealthPath, detectDenoPort, detectDenoVersion, detectEntry, ENTRY_PATH, envReads, readDenoConfig } from './detect.js';

/** The official image's `deno` user. */
export const DENO_UID = 1993;

/** HEALTHCHECK: fetch with Deno itself (the image has no curl); redirects are not followed. */
export function denoHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  const script =
    `fetch('http://127.0.0.1:'+(Deno.env.get('PORT')||${port})+Deno.args[0],{redirect:'manual',signal:AbortSignal.timeout(4000)})` +
    `.then((r)=>Deno.exit(r.status>=200&&r.status<${anyStatus ? 500 : 400}?0:1),()=>Deno.exit(1))`;
  return ['deno', 'eval', '--no-config', script, healthPath];
}

/** `deno run` with the permissions the app needs: its port, the variables it reads. */
export function denoRunCommand(entry: string, port: number, env: readonly string[]): string[] {
  const vars = [...new Set(['PORT', ...env])].sort();
  return ['deno', 'run', '--frozen', '--cached-only', `--allow-net=:${port}`, `--allow-env=${vars.join(',')}`, entry];
}

export function denoStartCommandProblem(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'deno') return 'must start with deno (e.g. "deno run --allow-net=:8000 main.ts")';
  if (argv[1] === 'task')
    return 'must run the entry file with deno run (e.g. "deno run --allow-net=:8000 main.ts"), not a task: deno task runs a shell between tini and the app';
  if (argv[1] !== 'run' && argv[1] !== 'serve') return 'must be "deno run ..." or "deno serve ..." with the entry file';
  if (!argv.slice(2).some((a) => !a.startsWith('-') && ENTRY_PATH.test(a.replace(/^\.\//, ''))))
    return 'must name the entry file (e.g. main.ts) after the permission flags';
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (the tag is the DENO_VERSION ARG): printed from here, and .hadolint.yaml trusts their registries. */
const DENO_IMAGE = 'denoland/deno';

export interface DenoDockerfileFacts extends RuntimeStageFacts {
  images: { deno: string };
  /** The numeric user (for the comment above USER). */
  uid: number;
  denoVersion: string;
  /** deno.json(c) and deno.lock, when present. */
  manifests: string | undefined;
  hasLock: boolean;
  entry: string;
  buildRun: string | undefined;
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    `Files and DENO_DIR stay owned by root: the app can read them but not change them. ${DENO_UID} is`,
    'the image\'s own "deno" user, given by number so Kubernetes runAsNonRoot accepts it.',
  ],
  healthcheck: ["The image has no curl: Deno's own fetch probes the health path; honours $PORT."],
  init: TINI_NOTE,
  cmd: ['deno run directly (deno task would put a shell in between), with explicit permissions only.'],
};

export const denoProfile: StackProfile = {
  id: 'deno',
  label: 'Deno',
  packageManagers: [],
  markers: ['deno.json', 'deno.jsonc', 'deno.lock'],
  settings: [],

  sniff(dir) {
    return ['deno.json', 'deno.jsonc', 'deno.lock'].find((f) => projectEntryExists(dir, f));
  },

  detect(dir, chosen = {}): StackDetection {
    const config = readDenoConfig(dir);
    const entry = detectEntry(dir, config);
    const warnings: string[] = [];
    const hasLock = projectEntryExists(dir, 'deno.lock');
    if (!hasLock && config.remoteImports > 0) warnings.push('no deno.lock: run `deno install` and commit deno.lock (the image installs with --frozen)');
    if (config.startTask !== undefined)
      warnings.push(
        `${config.file} "tasks.start" is not run as it is: the image runs the entry with deno run and minimal permissions (--allow-net for the port, --allow-env for the variables the code reads); widen them with --start-command`,
      );
    const port = detectDenoPort(dir, entry.value);
    const env = envReads(dir);
    return {
      defaults: {
        runtimeVersion: detectDenoVersion(dir),
        packageManager: { value: '', source: 'none (deno installs)' },
        port,
        healthPath: detectDenoHealthPath(dir),
        startCommand: {
          value: denoRunCommand(entry.value, chosen.port ?? port.value, env),
          source: `${entry.source}; --allow-env from Deno.env.get in the sources`,
        },
        buildCommand:
          config.buildTask !== undefined
            ? { value: ['deno', 'task', 'build'], source: `${config.file} "tasks.build"` }
            : { value: [], source: 'none (no build task)' },
        serviceName: serviceNameFrom(undefined, dir),
      },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    return /^\d{1,2}\.\d{1,3}\.\d{1,3}$/.test(value)
      ? undefined
      : 'a Deno release for the official denoland/deno image tag, e.g. "2.9.6" (the images are tagged by full version)';
  },

  checkStartCommand(argv) {
    return denoStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const config = readDenoConfig(dir);
    const hasLock = projectEntryExists(dir, 'deno.lock');
    const manifests = [
      ...(config.file ? [config.file] : []),
      ...(hasLock ? ['deno.lock'] : []),
      ...(projectEntryExists(dir, 'package.json') ? ['package.json'] : []),
    ];
    const entry = answers.startCommand.slice(2).find((a) => !a.startsWith('-') && ENTRY_PATH.test(a.replace(/^\.\//, ''))) ?? 'main.ts';
    const healthcheck = denoHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const dockerfile: DenoDockerfileFacts = {
      images: { deno: DENO_IMAGE },
      denoVersion: answers.runtimeVersion,
      manifests: manifests.length > 0 ? manifests.join(' ') : undefined,
      hasLock,
      entry: shellWord(entry),
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      labels: ociLabels(answers.serviceName),
      env: ['DENO_DIR=/deno-dir', 'DENO_NO_UPDATE_CHECK=1', 'DENO_NO_PROMPT=1', `PORT=${answers.port}`],
      uid: DENO_UID,
      user: `${DENO_UID}:${DENO_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    return {
      dockerfile,
      dockerignore: [{ comment: 'Deno: dependencies are cached inside the image (DENO_DIR), never copied in', patterns: ['node_modules', '.deno'] }],
      environment: { PORT: String(answers.port) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 20,
    };
  },
};
