import type { GeneratedFile } from './render.js';
import type { Resolution } from './resolve.js';
import { CI_FILES } from './ci.js';
import { allQuestions } from './settings.js';
import { terminalSafe } from './terminal.js';

/** One cell of a summary line: anything from the project shown as text, on one line. */
const cell = (text: string) => terminalSafe(text, { singleLine: true });

/** What was decided (and from where), what was written, and what to run next. */
export function formatSummary(resolution: Resolution, files: readonly GeneratedFile[], kept: readonly string[] = []): string {
  const { answers, sources, warnings, profile } = resolution;
  const dockerfile = files.find((f) => f.notes?.dockerBuild !== undefined);
  const secretId = dockerfile?.notes?.buildSecretId;
  const build = dockerfile?.notes?.dockerBuild ?? { file: 'Dockerfile', context: '.' };
  // A workspace app: its files sit in its folder, the build context is the workspace root.
  const appFolder = build.file === 'Dockerfile' ? '' : build.file.slice(0, -'/Dockerfile'.length);
  const composeCmd = appFolder === '' ? 'docker compose' : `docker compose -f ${cell(appFolder)}/compose.yaml`;
  const compose = `${composeCmd} up --build`.padEnd(37);
  const lines = [`\nDocker files for a ${profile.label} app:`];
  for (const question of allQuestions()) {
    if (!(question.key in sources)) continue;
    const value = question.key in answers.stack ? answers.stack[question.key] : (answers as unknown as Record<string, unknown>)[question.key];
    const shown = question.format(value);
    lines.push(`  ${question.flag.padEnd(16)} ${cell(shown === '' ? '(none)' : shown).padEnd(28)} ${cell(sources[question.key] ?? '')}`);
  }
  lines.push('Files:');
  for (const file of files) {
    lines.push(`  ${cell(file.path).padEnd(16)} ${kept.includes(file.path) ? 'kept as it is (yours)' : `from ${file.template}`}`);
  }
  if (answers.ci === 'gitlab') {
    lines.push(`GitLab: the generator never writes .gitlab-ci.yml; add to it:  include: [{ local: ${CI_FILES.gitlab} }]`);
  }
  for (const warning of warnings) lines.push(`Warning: ${cell(warning)}`);
  const secretsFolder = files.some((f) => f.notes?.passwordFiles === true);
  lines.push(
    'Next:',
    ...(secretsFolder ? ['  create the password files first       # README.Docker.md, "Backing services" (never committed: .gitignore)'] : []),
    `  ${compose}  # build, start and wait for it at http://localhost:${answers.hostPort}${answers.healthPath}`,
    `  docker build ${build.file === 'Dockerfile' && build.context === '.' ? '' : `-f ${cell(build.file)} `}-t ${answers.serviceName} ${cell(build.context)}${secretId ? `   # private registry: add --secret id=${secretId},src=<file> (README.Docker.md)` : ''}`,
    `  ${`${composeCmd} ps`.padEnd(38)} # STATUS shows (healthy) once ${answers.healthPath} answers`,
  );
  // The output boundary: whatever slipped through above is made safe here too.
  return terminalSafe(lines.join('\n'));
}
