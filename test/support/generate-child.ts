/**
 * Runs the pure pipeline (resolve → render, as `yo docker-prod --yes`) in a child process, so a
 * test can put a time limit on it that holds even when the work blocks the event loop (a
 * quadratic regex, a blocking read): `node generate-child.js <dir> [flags-json]` prints one JSON
 * line: the generated files, or the error's name and message.
 */
import { formatSummary } from '../../generators/lib/summary.js';
import { generate } from './generate.js';

const [dir, flagsJson] = process.argv.slice(2);
try {
  const { resolution, files } = await generate(dir!, flagsJson ? (JSON.parse(flagsJson) as Record<string, string>) : {});
  const out = {
    ok: true,
    files: Object.fromEntries(files.map((f) => [f.path, f.content])),
    summary: formatSummary(resolution, files),
    sources: resolution.sources,
    warnings: resolution.warnings,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (error) {
  const e = error as Error;
  process.stdout.write(`${JSON.stringify({ ok: false, name: e.name, message: e.message, stack: e.stack })}\n`);
}
