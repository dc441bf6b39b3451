/**
 * Which Node.js major the image runs: from `volta.node`, `.tool-versions` (its `nodejs` line),
 * `.nvmrc`, `.node-version` and `package.json` "engines.node" (a semver range). A pinned version
 * that the range allows wins (it is what the developers run); otherwise the newest maintained LTS
 * major the range allows, as a tag that exists (`node:<major>-bookworm-slim` exists from 18 on).
 * A choice past its end of life is kept when nothing else is allowed, with a warning naming it.
 * Pure over the project's files and `today`.
 */
import semver from 'semver';
import type { ValueOrigin } from '../../lib/errors.js';
import { showValue } from '../../lib/errors.js';
import { readProjectFile } from '../../lib/project-files.js';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { KNOWN_RELEASES, PINS } from '../../lib/versions.js';
import type { PackageJson } from './detect.js';

/** The Node.js major used when the project states none: the current LTS line. */
export const NODE_LTS_MAJOR = Number(PINS.nodeLtsMajor);
/** Majors with official bookworm-slim images; even ones are LTS lines. */
const IMAGE_MAJORS: readonly number[] = KNOWN_RELEASES.nodeMajors;
const END_OF_LIFE: Record<number, string> = KNOWN_RELEASES.nodeEndOfLife;
const LTS_CODENAMES: Record<string, number> = KNOWN_RELEASES.nodeLtsCodenames;

/** Ranges longer than this are not ranges anyone writes (semver refuses them too). */
const MAX_RANGE_LENGTH = 256;

/** Today as YYYY-MM-DD (UTC), the date end-of-life is judged against. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a major has passed its end of life on `today` (YYYY-MM-DD); unknown majors below 18 are. */
export function isEndOfLife(major: number, today: string): boolean {
  const eol = Object.hasOwn(END_OF_LIFE, major) ? END_OF_LIFE[major] : undefined;
  if (eol === undefined) return major < IMAGE_MAJORS[0]!;
  return eol < today;
}

/** The end-of-life date of a major, when known. */
export function endOfLife(major: number): string | undefined {
  return Object.hasOwn(END_OF_LIFE, major) ? END_OF_LIFE[major] : undefined;
}

/** Does some release of `major` satisfy a semver range? (enough to pick an image tag) */
export function majorSatisfies(range: string, major: number): boolean {
  if (range.length > MAX_RANGE_LENGTH) return false;
  try {
    return semver.intersects(range, `${major}.x`, { includePrerelease: true });
  } catch {
    return false;
  }
}

export interface MajorChoice {
  major: number;
  /** Every major with an image that the range allows is past its end of life. */
  endOfLife: boolean;
}

/**
 * The image major for an `engines.node` range: the newest maintained major with an image that the
 * range allows (LTS lines first), else the newest allowed one with an image (end of life), else
 * undefined (not a range, or no image major allowed).
 */
export function pickMaintainedMajor(range: string, today: string): MajorChoice | undefined {
  if (range.length > MAX_RANGE_LENGTH || semver.validRange(range) === null) return undefined;
  const allowed = [...IMAGE_MAJORS].sort((a, b) => b - a).filter((major) => majorSatisfies(range, major));
  const maintained = allowed.filter((major) => !isEndOfLife(major, today));
  const lts = maintained.find((major) => major % 2 === 0);
  if (lts !== undefined) return { major: lts, endOfLife: false };
  if (maintained[0] !== undefined) return { major: maintained[0], endOfLife: false };
  if (allowed[0] !== undefined) return { major: allowed[0], endOfLife: true };
  return undefined;
}

/** The major as written in a version pin: `v20.11.0`, `20`, `lts/iron`; `lts/*` means the LTS line. */
export function parseVersionPin(value: string): string | undefined {
  const line = value.trim();
  const lts = /^lts\/(.{1,40})$/i.exec(line);
  if (lts) {
    const name = lts[1]!.toLowerCase();
    if (name === '*') return String(NODE_LTS_MAJOR);
    return Object.hasOwn(LTS_CODENAMES, name) ? String(LTS_CODENAMES[name]) : undefined;
  }
  // Digits as written, however many: an impossible major is reported against its file.
  const version = /^v?(\d+)(?:\.\d+){0,2}$/.exec(line);
  return version ? version[1]!.replace(/^0+(?=\d)/, '') : undefined;
}

/**
 * `.nvmrc` / `.node-version` content: the first line that is not a comment, as a pin.
 * The major as written (digits), so that an impossible one is reported as it stands.
 */
export function parseVersionFile(content: string): string | undefined {
  const line = content
    .slice(0, 4096)
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .find((l) => l !== '');
  return line === undefined ? undefined : parseVersionPin(line);
}

/**
 * asdf / mise `.tool-versions`: the first version on the `nodejs` (or `node`) line, e.g.
 * `nodejs 20.11.0 system` → 20. `system`, `ref:...`, `path:...` and garbage are not versions.
 */
