/**
 * `--check`: what a run would change, as a unified diff, without writing anything.
 *
 * Compared: every file the run would write. A missing file counts as a change (it would be
 * created); a file the user owns once it exists (.trivyignore, .hadolint.yaml) counts only when
 * it is missing. `.yo-rc.json` is the input of the check, not compared: without one, the check
 * regenerates from the flags given and detection, as a first `--yes` run would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ProjectError } from './errors.js';
import type { GeneratedFile } from './render.js';

export interface Drift {
  /** Paths that would be created or changed, in generation order. */
  changed: string[];
  /** Unified diff (`--- a/<path>` / `+++ b/<path>`, /dev/null for new files); '' when current. */
  diff: string;
}

/** One file's unified diff, git style; `before` undefined means the file does not exist. */
export function unifiedDiff(file: string, before: string | undefined, after: string): string {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${file}`, `b/${file}`, before ?? '', after, undefined, undefined, { context: 3 });
  // The library prints an `Index:`/`====` preamble; a plain unified diff starts at `---`.
  return patch.slice(patch.indexOf('--- '));
}

export function drift(files: readonly GeneratedFile[], dir: string): Drift {
  const changed: string[] = [];
  const parts: string[] = [];
  for (const file of files) {
    const target = path.join(dir, file.path);
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (before === file.content || (file.keepExisting && before !== undefined)) continue;
    changed.push(file.path);
    parts.push(unifiedDiff(file.path, before, file.content));
  }
  return { changed, diff: parts.join('') };
}

/** Exit 1 with the list of files (the diff is printed before it is thrown). */
export class DriftError extends ProjectError {
  constructor(readonly changed: readonly string[]) {
    super(
      `${changed.join(', ')} would change (diff above): the generated files no longer match .yo-rc.json and the project; ` +
        'run docker-prod --yes --force (or yo docker-prod) to update them, or change .yo-rc.json / the flags',
    );
    this.name = 'DriftError';
  }
}
