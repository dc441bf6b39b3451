/**
 * Reading a static site or single-page app: which front-end build it has (Vite, Create React
 * App, Angular, Astro static, or any `build` script), and the folder that build writes; or a
 * plain folder of files with an index.html and no package.json (nothing to build).
 * Pure over the folder's files; every value says where it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { splitCommand, stripEnvAssignments } from '../../lib/command.js';
import type { PackageJson } from '../node/detect.js';
import { splitEnvPrefix } from '../node/start-command.js';
import { readProjectFile } from '../../lib/project-files.js';
import { lineAt } from '../../lib/ports.js';
import { contextPathProblem, normaliseRelative } from '../../lib/quote.js';

/** `other`: a package.json project given `--language static` whose build tool is not recognised. */
export type FrontEnd = 'vite' | 'cra' | 'angular' | 'astro' | 'other' | 'plain';

/** The stack's kind of project: what builds it, or `plain` (files served as they are). */
export interface StaticKind {
  frontEnd: FrontEnd;
  /** The dependency (or file) that shows it, for messages. */
  evidence: string;
}

function readText(dir: string, name: string): string | undefined {
  return readProjectFile(dir, name);
}

function firstExisting(dir: string, names: readonly string[]): string | undefined {
  return names.find((name) => fs.existsSync(path.join(dir, name)));
}

function allDeps(pkg: PackageJson): Record<string, string> {
  return { ...pkg.dependencies, ...pkg.devDependencies };
}

/** Dependencies that mean the app is (or includes) a server, so the Node stack applies. */
const SERVER_DEPENDENCIES = [
  'express',
  'fastify',
  'koa',
  '@hapi/hapi',
  'hono',
  '@nestjs/core',
  'next',
  'nuxt',
  'nitropack',
  'nitro',
  '@remix-run/node',
  '@remix-run/serve',
  '@react-router/serve',
  '@sveltejs/kit',
  '@angular/ssr',
  '@nguniversal/express-engine',
  'vite-plugin-ssr',
  'vike',
];
/** Server libraries (not frameworks with a build): only a production dependency makes a server. */
const SERVER_LIBRARIES = new Set(['express', 'fastify', 'koa', '@hapi/hapi', 'hono']);
/** Astro adapters render on a server: such an Astro app is not a static site. */
const ASTRO_SSR_ADAPTER = /^@astrojs\/(node|vercel|netlify|cloudflare|deno)$/;
const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'];
const VITE_CONFIGS = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts', 'vite.config.cjs', 'vite.config.cts'];

/** Programs a `start` script may run in a static app: dev servers and previews, never a production server. */
const STATIC_START_PROGRAMS = new Set([
  'vite',
  'react-scripts',
  'ng',
  'astro',
  'serve',
  'http-server',
  'live-server',
  'webpack',
  'webpack-dev-server',
  'parcel',
]);

/** True when `scripts.start` (or `serve`/`start:prod`) runs something other than a front-end dev server. */
function hasServerStartScript(pkg: PackageJson): boolean {
  for (const name of ['start', 'start:prod', 'start:production', 'serve']) {
    const script = pkg.scripts?.[name];
    if (typeof script !== 'string' || script.trim() === '') continue;
    const split = splitCommand(script.split(/&&|\|\||;/)[0]!.trim());
    if (!split.ok) return true;
    // `cross-env A=B react-scripts start`: the program is the one after the assignments.
    const argv = splitEnvPrefix(stripEnvAssignments(split.argv)).argv;
    let program = path.posix.basename(argv[0] ?? '');
    // `npx vite`, `npm run dev`, `yarn dev`: look through the package manager.
    if (['npx', 'pnpx', 'bunx'].includes(program)) program = path.posix.basename(argv[1] ?? '');
    else if (['npm', 'pnpm', 'yarn', 'bun'].includes(program)) {
      const target = argv[1] === 'run' ? argv[2] : argv[1];
      const inner = target ? pkg.scripts?.[target] : undefined;
      if (typeof inner === 'string' && target !== name) {
        const innerSplit = splitCommand(inner);
        program = innerSplit.ok ? path.posix.basename(stripEnvAssignments(innerSplit.argv)[0] ?? '') : '';
      } else program = '';
    }
    if (!STATIC_START_PROGRAMS.has(program)) return true;
  }
  return false;
}

