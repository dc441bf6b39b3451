/**
 * The project's own `.npmrc`: settings the install needs (`legacy-peer-deps`, `ignore-scripts`,
 * `@scope:registry`, pnpm's `node-linker`, ...) and sometimes credentials. Without credentials it
 * is bind-mounted into the install steps from the build context (nothing lands in a layer);
 * with credentials it stays out of the context and is passed as the build secret "npmrc"
 * mounted at /root/.npmrc, so its settings still apply (npm, pnpm, Yarn 1 and Bun read it).
 */
import { readSourceFile, projectEntryExists } from '../../lib/project-files.js';
import type { BuildSecret, Detected } from '../../lib/stack.js';

/** Keys (after an optional `//host/path/:` prefix) that carry credentials or point at key files. */
const CREDENTIAL_KEYS = new Set([
  '_auth',
  '_authtoken',
  '_password',
  'password',
  'username',
  'email',
  'certfile',
  'keyfile',
  'cert',
  'key',
  'tokenhelper',
  'otp',
]);

const NPMRC_LIMIT = 64 * 1024;

export interface NpmrcFacts {
  present: boolean;
  /** Credential keys found (names only, never values), or a reason it cannot be checked. */
  credentials: string[];
  /** Setting names (no values), for the summary. */
  settings: string[];
}

/** Setting and credential names in an .npmrc text (ini `key=value`; `;`/`#` comments). */
export function classifyNpmrc(text: string): Pick<NpmrcFacts, 'credentials' | 'settings'> {
  const credentials: string[] = [];
  const settings: string[] = [];
  for (const raw of text.slice(0, NPMRC_LIMIT).split(/\r?\n/).slice(0, 1000)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim().replace(/^["']|["']$/g, '');
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    const bare = key.replace(/^\/\/.*:/, '').toLowerCase();
    const shown = key.slice(0, 80);
    // A value read from the environment (`${NPM_TOKEN}`) is a credential the build must be given.
    if (CREDENTIAL_KEYS.has(bare) || /\$\{[^}]*\}/.test(value)) credentials.push(shown);
    else settings.push(shown);
  }
  return { credentials, settings };
}

/** What the project's top-level .npmrc holds; an unreadable one counts as credentials (kept out). */
export function readNpmrc(dir: string): NpmrcFacts {
  if (!projectEntryExists(dir, '.npmrc')) return { present: false, credentials: [], settings: [] };
  const text = readSourceFile(dir, '.npmrc', NPMRC_LIMIT);
  if (text === undefined) return { present: true, credentials: [`(not a regular file inside the project of at most ${NPMRC_LIMIT / 1024} KB)`], settings: [] };
  return { present: true, ...classifyNpmrc(text) };
}

/** The project's .npmrc holds credentials: it is passed as the secret, never in the context. */
export const PROJECT_NPMRC_SECRET: BuildSecret = {
  id: 'npmrc',
  target: '/root/.npmrc',
  source: '.npmrc',
  what: "the project's .npmrc, which holds registry credentials and is therefore kept out of the build context (its settings apply from there too)",
  flag: '--npm-token-secret',
};

/** The default of --npm-token-secret from the project's .npmrc, or undefined to ask the shared detection. */
export function npmrcSecretDefault(facts: NpmrcFacts): Detected<string> | undefined {
  if (!facts.present) return undefined;
  if (facts.credentials.length > 0) {
    return {
      value: 'yes',
      source: `.npmrc holds registry credentials (${facts.credentials.slice(0, 3).join(', ')}): the build gets the file as a secret, never in the context`,
    };
  }
  return {
    value: 'no',
    source: `.npmrc without credentials (${facts.settings.slice(0, 3).join(', ') || 'no settings'}): mounted into the install steps from the build context`,
  };
}

/** The bind mount that gives the install steps a credential-free .npmrc (no layer keeps it). */
export const NPMRC_BIND_MOUNT = '--mount=type=bind,source=.npmrc,target=/app/.npmrc';

/** .dockerignore group re-including a credential-free top-level .npmrc (nested ones stay out). */
export function npmrcIgnoreGroup(facts: NpmrcFacts): { comment: string; patterns: string[] } | undefined {
  if (!facts.present || facts.credentials.length > 0) return undefined;
  return { comment: "The project's .npmrc holds install settings and no credentials: the install steps mount it", patterns: ['!.npmrc'] };
}
