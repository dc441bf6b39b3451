/**
 * Reading a Cargo package: Cargo.toml (smol-toml), Cargo.lock, rust-toolchain(.toml), binary
 * targets, the web framework and the port. Every function is pure over the folder's files and
 * says where a value came from. Cargo.toml is untrusted: only own keys of the parsed tables are
 * looked at, wrong types are ignored or refused with the file named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TomlError as SmolTomlError } from 'smol-toml';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { ProjectError, showValue } from '../../lib/errors.js';
import { projectEntryExists, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { blankComments } from '../../lib/health-routes.js';
import { firstPortMatchAt } from '../../lib/ports.js';
import { PINS } from '../../lib/versions.js';

/** The Rust release line used when no toolchain file names one. */
export const RUST_DEFAULT_VERSION: string = PINS.rustDefault;
/** A binary target name cargo accepts and a file name we can print unquoted. */
export const BINARY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

type TomlValue = string | number | bigint | boolean | Date | TomlValue[] | TomlTable;
interface TomlTable {
  [key: string]: TomlValue;
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at a key path, own keys only. */
function get(table: TomlValue | undefined, ...keys: string[]): TomlValue | undefined {
  let at = table;
  for (const key of keys) {
    if (!isTable(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

function parseTomlFile(text: string, file: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    const line = error instanceof SmolTomlError ? (error as { line?: number }).line : undefined;
    const first = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new ProjectError(`${file} is not valid TOML (${first}${line !== undefined ? ` at line ${line}` : ''}); fix it and run again (nothing was written)`);
  }
}

export interface CargoFacts {
  /** `[package] name`, '' for a workspace root without a package. */
  name: string;
  /** Dependency names from [dependencies] (and target-specific dependency tables). */
  dependencies: string[];
  /** `[[bin]]` entries with a usable name. */
  bins: { name: string; path: string | undefined }[];
  /** `[package] autobins = false`. */
  autobins: boolean;
  /** The root is a workspace ([workspace]). */
  workspace: boolean;
}

export function parseCargoToml(text: string): CargoFacts {
  const doc = parseTomlFile(text, 'Cargo.toml');
  const pkgName = get(doc, 'package', 'name');
  const deps = new Set<string>();
  const addDeps = (table: TomlValue | undefined) => {
    if (!isTable(table)) return;
    for (const [key, value] of Object.entries(table)) {
      // `foo = { package = "real-name" }` renames: the real crate decides the framework.
      const real = get(value, 'package');
      deps.add(typeof real === 'string' ? real : key);
    }
  };
  addDeps(get(doc, 'dependencies'));
  const targets = get(doc, 'target');
  if (isTable(targets)) for (const target of Object.values(targets)) addDeps(get(target, 'dependencies'));
  const bins: CargoFacts['bins'] = [];
  const rawBins = get(doc, 'bin');
  if (Array.isArray(rawBins)) {
    for (const bin of rawBins.slice(0, 100)) {
      const name = get(bin, 'name');
      const binPath = get(bin, 'path');
      if (typeof name === 'string' && BINARY_NAME.test(name)) bins.push({ name, path: typeof binPath === 'string' ? binPath : undefined });
    }
  }
  return {
    name: typeof pkgName === 'string' ? pkgName : '',
    dependencies: [...deps],
    bins,
    autobins: get(doc, 'package', 'autobins') !== false,
    workspace: isTable(get(doc, 'workspace')),
  };
}

export function readCargoToml(dir: string): CargoFacts {
  const text = readProjectFile(dir, 'Cargo.toml');
  if (text === undefined) return { name: '', dependencies: [], bins: [], autobins: true, workspace: false };
  const facts = parseCargoToml(text);
  if (facts.name === '') {
    throw new ProjectError(
      facts.workspace
        ? 'Cargo.toml is a workspace without a [package] of its own: run the generator in the folder of the member crate to ship (the image builds one package)'
        : 'Cargo.toml has no [package] name; fix it and run again (nothing was written)',
    );
  }
  return facts;
}

// ---------------------------------------------------------------- binaries

/** `src/bin/<name>.rs` and `src/bin/<name>/main.rs` targets cargo discovers by itself. */
function discoveredBins(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, 'src/bin'), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.slice(0, 200)) {
    if (entry.isFile() && entry.name.endsWith('.rs')) out.push(entry.name.slice(0, -3));
    else if (entry.isDirectory() && projectEntryExists(dir, `src/bin/${entry.name}/main.rs`)) out.push(entry.name);
  }
  return out.filter((name) => BINARY_NAME.test(name)).sort();
}

/**
 * The package's binary targets, as cargo sees them: `[[bin]]` entries, `src/main.rs` (named after
 * the package) and `src/bin/*` (unless autobins = false). Names cargo could not build by a plain
 * `--bin <name>` are left out.
 */
export function findBinaries(dir: string, cargo: CargoFacts = readCargoToml(dir)): string[] {
  const names = new Set(cargo.bins.map((b) => b.name));
  if (cargo.autobins) {
    if (projectEntryExists(dir, 'src/main.rs') && BINARY_NAME.test(cargo.name) && !cargo.bins.some((b) => b.path === 'src/main.rs')) names.add(cargo.name);
    for (const name of discoveredBins(dir)) names.add(name);
  }
  return [...names].sort();
}

export function detectBinary(dir: string, cargo: CargoFacts = readCargoToml(dir)): Detected<string> {
  const found = findBinaries(dir, cargo);
  if (found.length === 1)
    return {
      value: found[0]!,
      source:
        found[0] === cargo.name && projectEntryExists(dir, 'src/main.rs')
          ? 'src/main.rs (named after Cargo.toml [package] name)'
          : 'the one binary target in Cargo.toml / src/bin',
    };
  if (found.length === 0) return { value: '', source: 'no binary target (src/main.rs, src/bin/, [[bin]])' };
  // The binary named after the package is cargo run's default, but a --yes run still must not guess.
  return { value: '', source: `several binary targets (${found.join(', ')})` };
}

// ---------------------------------------------------------------- toolchain

/** `1.95`, `1.95.0` → kept; `stable`, `nightly-2025-01-01`, `1.95-beta` → undefined. */
export function rustVersionOf(channel: string): string | undefined {
  return /^1\.\d{1,3}(?:\.\d{1,3})?$/.test(channel) ? channel : undefined;
}

/** The builder's Rust version: rust-toolchain.toml / rust-toolchain, else the default. */
export function detectRustVersion(dir: string): Detected<string> {
  const toml = readProjectFile(dir, 'rust-toolchain.toml');
  let channel: string | undefined;
  let file = 'rust-toolchain.toml';
  if (toml !== undefined) {
    const value = get(parseTomlFile(toml, 'rust-toolchain.toml'), 'toolchain', 'channel');
    channel = typeof value === 'string' ? value : undefined;
  } else {
    const legacy = readProjectFile(dir, 'rust-toolchain');
    if (legacy !== undefined) {
      file = 'rust-toolchain';
      const trimmed = legacy.trim();
      if (trimmed.startsWith('[')) {
        const value = get(parseTomlFile(legacy, 'rust-toolchain'), 'toolchain', 'channel');
        channel = typeof value === 'string' ? value : undefined;
      } else channel = trimmed.split(/\s/)[0];
    }
  }
  if (channel === undefined) return { value: RUST_DEFAULT_VERSION, source: `default (Rust ${RUST_DEFAULT_VERSION})` };
  const version = rustVersionOf(channel);
  if (version) return detectedFrom(version, `${file} channel "${channel}"`, { file, field: 'channel' });
  // stable / beta / nightly: no image tag says which release; the default line is used.
  return { value: RUST_DEFAULT_VERSION, source: `default (Rust ${RUST_DEFAULT_VERSION}; ${file} channel ${showValue(channel.slice(0, 40))} names no release)` };
}

// ---------------------------------------------------------------- framework and port

export const FRAMEWORKS = [
  // [crate, label, default port: what the framework's own docs and examples listen on]
  ['axum', 'axum', 3000],
  ['actix-web', 'actix-web', 8080],
  ['rocket', 'Rocket', 8000],
  ['warp', 'warp', 3030],
] as const;

export function detectFramework(cargo: CargoFacts): (typeof FRAMEWORKS)[number] | undefined {
  return FRAMEWORKS.find(([crate]) => cargo.dependencies.includes(crate));
}

/** Rust source files of the package (src/, bounded), the chosen binary's file first. */
export function rustSourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 6 || out.length >= 500) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(child, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.rs')) out.push(child);
    }
  };
  walk('src', 0);
  return out;
}

