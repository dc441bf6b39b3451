/**
 * Prisma: where the schema is, what its generator and datasource blocks say, and what the image
 * needs because of them: `prisma generate` in the build stage (where the CLI is installed), the
 * generated client where the app looks for it at run time, the query engine's libssl for the
 * Rust engine of Prisma <= 6, and the datasource's URL variable as a required variable.
 *
 * Everything here is read, never executed: prisma.config.ts is scanned for a string literal
 * after `schema:` and an `env("X")` / `process.env.X` URL. Reads are bounded; paths are checked
 * to stay inside the project; values are validated before they leave this module.
 */
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import semver from 'semver';
import { contextPathProblem, normaliseRelative } from '../../lib/quote.js';
import { projectEntryExists, readSourceFile } from '../../lib/project-files.js';
import { showValue } from '../../lib/errors.js';
import type { RequiredVariable } from '../../lib/stack.js';
import type { PackageJson } from './detect.js';
import fs from 'node:fs';

/** One `generator x { ... }` block. */
export interface PrismaGenerator {
  name: string;
  provider: string;
  /** `output`, as written (relative to the schema file's folder). */
  output?: string;
  binaryTargets: string[];
  engineType?: string;
  previewFeatures: string[];
}

export interface PrismaDatasource {
  provider?: string;
  /** The variable of `url = env("X")` (or `directUrl`), when it is one. */
  urlEnv?: string;
}

export interface ParsedSchema {
  generators: PrismaGenerator[];
  datasource: PrismaDatasource | undefined;
}

/** The engine platform of the official Debian bookworm/trixie images (OpenSSL 3). */
export const DEBIAN_ENGINE_TARGET = 'debian-openssl-3.0.x';
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const MAX_SCHEMA_FILES = 50;
const SCHEMA_LIMIT = 512 * 1024;

/** A schema with its comments removed (`//` and `///`), strings kept. */
function withoutComments(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      let inString = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '\\' && inString) i++;
        else if (c === '"') inString = !inString;
        else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

/** `"a"` → a; `["a", "b"]` → [a, b]; anything else → undefined. */
function stringValue(raw: string): string | undefined {
  const m = /^"((?:[^"\\]|\\.){0,1000})"$/.exec(raw.trim());
  return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
}
function stringList(raw: string): string[] {
  const m = /^\[([\s\S]{0,4000})\]$/.exec(raw.trim());
  if (!m) return [];
  return [...m[1]!.matchAll(/"((?:[^"\\]|\\.){0,200})"/g)].map((s) => s[1]!);
}

/** `key = value` pairs of a block body (values may be lists over several lines). */
function blockFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  const re = /^\s*([A-Za-z][A-Za-z0-9_]{0,63})\s*=\s*/gm;
  const starts = [...body.matchAll(re)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index : body.length;
    const value = body.slice(m.index + m[0].length, end).trim();
    if (!fields.has(m[1]!)) fields.set(m[1]!, value);
  });
  return fields;
}

/** The generator and datasource blocks of one or more schema texts (a schema folder is their union). */
export function parsePrismaSchema(texts: readonly string[]): ParsedSchema {
  const generators: PrismaGenerator[] = [];
  let datasource: PrismaDatasource | undefined;
  for (const raw of texts) {
    const text = withoutComments(raw);
    for (const m of text.matchAll(/^\s*(generator|datasource)\s+([A-Za-z][A-Za-z0-9_]{0,63})\s*\{([^{}]{0,8000})\}/gm)) {
      const fields = blockFields(m[3]!);
      if (m[1] === 'generator') {
        const provider = stringValue(fields.get('provider') ?? '');
        if (provider === undefined) continue;
        const output = stringValue(fields.get('output') ?? '');
        const engineType = stringValue(fields.get('engineType') ?? '');
        generators.push({
          name: m[2]!,
          provider,
          ...(output !== undefined ? { output } : {}),
          binaryTargets: stringList(fields.get('binaryTargets') ?? ''),
          ...(engineType !== undefined ? { engineType } : {}),
          previewFeatures: stringList(fields.get('previewFeatures') ?? ''),
        });
      } else if (datasource === undefined) {
        const provider = stringValue(fields.get('provider') ?? '');
        const url = /^env\(\s*"([A-Za-z_][A-Za-z0-9_]{0,63})"\s*\)$/.exec((fields.get('url') ?? '').trim())?.[1];
        datasource = {
          ...(provider !== undefined ? { provider } : {}),
          ...(url !== undefined && ENV_NAME.test(url) ? { urlEnv: url } : {}),
        };
      }
    }
  }
  return { generators, datasource };
}

