/**
 * Servers that listen on loopback unless told otherwise answer their own in-container health
 * probe while the published port stays dead. For each such server the image sets the variable
 * it reads to 0.0.0.0 (Next.js standalone `HOSTNAME`, which Docker otherwise sets to the
 * container id; Nitro/Nuxt `NITRO_HOST`/`HOST`; SvelteKit adapter-node, Astro's Node adapter,
 * Remix/React Router's serve `HOST`; fastify-cli `FASTIFY_ADDRESS`; a `listen()` whose host comes
 * from `process.env.X`, and hapi's `Hapi.server({ host })` likewise; an env file with
 * `HOST=localhost`). A `listen()` (or hapi server) with a loopback host
 * written in the code cannot be fixed from outside: that is a warning naming the file and line.
 */
import { lineAt } from '../../lib/ports.js';
import { readSourceFile } from '../../lib/project-files.js';
import type { PackageJson } from './detect.js';

/** Dependencies whose server reads a host variable, and the variables to set. */
const HOST_VARIABLES: readonly [dependency: string, names: readonly string[], why: string][] = [
  ['next', ['HOSTNAME'], 'Next.js standalone listens on $HOSTNAME, which Docker sets to the container id'],
  ['nuxt', ['NITRO_HOST', 'HOST'], 'Nuxt (Nitro) listens on $NITRO_HOST or $HOST'],
  ['nitropack', ['NITRO_HOST', 'HOST'], 'Nitro listens on $NITRO_HOST or $HOST'],
  ['nitro', ['NITRO_HOST', 'HOST'], 'Nitro listens on $NITRO_HOST or $HOST'],
  ['@sveltejs/adapter-node', ['HOST'], 'SvelteKit adapter-node listens on $HOST'],
  ['@astrojs/node', ['HOST'], "Astro's Node adapter listens on $HOST"],
  ['@remix-run/serve', ['HOST'], 'remix-serve listens on $HOST'],
  ['@react-router/serve', ['HOST'], 'react-router-serve listens on $HOST'],
  ['fastify-cli', ['FASTIFY_ADDRESS'], 'fastify-cli listens on $FASTIFY_ADDRESS (localhost by default)'],
];

const NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const LOOPBACK = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\])$/i;
/** Files where a host setting may sit (besides the start command's entry). */
const ENV_FILES = ['.env', '.env.production'];
const HOST_NAMES = /^(?:HOST|HOSTNAME|NITRO_HOST|FASTIFY_ADDRESS|ADDRESS|BIND|BIND_ADDRESS|LISTEN_HOST|SERVER_HOST|APP_HOST)$/;
/** `process.env.HOST ?? 'localhost'` (Nx's Node templates: `const host = process.env.HOST ?? 'localhost'`, then `listen(port, host)`). */
const ENV_WITH_LOOPBACK_DEFAULT =
  /process\.env(?:\.([A-Z_][A-Z0-9_]{0,63})|\[\s*['"]([A-Z_][A-Z0-9_]{0,63})['"]\s*\])\s*(?:\?\?|\|\|)\s*['"`](localhost|127\.0\.0\.1|::1)['"`]/g;

/** Host variables a source reads with a loopback default: unset, the app listens on loopback only. */
export function loopbackDefaults(source: string): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  for (const m of source.slice(0, 512 * 1024).matchAll(ENV_WITH_LOOPBACK_DEFAULT)) {
    const name = m[1] ?? m[2]!;
    if (HOST_NAMES.test(name)) out.push({ name, line: lineAt(source, m.index) });
    if (out.length >= 8) break;
  }
  return out;
}

export interface HostFacts {
  /** Variables the image sets to 0.0.0.0 (validated names), in order. */
  env: string[];
  /** Why each was set, for the summary. */
  notes: string[];
  /** What cannot be fixed from outside. */
  warnings: string[];
}

/** hapi takes its host in the server options, not in listen: `Hapi.server({ host })`, `new Hapi.Server({ host })`. */
const HAPI_SERVER = /\b(?:Hapi\.server|new\s+(?:Hapi\.)?Server|\bserver)\s*\(/g;

/** `listen(...)` calls (or, with `pattern`, other calls) in a source text: their argument text (bounded) and line. */
export function listenCalls(source: string, pattern = /\.listen\s*\(/g): { args: string; line: number }[] {
  const out: { args: string; line: number }[] = [];
  const re = new RegExp(pattern.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null && out.length < 20) {
    // The argument text up to the balancing parenthesis, at most 400 characters.
    let depth = 1;
    let i = m.index + m[0].length;
    const end = Math.min(source.length, i + 400);
    for (; i < end && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    out.push({ args: source.slice(m.index + m[0].length, i - 1), line: lineAt(source, m.index) });
  }
  return out;
}

/** What one listen call says about its host: a loopback literal, an env variable, none given, or all interfaces. */
export function listenHost(args: string, fastify: boolean): { kind: 'loopback' | 'env' | 'default-loopback' | 'ok'; name?: string; value?: string } {
  const env = /(?:host|hostname|address)\s*:\s*process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])/.exec(args);
  const name = env?.[1] ?? env?.[2];
  if (name !== undefined && NAME.test(name)) return { kind: 'env', name };
  const literal = /(?:host|hostname|address)\s*:\s*['"`]([^'"`]{1,64})['"`]/.exec(args) ?? /^\s*[^,]+,\s*['"`]([^'"`]{1,64})['"`]/.exec(args);
  if (literal) return LOOPBACK.test(literal[1]!) ? { kind: 'loopback', value: literal[1]! } : { kind: 'ok' };
  // Fastify's listen without a host binds to localhost (Node's http server: all interfaces).
  if (fastify && !/\b(?:host|hostname|address)\b/.test(args)) return { kind: 'default-loopback' };
  return { kind: 'ok' };
}

/** Host variables set to loopback in an env file (`HOST=localhost`). */
export function loopbackAssignments(text: string): string[] {
  const names: string[] = [];
  for (const line of text
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .slice(0, 2000)) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]{0,63})\s*=\s*['"]?([^'"\s#]{1,64})/.exec(line);
    if (m && HOST_NAMES.test(m[1]!) && LOOPBACK.test(m[2]!)) names.push(m[1]!);
  }
  return names;
}

/** The host facts for a project: `entries` are source files that may call listen(). */
export function hostFacts(dir: string, pkg: PackageJson, entries: readonly string[]): HostFacts {
  const env: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const set = (name: string, why: string) => {
    if (!NAME.test(name) || env.includes(name)) return;
    env.push(name);
    notes.push(`${name}=0.0.0.0 in the image: ${why}`);
  };
  const deps = { ...pkg.dependencies };
  const all = { ...pkg.devDependencies, ...pkg.dependencies };
  for (const [dependency, names, why] of HOST_VARIABLES) {
    // Adapters and CLIs are often devDependencies; the frameworks themselves are in dependencies.
    const present = dependency.startsWith('@') || dependency.endsWith('-cli') ? Object.hasOwn(all, dependency) : Object.hasOwn(deps, dependency);
    if (present) for (const name of names) set(name, why);
  }
  const fastify = Object.hasOwn(all, 'fastify');
  const hapi = Object.hasOwn(deps, '@hapi/hapi');
  for (const file of [...new Set(entries)].slice(0, 12)) {
    const source = readSourceFile(dir, file);
    if (source === undefined) continue;
    for (const { name, line } of loopbackDefaults(source)) set(name, `${file}:${line} reads the host from $${name}, localhost when unset`);
    const hapiCalls = hapi && /@hapi\/hapi/.test(source) ? listenCalls(source, HAPI_SERVER).filter((c) => /^\s*\{/.test(c.args)) : [];
    for (const call of [...listenCalls(source), ...hapiCalls]) {
      const host = listenHost(call.args, fastify && /fastify/i.test(source));
      if (host.kind === 'env') set(host.name!, `${file}:${call.line} listens on the host in $${host.name}`);
      else if (host.kind === 'loopback')
        warnings.push(
          `${file}:${call.line} listens on ${host.value} only: the published port cannot reach it; listen on "0.0.0.0" (or read the host from an environment variable)`,
        );
      else if (host.kind === 'default-loopback')
        warnings.push(
          `${file}:${call.line} calls Fastify's listen() without a host, so it listens on localhost only and the published port cannot reach it; pass host: "0.0.0.0" (or host: process.env.HOST, which the image would then set)`,
        );
    }
  }
  for (const file of ENV_FILES) {
    const text = readSourceFile(dir, file, 64 * 1024);
    if (text === undefined) continue;
    for (const name of loopbackAssignments(text)) set(name, `${file} sets ${name} to a loopback address, which the image overrides`);
  }
  return { env, notes, warnings };
}
