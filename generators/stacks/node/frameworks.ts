/**
 * Framework-aware layouts: for a server framework whose build writes a known output, the start
 * command, what the runtime stage copies from the build stage, the variables that make it listen
 * on all interfaces, and whether it needs the production node_modules. Pure over the folder's files.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { projectEntryExists, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { contextPathProblem, normaliseRelative } from '../../lib/quote.js';
import type { PackageJson } from './detect.js';

/** One `COPY --from=build /app/<from> ./<to>` of the runtime stage (paths relative to /app). */
export interface BuildCopy {
  from: string;
  to: string;
}

export interface NodeLayout {
  /** For the summary: "Next.js (standalone output)". */
  framework: string;
  /** Where that was seen (package.json dependency, config file). */
  evidence: string;
  start: string[];
  env: string[];
  copies: BuildCopy[];
  /** The runtime stage needs the production node_modules (false: the output bundles them). */
  prodDeps: boolean;
  /** Folders the framework writes in development or at build time, never build inputs: kept out of the context. */
  generated?: string[];
  port?: number;
  /**
   * Folders under the app folder (relative to /app) the framework writes at run time: the root
   * file system is read-only, so each gets a tmpfs (`TemplateContext.writablePaths`).
   */
  writes?: string[];
  /** Folders under the app folder the build leaves that the runtime never reads: removed at the end of the build stage. */
  buildLeftovers?: { paths: string[]; why: string };
  /** For the summary: what the image sets for the framework and what the user still has to do. */
  note?: string;
}