/**
 * What prisma.config.ts says, read as text: the `schema:` literal and the datasource URL's
 * variable. `urlRequired`: the URL is read with Prisma's `env()` helper, which throws when the
 * variable is unset, so even `prisma generate` (which never connects) needs a value.
 */
export function parsePrismaConfig(text: string): { schema?: string; urlEnv?: string; urlRequired?: boolean } {
  const code = text.slice(0, 64 * 1024);
  const schema = /(?:^|[\s,{])schema\s*:\s*(['"`])([^'"`\n$]{1,300})\1/m.exec(code)?.[2];
  const helper = /\burl\s*:\s*env\s*\(\s*['"`]([A-Za-z_][A-Za-z0-9_]{0,63})['"`]\s*\)/.exec(code)?.[1];
  const url =
    helper ??
    /\burl\s*:\s*process\.env(?:\.([A-Za-z_][A-Za-z0-9_]{0,63})|\[\s*['"`]([A-Za-z_][A-Za-z0-9_]{0,63})['"`]\s*\])/.exec(code)?.slice(1).find(Boolean);
  if (url === undefined || !ENV_NAME.test(url)) return schema !== undefined ? { schema } : {};
  return { ...(schema !== undefined ? { schema } : {}), urlEnv: url, ...(helper !== undefined ? { urlRequired: true } : {}) };
}

/** A URL of the datasource's kind that reaches nothing: what `prisma generate` gets when the config insists on one. */
export function placeholderUrl(provider: string | undefined): string {
  switch (provider) {
    case 'mysql':
      return 'mysql://build:build@localhost:3306/build';
    case 'sqlite':
      return 'file:./build.db';
    case 'sqlserver':
      return 'sqlserver://localhost:1433;database=build;user=build;password=build';
    case 'mongodb':
      return 'mongodb://build:build@localhost:27017/build';
    default:
      return 'postgresql://build:build@localhost:5432/build';
  }
}

/** The major of a dependency range (`^6.1.0` → 6, `7.10.1` → 7), undefined when not plain. */
function rangeMajor(range: string | undefined): number | undefined {
  if (range === undefined) return undefined;
  const min = semver.validRange(range) ? semver.minVersion(range) : null;
  return min ? min.major : undefined;
}

export interface PrismaFacts {
  /** The schema file or folder (relative, checked). */
  schema: string;
  /** The file naming it, for messages ("prisma/schema.prisma (default location)"). */
  schemaOrigin: string;
  /** The top folder holding the schema (and its migrations), or undefined for a schema at the root. */
  schemaTopFolder: string | undefined;
  /** prisma.config.ts (or .js/.mjs/...) when present: the CLI reads it at generate time. */
  configFile: string | undefined;
  generators: PrismaGenerator[];
  datasource: PrismaDatasource;
  /** The Prisma major from package.json (prisma or @prisma/client), when the range names one. */
  major: number | undefined;
  /** The CLI (`prisma`) is a devDependency only: generation must happen in the build stage. */
  cliDevOnly: boolean;
  cliPresent: boolean;
  /** `prisma-client-js` without an output: the client lands in node_modules/.prisma/client. */
  defaultClient: boolean;
  /**
   * Generated client folders inside the project (custom `output`s), relative to the project:
   * `prisma-client` writes TypeScript (the app's build compiles it), `prisma-client-js` JavaScript.
   */
  clientOutputs: { path: string; provider: string }[];
  /** A Rust query engine library loads at run time (libssl needed). */
  nativeEngine: boolean;
  /** A script that starts the app runs `prisma migrate deploy`. */
  migrateAtStart: boolean;
  /** The build script already runs `prisma generate`. */
  buildGenerates: boolean;
  /**
   * The postinstall script is only `prisma generate`: it fails in the install stages (no schema
   * there, no CLI in the production install), and the build stage generates anyway.
   */
  postinstallOnlyGenerates: boolean;
  /** Variables the datasource's URL reads. */
  required: RequiredVariable[];
  /**
   * `NAME=value` for `prisma generate`: the config reads the URL with `env()`, which throws when it
   * is unset. A placeholder of the provider's kind; generate never connects.
   */
  generateEnv: { name: string; value: string } | undefined;
  warnings: string[];
}

const CONFIG_FILES = [
  'prisma.config.ts',
  'prisma.config.mts',
  'prisma.config.cts',
  'prisma.config.js',
  'prisma.config.mjs',
  'prisma.config.cjs',
  'prisma7.config.ts',
  '.config/prisma.ts',
];

function isDir(dir: string, rel: string): boolean {
  try {
    const st = fs.lstatSync(path.join(dir, rel));
    return st.isDirectory();
  } catch {
    return false;
  }
}

/** A relative path from the project (or from `base`) that stays inside it, or undefined. */
function insideProject(base: string, value: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(base, value.replace(/\\/g, '/')));
  if (joined === '.' || joined.startsWith('../') || joined === '..' || path.posix.isAbsolute(value)) return undefined;
  const rel = normaliseRelative(joined);
  return contextPathProblem(rel) ? undefined : rel;
}

/** The `prisma.schema` field of package.json (Prisma <= 6), read from the file itself. */
function packageJsonSchema(dir: string): string | undefined {
  const text = readSourceFile(dir, 'package.json');
  if (text === undefined) return undefined;
  const parsed = parseJsonc(text) as unknown;
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const prisma = Object.prototype.hasOwnProperty.call(parsed, 'prisma') ? (parsed as Record<string, unknown>)['prisma'] : undefined;
  if (prisma === null || typeof prisma !== 'object') return undefined;
  const schema = Object.prototype.hasOwnProperty.call(prisma, 'schema') ? (prisma as Record<string, unknown>)['schema'] : undefined;
  return typeof schema === 'string' ? schema : undefined;
}

/** A leading `[npx|pnpm exec|yarn|bunx] prisma migrate deploy [--schema x] &&`, removed (the server command remains). */
const MIGRATE_PREFIX = /^\s*(?:(?:npx|pnpm(?:\s+exec)?|yarn|bunx)\s+)?prisma\s+migrate\s+deploy(?:\s+--schema[= ][^\s&;|]+)?\s*&&\s*/;
export function withoutMigratePrefix(script: string): string {
  return script.replace(MIGRATE_PREFIX, '');
}

/** A postinstall that only generates Prisma's client (`prisma generate`, `npx prisma generate --no-hints`). */
const POSTINSTALL_GENERATE = /^\s*(?:npx\s+)?prisma\s+generate(?:\s+--[a-z][a-z-]{0,40}(?:=[A-Za-z0-9_./-]{1,200})?)*\s*$/;

/** Every script that runs when the app starts (`start`, and `prestart`). */
function startScripts(pkg: PackageJson): string {
  return ['prestart', 'start', 'start:prod'].map((s) => pkg.scripts?.[s] ?? '').join('\n');
}

/** Prisma's facts for a project, or undefined when it does not use Prisma. */
export function detectPrisma(dir: string, pkg: PackageJson): PrismaFacts | undefined {
  const deps = pkg.dependencies ?? {};
  const dev = pkg.devDependencies ?? {};
  const has = (name: string) => Object.prototype.hasOwnProperty.call(deps, name) || Object.prototype.hasOwnProperty.call(dev, name);
  if (!has('prisma') && !has('@prisma/client')) return undefined;
  const warnings: string[] = [];
  const configFile = CONFIG_FILES.find((f) => readSourceFile(dir, f, 64 * 1024) !== undefined);
  const config = configFile ? parsePrismaConfig(readSourceFile(dir, configFile, 64 * 1024)!) : {};

  // Where the CLI looks: the config's schema, package.json's prisma.schema, then the defaults.
  let schema: string | undefined;
  let schemaOrigin = '';
  const candidates: [string | undefined, string, string][] = [
    // Paths in the config are relative to the config file's folder.
    [config.schema, configFile ? path.posix.dirname(configFile) : '.', `${configFile} "schema"`],
    [packageJsonSchema(dir), '.', 'package.json "prisma.schema"'],
  ];
  for (const [value, base, origin] of candidates) {
    if (value === undefined) continue;
    const rel = insideProject(base, value);
    if (rel === undefined) {
      warnings.push(`${origin} (${showValue(value)}) is not a path inside the project: ignored`);
      continue;
    }
    schema = rel;
    schemaOrigin = origin;
    break;
  }
  if (schema === undefined) {
    const found = ['schema.prisma', 'prisma/schema.prisma', 'prisma/schema'].find((f) => projectEntryExists(dir, f));
    schema = found ?? 'prisma/schema.prisma';
    schemaOrigin = found ? `${found} (default location)` : 'no schema found at prisma/schema.prisma';
  }

  // A folder of schema files (prismaSchemaFolder, Prisma >= 6.6) or one file.
  const schemaFiles = isDir(dir, schema)
    ? fs
        .readdirSync(path.join(dir, schema), { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.prisma'))
        .map((e) => `${schema}/${e.name}`)
        .sort()
        .slice(0, MAX_SCHEMA_FILES)
    : [schema];
  const texts = schemaFiles.map((f) => readSourceFile(dir, f, SCHEMA_LIMIT)).filter((t): t is string => t !== undefined);
  if (texts.length === 0) warnings.push(`Prisma: no schema at ${showValue(schema)} (${schemaOrigin}); \`prisma generate\` will fail in the build`);
  const parsed = parsePrismaSchema(texts);
  const schemaDir = isDir(dir, schema) ? schema : path.posix.dirname(schema);
  const top = schema.includes('/') ? schema.split('/')[0]! : undefined;

  const major = rangeMajor(deps['@prisma/client'] ?? deps['prisma'] ?? dev['prisma'] ?? dev['@prisma/client']);
  const clients = parsed.generators.filter((g) => g.provider === 'prisma-client-js' || g.provider === 'prisma-client');
  const clientOutputs: { path: string; provider: string }[] = [];
  for (const g of clients) {
    if (g.output === undefined) continue;
    const rel = insideProject(schemaDir, g.output);
    if (rel === undefined)
      warnings.push(
        `Prisma generator "${g.name}" output (${showValue(g.output)}) is not a plain folder inside the project: the generated client is not copied into the runtime image; use an output inside it, e.g. "../src/generated/prisma"`,
      );
    else if (!rel.startsWith('node_modules/') && !clientOutputs.some((o) => o.path === rel)) clientOutputs.push({ path: rel, provider: g.provider });
  }
  const defaultClient = clients.some(
    (g) => g.provider === 'prisma-client-js' && (g.output === undefined || insideProject(schemaDir, g.output)?.startsWith('node_modules/')),
  );
  // The Rust query engine: Prisma <= 6, unless the client runs on the query compiler (driver adapters).
  const nativeEngine =
    (major === undefined || major <= 6) &&
    clients.some((g) => g.engineType !== 'client' && !(g.previewFeatures.includes('queryCompiler') && g.previewFeatures.includes('driverAdapters')));
  if (nativeEngine) {
    for (const g of clients) {
      if (g.binaryTargets.length > 0 && !g.binaryTargets.includes('native') && !g.binaryTargets.includes(DEBIAN_ENGINE_TARGET))
        warnings.push(
          `Prisma generator "${g.name}" binaryTargets (${g.binaryTargets.join(', ')}) lack "native" and "${DEBIAN_ENGINE_TARGET}", the platform of the Debian-based image: add one, or the client finds no query engine at run time`,
        );
    }
    warnings.push(
      'Prisma: `prisma generate` downloads the query engine from binaries.prisma.sh during the build; without access to it, build with --build-arg PRISMA_ENGINES_MIRROR=<mirror> (Prisma 7 with a driver adapter has no query engine to download)',
    );
  } else if (clients.length > 0) {
    warnings.push(
      'Prisma: the CLI downloads its schema engine from binaries.prisma.sh even for `prisma generate` in the build; without access to it, build with --build-arg PRISMA_ENGINES_MIRROR=<mirror>',
    );
  }

  const urlEnv = parsed.datasource?.urlEnv ?? config.urlEnv;
  const urlOrigin = parsed.datasource?.urlEnv ? `${schemaFiles[0] ?? schema} (datasource url)` : `${configFile} (datasource url)`;
  const required = urlEnv ? [{ name: urlEnv, source: urlOrigin }] : [];
  const generateEnv =
    !parsed.datasource?.urlEnv && config.urlRequired && config.urlEnv ? { name: config.urlEnv, value: placeholderUrl(parsed.datasource?.provider) } : undefined;
  const starts = startScripts(pkg);
  const migrateAtStart = /\bprisma\s+migrate\s+deploy\b/.test(starts);
  const buildGenerates = /\bprisma\s+generate\b/.test(pkg.scripts?.['build'] ?? '') || /\bprisma\s+generate\b/.test(pkg.scripts?.['prebuild'] ?? '');
  const cliDevOnly = !Object.prototype.hasOwnProperty.call(deps, 'prisma') && Object.prototype.hasOwnProperty.call(dev, 'prisma');
  if (migrateAtStart)
    warnings.push(
      Object.prototype.hasOwnProperty.call(deps, 'prisma')
        ? 'Prisma: the start script runs `prisma migrate deploy` before the server; the image starts the server only (one process, signals reach it): run the migrations as a separate step before the server starts (a one-off container or a CI job; the schema folder is in the image)'
        : 'Prisma: the start script runs `prisma migrate deploy` before the server; the image starts the server only, and the CLI (`prisma`) is a dev dependency the runtime image leaves out: run migrations from your machine or a CI step, or move `prisma` to dependencies',
    );
  const postinstall = pkg.scripts?.['postinstall'] ?? '';
  const postinstallOnlyGenerates = POSTINSTALL_GENERATE.test(postinstall);
  if (!postinstallOnlyGenerates && /\bprisma\s+generate\b/.test(postinstall))
    warnings.push(
      'Prisma: the postinstall script runs `prisma generate`, before the schema is copied and without the CLI in the production install; the Dockerfile runs it in the build stage instead, so remove it from postinstall (or the install fails)',
    );
  return {
    schema,
    schemaOrigin,
    schemaTopFolder: top,
    configFile,
    generators: parsed.generators,
    datasource: parsed.datasource ?? {},
    major,
    cliDevOnly,
    cliPresent: has('prisma'),
    defaultClient,
    clientOutputs,
    nativeEngine,
    migrateAtStart,
    buildGenerates,
    postinstallOnlyGenerates,
    required,
    generateEnv,
    warnings,
  };
}
