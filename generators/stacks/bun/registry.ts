/**
 * Registry settings and credentials of a Bun app's install: bunfig.toml (`[install] registry`,
 * `[install.scopes]`, which may carry a token or a user and password) and .npmrc (Bun reads it
 * too). A bunfig.toml that holds credentials never reaches the build context or a layer: it is
 * left out by .dockerignore and, with --npm-token-secret yes, mounted as the build secret
 * "bunfig" at the install, where Bun reads it as its global configuration (~/.bunfig.toml). A
 * credential-free .npmrc is bind-mounted at the install (its settings apply, nothing is copied);
 * one with credentials is the "npmrc" secret, as for Node.js. Pure over the files.
 */
import { parse as parseToml } from 'smol-toml';
import { readProjectFile, projectEntryExists } from '../../lib/project-files.js';
import { NPMRC_SECRET, secretMount } from '../../lib/secrets.js';
import type { BuildSecret, Detected } from '../../lib/stack.js';
import { NPMRC_BIND_MOUNT, npmrcIgnoreGroup, npmrcSecretDefault, PROJECT_NPMRC_SECRET, readNpmrc } from '../node/npmrc.js';

/** The project's bunfig.toml as the build secret: Bun reads ~/.bunfig.toml as its global configuration. */
export const PROJECT_BUNFIG_SECRET: BuildSecret = {
  id: 'bunfig',
  target: '/root/.bunfig.toml',
  source: 'bunfig.toml',
  what: "the project's bunfig.toml, which holds registry credentials and is therefore kept out of the build context (Bun reads it as its global configuration, so its install settings apply too)",
  flag: '--npm-token-secret',
};

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => v !== null && typeof v === 'object' && !Array.isArray(v);
/** `$NPM_TOKEN` / `${NPM_TOKEN}`: Bun expands environment variables, so the file itself holds no secret. */
const ENV_REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;
/** A registry URL with a user or token in it: `https://user:pass@host/`, `https://:token@host/`. */
const URL_WITH_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i;

/** Whether one registry value (a URL string, or a table with url / token / username / password) carries a secret. */
function registryHasSecret(value: unknown): boolean {
  if (typeof value === 'string') return URL_WITH_USERINFO.test(value);
  if (!isTable(value)) return false;
  if (typeof value.url === 'string' && URL_WITH_USERINFO.test(value.url)) return true;
  return ['token', 'password'].some((key) => Object.hasOwn(value, key) && !(typeof value[key] === 'string' && ENV_REFERENCE.test(value[key])));
}

/**
 * Whether bunfig.toml text holds registry credentials: a token or password in `[install]
 * registry` or a `[install.scopes]` entry, or a URL with a user/token. Text that does not parse
 * counts as holding them (it stays out, as an unreadable .npmrc does).
 */
export function bunfigHasCredentials(text: string): boolean {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch {
    return true;
  }
  const install = isTable(doc) ? doc.install : undefined;
  if (!isTable(install)) return false;
  if (registryHasSecret(install.registry)) return true;
  const scopes = install.scopes;
  return isTable(scopes) && Object.values(scopes).some(registryHasSecret);
}

export interface BunRegistryFacts {
  /** bunfig.toml exists and may be copied before the install (it holds no credentials). */
  copyBunfig: boolean;
  /** bunfig.toml holds credentials: never in the context. */
  bunfigSecret: boolean;
  /** Extra mount options of the install RUNs (bind-mounted .npmrc, the secret). */
  installMounts: string[];
  secret: BuildSecret | undefined;
  ignore: { comment: string; patterns: string[] }[];
}

/** Whether the folder's bunfig.toml holds credentials (false when there is none). */
export function projectBunfigHasCredentials(dir: string): boolean {
  if (!projectEntryExists(dir, 'bunfig.toml')) return false;
  const text = readProjectFile(dir, 'bunfig.toml');
  return text === undefined || bunfigHasCredentials(text);
}

/** The default of --npm-token-secret: on when bunfig.toml or .npmrc holds credentials. */
export function bunTokenSecretDefault(dir: string): Detected<string> {
  if (projectBunfigHasCredentials(dir))
    return { value: 'yes', source: 'bunfig.toml (registry credentials; the build gets the file as a secret, never in the context)' };
  return npmrcSecretDefault(readNpmrc(dir)) ?? { value: 'no', source: 'default (no registry credentials in bunfig.toml or .npmrc)' };
}

/** How the install reaches the registry, for the folder holding the lockfile (`dir`) and the secret setting. */
export function bunRegistry(dir: string, tokenSecret: string | undefined): BunRegistryFacts {
  const hasBunfig = projectEntryExists(dir, 'bunfig.toml');
  const bunfigSecret = hasBunfig && projectBunfigHasCredentials(dir);
  const npmrc = readNpmrc(dir);
  const npmrcGroup = npmrcIgnoreGroup(npmrc);
  const ignore = npmrcGroup ? [npmrcGroup] : [];
  if (bunfigSecret)
    ignore.push({ comment: 'Secrets: bunfig.toml holds registry credentials (passed as the build secret "bunfig" instead)', patterns: ['bunfig.toml'] });
  const secret = tokenSecret !== 'yes' ? undefined : bunfigSecret ? PROJECT_BUNFIG_SECRET : npmrc.credentials.length > 0 ? PROJECT_NPMRC_SECRET : NPMRC_SECRET;
  return {
    copyBunfig: hasBunfig && !bunfigSecret,
    bunfigSecret,
    installMounts: [...(npmrcGroup ? [NPMRC_BIND_MOUNT] : []), ...(secret ? [secretMount(secret)] : [])],
    secret,
    ignore,
  };
}
