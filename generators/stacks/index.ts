/**
 * The registry of stacks. Adding a stack = one profile module here, one `templates/<id>/`
 * folder and its fixtures under `test/fixtures/`.
 */
import type { StackProfile } from '../lib/stack.js';
import { goProfile } from './go/profile.js';
import { nodeProfile } from './node/profile.js';
import { denoProfile } from './deno/profile.js';
import { bunProfile } from './bun/profile.js';
import { rustProfile } from './rust/profile.js';
import { pythonProfile } from './python/profile.js';
import { staticProfile } from './static/profile.js';

// First match wins. Go's go.mod, Rust's Cargo.toml, Deno's deno.json(c)/deno.lock and Python's markers (pyproject.toml, requirements.txt, ...) are
// specific (such services often carry a package.json for front-end tooling); Bun comes before
// static and node because its sniff asks for a Bun lockfile or bunfig.toml AND a start script that
// runs bun or an entry using the Bun API (bun as a mere package manager stays node); static comes before
// node because its sniff is strict (a front-end build and no server) while node takes any
// package.json.
export const STACKS: readonly StackProfile[] = [goProfile, rustProfile, denoProfile, pythonProfile, bunProfile, staticProfile, nodeProfile];

export function findStack(id: string): StackProfile | undefined {
  return STACKS.find((stack) => stack.id === id);
}

/** The first stack whose marker file is in `dir`, with that file as the evidence. */
export function sniffStack(dir: string): { stack: StackProfile; evidence: string } | undefined {
  for (const stack of STACKS) {
    const evidence = stack.sniff(dir);
    if (evidence) return { stack, evidence };
  }
  return undefined;
}
