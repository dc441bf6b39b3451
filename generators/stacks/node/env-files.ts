/**
 * Build-time configuration of front-end frameworks: Vite (`VITE_*`), Next.js (`NEXT_PUBLIC_*`),
 * Create React App (`REACT_APP_*`), Vue CLI (`VUE_APP_*`), Nuxt (`NUXT_PUBLIC_*`), Astro and
 * SvelteKit (`PUBLIC_*`), Gatsby (`GATSBY_*`) read `.env` and `.env.production` during a
 * production build. When git tracks such a file it is public configuration (committed for
 * everyone), so it stays in the build context; an untracked file, any `*.local` file, and one
 * that holds a value named like a secret outside the framework's public prefix stay out (the
 * secret classes of .dockerignore still hold for everything else).
 */
import { projectEntryExists, readSourceFile } from '../../lib/project-files.js';
import type { PackageJson } from './detect.js';
import { gitTrackedFiles } from './tracked-files.js';

/** Frameworks whose production build reads `.env` files, with their public prefixes. */
const FRAMEWORK_PREFIXES: readonly [dependency: string, prefixes: readonly string[]][] = [
  ['vite', ['VITE_']],
  ['next', ['NEXT_PUBLIC_']],
  ['react-scripts', ['REACT_APP_']],
  ['@vue/cli-service', ['VUE_APP_']],
  ['nuxt', ['NUXT_PUBLIC_', 'NUXT_']],
  ['astro', ['PUBLIC_']],
  ['@sveltejs/kit', ['PUBLIC_']],
  ['gatsby', ['GATSBY_']],
];

/** The files a production build reads, in the order frameworks load them. */
export const BUILD_ENV_FILES = ['.env', '.env.production'] as const;

/** A value named like a credential (DB_PASSWORD, API_KEY, JWT_SECRET, ...). */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$|^KEY$|DSN|DATABASE_URL)/i;

/** Bounded: env files are small; a larger one is not kept (it is not read past this). */
const ENV_FILE_LIMIT = 64 * 1024;

export interface EnvFileDecision {
  file: string;
  keep: boolean;
  /** Why, for the summary and the .dockerignore comment. */
  reason: string;
}

/** The framework's dependency and public prefixes, or undefined when none reads .env files at build time. */
export function buildEnvFramework(pkg: PackageJson): { dependency: string; prefixes: readonly string[] } | undefined {
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  const hit = FRAMEWORK_PREFIXES.find(([name]) => Object.hasOwn(deps, name));
  return hit && { dependency: hit[0], prefixes: hit[1] };
}

/** Variable names assigned in a dotenv text (`KEY=value`, `export KEY=value`), bounded. */
export function envFileKeys(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.slice(0, ENV_FILE_LIMIT).split(/\r?\n/).slice(0, 2000)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]{0,127})\s*=/.exec(line);
    if (m) keys.push(m[1]!);
  }
  return keys;
}

/** The names that look like credentials and are not public by the framework's prefix. */
export function secretLookingKeys(keys: readonly string[], publicPrefixes: readonly string[]): string[] {
  return keys.filter((k) => !publicPrefixes.some((p) => k.startsWith(p)) && SECRET_NAME.test(k));
}

/** Pure decision for one file, given what was read. */
export function decideEnvFile(file: string, tracked: boolean, text: string | undefined, prefixes: readonly string[]): EnvFileDecision {
  if (!tracked) return { file, keep: false, reason: 'not tracked by git (a local file): kept out' };
  if (text === undefined) return { file, keep: false, reason: `not a regular file inside the project of at most ${ENV_FILE_LIMIT / 1024} KB: kept out` };
  const secrets = secretLookingKeys(envFileKeys(text), prefixes);
  if (secrets.length > 0)
    return { file, keep: false, reason: `holds values named like secrets (${secrets.slice(0, 5).join(', ')}): kept out; pass them at run time` };
  return { file, keep: true, reason: 'tracked by git: public build configuration, kept in the build context' };
}

export interface BuildEnvFacts {
  /** Files kept in the context: `.dockerignore` re-includes them after the secret group. */
  keep: string[];
  /** One line per file found, for the summary. */
  notes: string[];
}

/** Which of the project's `.env` / `.env.production` files the build gets. */
export function buildEnvFiles(dir: string, pkg: PackageJson): BuildEnvFacts {
  const framework = buildEnvFramework(pkg);
  if (framework === undefined) return { keep: [], notes: [] };
  const present = BUILD_ENV_FILES.filter((f) => projectEntryExists(dir, f));
  if (present.length === 0) return { keep: [], notes: [] };
  const tracked = gitTrackedFiles(dir, present);
  const decisions = present.map((f) => decideEnvFile(f, tracked.has(f), readSourceFile(dir, f, ENV_FILE_LIMIT), framework.prefixes));
  return {
    keep: decisions.filter((d) => d.keep).map((d) => d.file),
    notes: decisions.map((d) => `${d.file} (build configuration for ${framework.dependency}): ${d.reason}`),
  };
}

/** The .dockerignore group that re-includes kept files (after the common secret patterns). */
export function buildEnvIgnoreGroup(facts: BuildEnvFacts): { comment: string; patterns: string[] } | undefined {
  if (facts.keep.length === 0) return undefined;
  return {
    comment: 'Build configuration tracked by git (public values the front-end build reads); untracked and *.local files stay out',
    patterns: facts.keep.map((f) => `!${f}`),
  };
}
