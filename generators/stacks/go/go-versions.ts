/**
 * Go release lines and the official golang image tags that exist for them. The generated
 * Dockerfile builds `FROM golang:<line>-bookworm`; a line without such a tag (older than 1.19:
 * Debian bookworm came out after those were retired) or one past end of life is replaced by the
 * newest line, which builds modules written for older Go (the `go` line is a minimum).
 */
import type { Detected } from '../../lib/stack.js';
import { PINS } from '../../lib/versions.js';
import type { GoMod } from './detect.js';

/** The newest Go release line (the pinned default, kept current by Renovate). */
export const GO_NEWEST_LINE: string = PINS.goDefaultLine;

/**
 * Official golang image tags per Debian suite, by release line (minor numbers, inclusive;
 * `last` undefined: still published). From docker-library/golang's history: bullseye from
 * Go 1.16 until 1.23, bookworm from 1.19 (1.19.10, June 2023), trixie from 1.24.
 */
export const GOLANG_SUITES: Readonly<Record<string, { first: number; last?: number }>> = {
  bullseye: { first: 16, last: 23 },
  bookworm: { first: 19 },
  trixie: { first: 24 },
};

/** The suite the generated Dockerfile builds on. */
export const GOLANG_SUITE = 'bookworm';

const minor = (line: string) => Number(/^1\.(\d{1,3})/.exec(line)?.[1] ?? NaN);

/** Does `golang:<line>-<suite>` exist (lines newer than the newest known are assumed to)? */
export function golangTagExists(line: string, suite = GOLANG_SUITE): boolean {
  const range = GOLANG_SUITES[suite];
  const m = minor(line);
  return range !== undefined && Number.isInteger(m) && m >= range.first && (range.last === undefined || m <= range.last || m > minor(GO_NEWEST_LINE));
}

/** Go supports the two newest release lines; older ones get no security fixes. */
export function goLineEndOfLife(line: string, newest = GO_NEWEST_LINE): boolean {
  return minor(line) < minor(newest) - 1;
}

/** `1.22.3` / `1.22` / `1.21rc1` / `go1.22.5` → `1.22`: the image's release line. */
export function goLine(version: string): string | undefined {
  const m = /^(?:go)?1\.(\d{1,3})(?:$|[.a-z])/.exec(version);
  return m ? `1.${Number(m[1])}` : undefined;
}

export interface GoVersionChoice extends Detected<string> {
  /** Why the line go.mod names is not the one chosen (end of life, no image), for the summary. */
  warning?: string;
}

/**
 * The Go line for the builder image: go.mod's `toolchain` line (what the project builds with),
 * else its `go` line; an end-of-life line or one without a bookworm image becomes the newest
 * line, with a warning naming both; nothing stated gives the newest line.
 */
export function chooseGoVersion(mod: GoMod): GoVersionChoice {
  const toolchain = mod.toolchain === undefined ? undefined : goLine(mod.toolchain);
  const go = mod.go === undefined ? undefined : goLine(mod.go);
  const line = toolchain ?? go;
  const where = toolchain ? `go.mod "toolchain go${mod.toolchain}"` : `go.mod "go ${mod.go}"`;
  if (line === undefined) return { value: GO_NEWEST_LINE, source: `default (Go ${GO_NEWEST_LINE}, the newest release line)` };
  if (!golangTagExists(line)) {
    return {
      value: GO_NEWEST_LINE,
      source: `${where}: no golang:${line}-${GOLANG_SUITE} image, so Go ${GO_NEWEST_LINE}`,
      warning: `${where} names Go ${line}, which has no golang:${line}-${GOLANG_SUITE} image (end of life before Debian ${GOLANG_SUITE}): building with Go ${GO_NEWEST_LINE} (golang:${GO_NEWEST_LINE}-${GOLANG_SUITE}), which compiles modules written for older Go; pass --runtime-version to choose another (1.${GOLANG_SUITES[GOLANG_SUITE]!.first} or later)`,
    };
  }
  if (goLineEndOfLife(line)) {
    return {
      value: GO_NEWEST_LINE,
      source: `${where}: end of life, so Go ${GO_NEWEST_LINE}`,
      warning: `${where} names Go ${line}, which is end of life (no security fixes): building with Go ${GO_NEWEST_LINE} (golang:${GO_NEWEST_LINE}-${GOLANG_SUITE}), which compiles modules written for older Go; pass --runtime-version ${line} to keep Go ${line}`,
    };
  }
  return { value: line, source: where };
}
