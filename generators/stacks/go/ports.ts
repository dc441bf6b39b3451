/**
 * The port a Go service listens on, read from the files its main package compiles (the main
 * package and the module packages it imports): an environment variable with a fallback in code
 * (`PORT`, `HTTP_PORT`, `APP_PORT`, ... through os.Getenv/LookupEnv, viper or struct-tag
 * defaults of envconfig / caarlos0/env), a `port` key in a config file the code names, a
 * `flag.Int("port", N)` default, Gin's `Run()` with no address (its documented `$PORT`, else
 * 8080), else a ":8080" literal. Nothing else counts: a server whose port none of these shows is
 * unclear, and detect.ts says so rather than guess. Pure over the given sources.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { readProjectFile } from '../../lib/project-files.js';
import { stripGoComments } from './detect.js';

/** Environment variable names services commonly take their port from, most common first. */
export const PORT_ENV_NAMES: readonly string[] = ['PORT', 'HTTP_PORT', 'APP_PORT', 'SERVER_PORT', 'LISTEN_PORT', 'API_PORT', 'WEB_PORT', 'SERVICE_PORT'];

/** Config files looked at (in the module root, config/ and configs/), when the code names them. */
const CONFIG_NAME = /^(?:config|app|application|settings|server)\.(?:ya?ml|toml|json)$/;
export const CONFIG_DIRS: readonly string[] = ['', 'config', 'configs'];
/** Keys under which a config file holds the listening port (`port`, `server.port`, ...). */
const PORT_PARENTS: readonly string[] = ['', 'server', 'http', 'app', 'api', 'web', 'service', 'listen'];

export interface PortFinding {
  port: number;
  /** Where: `main.go`, `config.yaml "server.port"`. */
  file: string;
  /** How it was found, for the summary. */
  how: string;
  /** The environment variable the code reads the port from, when it does. */
  envName?: string;
}

