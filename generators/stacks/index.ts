/**
 * The registry of stacks. Adding a stack = one profile module here, one `templates/<id>/`
 * folder and its fixtures under `test/fixtures/`.
 */
import type { StackProfile } from '../lib/stack.js';
import { dotnetProfile } from './dotnet/profile.js';
import { goProfile } from './go/profile.js';
import { javaProfile } from './java/profile.js';
import { nodeProfile } from './node/profile.js';
import { denoProfile } from './deno/profile.js';
import { bunProfile } from './bun/profile.js';
import { rustProfile } from './rust/profile.js';
import { phpProfile } from './php/profile.js';
import { pythonProfile } from './python/profile.js';
import { rubyProfile } from './ruby/profile.js';
import { staticProfile } from './static/profile.js';

// First match wins. Go's go.mod, Rust's Cargo.toml, Java's pom.xml / build.gradle(.kts), .NET's
// project files, Ruby's Gemfile / config.ru, PHP's composer.json, Deno's deno.json(c) / deno.lock
// and Python's markers (pyproject.toml, requirements.txt, ...) are specific (such services often
// carry a package.json for front-end tooling: Rails and Laravel apps always do, Spring Boot and
// Quarkus apps often; a Python helper script's requirements.txt does not make a Java service a
// Python app). Bun comes before static and node because its sniff asks for a Bun lockfile or
// bunfig.toml AND a start script that runs bun or an entry using the Bun API (bun as a mere
// package manager stays node); static comes before node because its sniff is strict (a
// front-end build and no server) while node takes any package.json.
export const STACKS: readonly StackProfile[] = [
  goProfile,
  rustProfile,
  javaProfile,
  dotnetProfile,
  rubyProfile,
  phpProfile,
  denoProfile,
  pythonProfile,
  bunProfile,
  staticProfile,
  nodeProfile,
];

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