export function parseToolVersions(content: string): string | undefined {
  for (const raw of content.slice(0, 16384).split(/\r?\n/).slice(0, 200)) {
    const line = raw.replace(/#.*/, '').trim();
    const [tool, first] = line.split(/\s+/);
    if (tool !== 'nodejs' && tool !== 'node') continue;
    return first === undefined ? undefined : parseVersionPin(first);
  }
  return undefined;
}

export interface NodeVersionDecision {
  detected: Detected<string>;
  /** For the summary: end of life, a pin outside the range, an unusable value. */
  warnings: string[];
}

interface Pin {
  major: string;
  source: string;
  origin: ValueOrigin;
}

function readPins(dir: string, pkg: PackageJson): { pins: Pin[]; warnings: string[] } {
  const pins: Pin[] = [];
  const warnings: string[] = [];
  const add = (raw: string | undefined, parse: (text: string) => string | undefined, source: (major: string) => string, origin: ValueOrigin, what: string) => {
    if (raw === undefined) return;
    const major = parse(raw);
    if (major === undefined) {
      if (raw.trim() !== '')
        warnings.push(
          `${what} does not hold a Node.js version this generator can read (${showValue(raw.trim().slice(0, 60))}): ignored; --runtime-version sets one`,
        );
      return;
    }
    pins.push({ major, source: source(major), origin });
  };
  const volta = pkg.volta?.node;
  add(
    volta,
    parseVersionPin,
    () => `package.json "volta.node" (${volta})`,
    { file: 'package.json', field: '"volta.node"', line: pkg.lines?.['volta.node'] },
    'package.json "volta.node"',
  );
  add(readProjectFile(dir, '.tool-versions'), parseToolVersions, (major) => `.tool-versions (nodejs ${major})`, { file: '.tool-versions' }, '.tool-versions');
  for (const file of ['.nvmrc', '.node-version']) add(readProjectFile(dir, file), parseVersionFile, (major) => `${file} (${major})`, { file }, file);
  return { pins, warnings };
}

/** The Node.js major for the image, where it came from, and what the summary should say about it. */
export function decideNodeVersion(dir: string, pkg: PackageJson, today: string = isoToday()): NodeVersionDecision {
  const { pins, warnings } = readPins(dir, pkg);
  const range = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
  const rangeSource = range === undefined ? undefined : `package.json "engines.node" (${range})`;
  const rangeOrigin: ValueOrigin = { file: 'package.json', field: '"engines.node"', line: pkg.lines?.['engines.node'] };
  const rangeUsable = range !== undefined && range.length <= MAX_RANGE_LENGTH && semver.validRange(range) !== null;
  if (range !== undefined && !rangeUsable) warnings.push(`${rangeSource!.slice(0, 120)} is not a semver range: ignored; --runtime-version sets the version`);
  const eolWarning = (major: number, from: string) => {
    if (isEndOfLife(major, today)) {
      const eol = endOfLife(major);
      warnings.push(
        `Node.js ${major} (from ${from}) is past its end of life${eol ? ` (${eol})` : ''}: it gets no security fixes; the image uses node:${major} as asked, move to a maintained line (and set --runtime-version) when you can`,
      );
    }
  };
  for (const pin of pins) {
    const major = Number(pin.major);
    if (rangeUsable && !majorSatisfies(range, major)) {
      warnings.push(`${pin.source} is outside ${rangeSource}: not used`);
      continue;
    }
    const also = pins.filter((p) => p !== pin).map((p) => p.source);
    const source = [pin.source, ...(rangeUsable ? [`within ${rangeSource}`] : []), ...(also.length > 0 ? [`also ${also.join(', ')}`] : [])].join('; ');
    if (!IMAGE_MAJORS.includes(major) && major < IMAGE_MAJORS[0]!) {
      warnings.push(
        `${pin.source}: there is no node:${major}-bookworm-slim image (bookworm images start at Node.js ${IMAGE_MAJORS[0]}); pass --runtime-version with a maintained major`,
      );
    }
    eolWarning(major, pin.source);
    return { detected: detectedFrom(pin.major, source, pin.origin), warnings };
  }
  if (rangeUsable) {
    const choice = pickMaintainedMajor(range, today);
    if (choice !== undefined) {
      if (choice.endOfLife) {
        warnings.push(
          `${rangeSource} allows only Node.js lines past their end of life: using ${choice.major} (end of life ${endOfLife(choice.major) ?? 'passed'}), the newest it allows with an image; widen the range or pass --runtime-version`,
        );
      }
      return { detected: detectedFrom(String(choice.major), rangeSource!, rangeOrigin), warnings };
    }
    warnings.push(
      `${rangeSource} allows no Node.js major with a node:<major>-bookworm-slim image (${IMAGE_MAJORS.join(', ')}): using the default ${NODE_LTS_MAJOR}; pass --runtime-version to choose`,
    );
  }
  return { detected: { value: String(NODE_LTS_MAJOR), source: `default (Node.js ${NODE_LTS_MAJOR}, the LTS line)` }, warnings };
}