/** A framework was found but cannot run as a Node.js server as configured. */
export interface LayoutProblem {
  framework: string;
  problem: string;
}

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts'];
const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts', 'svelte.config.cjs'];
const VITE_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'];
const ADAPTER_IMPORT = /['"](@sveltejs\/adapter-[a-z-]+|svelte-adapter-[a-z-]+)['"]/;
const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'];

/** Source text without comments (enough to not count a commented-out option). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

function firstFile(dir: string, names: readonly string[]): string | undefined {
  return names.find((name) => projectEntryExists(dir, name));
}

function has(deps: Record<string, string>, name: string): boolean {
  return Object.hasOwn(deps, name);
}

const ifExists = (dir: string, folder: string): BuildCopy[] => (projectEntryExists(dir, folder) ? [{ from: folder, to: folder }] : []);

function nextLayout(dir: string): NodeLayout {
  const config = firstFile(dir, NEXT_CONFIGS);
  const text = config ? code(readSourceFile(dir, config) ?? '') : '';
  if (/\boutput\s*:\s*['"]standalone['"]/.test(text)) {
    return {
      framework: 'Next.js (standalone output)',
      evidence: `${config} "output: 'standalone'"`,
      start: ['node', 'server.js'],
      // Next's standalone server reads HOSTNAME; Docker sets it to the container id otherwise.
      env: ['HOSTNAME=0.0.0.0'],
      copies: [{ from: '.next/standalone', to: '.' }, { from: '.next/static', to: '.next/static' }, ...ifExists(dir, 'public')],
      prodDeps: false,
      port: 3000,
      // next start caches optimized images and fetch() results in .next/cache (created on first use).
      writes: ['.next/cache'],
    };
  }
  return {
    framework: 'Next.js',
    evidence: 'package.json dependency "next"',
    start: ['node', 'node_modules/next/dist/bin/next', 'start'],
    env: [],
    copies: [{ from: '.next', to: '.next' }, ...ifExists(dir, 'public'), ...(config ? [{ from: config, to: config }] : [])],
    prodDeps: true,
    port: 3000,
    writes: ['.next/cache'],
    // next build fills .next/cache (tens of MB of webpack/turbopack cache); compose mounts an empty tmpfs there.
    buildLeftovers: {
      paths: ['.next/cache'],
      why: "next build's cache stays out of the image: compose mounts an empty tmpfs on .next/cache.",
    },
  };
}

function svelteKitLayout(dir: string): NodeLayout | LayoutProblem {
  // The adapter is imported in svelte.config.js, or (newer templates) in vite.config.ts.
  let config = firstFile(dir, SVELTE_CONFIGS);
  let adapter: string | undefined;
  for (const file of [...SVELTE_CONFIGS, ...VITE_CONFIGS].filter((f) => projectEntryExists(dir, f))) {
    adapter = ADAPTER_IMPORT.exec(code(readSourceFile(dir, file) ?? ''))?.[1];
    if (adapter !== undefined) {
      config = file;
      break;
    }
  }
  if (adapter !== '@sveltejs/adapter-node') {
    return {
      framework: 'SvelteKit',
      problem: `SvelteKit builds for the adapter in ${config ?? 'svelte.config.js'} (${adapter ?? 'none found'}), which is not a Node.js server: install @sveltejs/adapter-node and use it there (the app then runs with "node build")`,
    };
  }
  return {
    framework: 'SvelteKit (adapter-node)',
    evidence: `${config} imports "@sveltejs/adapter-node"`,
    start: ['node', 'build'],
    env: ['HOST=0.0.0.0'],
    copies: [{ from: 'build', to: 'build' }],
    prodDeps: true,
    port: 3000,
  };
}

/**
 * Host names Angular SSR accepts in the image: the health probe and a local `docker run -p` send
 * one of them. @angular/ssr's host check (22.2 in test/starters/ng-app) answers 400 to any other
 * Host header unless angular.json "security.allowedHosts" or NG_ALLOWED_HOSTS lists it.
 */
export const ANGULAR_PROBE_HOSTS = 'localhost,127.0.0.1';

const ANGULAR_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A relative folder inside the project ("dist/shop"), or undefined. */
function projectFolder(value: string): string | undefined {
  const out = normaliseRelative(value);
  return out === '.' || contextPathProblem(out) ? undefined : out;
}

/**
 * Angular's application builder writes <outputPath>/server/server.mjs (and browser/); outputPath
 * is a string or `{ base, server }` and defaults to dist/<project>.
 */
function angularLayout(dir: string): NodeLayout | undefined {
  const text = readProjectFile(dir, 'angular.json');
  const doc = text === undefined ? undefined : (parseJsonc(text) as unknown);
  const projects = isObject(doc) ? doc.projects : undefined;
  if (!isObject(projects)) return undefined;
  const name = Object.keys(projects).find((key) => ANGULAR_NAME.test(key));
  if (name === undefined) return undefined;
  const project = projects[name];
  const architect = isObject(project) && isObject(project.architect) ? project.architect : {};
  const options = isObject(architect.build) && isObject(architect.build.options) ? architect.build.options : {};
  const outputPath = options.outputPath;
  const base = typeof outputPath === 'string' ? outputPath : isObject(outputPath) && typeof outputPath.base === 'string' ? outputPath.base : `dist/${name}`;
  const serverFolder = isObject(outputPath) && typeof outputPath.server === 'string' ? outputPath.server : 'server';
  const out = projectFolder(base);
  const server = serverFolder === '' ? out : out && projectFolder(`${out}/${serverFolder}`);
  if (out === undefined || server === undefined) return undefined;
  const security = isObject(options.security) ? options.security : {};
  const allowed = Array.isArray(security.allowedHosts) ? security.allowedHosts.filter((h): h is string => typeof h === 'string') : [];
  const anyHost = allowed.includes('*');
  return {
    framework: 'Angular SSR',
    evidence: `package.json dependency "@angular/ssr", angular.json project "${name}"`,
    start: ['node', `${server}/server.mjs`],
    env: anyHost ? [] : [`NG_ALLOWED_HOSTS=${ANGULAR_PROBE_HOSTS}`],
    copies: [{ from: out.split('/')[0]!, to: out.split('/')[0]! }],
    prodDeps: true,
    port: 4000,
    note: anyHost
      ? undefined
      : `NG_ALLOWED_HOSTS=${ANGULAR_PROBE_HOSTS} in the image: Angular SSR answers "400 Bad Request" to a Host header that angular.json "projects.${name}.architect.build.options.security.allowedHosts" does not list (the health probe and local runs use these two); where the app is served under its own domain, add it there or set NG_ALLOWED_HOSTS=${ANGULAR_PROBE_HOSTS},<your domain>`,
  };
}

const NUXT_CONFIGS = ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs', 'nuxt.config.mts'];
const NITRO_CONFIGS = ['nitro.config.ts', 'nitro.config.js', 'nitro.config.mjs', 'nitro.config.mts'];
/** Nitro presets whose `.output/server/index.mjs` starts a listening server. */
const NITRO_SERVER_PRESETS = new Set(['node-server', 'node_server', 'node-cluster', 'node_cluster']);
const NITRO_PRESET_OPTION = /\bpreset\s*:\s*['"`]([A-Za-z0-9_-]{1,60})['"`]/;
const NITRO_PRESET_ENV = /(?:^|\s)(?:SERVER_PRESET|NITRO_PRESET)=([A-Za-z0-9_-]{1,60})(?=\s)/;
/** Astro adapters for other hosts (the Node adapter is @astrojs/node). */
const ASTRO_OTHER_ADAPTER = /^@astrojs\/(?:vercel|netlify|cloudflare|deno)$|^@deno\/astro-adapter$/;

/**
 * Nuxt and standalone Nitro: the default `node-server` preset writes `.output/` with its own
 * node_modules, started by `.output/server/index.mjs`. Another preset (in the config or as
 * NITRO_PRESET in the build script) builds for another host: reported, not guessed.
 */
function nitroLayout(dir: string, pkg: PackageJson, name: string, configs: readonly string[], evidence: string): NodeLayout | LayoutProblem {
  const config = firstFile(dir, configs);
  const text = config ? code(readSourceFile(dir, config) ?? '') : '';
  // In nuxt.config only the `nitro: { … }` block names Nitro's preset (modules have presets too).
  const fromConfig = NITRO_PRESET_OPTION.exec(name === 'Nuxt' ? objectBlock(text, /\bnitro\s*:\s*\{/) : text);
  const build = typeof pkg.scripts?.build === 'string' ? pkg.scripts.build : '';
  const fromEnv = NITRO_PRESET_ENV.exec(` ${build} `);
  const preset = fromEnv?.[1] ?? fromConfig?.[1];
  const where = fromEnv ? `package.json "scripts.build" (${fromEnv[0].trim()})` : `${config} (preset: '${preset}')`;
  if (/(?:^|[\s;&|])(?:nuxt|nuxi)\s+generate\b/.test(build)) {
    return {
      framework: name,
      problem: `package.json "scripts.build" runs "nuxt generate", which writes a static site (.output/public), not a Node.js server: build with "nuxt build" so the app runs with "node .output/server/index.mjs"`,
    };
  }
  if (preset !== undefined && !NITRO_SERVER_PRESETS.has(preset)) {
    return {
      framework: name,
      problem: `${name} builds with the Nitro preset "${preset}" from ${where}, which does not write a Node.js server: use the "node-server" preset (the default) so the app runs with "node .output/server/index.mjs"`,
    };
  }
  return {
    framework: `${name} (Nitro node-server)`,
    evidence: preset !== undefined ? `${evidence}, ${where}` : evidence,
    start: ['node', '.output/server/index.mjs'],
    env: ['NITRO_HOST=0.0.0.0'],
    copies: [{ from: '.output', to: '.output' }],
    prodDeps: false,
    // Nuxt's generated types and dev build, Nitro's dev build and local storage.
    generated: name === 'Nuxt' ? ['.nuxt', '.nitro', '.data'] : ['.nitro', '.data'],
    port: 3000,
  };
}

/** The text of the `{ … }` object that `opener` (ending in `{`) starts, braces balanced; '' when absent. */
function objectBlock(text: string, opener: RegExp): string {
  const m = opener.exec(text);
  if (!m) return '';
  const start = m.index + m[0].length;
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

function astroLayout(dir: string): NodeLayout | LayoutProblem {
  const config = firstFile(dir, ASTRO_CONFIGS);
  const text = config ? code(readSourceFile(dir, config) ?? '') : '';
  if (/mode\s*:\s*['"]middleware['"]/.test(text)) {
    return {
      framework: 'Astro',
      problem: `@astrojs/node runs in "middleware" mode in ${config}: the app needs its own server; pass --start-command with it`,
    };
  }
  // `outDir: './build'` moves the whole output (server/ and client/ inside it).
  const outDir = /\boutDir\s*:\s*['"`](?:\.\/)?([^'"`\s]{1,200}?)\/?['"`]/.exec(text)?.[1];
  const outProblem = outDir === undefined ? undefined : outDir === '.' ? 'the project folder itself' : contextPathProblem(outDir);
  if (outDir !== undefined && outProblem !== undefined) {
    return {
      framework: 'Astro',
      problem: `${config} outDir ${JSON.stringify(outDir)} cannot be copied out of the build stage (${outProblem}): use a folder inside the project such as "dist"`,
    };
  }
  const out = outDir ?? 'dist';
  return {
    framework: 'Astro SSR (@astrojs/node)',
    evidence: out === 'dist' ? 'package.json dependency "@astrojs/node"' : `package.json dependency "@astrojs/node", ${config} outDir "${out}"`,
    start: ['node', `${out}/server/entry.mjs`],
    // The standalone server listens on localhost unless HOST says otherwise.
    env: ['HOST=0.0.0.0'],
    copies: [{ from: out, to: out }],
    prodDeps: true,
    // Astro's generated types and content-layer data store.
    generated: ['.astro'],
    port: 4321,
  };
}

/**
 * The layout for a known server framework, a problem when the framework is configured for
 * another target, or undefined (no known framework: the generic start-command rules apply).
 */
export function detectLayout(dir: string, pkg: PackageJson): NodeLayout | LayoutProblem | undefined {
  const deps = { ...pkg.dependencies };
  const all = { ...pkg.dependencies, ...pkg.devDependencies };
  if (has(deps, 'next')) return nextLayout(dir);
  if (has(all, 'nuxt')) return nitroLayout(dir, pkg, 'Nuxt', NUXT_CONFIGS, 'package.json dependency "nuxt"');
  if (has(all, 'nitropack') || has(all, 'nitro')) {
    return nitroLayout(dir, pkg, 'Nitro', NITRO_CONFIGS, `package.json dependency "${has(all, 'nitropack') ? 'nitropack' : 'nitro'}"`);
  }
  if (has(all, '@sveltejs/kit')) return svelteKitLayout(dir);
  if (has(deps, '@react-router/serve')) {
    return {
      framework: 'React Router (framework mode)',
      evidence: 'package.json dependency "@react-router/serve"',
      start: ['node', 'node_modules/@react-router/serve/dist/cli.js', 'build/server/index.js'],
      env: [],
      copies: [{ from: 'build', to: 'build' }],
      prodDeps: true,
      port: 3000,
    };
  }
  if (has(deps, '@remix-run/serve')) {
    const vite = projectEntryExists(dir, 'vite.config.ts') || projectEntryExists(dir, 'vite.config.js');
    return {
      framework: 'Remix',
      evidence: 'package.json dependency "@remix-run/serve"',
      start: ['node', 'node_modules/@remix-run/serve/dist/cli.js', vite ? 'build/server/index.js' : 'build/index.js'],
      env: [],
      copies: [{ from: 'build', to: 'build' }, ...ifExists(dir, 'public')],
      prodDeps: true,
      port: 3000,
    };
  }
  if (has(all, 'astro') && has(all, '@astrojs/node')) return astroLayout(dir);
  if (has(all, 'astro')) {
    const other = Object.keys(all).find((name) => ASTRO_OTHER_ADAPTER.test(name));
    if (other !== undefined) {
      return {
        framework: 'Astro',
        problem: `Astro builds for the adapter ${other}, which is not a Node.js server: add Node's with "npx astro add node" (standalone mode; the app then runs with "node dist/server/entry.mjs")`,
      };
    }
    const config = firstFile(dir, ASTRO_CONFIGS);
    if (config !== undefined && /\boutput\s*:\s*['"](?:server|hybrid)['"]/.test(code(readSourceFile(dir, config) ?? ''))) {
      return {
        framework: 'Astro',
        problem: `${config} renders pages on a server (output: 'server') but no adapter is installed: add Node's with "npx astro add node" (standalone mode; the app then runs with "node dist/server/entry.mjs")`,
      };
    }
  }
  if (has(deps, '@angular/ssr')) return angularLayout(dir);
  return undefined;
}

export function isLayoutProblem(value: NodeLayout | LayoutProblem | undefined): value is LayoutProblem {
  return value !== undefined && 'problem' in value;
}
