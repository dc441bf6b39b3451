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

/** The npm-compatible package managers' registry credentials (.npmrc / .yarnrc.yml). */
export const npmTokenSecret: Question<string> = stackQuestion({
  key: 'npmTokenSecret',
  flag: 'npm-token-secret',
  description: 'mount the npm registry credentials (.npmrc, or Yarn 2+\'s .yarnrc.yml; a build secret, never in a layer) during the install: "yes" or "no"',
  prompt: { type: 'list', message: 'Mount npm registry credentials (build secret) during the install?', choices: () => YES_NO },
  // A plain static site (no package.json) installs nothing.
  appliesTo: (ctx) => ctx.dir === undefined || fs.existsSync(path.join(ctx.dir, 'package.json')),
  parse: (raw) => parseYesNo('npm-token-secret', raw),
});

/** Credentials for a private package index / private module hosts, as a .netrc (the stacks that list it in their settings). */
export const netrcSecret: Question<string> = stackQuestion({
  key: 'netrcSecret',
  flag: 'netrc-secret',
  description:
    'mount a .netrc with credentials for a private package index or private modules (a build secret, never in a layer) during the install: "yes" or "no"',
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
  if (yarnrcHasCredentials(dir))
    return { value: 'yes', source: '.yarnrc.yml (registry credentials; the build gets the file as a secret, never in the context)' };
  if (/^[ \t]*(npmAuthToken|npmScopes|npmRegistries)[ \t]*:/m.test(read(dir, '.yarnrc.yml'))) return { value: 'yes', source: '.yarnrc.yml registry settings' };
  return { value: 'no', source: 'default (no .npmrc)' };
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
