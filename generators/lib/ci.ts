/**
 * The CI workflow (`--ci github|gitlab|none`), `.trivyignore`, `.hadolint.yaml`: detection and
 * the facts their templates print (templates/common/ci/*). Every user value that lands in these
 * YAML files is validated by its setting first and quoted here for where it lands; values that a
 * `run:`/`script:` shell uses arrive through environment variables, never spliced into the script.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import { readSourceFile } from './project-files.js';
import { jsonString } from './quote.js';
import { PINS } from './versions.js';
import { REPO_TEMPLATES } from './templates.js';
import { TMP_DIR, tmpfsOptions } from './writable-paths.js';
import type { Answers, Detected } from './stack.js';

export const CI_CHOICES = ['github', 'gitlab', 'none'] as const;

/**
 * Where the workflow goes. GitLab: a separate file the user `include:`s from .gitlab-ci.yml, so
 * an existing pipeline is never overwritten (the generator never writes .gitlab-ci.yml itself).
 */
export const CI_FILES = { github: '.github/workflows/docker.yml', gitlab: '.gitlab/docker.gitlab-ci.yml' } as const;

/** How many folders above the project detectCi looks (an app folder of a monorepo: apps/api, services/billing/api). */
const CI_LEVELS_UP = 4;

/**
 * `.gitlab-ci.yml` → gitlab, a `.github/` folder → github, else github. CI configuration lives at
 * the repository's root, which for an app of a monorepo is above the project folder: the folder
 * and then its parents are looked at, nearest first, up to the one holding `.git` (the repository
 * root) and at most CI_LEVELS_UP levels. Only names are checked (lstat), nothing is read.
 */
export function detectCi(dir: string): Detected<string> {
  let at = path.resolve(dir);
  for (let level = 0; level <= CI_LEVELS_UP; level++) {
    const rel = (file: string) => path.relative(dir, path.join(at, file)).split(path.sep).join('/');
    if (isFile(at, '.gitlab-ci.yml')) return { value: 'gitlab', source: rel('.gitlab-ci.yml') };
    if (isFolder(at, '.github')) return { value: 'github', source: `${rel('.github')}/` };
    const parent = path.dirname(at);
    if (parent === at || fs.existsSync(path.join(at, '.git'))) break;
    at = parent;
  }
  return { value: 'github', source: 'default (GitHub Actions)' };
}

function isFile(dir: string, rel: string): boolean {
  try {
    return fs.lstatSync(path.join(dir, rel)).isFile();
  } catch {
    return false;
  }
}

/** `--ci-drift-check`: off unless asked for (stored in .yo-rc.json once chosen). */
export function detectDriftCheck(): Detected<boolean> {
  return { value: false, source: 'default (no drift job)' };
}

/** This package's published version: the drift job pins it, so CI compares with the same generator. */
export function packageVersion(): string {
  const version = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`internal: bad package version ${String(version)}`);
  return version;
}

/**
 * The drift job's command: the pinned `docker-prod` bin through npx (no global install, no yo).
 * A team's template overrides in the repository are named with --templates: the job runs in the
 * team's own pipeline, on the repository's own files, so they are the templates it generated with.
 */
export function driftCommand(dir: string): string {
  const templates = fs.existsSync(path.join(dir, REPO_TEMPLATES)) ? ` --templates ${REPO_TEMPLATES}` : '';
  return `npx --yes --package generator-docker-prod@${packageVersion()} docker-prod --check${templates}`;
}

function isFolder(dir: string, rel: string): boolean {
  try {
    return fs.lstatSync(path.join(dir, rel)).isDirectory();
  } catch {
    return false;
  }
}

/** A git branch name safe to print in YAML unquoted-or-quoted: no spaces, quotes, `..` or glob characters. */
const BRANCH = /^(?!.*\.\.)(?!\/)[A-Za-z0-9._/-]{1,100}$/;

/**
 * The default branch GitHub's `on.push.branches` names (GitHub has no symbolic name for it):
 * the clone's `origin/HEAD`, else `main`.
 */
export function detectDefaultBranch(dir: string): Detected<string> {
  {
    const head = (readSourceFile(dir, '.git/refs/remotes/origin/HEAD', 4096) ?? '').trim();
    const m = /^ref: refs\/remotes\/origin\/(.+)$/.exec(head);
    if (m && BRANCH.test(m[1]!) && !m[1]!.endsWith('.lock')) return { value: m[1]!, source: '.git/refs/remotes/origin/HEAD' };
  }
  return { value: 'main', source: 'no origin/HEAD in .git: the usual name' };
}

