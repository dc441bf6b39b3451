/**
 * Reading a Deno app: deno.json / deno.jsonc (jsonc-parser), deno.lock, the start task, the entry
 * file, the environment variables the code reads (for --allow-env), the port and the health
 * route. Pure over the folder's files; only own keys of the parsed config are looked at.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { ProjectError } from '../../lib/errors.js';
import { blankComments, BoundedReader, healthPathFrom, listSourceFiles, RouteCollector } from '../../lib/health-routes.js';
import { firstPortMatchAt } from '../../lib/ports.js';
import { projectEntryExists, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';

export const DENO_DEFAULT_VERSION: string = PINS.denoDefault;
/** Deno.serve's own default port. */
export const DENO_DEFAULT_PORT = 8000;
export const CONFIG_FILES = ['deno.json', 'deno.jsonc'] as const;
export const ENTRY_CANDIDATES = ['main.ts', 'main.js', 'server.ts', 'mod.ts', 'src/main.ts', 'index.ts'];
export const ENTRY_PATH = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}\.(?:[cm]?[jt]sx?)$/;
/** Environment variable names we pass to --allow-env. */
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

export interface DenoConfig {
  file: string | undefined;
  /** tasks.start as written (string, or the `command` of an object task). */
  startTask: string | undefined;
  /** tasks.build, likewise. */
  buildTask: string | undefined;
  /** Import map values that fetch from a registry (npm:, jsr:, https:). */
  remoteImports: number;
}

function own(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function taskText(task: unknown): string | undefined {
  if (typeof task === 'string') return task;
  const command = own(task, 'command');
  return typeof command === 'string' ? command : undefined;
}

export function readDenoConfig(dir: string): DenoConfig {
  const file = CONFIG_FILES.find((f) => projectEntryExists(dir, f));
  if (!file) return { file: undefined, startTask: undefined, buildTask: undefined, remoteImports: 0 };
  const text = readProjectFile(dir, file) ?? '';
  const errors: ParseError[] = [];
  const doc: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    const what = errors.length > 0 ? `${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset}` : 'not a JSON object';
    throw new ProjectError(`${file} cannot be read (${what}); fix it and run again (nothing was written)`);
  }
  const tasks = own(doc, 'tasks');
  const imports = own(doc, 'imports');
  const remoteImports =
    imports !== null && typeof imports === 'object'
      ? Object.values(imports as object).filter((v) => typeof v === 'string' && /^(?:npm:|jsr:|https:)/.test(v)).length
      : 0;
  return { file, startTask: taskText(own(tasks, 'start')), buildTask: taskText(own(tasks, 'build')), remoteImports };
}

/** `deno run -A main.ts` / `deno serve src/app.ts` → the file. */
export function entryOfDenoCommand(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'deno' || !['run', 'serve'].includes(words[1] ?? '')) return undefined;
  const file = words.slice(2).find((w) => !w.startsWith('-'));
  const clean = file?.replace(/^\.\//, '');
  return clean !== undefined && ENTRY_PATH.test(clean) ? clean : undefined;
}

export function detectEntry(dir: string, config: DenoConfig): Detected<string> {
  const fromTask = config.startTask === undefined ? undefined : entryOfDenoCommand(config.startTask);
  if (fromTask) return detectedFrom(fromTask, `${config.file} "tasks.start"`, { file: config.file!, field: '"tasks.start"' });
  const found = ENTRY_CANDIDATES.find((f) => projectEntryExists(dir, f));
  return found ? { value: found, source: found } : { value: 'main.ts', source: "default (deno init's main.ts)" };
}

/** Environment variables the code reads with Deno.env.get("NAME") (besides PORT), sorted. */
export function envReads(dir: string): string[] {
  const names = new Set<string>();
  const reader = new BoundedReader(dir);
  for (const file of listSourceFiles(dir, ['.ts', '.js', '.mts', '.mjs', '.tsx', '.jsx'])) {
    const code = reader.read(file);
    if (code === undefined) continue;
    for (const m of blankComments(code, 'c').matchAll(/Deno\.env\.get\(\s*["'`]([A-Za-z_][A-Za-z0-9_]{0,63})["'`]\s*\)/g)) {
      if (ENV_NAME.test(m[1]!) && names.size < 50) names.add(m[1]!);
    }
  }
  return [...names].sort();
}

const PORT_PATTERNS = [/Deno\.env\.get\(\s*["'`]PORT["'`]\s*\)\s*(?:\?\?|\|\|)\s*["'`]?(\d{2,5})/, /\bport\s*:\s*(\d{4,5})\b/];

export function detectDenoPort(dir: string, entry: string): Detected<number> {
  for (const file of [entry, ...ENTRY_CANDIDATES.filter((f) => f !== entry)]) {
    const text = readSourceFile(dir, file);
    const hit = text === undefined ? undefined : firstPortMatchAt(blankComments(text, 'c'), PORT_PATTERNS);
    if (hit && hit.port >= 1024) return detectedFrom(hit.port, `${file}:${hit.line}`, { file, line: hit.line });
  }
  return { value: DENO_DEFAULT_PORT, source: `default (${DENO_DEFAULT_PORT}, Deno.serve's own)` };
}

const ROUTE_PATTERNS = [
  /pathname\s*===?\s*["'`](\/[^"'`\n]{0,200})["'`]/g,
  /\bcase\s+["'`](\/[^"'`\n]{0,200})["'`]\s*:/g,
  /\.(?:get|all|head)\(\s*["'`](\/[^"'`\n]{0,200})["'`]/g,
  /new\s+URLPattern\(\s*\{\s*pathname\s*:\s*["'`](\/[^"'`\n]{0,200})["'`]/g,
];

export function detectDenoHealthPath(dir: string): Detected<string> {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.ts', '.js', '.mts', '.mjs', '.tsx', '.jsx'])) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    for (const pattern of ROUTE_PATTERNS) for (const m of code.matchAll(pattern)) found.add(m[1]!, file, code, m.index!);
  }
  return healthPathFrom(found.result());
}

/** Deno version: a .dvmrc / .deno-version file (x.y.z), else the default. */
export function detectDenoVersion(dir: string): Detected<string> {
  for (const file of ['.dvmrc', '.deno-version']) {
    const text = readSourceFile(dir, file)?.trim().replace(/^v/, '');
    if (text && /^\d{1,2}\.\d{1,3}\.\d{1,3}$/.test(text)) return detectedFrom(text, file, { file });
  }
  return { value: DENO_DEFAULT_VERSION, source: `default (Deno ${DENO_DEFAULT_VERSION})` };
}
