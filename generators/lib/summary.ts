import type { GeneratedFile } from './render.js';
import type { Resolution } from './resolve.js';
import { allQuestions } from './settings.js';

/** What was decided (and from where), what was written, and what to run next. */
export function formatSummary(resolution: Resolution, files: readonly GeneratedFile[]): string {
  const { answers, sources, warnings, profile } = resolution;
  const lines = [`\nDocker files for a ${profile.label} app:`];
  for (const question of allQuestions()) {
    if (!(question.key in sources)) continue;
    const value = question.key in answers.stack ? answers.stack[question.key] : (answers as unknown as Record<string, unknown>)[question.key];
    const shown = question.format(value);
    lines.push(`  ${question.flag.padEnd(16)} ${(shown === '' ? '(none)' : shown).padEnd(28)} ${sources[question.key]}`);
  }
  lines.push('Files:');
  for (const file of files) lines.push(`  ${file.path.padEnd(16)} from ${file.template}`);
  for (const warning of warnings) lines.push(`Warning: ${warning}`);
  lines.push(
    'Next:',
    `  docker compose up --build              # build, start and wait for it at http://localhost:${answers.hostPort}${answers.healthPath}`,
    `  docker build -t ${answers.serviceName} .`,
    `  docker compose ps                      # STATUS shows (healthy) once ${answers.healthPath} answers`,
  );
  return lines.join('\n');
}