/** Where a binary's main file is: [[bin]] path, src/main.rs, src/bin/<name>.rs or src/bin/<name>/main.rs. */
export function binaryMainFile(dir: string, cargo: CargoFacts, binary: string): string | undefined {
  const declared = cargo.bins.find((b) => b.name === binary);
  const candidates = [declared?.path, binary === cargo.name ? 'src/main.rs' : undefined, `src/bin/${binary}.rs`, `src/bin/${binary}/main.rs`];
  return candidates.find(
    (c): c is string => c !== undefined && /^[A-Za-z0-9_./-]{1,200}$/.test(c) && !c.split('/').includes('..') && projectEntryExists(dir, c),
  );
}

/**
 * Ports in Rust source, linear-time patterns: a PORT fallback (`unwrap_or("8080")`,
 * `unwrap_or(8080)`, `unwrap_or_else(|_| "8080".to_string())` after env::var("PORT")), then
 * bind addresses (`"0.0.0.0:8080"`, `("0.0.0.0", 8080)`, `([0, 0, 0, 0], 8080)`).
 */
const PORT_PATTERNS = [
  /var(?:_os)?\(\s*"PORT"\s*\)[^;]{0,200}?unwrap_or(?:_else)?\(\s*(?:\|_\|\s*)?"?(\d{2,5})"?/,
  /"(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\])?:(\d{2,5})"/,
  /\(\s*"(?:0\.0\.0\.0|127\.0\.0\.1|localhost|::)"\s*,\s*(\d{2,5})\s*\)/,
  /\(\s*\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]\s*,\s*(\d{2,5})\s*\)/,
];

