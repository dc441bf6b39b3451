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
import { targetProblems, targetProblemsMessage } from './write-targets.js';
import { createTwoFilesPatch } from 'diff';
import { ProjectError } from './errors.js';
import type { GeneratedFile } from './render.js';
import { resolveAnswers, type Resolution, type TextValues } from './resolve.js';
import { allQuestions } from './settings.js';

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
  // Never read through a link out of the project, a FIFO or a folder where a file goes.
  const problems = targetProblems(
    dir,
    files.map((f) => f.path),
  );
  if (problems.length > 0) throw new ProjectError(targetProblemsMessage(problems));
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

/**
 * Answers kept in `.yo-rc.json` that the project now contradicts (a changed port or runtime
 * version): stored answers win, so these are not drift, but `--check` names them, with the flag
 * that follows the project. Detection problems are left to a real run.
 */
export async function staleStoredAnswers(dir: string, flags: TextValues, resolution: Resolution): Promise<string[]> {
  let fresh: Resolution;
  try {
    fresh = await resolveAnswers({ dir, flags, stored: {} });
  } catch {
    return [];
  }
  const valueOf = (r: Resolution, key: string) => (key in r.answers.stack ? r.answers.stack[key] : (r.answers as unknown as Record<string, unknown>)[key]);
  const notes: string[] = [];
  for (const question of allQuestions()) {
    if (resolution.sources[question.key] !== '.yo-rc.json' || !(question.key in fresh.sources)) continue;
    const source = fresh.sources[question.key]!;
    if (source.startsWith('default') || source === 'the app port') continue;
    if (question.key !== 'language' && fresh.profile.id !== resolution.profile.id) continue;
    const kept = question.format(valueOf(resolution, question.key) as never);
    const found = question.format(valueOf(fresh, question.key) as never);
    if (kept !== found) {
      notes.push(
        `Note: .yo-rc.json keeps --${question.flag} ${JSON.stringify(kept)}, but the project now says ${JSON.stringify(found)} (${source}); pass --${question.flag} ${JSON.stringify(found)} to follow it`,
      );
    }
  }
  return notes;
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