/** An Astro project renders on a server when it has an SSR adapter or `output: 'server'`. */
function astroIsServer(dir: string, deps: Record<string, string>): boolean {
  if (Object.keys(deps).some((name) => ASTRO_SSR_ADAPTER.test(name))) return true;
  const config = firstExisting(dir, ASTRO_CONFIGS);
  const text = config ? (readText(dir, config) ?? '') : '';
  return /\boutput\s*:\s*['"](server|hybrid)['"]/.test(text) || /\badapter\s*:/.test(text);
}

/**
 * The front-end build a package.json project uses, when it is a static site; undefined when it
 * is not (no front-end build tool, a server dependency, or a start script that runs a server).
 * Deliberately strict: a project that might be a server stays with the Node.js stack.
 */
export function frontEndOf(dir: string, pkg: PackageJson): StaticKind | undefined {
  const deps = allDeps(pkg);
  // A plain server library only counts when the app ships it (a mock API server in
  // devDependencies does not make a Vite app a server); framework packages count anywhere.
  const runtime = { ...pkg.dependencies };
  if (SERVER_DEPENDENCIES.some((name) => (SERVER_LIBRARIES.has(name) ? name in runtime : name in deps))) return undefined;
  if (hasServerStartScript(pkg)) return undefined;
  if ('@angular/core' in deps) {
    const builder = ['@angular/build', '@angular-devkit/build-angular'].find((name) => name in deps);
    if (builder) return { frontEnd: 'angular', evidence: `package.json dependency "${builder}"` };
  }
  if ('react-scripts' in deps) return { frontEnd: 'cra', evidence: 'package.json dependency "react-scripts"' };
  if ('astro' in deps) return astroIsServer(dir, deps) ? undefined : { frontEnd: 'astro', evidence: 'package.json dependency "astro" (no SSR adapter)' };
  if ('vite' in deps) return { frontEnd: 'vite', evidence: 'package.json dependency "vite"' };
  return undefined;
}

/** The static kind of `dir`, or undefined when it is not a static site. */
export function detectStaticKind(dir: string, pkg: PackageJson | undefined): StaticKind | undefined {
  if (pkg === undefined) {
    return fs.existsSync(path.join(dir, 'index.html')) ? { frontEnd: 'plain', evidence: 'index.html (no package.json)' } : undefined;
  }
  return frontEndOf(dir, pkg);
}

/** Clean a relative folder path from a config file: `./dist/` → `dist`. */
function cleanDir(value: string): string {
  return normaliseRelative(value.replace(/\\/g, '/'));
}

/** An own property of a JSON object, or undefined (never inherited: `constructor`, `__proto__`). */
function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Angular's output folder from angular.json: the build target's `outputPath`. The `application`
 * builder (Angular 17+) writes the browser files to `<outputPath>/browser` (or
 * `outputPath.base`/`outputPath.browser`); the older `browser` builder writes `<outputPath>`.
 */
export function angularOutputDir(dir: string): Detected<string> | undefined {
  const text = readText(dir, 'angular.json');
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Every step is type-checked: angular.json is the project's, any shape may come.
  const projectsField = field(json, 'projects');
  const projects = isObject(projectsField) ? Object.entries(projectsField).filter(([, p]) => isObject(p)) : [];
  const targetsOf = (p: unknown) => {
    const t = field(p, 'architect') ?? field(p, 'targets');
    return isObject(t) ? t : undefined;
  };
  const defaultProject = field(json, 'defaultProject');
  const chosen = projects.find(([name]) => name === defaultProject) ?? projects.find(([, p]) => field(targetsOf(p), 'build') !== undefined) ?? projects[0];
  if (!chosen) return undefined;
  const [name, project] = chosen;
  const build = field(targetsOf(project), 'build');
  const builderField = field(build, 'builder');
  const builder = typeof builderField === 'string' ? builderField : '';
  const application = /:application$/.test(builder);
  const outputPath = field(field(build, 'options'), 'outputPath');
  const source = `angular.json "projects.${name}" build outputPath`;
  const origin = { file: 'angular.json', field: `"projects.${name}" build outputPath` };
  if (typeof outputPath === 'string' && outputPath !== '') {
    return detectedFrom(cleanDir(application ? `${outputPath}/browser` : outputPath), source, origin);
  }
  if (outputPath !== null && typeof outputPath === 'object') {
    const o = outputPath as { base?: unknown; browser?: unknown };
    if (typeof o.base === 'string' && o.base !== '') {
      const browser = typeof o.browser === 'string' ? o.browser : 'browser';
      return detectedFrom(cleanDir(browser === '' ? o.base : `${o.base}/${browser}`), source, origin);
    }
  }
  // Angular's own default: dist/<project>, plus /browser for the application builder.
  return detectedFrom(cleanDir(application ? `dist/${name}/browser` : `dist/${name}`), `angular.json project "${name}" (Angular's default output path)`, {
    file: 'angular.json',
    field: `project "${name}"`,
  });
}

/** `outDir: 'x'` in a Vite or Astro config (Vite: `build.outDir`), read as text. */
function configOutDir(dir: string, configs: readonly string[]): Detected<string> | undefined {
  const config = firstExisting(dir, configs);
  if (!config) return undefined;
  const text = readText(dir, config) ?? '';
  const m = /\boutDir\s*:\s*['"]([^'"\n]{1,1024})['"]/.exec(text);
  return m ? detectedFrom(cleanDir(m[1]!), `${config} "outDir"`, { file: config, field: '"outDir"', line: lineAt(text, m.index) }) : undefined;
}

/** The folder the build writes (served by the web server); `.` for a plain folder. */
export function detectOutputDir(dir: string, kind: StaticKind): Detected<string> {
  switch (kind.frontEnd) {
    case 'plain':
      return { value: '.', source: 'index.html in the project folder (served as it is)' };
    case 'angular':
      return angularOutputDir(dir) ?? { value: 'dist', source: 'default (no angular.json)' };
    case 'cra':
      return { value: 'build', source: 'Create React App writes build/' };
    case 'astro':
      return configOutDir(dir, ASTRO_CONFIGS) ?? { value: 'dist', source: 'Astro writes dist/' };
    case 'vite':
      return configOutDir(dir, VITE_CONFIGS) ?? { value: 'dist', source: 'Vite writes dist/' };
    case 'other':
      return { value: 'dist', source: 'default (build tool not recognised)' };
  }
}

/**
 * URL prefix of the content-hashed files the build emits (cached for a year, immutable), or
 * undefined when the build puts hashed files next to unhashed ones (Angular: hashed names at
 * the root; those get the revalidating default instead).
 */
export function hashedAssetsPrefix(kind: StaticKind): Detected<string> | undefined {
  switch (kind.frontEnd) {
    case 'vite':
      return { value: '/assets/', source: 'Vite emits hashed files under /assets/' };
    case 'cra':
      return { value: '/static/', source: 'Create React App emits hashed files under /static/' };
    case 'astro':
      return { value: '/_astro/', source: 'Astro emits hashed files under /_astro/' };
    default:
      return undefined;
  }
}

/** Why a value cannot be the output folder, or undefined when it can. */
export function outputDirProblem(value: string, plain: boolean): string | undefined {
  if (contextPathProblem(value)) {
    return `a folder inside the project (e.g. dist, build, dist/my-app/browser): ${contextPathProblem(value)}`;
  }
  if (value === '.' && !plain) return 'the folder the build writes (e.g. dist); "." (the whole project) is only for plain sites without package.json';
  if (['node_modules', '.git'].includes(value.split('/')[0]!)) return 'the folder the build writes, not node_modules or .git';
  return undefined;
}
