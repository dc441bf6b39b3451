/**
 * TOML (pyproject.toml, Pipfile) through smol-toml, a complete TOML 1.0/1.1 parser: duplicate
 * keys and tables, bare words as values and every other malformed document are refused. Tables
 * come back as null-prototype objects, and lookups only follow own keys, so a `[__proto__]` or
 * `[constructor]` table is just a table with an odd name.
 */
import { parse, TomlError as SmolTomlError } from 'smol-toml';

export type TomlValue = string | number | bigint | boolean | Date | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {}

export function parseToml(text: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    if (error instanceof SmolTomlError) {
      // The first line of smol-toml's message, with its position; the rest is a code excerpt.
      const line = (error as { line?: number }).line;
      const first = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new TomlError(`${first}${line !== undefined ? ` at line ${line}` : ''}`);
    }
    throw new TomlError((error as Error).message.split('\n')[0]!);
  }
}

export function isTable(value: TomlValue | undefined): value is TomlTable {
  return value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at a key path, following own keys only; undefined when any step is missing. */
export function tomlGet(table: TomlTable | undefined, ...path: string[]): TomlValue | undefined {
  let at: TomlValue | undefined = table;
  for (const part of path) {
    if (!isTable(at) || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}
