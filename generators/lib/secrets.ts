/**
 * Build-time secrets for private package registries: stack settings (declared here once, listed
 * in the profiles that use them) that make the dependency install mount a credential file with
 * `RUN --mount=type=secret`. The secret never lands in a layer, and it is optional: BuildKit
 * skips a file secret the build was not given (Docker 20.10's built-in frontend supports file
 * mounts only, not `env=`), so the same Dockerfile builds without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { stackQuestion, type Question } from './question.js';
import { readSourceFile } from './project-files.js';
import type { BuildSecret, Detected } from './stack.js';

export const YES_NO = ['yes', 'no'] as const;

function parseYesNo(flag: string, raw: string): string {
  const value = raw.trim().toLowerCase();
  if (value === 'yes' || value === 'true') return 'yes';
  if (value === 'no' || value === 'false') return 'no';
  throw new InputError(flag, raw, '"yes" or "no"');
}

/** Node.js and static sites: the package manager's registry credentials (.npmrc / .yarnrc.yml). */
export const npmTokenSecret: Question<string> = stackQuestion({
  key: 'npmTokenSecret',
  flag: 'npm-token-secret',
  description: 'Node.js: mount the npm registry credentials (a build secret, never in a layer) during the install: "yes" or "no"',
  prompt: { type: 'list', message: 'Mount npm registry credentials (build secret) during the install?', choices: () => YES_NO },
  // A plain static site (no package.json) installs nothing.
  appliesTo: (ctx) => ctx.dir === undefined || fs.existsSync(path.join(ctx.dir, 'package.json')),
  parse: (raw) => parseYesNo('npm-token-secret', raw),
});

/** Python and Go: credentials for a private package index / private module hosts, as a .netrc. */
export const netrcSecret: Question<string> = stackQuestion({
  key: 'netrcSecret',
  flag: 'netrc-secret',
  description: 'Python, Go: mount a .netrc with credentials for a private package index or private Go modules (a build secret) during the install: "yes" or "no"',
  prompt: { type: 'list', message: 'Mount a .netrc with private index/module credentials (build secret) during the install?', choices: () => YES_NO },
  parse: (raw) => parseYesNo('netrc-secret', raw),
});

const exists = (dir: string, file: string) => fs.existsSync(path.join(dir, file));

function read(dir: string, file: string): string {
  // Bounded: regular files inside the project only (never a FIFO or a link to /dev/zero).
  return readSourceFile(dir, file) ?? '';
}

/**
 * Credential settings in Yarn 2+'s `.yarnrc.yml` (top level or under `npmScopes` /
 * `npmRegistries`): such a file reaches the install only as a build secret, never by COPY.
 */
const YARNRC_CREDENTIAL = /^[ \t]*["']?(npmAuthToken|npmAuthIdent|npmPassword|npmAuth)["']?[ \t]*:/m;

/** Whether the project's .yarnrc.yml holds registry credentials (a token or user:password). */
export function yarnrcHasCredentials(dir: string): boolean {
  return YARNRC_CREDENTIAL.test(read(dir, '.yarnrc.yml'));
}

/** On when the project configures registry credentials (an .npmrc, or Yarn's npmAuthToken/npmScopes). */
export function detectNpmTokenSecret(dir: string): Detected<string> {
  if (exists(dir, '.npmrc')) return { value: 'yes', source: '.npmrc (registry settings; the build gets it as a secret, never in the context)' };
  if (yarnrcHasCredentials(dir)) return { value: 'yes', source: '.yarnrc.yml (registry credentials; the build gets the file as a secret, never in the context)' };
  if (/^[ \t]*(npmAuthToken|npmScopes|npmRegistries)[ \t]*:/m.test(read(dir, '.yarnrc.yml'))) return { value: 'yes', source: '.yarnrc.yml registry settings' };
  return { value: 'no', source: 'default (no .npmrc)' };
}

/** On when the project installs from an index other than PyPI. */
export function detectPythonIndexSecret(dir: string): Detected<string> {
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^requirements.*\.(txt|in)$/.test(f)) : []) {
    if (/^[ \t]*(--index-url|--extra-index-url|-i[ \t])/m.test(read(dir, file))) return { value: 'yes', source: `${file} (--index-url / --extra-index-url)` };
  }
  if (/^[ \t]*\[\[tool\.(poetry\.source|uv\.index|pdm\.source)\]\]/m.test(read(dir, 'pyproject.toml'))) return { value: 'yes', source: 'pyproject.toml (a package index besides PyPI)' };
  if (/^[ \t]*url[ \t]*=[ \t]*["'](?!https:\/\/pypi\.org\/)/m.test(read(dir, 'Pipfile'))) return { value: 'yes', source: 'Pipfile [[source]] besides PyPI' };
  return { value: 'no', source: 'default (PyPI only)' };
}

/** Go: nothing in go.mod says a module is private; off unless asked. */
export function detectGoNetrcSecret(): Detected<string> {
  return { value: 'no', source: 'default (pass --netrc-secret yes for private modules)' };
}

/** The mount option for a secret, e.g. `--mount=type=secret,id=npmrc,target=/root/.npmrc`. */
export function secretMount(secret: BuildSecret): string {
  return `--mount=type=secret,id=${secret.id},target=${secret.target}`;
}

export const NPMRC_SECRET: BuildSecret = {
  id: 'npmrc',
  target: '/root/.npmrc',
  source: '$HOME/.npmrc',
  what: 'an .npmrc with the registry token (e.g. `//registry.example.com/:_authToken=...`); npm, pnpm, Yarn 1 and Bun read it',
  flag: '--npm-token-secret',
};

/** Yarn 2+ reads registry credentials from a .yarnrc.yml in the home folder, not from .npmrc. */
export const YARNRC_SECRET: BuildSecret = {
  id: 'yarnrc',
  target: '/root/.yarnrc.yml',
  source: '$HOME/.yarnrc.yml',
  what: 'a .yarnrc.yml with the registry token (`npmAuthToken`, or `npmScopes.<scope>.npmAuthToken`)',
  flag: '--npm-token-secret',
};

/**
 * Yarn 2+ when the project's own .yarnrc.yml holds the credentials: that file stays out of the
 * build context (.dockerignore) and is passed as the secret instead; Yarn reads it from the home
 * folder. The settings the Dockerfile needs (node_modules linker, immutable installs) are set by ENV.
 */
export const PROJECT_YARNRC_SECRET: BuildSecret = {
  id: 'yarnrc',
  target: '/root/.yarnrc.yml',
  source: '.yarnrc.yml',
  what: "the project's .yarnrc.yml, which holds registry credentials (`npmAuthToken` / `npmAuthIdent`) and is therefore kept out of the build context",
  flag: '--npm-token-secret',
};

export const PYTHON_NETRC_SECRET: BuildSecret = {
  id: 'netrc',
  target: '/root/.netrc',
  source: '$HOME/.netrc',
  what: 'a .netrc with the private index credentials (`machine pypi.example.com login USER password TOKEN`); the index URL itself stays in the project files',
  flag: '--netrc-secret',
};

export const GO_NETRC_SECRET: BuildSecret = {
  id: 'netrc',
  target: '/root/.netrc',
  source: '$HOME/.netrc',
  what: 'a .netrc with the credentials for private module hosts (`machine github.com login USER password TOKEN`); pass `--build-arg GOPRIVATE=github.com/your-org/*` too',
  flag: '--netrc-secret',
};