export function detectRustPort(dir: string, cargo: CargoFacts, binary: string): Detected<number> {
  const main = binary ? binaryMainFile(dir, cargo, binary) : undefined;
  const files = [...(main ? [main] : []), ...rustSourceFiles(dir).filter((f) => f !== main && !f.startsWith('src/bin/'))];
  for (const file of files) {
    const text = readSourceFile(dir, file);
    if (text === undefined) continue;
    const hit = firstPortMatchAt(blankComments(text, 'c'), PORT_PATTERNS);
    if (hit && hit.port >= 1024) return detectedFrom(hit.port, `${file}:${hit.line}`, { file, line: hit.line });
  }
  // Only Rocket listens on a port of its own when the code names none (8000, or ROCKET_PORT);
  // axum, actix-web and warp bind what the code gives them, so any number here would be a guess.
  const framework = detectFramework(cargo);
  if (framework?.[0] === 'rocket') return { value: framework[2], source: `default for ${framework[1]} (Cargo.toml dependency "${framework[0]}")` };
  const shown = files.length > 6 ? `${files.slice(0, 6).join(', ')}, ... (${files.length} files)` : files.join(', ');
  return {
    value: 0,
    source: `no port found in ${shown || 'the Rust sources (none under src/)'}; looked for a PORT variable's fallback and bind addresses ("0.0.0.0:8080", ("0.0.0.0", 8080), ([0, 0, 0, 0], 8080))`,
    missing: true,
  };
}

/** Crates that link a C library the slim builder lacks (their -dev package would be needed). */
export function nativeLibraryCrates(dir: string): string[] {
  const lock = readProjectFile(dir, 'Cargo.lock') ?? '';
  return ['openssl-sys', 'libpq-sys', 'mysqlclient-sys', 'libsqlite3-sys'].filter((crate) => lock.includes(`name = "${crate}"`));
}
