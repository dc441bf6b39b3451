/**
 * Environment variables the app requires at start: read through `process.env.X` and checked
 * with a throw or `process.exit`, declared without a default in an envalid `cleanEnv`, a zod
 * `z.object` parsed from `process.env`, a Joi schema with `.required()`, or listed with an empty
 * value in `.env.example`. compose.yaml then names each one (`${NAME:?...}`), so a missing value
 * stops `docker compose up` with its name instead of a crash loop. Reads are bounded (the
 * services scan's limits: 400 files, 256 KB each); names are validated.
 */
import { readBounded, sourceFiles } from '../../lib/services/scan.js';
import type { RequiredVariable } from '../../lib/stack.js';

const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const ENV_READ = String.raw`process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"\x60]([A-Z][A-Z0-9_]*)['"\x60]\s*\])`;
/** What fails the start right after a check. */
const FAILS = /^[\s\S]{0,200}?\b(?:throw\b|process\.exit\s*\(|process\.exitCode\s*=\s*[1-9])/;
/** Variables the image itself sets, or that are never configuration. */
const NOT_CONFIG = new Set(['NODE_ENV', 'PORT', 'HOST', 'HOSTNAME', 'PATH', 'HOME', 'PWD', 'CI', 'TZ', 'DEBUG', 'npm_package_version']);
const MAX_VARIABLES = 30;
const EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults'];

/** Text between a `{`/`(` at `open` and its match, at most `limit` characters. */
function balanced(text: string, open: number, limit = 4000): string {
  const opener = text[open]!;
  const closer = opener === '{' ? '}' : ')';
  let depth = 0;
  const end = Math.min(text.length, open + limit);
  for (let i = open; i < end; i++) {
    if (text[i] === opener) depth++;
    else if (text[i] === closer && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1, end);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Required variables in one source text, each with its line. */
export function requiredInSource(text: string): { name: string; line: number; how: string }[] {
  const out: { name: string; line: number; how: string }[] = [];
  const add = (name: string | undefined, offset: number, how: string) => {
    if (name !== undefined && NAME.test(name) && !NOT_CONFIG.has(name) && !out.some((o) => o.name === name))
      out.push({ name, line: lineOf(text, offset), how });
  };
  // 1. if (!process.env.X [|| !process.env.Y]) throw / process.exit
  for (const m of text.matchAll(/\bif\s*\(/g)) {
    const cond = balanced(text, m.index + m[0].length - 1, 400);
    const after = text.slice(m.index + m[0].length + cond.length + 1, m.index + m[0].length + cond.length + 260);
    if (!FAILS.test(after)) continue;
    for (const n of cond.matchAll(new RegExp(String.raw`!\s*${ENV_READ}`, 'g'))) add(n[1] ?? n[2], m.index, 'checked with a throw or exit');
  }
  // 2. process.env.X ?? throw / || (() => { throw ... })()
  for (const m of text.matchAll(
    new RegExp(String.raw`${ENV_READ}\s*(?:\?\?|\|\|)\s*(?:\(\s*\)\s*=>\s*\{\s*|\(\(\s*\)\s*=>\s*\{\s*)?(?:throw\b|process\.exit\s*\()`, 'g'),
  ))
    add(m[1] ?? m[2], m.index, 'read with a throw when unset');
  // 3. const x = process.env.X; if (!x) throw
  for (const m of text.matchAll(new RegExp(String.raw`\b(?:const|let|var)\s+([A-Za-z_$][\w$]{0,63})\s*=\s*${ENV_READ}\s*;?`, 'g'))) {
    const local = m[1]!.replace(/\$/g, '\\$');
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 600);
    const check = new RegExp(String.raw`\bif\s*\(\s*!\s*${local}\s*\)`).exec(rest);
    if (check && FAILS.test(rest.slice(check.index + check[0].length))) add(m[2] ?? m[3], m.index, 'checked with a throw or exit');
  }
  // 4. envalid: cleanEnv(process.env, { X: str(), Y: port({ default: 3000 }) })
  for (const m of text.matchAll(/\bcleanEnv\s*\(\s*process\.env\s*,\s*\{/g)) {
    const body = balanced(text, m.index + m[0].length - 1);
    for (const e of body.matchAll(/\b([A-Z][A-Z0-9_]*)\s*:\s*(?:str|bool|num|email|host|port|url|json)\s*\(/g)) {
      const args = balanced(body, e.index + e[0].length - 1, 600);
      if (!/\b(?:default|devDefault)\s*:/.test(args)) add(e[1], m.index + m[0].length + e.index, 'envalid, no default');
    }
  }
  // 5. zod: z.object({ X: z.string(), ... }) parsed from process.env
  if (/\.(?:safe)?[pP]arse\s*\(\s*process\.env\b/.test(text)) {
    for (const m of text.matchAll(/\bz\.object\s*\(\s*\{/g)) {
      const body = balanced(text, m.index + m[0].length - 1);
      for (const e of body.matchAll(/(?:^|[,{\n])\s*([A-Z][A-Z0-9_]*)\s*:\s*(z\.[^\n]{0,300})/g)) {
        const chain = e[2]!.split(/,\s*(?:[A-Z][A-Z0-9_]*)\s*:/)[0]!;
        if (!/\.(?:optional|default|nullish|catch)\s*\(/.test(chain)) add(e[1], m.index + m[0].length + e.index, 'zod schema, not optional');
      }
    }
  }
  // 6. Joi: X: Joi.string().required()
  if (/\bJoi\b/.test(text) && /process\.env\b/.test(text)) {
    for (const e of text.matchAll(/\b([A-Z][A-Z0-9_]*)\s*:\s*Joi\.[^\n]{0,300}?\.required\s*\(\s*\)/g)) add(e[1], e.index, 'Joi schema, required');
  }
  return out;
}

/** Names with an empty value in a `.env.example`-style file (a value there is an example default). */
export function requiredInExample(text: string): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  text
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .slice(0, 2000)
    .forEach((line, i) => {
      const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]{0,63})\s*=\s*(?:""|'')?\s*(?:#.*)?$/.exec(line);
      if (m && !NOT_CONFIG.has(m[1]!) && !out.some((o) => o.name === m[1])) out.push({ name: m[1]!, line: i + 1 });
    });
  return out;
}

/** The variables a Node.js project requires at start, first evidence per name, sorted by name. */
export function requiredVariables(dir: string): RequiredVariable[] {
  const found = new Map<string, string>();
  const files = sourceFiles(dir, ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']).filter((f) => !/\.(?:test|spec|d)\.[cm]?[jt]s$/.test(f));
  for (const file of files) {
    const text = readBounded(dir, file);
    if (text === undefined || !text.includes('process.env')) continue;
    for (const r of requiredInSource(text)) if (!found.has(r.name)) found.set(r.name, `${file}:${r.line} (${r.how})`);
  }
  for (const file of EXAMPLE_FILES) {
    const text = readBounded(dir, file, 64 * 1024);
    if (text === undefined) continue;
    for (const r of requiredInExample(text)) if (!found.has(r.name)) found.set(r.name, `${file}:${r.line} (no value)`);
  }
  return [...found]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_VARIABLES)
    .map(([name, source]) => ({ name, source }));
}
