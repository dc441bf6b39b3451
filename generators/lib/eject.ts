/**
 * `yo docker-prod:eject [file]`: which bundled templates to copy into the overrides folder, to
 * start a team's own version from. Pure apart from reading the project (to know its stack) and
 * the bundled templates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, ProjectError } from './errors.js';
import { TEMPLATES_DIR } from './paths.js';
import { bundledTemplates, REPO_TEMPLATES } from './templates.js';
import { STACKS, sniffStack } from '../stacks/index.js';

/** Generated file → template, for the names users know (the stack's folder for the Dockerfile and its extra files). */
const COMMON_BY_OUTPUT: Record<string, string> = {
  '.dockerignore': 'common/dockerignore.ejs',
  'compose.yaml': 'common/compose.yaml.ejs',
  'README.Docker.md': 'common/README.Docker.md.ejs',
  '.github/workflows/docker.yml': 'common/ci/github-workflow.yml.ejs',
  '.gitlab/docker.gitlab-ci.yml': 'common/ci/gitlab-ci.yml.ejs',
  '.trivyignore': 'common/ci/trivyignore.ejs',
  '.hadolint.yaml': 'common/ci/hadolint.yaml.ejs',
};

/**
 * The templates to eject: `file` as a template path (`node/Dockerfile.ejs`), a generated file's
 * name (`Dockerfile`, `compose.yaml`, `nginx.conf`: the project's stack decides which), or
 * nothing for every template the project's stack uses plus the common ones.
 */
export function templatesToEject(dir: string, file: string | undefined): string[] {
  const bundled = bundledTemplates();
  const stack = sniffStack(dir)?.stack.id;
  const forStack = (rel: string) => rel.startsWith('common/') || (stack ? rel.startsWith(`${stack}/`) : true);
  if (file === undefined || file === '') return bundled.filter(forStack);
  const name = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (bundled.includes(name)) return [name];
  if (COMMON_BY_OUTPUT[name]) return [COMMON_BY_OUTPUT[name]];
  const own = stack && bundled.find((rel) => rel === `${stack}/${name}.ejs`);
  if (own) return [own];
  const choices = [
    ...new Set([
      ...Object.keys(COMMON_BY_OUTPUT),
      ...bundled
        .filter((rel) => !rel.startsWith('common/'))
        .map((rel) =>
          rel
            .split('/')
            .slice(1)
            .join('/')
            .replace(/\.ejs$/, ''),
        ),
    ]),
  ];
  throw new InputError(
    'file',
    file,
    `a template path (${bundled.join(', ')}) or a generated file (${choices.join(', ')})${stack ? '' : `; with no ${STACKS.map((s) => s.markers[0]).join('/')} here, give the template path`}`,
  );
}

/** The overrides folder for eject: `--templates <dir>` or `.docker-prod/templates`, inside the project. */
export function ejectFolder(dir: string, flag: string | undefined): string {
  const folder = path.resolve(dir, flag ?? REPO_TEMPLATES);
  // The nearest existing folder must be inside the project (no link leading elsewhere).
  let probe = folder;
  while (!fs.existsSync(probe)) probe = path.dirname(probe);
  const real = fs.realpathSync(probe);
  const rel = path.relative(fs.realpathSync(dir), real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ProjectError(`${flag ?? REPO_TEMPLATES} leads outside the project (to ${real}); eject writes only inside the project`);
  }
  return folder;
}

export const bundledText = (rel: string) => fs.readFileSync(path.join(TEMPLATES_DIR, rel), 'utf8');
