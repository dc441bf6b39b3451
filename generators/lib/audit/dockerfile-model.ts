// A small, checker-oriented view of a Dockerfile built on dockerfile-ast:
// stages, instructions with their flags, continuation-joined argument text and
// (when valid) the JSON exec-form array.
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction, Flag } from 'dockerfile-ast';

export interface DfFlag {
  name: string;
  value: string | null;
  /** comma-separated key=value options, e.g. --mount=type=cache,target=/x */
  options: Record<string, string>;
}

export interface DfInstruction {
  /** upper-case keyword, e.g. "COPY" */
  keyword: string;
  /** 1-based line of the keyword */
  line: number;
  flags: DfFlag[];
  /** the arguments after the flags, continuation lines joined, comments dropped */
  text: string;
  /** for HEALTHCHECK: the subcommand (CMD / NONE), upper-cased */
  subcommand?: string;
  /** JSON exec form, when `text` (for HEALTHCHECK: text after CMD) is a valid JSON array of strings */
  exec: string[] | null;
  /** shell-style words of `text` (quotes removed; no expansion) */
  words: string[];
  /** ENV / ARG name-value pairs (value null for `ARG NAME`) */
  properties: Array<{ name: string; value: string | null }>;
  raw: Instruction;
}

export interface Stage {
  index: number;
  /** the AS name as written, or null */
  name: string | null;
  /** the FROM image as written (may be an earlier stage's name) */
  image: string;
  /** the earlier stage this one builds FROM, if any */
  parent: Stage | null;
  from: DfInstruction;
  /** instructions after FROM, in order */
  instructions: DfInstruction[];
}

export interface DockerfileModel {
  escape: string;
  /** ARGs before the first FROM */
  globalArgs: DfInstruction[];
  stages: Stage[];
  final: Stage | null;
  all: DfInstruction[];
}

/** Joins continuation lines of an instruction's raw argument text. */
export function joinContinuations(raw: string, escape: string): string {
  const lines = raw.split(/\r?\n/);
  const kept = lines.filter((l, i) => i === 0 || !/^\s*#/.test(l));
  const esc = escape.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return kept
    .join('\n')
    .replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), '')
    .trim();
}

/** Parses `text` as JSON exec form; null when it is not a JSON array of strings. */
export function parseExecForm(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* not JSON: Docker runs it in shell form */
  }
  return null;
}

/** Splits shell-ish text into words, honouring single and double quotes and backslashes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function toFlag(f: Flag): DfFlag {
  const options: Record<string, string> = {};
  const value = f.getValue();
  if (value && value.includes('=')) {
    for (const part of value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) options[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
      else if (part.trim()) options[part.trim().toLowerCase()] = 'true';
    }
  }
  return { name: f.getName().toLowerCase(), value, options };
}

type WithFlags = { getFlags(): Flag[] };
type WithProperties = { getProperties(): Array<{ getName(): string; getValue(): string | null }> };
type WithProperty = { getProperty(): { getName(): string; getValue(): string | null } | null };
type WithSubcommand = { getSubcommand(): { getValue(): string } | null };

function toInstruction(ins: Instruction, escape: string): DfInstruction {
  const keyword = ins.getKeyword().toUpperCase();
  const flags = 'getFlags' in ins ? (ins as unknown as WithFlags).getFlags().map(toFlag) : [];
  let text = joinContinuations(ins.getRawArgumentsContent() ?? '', escape);
  // getRawArgumentsContent() already leaves flags out for instructions that take flags;
  // be defensive in case a future dockerfile-ast keeps them.
  while (flags.length > 0 && /^--[a-z-]+(=\S*)?(\s|$)/i.test(text)) text = text.replace(/^--\S+\s*/, '');
  const out: DfInstruction = {
    keyword,
    line: ins.getRange().start.line + 1,
    flags,
    text,
    exec: null,
    words: [],
    properties: [],
    raw: ins,
  };
  if (keyword === 'HEALTHCHECK') {
    const sub = (ins as unknown as WithSubcommand).getSubcommand();
    out.subcommand = sub ? sub.getValue().toUpperCase() : undefined;
    const rest = text.replace(/^\S+\s*/, '');
    out.exec = out.subcommand === 'CMD' ? parseExecForm(rest) : null;
    out.words = shellWords(rest);
  } else {
    out.exec = parseExecForm(text);
    out.words = out.exec ?? shellWords(text);
  }
  if (keyword === 'ENV' && 'getProperties' in ins) {
    out.properties = (ins as unknown as WithProperties).getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }));
  } else if (keyword === 'ARG' && 'getProperty' in ins) {
    const p = (ins as unknown as WithProperty).getProperty();
    if (p) out.properties = [{ name: p.getName(), value: p.getValue() }];
  }
  return out;
}

export function parseDockerfile(text: string): DockerfileModel {
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter();
  const all = df.getInstructions().map((i) => toInstruction(i, escape));
  const globalArgs: DfInstruction[] = [];
  const stages: Stage[] = [];
  for (const ins of all) {
    if (ins.keyword === 'FROM') {
      const from = ins.raw as unknown as { getImage(): string | null; getBuildStage(): string | null };
      const image = from.getImage() ?? '';
      const parent = stages.find((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase()) ?? null;
      stages.push({ index: stages.length, name: from.getBuildStage(), image, parent, from: ins, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') globalArgs.push(ins);
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return { escape, globalArgs, stages, final: stages.length ? stages[stages.length - 1] : null, all };
}

/** The stage and its ancestors (via FROM <earlier stage>), nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | null = stage;
  while (s && !chain.includes(s)) {
    chain.push(s);
    s = s.parent;
  }
  return chain;
}

/** ENV values visible at the end of a stage (inherited from parent stages). */
export function stageEnv(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of stageChain(stage).reverse()) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        for (const p of ins.properties) {
          if (p.value !== null) env.set(p.name, p.value);
          else if (!env.has(p.name) && ins.keyword === 'ARG') env.set(p.name, '');
        }
      }
    }
  }
  return env;
}

/** Expands $VAR, ${VAR}, ${VAR:-default}, ${VAR-default} from `vars`; unknown -> ''. */
export function expandVars(text: string, vars: Map<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const val = vars.get(name);
      const isSet = val !== undefined;
      const nonEmpty = isSet && val !== '';
      if (op === ':-') return nonEmpty ? val : (word ?? '');
      if (op === '-') return isSet ? val : (word ?? '');
      if (op === ':+') return nonEmpty ? (word ?? '') : '';
      if (op === '+') return isSet ? (word ?? '') : '';
      return val ?? '';
    },
  );
}