export function validPort(text: unknown): number | undefined {
  const port = typeof text === 'number' ? text : typeof text === 'string' && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

const NAMES = PORT_ENV_NAMES.join('|');
const GETENV = new RegExp(`os\\.(?:Getenv|LookupEnv)\\(\\s*"(${NAMES})"\\s*\\)`, 'g');
/** A helper taking the variable and its fallback: `getEnv("PORT", "8080")`, `envOr("HTTP_PORT", 9000)`. */
const ENV_HELPER = new RegExp(`\\b[A-Za-z_][\\w.]{0,60}\\(\\s*"(${NAMES})"\\s*,\\s*"?:?(\\d{2,5})"?\\s*\\)`, 'g');
const VIPER_DEFAULT = /\bSetDefault\(\s*"((?:[a-z]+\.)?port)"\s*,\s*"?:?(\d{2,5})"?\s*\)/gi;
/** Struct tags: `envconfig:"PORT" default:"8080"`, `env:"HTTP_PORT" envDefault:"8080"` (either order). */
const TAG = /`([^`\n]{0,300})`/g;
/** The flag package and pflag/cobra: `flag.Int("port", 8080`, `flag.IntVar(&p, "port", 8080`, `Flags().IntVarP(&p, "port", "p", 8080`. */
const FLAG_DEFAULT =
  /\b(?:flag|[\w.]{0,60}Flags\(\))\.(?:Int|Uint|String)(?:Var)?P?\(\s*(?:&[\w.]{1,60}\s*,\s*)?"(?:port|http-port|http_port|listen-port)"\s*,\s*(?:"\w?"\s*,\s*)?"?:?(\d{2,5})"?/g;
const LITERAL = /"(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:(\d{2,5})"/;
/** Gin's engine started with no address: `r.Run()` listens on `:$PORT`, else `:8080` (gin's documented default). */
const GIN_IMPORT = /"github\.com\/gin-gonic\/gin"/;
const GIN_RUN = /\.\s*Run\(\s*\)/;
export const GIN_DEFAULT_PORT = 8080;

/** A source that imports Gin and starts an engine with `Run()` and no address. */
export function ginDefaultRun(code: string): boolean {
  return GIN_IMPORT.test(code) && GIN_RUN.test(code);
}

/** An env read of a port variable with a fallback literal just after it, or through a helper taking both. */
export function envPortInGoSource(code: string): { port: number; envName: string } | undefined {
  for (const m of code.matchAll(GETENV)) {
    const after = code.slice(m.index! + m[0].length, m.index! + m[0].length + 300);
    const port = validPort(/"[^"\n]*?:?(\d{2,5})"/.exec(after)?.[1]);
    if (port !== undefined) return { port, envName: m[1]! };
  }
  for (const m of code.matchAll(ENV_HELPER)) {
    const port = validPort(m[2]);
    if (port !== undefined) return { port, envName: m[1]! };
  }
  return undefined;
}

/** Defaults given to a port setting by viper, envconfig/env struct tags or the flag package. */
export function defaultPortInGoSource(code: string): { port: number; envName?: string; how: string } | undefined {
  for (const m of code.matchAll(VIPER_DEFAULT)) {
    const port = validPort(m[2]);
    if (port !== undefined) return { port, how: `viper default "${m[1]!.toLowerCase()}"` };
  }
  for (const m of code.matchAll(TAG)) {
    const tag = m[1]!;
    const env = new RegExp(`\\b(?:envconfig|env):"(${NAMES})[",]`).exec(tag);
    const def = /\b(?:default|envDefault):":?(\d{1,5})"/.exec(tag);
    const port = def ? validPort(def[1]) : undefined;
    if (env && port !== undefined) return { port, envName: env[1]!, how: `default of ${env[1]!} in a struct tag` };
  }
  for (const m of code.matchAll(FLAG_DEFAULT)) {
    const port = validPort(m[1]);
    if (port !== undefined) return { port, how: 'flag default' };
  }
  return undefined;
}

/** The port a Go source listens on: an env fallback, else a setting default, else a ":8080" literal. */
export function portInGoSource(source: string): number | undefined {
  const code = stripGoComments(source);
  return envPortInGoSource(code)?.port ?? defaultPortInGoSource(code)?.port ?? validPort(LITERAL.exec(code)?.[1]);
}

/** The port in a parsed config document: `port`, or `<parent>.port`, or `<parent>.addr: ":N"`. */
export function portInConfig(doc: unknown): { port: number; key: string } | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(doc)) return undefined;
  for (const parent of PORT_PARENTS) {
    const node = parent === '' ? doc : Object.hasOwn(doc, parent) ? doc[parent] : undefined;
    if (!isObject(node)) continue;
    for (const key of ['port', 'Port', 'PORT', 'http_port', 'httpPort']) {
      const port = Object.hasOwn(node, key) ? validPort(node[key]) : undefined;
      if (port !== undefined) return { port, key: parent === '' ? key : `${parent}.${key}` };
    }
    for (const key of ['addr', 'address', 'listen']) {
      const value = Object.hasOwn(node, key) ? node[key] : undefined;
      const port = typeof value === 'string' ? validPort(/^(?:[\w.-]*):(\d{1,5})$/.exec(value)?.[1]) : undefined;
      if (port !== undefined && parent !== '') return { port, key: `${parent}.${key}` };
    }
  }
  return undefined;
}

/** Parses a config file by its extension; undefined when it does not parse. */
export function parseConfig(name: string, text: string): unknown {
  try {
    if (name.endsWith('.toml')) return parseToml(text);
    if (name.endsWith('.json')) return JSON.parse(text) as unknown;
    return parseYaml(text, { maxAliasCount: 50 }) as unknown;
  } catch {
    return undefined;
  }
}

/** Config files with a port key that the code names (by file name, or by stem as viper does). */
export function configFilePort(dir: string, code: string, listDir: (rel: string) => string[]): PortFinding | undefined {
  for (const sub of CONFIG_DIRS) {
    for (const name of listDir(sub).filter((n) => CONFIG_NAME.test(n))) {
      const stem = name.replace(/\.[a-z]+$/, '');
      if (!code.includes(`"${name}"`) && !code.includes(`/${name}"`) && !code.includes(`"${stem}"`)) continue;
      const rel = sub === '' ? name : `${sub}/${name}`;
      const text = readProjectFile(dir, rel);
      if (text === undefined) continue;
      const found = portInConfig(parseConfig(name, text));
      if (found) return { port: found.port, file: rel, how: `${rel} "${found.key}"` };
    }
  }
  return undefined;
}

/** The first finding over the sources, strongest kind first. `sources` is in reading order. */
export function findPort(dir: string, sources: readonly { file: string; code: string }[], listDir: (rel: string) => string[]): PortFinding | undefined {
  for (const { file, code } of sources) {
    const env = envPortInGoSource(code);
    if (env) return { ...env, file, how: `${file} (${env.envName} fallback)` };
  }
  for (const { file, code } of sources) {
    const def = defaultPortInGoSource(code);
    if (def) return { port: def.port, file, how: `${file} (${def.how})`, ...(def.envName ? { envName: def.envName } : {}) };
  }
  for (const { file, code } of sources) {
    if (ginDefaultRun(code))
      return { port: GIN_DEFAULT_PORT, file, how: `${file} (Gin's Run() with no address: $PORT, else ${GIN_DEFAULT_PORT})`, envName: 'PORT' };
  }
  const config = configFilePort(dir, sources.map((s) => s.code).join('\n'), listDir);
  if (config) return config;
  for (const { file, code } of sources) {
    const port = validPort(LITERAL.exec(code)?.[1]);
    if (port !== undefined) return { port, file, how: file };
  }
  return undefined;
}

/** What findPort looks for, for the message when it finds nothing. */
export const PORT_CLUES = `a fallback next to os.Getenv/LookupEnv of ${PORT_ENV_NAMES.join(', ')}; viper, envconfig/env struct-tag or flag defaults; a port key in a config file the code names; Gin's Run(); a ":8080" literal`;
