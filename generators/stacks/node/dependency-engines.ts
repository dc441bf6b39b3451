/**
 * Node.js versions the app's own dependencies require (`engines.node` of each direct dependency
 * as package-lock.json records it): a framework that needs a newer Node.js than the image (Astro 7
 * needs 22.12+, for instance) fails in the build or at start, so the summary says so beforehand.
 * npm lockfiles only (v2/v3 `packages`); a missing, unreadable or odd lockfile is no warning.
 */
import { tryReadProjectFile } from '../../lib/project-files.js';
import { showValue } from '../../lib/errors.js';
import type { PackageJson } from './detect.js';
import { majorSatisfies } from './engines.js';

/** Lockfiles of large apps are several MiB; this is only a warning, so a bigger one is skipped. */
const LOCKFILE_LIMIT = 16 * 1024 * 1024;
const MAX_DEPENDENCIES = 300;
const MAX_WARNINGS = 3;

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Warnings for direct dependencies whose locked version does not run on Node.js `major`. */
export function dependencyEngineWarnings(dir: string, pkg: PackageJson, major: number, versionSource: string): string[] {
  const read = tryReadProjectFile(dir, 'package-lock.json', LOCKFILE_LIMIT);
  if (!read.ok) return [];
  let lock: unknown;
  try {
    lock = JSON.parse(read.text);
  } catch {
    return [];
  }
  const packages = record(record(lock)?.packages);
  if (!packages) return [];
  const names = [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})])].slice(0, MAX_DEPENDENCIES);
  const warnings: string[] = [];
  for (const name of names) {
    const key = `node_modules/${name}`;
    const entry = Object.hasOwn(packages, key) ? record(packages[key]) : undefined;
    const range = record(entry?.engines)?.node;
    if (typeof range !== 'string' || range.length > 100 || majorSatisfies(range, major)) continue;
    const version = typeof entry?.version === 'string' && /^[0-9A-Za-z.+-]{1,50}$/.test(entry.version) ? ` ${entry.version}` : '';
    warnings.push(
      `${showValue(name)}${version} (package-lock.json) requires Node.js ${showValue(range)}, but the image uses Node.js ${major} (${versionSource}): the build or the app will fail; raise that version or pass --runtime-version`,
    );
    if (warnings.length >= MAX_WARNINGS) break;
  }
  return warnings;
}
