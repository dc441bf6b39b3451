/**
 * Which fixtures the end-to-end tests and the benchmark build: every `test/fixtures/<name>.e2e.json`
 * next to a fixture folder. A new stack adds its fixtures and their .e2e.json; no test code changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nodeMajor } from './docker.js';
import { FIXTURES_DIR } from './project.js';

export interface E2eCase {
  fixture: string;
  /** Generator flags beyond --yes (--bind-address 127.0.0.1 is always added). */
  flags: Record<string, string>;
  /**
   * The health path the test requests, when it is not given as a flag (a fixture generated with
   * --yes and no flags: the path the generator must detect by itself).
   */
  healthPath?: string;
  /** The base image of the runtime stage, for "size above base". */
  baseImage: string;
  /** A source file the app runs: changed by one line to prove the install layer is reused. */
  touch: string;
  /** Text of the dependency-install step in the build log; absent when nothing is installed. */
  installStep?: string;
  /** A command run in the container that must fail: writing to the app's own files. */
  writeProbe?: string[];
  /**
   * Whether the generator finds the app's health route by itself (file:line in the summary);
   * false when it falls back to the app's own `/` or to liveness on `/` (or nginx answers it).
   * When true, an unknown path must answer 404 (the health check does not pass by accident).
   */
  healthRouteDetected: boolean;
  /** Folders holding what the app needs at run time (benchmark payload); default ["/app"]. */
  payloadPaths?: string[];
}

/**
 * The fixtures that also run on the legacy engine (Docker 20.10 + Compose 1.29): one per stack,
 * the first by name (fixtures are named <stack>-<what>).
 */
export function legacyEngineCases(cases: readonly E2eCase[]): E2eCase[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const stack = c.fixture.split('-')[0]!;
    if (seen.has(stack)) return false;
    seen.add(stack);
    return true;
  });
}

/** `{nodeMajor}` → the host's Node.js major, which the node stand-in image is built from. */
function expand(text: string): string {
  return text.replaceAll('{nodeMajor}', String(nodeMajor()));
}

export function loadE2eCases(): E2eCase[] {
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.e2e.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(expand(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8'))) as Omit<E2eCase, 'fixture'>;
      const fixture = file.replace(/\.e2e\.json$/, '');
      if (!fs.existsSync(path.join(FIXTURES_DIR, fixture))) throw new Error(`${file}: no fixture folder ${fixture}`);
      return { fixture, ...raw, flags: { ...raw.flags, 'bind-address': '127.0.0.1' } };
    });
}