/**
 * Third-party actions, pinned to full commit SHAs (the release in the comment), and tool
 * versions; the pins live in versions.ts (updated by Renovate). Each SHA was checked against
 * several public workflows that pin the same release; see the report in the commit that added
 * the table.
 */
export const ACTIONS = {
  checkout: PINS.actionCheckout,
  hadolint: PINS.actionHadolint,
  setupBuildx: PINS.actionSetupBuildx,
  buildPush: PINS.actionBuildPush,
  login: PINS.actionLogin,
  metadata: PINS.actionMetadata,
  trivy: PINS.actionTrivy,
  uploadSarif: PINS.actionUploadSarif,
} as const;

/** Tool versions and job images (GitLab's images are pinned to exact version tags). */
export const TOOLS = {
  trivyVersion: `v${PINS.trivy}`,
  trivyImage: `aquasec/trivy:${PINS.trivy}`,
  hadolintImage: PINS.hadolintImage,
  dockerImage: PINS.dockerImage,
  dindImage: `${PINS.dockerImage}-dind`,
  /** GitLab's drift job: Node.js for npx (GitHub's runners have Node.js installed). */
  nodeImage: PINS.driftNodeImage,
} as const;

/** Seconds the smoke test waits for `healthy`: start period + retries × interval, with room for a cold start. */
export const SMOKE_TIMEOUT_SECONDS = 120;

export interface CiFacts {
  serviceName: string;
  /** YAML double-quoted scalars (validated values, quoted for YAML). */
  image: string;
  service: string;
  port: string;
  healthPath: string;
  registryImage: string;
  branch: string;
  branchSource: string;
  smokeTimeout: number;
  actions: typeof ACTIONS;
  tools: typeof TOOLS;
  /** The build secret's id, when the install mounts one (CI builds without it: it is optional). */
  secretId: string | undefined;
  /** `--ci-drift-check yes`: the shell command of the drift job (fixed words, no user values). */
  driftCommand: string | undefined;
  /** The Dockerfile from the repository root, where the CI job runs (`apps/api/Dockerfile` in a workspace). */
  dockerfile: string;
  /** The same when it is not the context's own `Dockerfile` (the build names it), else undefined. */
  buildFile: string | undefined;
  /** The smoke test's `--tmpfs` options (shell words): `/tmp` and each path the app writes (`TemplateContext.writablePaths`), owned by its user. */
  tmpfsOptions: string;
}

export function ciFacts(answers: Answers, dir: string, secretId: string | undefined, dockerfile = 'Dockerfile', tmpfs: readonly string[] = [TMP_DIR]): CiFacts {
  if (!/^(?:[A-Za-z0-9@_][A-Za-z0-9._+@-]*\/)*Dockerfile$/.test(dockerfile)) throw new Error(`internal: bad Dockerfile path ${dockerfile}`);
  const branch = detectDefaultBranch(dir);
  return {
    serviceName: answers.serviceName,
    image: jsonString(`${answers.serviceName}:ci`),
    service: jsonString(answers.serviceName),
    port: jsonString(String(answers.port)),
    healthPath: jsonString(answers.healthPath),
    registryImage: jsonString(`ghcr.io/\${{ github.repository_owner }}/${answers.serviceName}`),
    branch: jsonString(branch.value),
    branchSource: branch.source,
    smokeTimeout: SMOKE_TIMEOUT_SECONDS,
    actions: ACTIONS,
    tools: TOOLS,
    secretId,
    driftCommand: answers.ciDriftCheck ? driftCommand(dir) : undefined,
    dockerfile,
    buildFile: dockerfile === 'Dockerfile' ? undefined : dockerfile,
    tmpfsOptions: tmpfsOptions(tmpfs),
  };
}

/**
 * The registry an image reference pulls from: its first path part when that is a host (has a
 * `.` or `:`, or is `localhost`), else Docker Hub, `docker.io` (`node`, `oven/bun`).
 */
export function imageRegistry(image: string): string {
  const first = image.split('/')[0]!;
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}

/**
 * Registries hadolint's DL3026 should trust: those of the base images the generated Dockerfile
 * pulls, as the stack's profile decided them (`RuntimeStageFacts.images`, plus the init stage's),
 * sorted, each once. Nothing is read back from the rendered Dockerfile.
 */
export function trustedRegistries(images: readonly string[]): string[] {
  return [...new Set(images.map(imageRegistry))].sort();
}
