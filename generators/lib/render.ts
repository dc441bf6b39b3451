/**
 * answers + stack plan → file contents. Pure (reads only the templates and the project's files
 * through the profile); the Yeoman layer writes what this returns.
 *
 * Where a generated line comes from:
 *   Dockerfile     templates/<language>/Dockerfile.ejs   facts: generators/stacks/<language>/profile.ts
 *   .dockerignore  templates/common/dockerignore.ejs     shared lines: ignore.ts; stack lines: profile.ts `dockerignore`
 *   compose.yaml   templates/common/compose.yaml.ejs     facts: composeFacts() below
 *   other files    templates/<language>/<name>.ejs       facts: profile.ts `extraFiles`
 *   CI workflow    templates/common/ci/*.yml.ejs         facts: ciFacts() in ci.ts (--ci github|gitlab)
 *   .trivyignore, .hadolint.yaml  templates/common/ci/     facts: ci.ts (kept when they exist)
 *   README.Docker.md  templates/common/README.Docker.md.ejs  facts: readmeFacts() in docs.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { TEMPLATES_DIR } from './paths.js';
import { CI_FILES, ciFacts, trustedRegistries } from './ci.js';
import { readmeFacts } from './docs.js';
import { COMMON_IGNORE } from './ignore.js';
import { composeString, jsonString, yamlSingleQuoted } from './quote.js';
import type { Answers, StackProfile, TemplateContext } from './stack.js';

export interface GeneratedFile {
  /** Relative to the project folder. */
  path: string;
  content: string;
  /** Template that produced it, relative to the package root (for the summary and newcomers). */
  template: string;
  /**
   * The user's own configuration once it exists (e.g. CVEs accepted in .trivyignore): an
   * existing file is left as it is, never overwritten or prompted for.
   */
  keepExisting?: boolean;
}

/** Written for every stack; a stack may add more (`TemplateContext.extraFiles`). */
export const OUTPUT_FILES = ['Dockerfile', '.dockerignore', 'compose.yaml'] as const;

function renderTemplate(relative: string, data: Record<string, unknown>): string {
  const file = path.join(TEMPLATES_DIR, relative);
  return ejs.render(fs.readFileSync(file, 'utf8'), data, { filename: file, strict: false });
}

export interface ComposeFacts {
  serviceName: string;
  image: string;
  publish: string;
  environment: [string, string][];
  healthcheck: string;
  init: boolean;
}

export function composeFacts(answers: Answers, plan: TemplateContext): ComposeFacts {
  const environment = Object.entries(plan.environment).map(([name, value]): [string, string] => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`internal: bad environment name ${name}`);
    return [name, composeString(value)];
  });
  return {
    serviceName: answers.serviceName,
    // serviceName is [a-z0-9_-] only; the ${...} parts are compose interpolation on purpose.
    image: jsonString(`${answers.serviceName}:\${IMAGE_TAG:-local}`),
    // A literal interface (linters flag a port bound to none); the bind address is a validated IPv4.
    publish: yamlSingleQuoted(`${answers.bindAddress}:\${HOST_PORT:-${answers.hostPort}}:${answers.port}`),
    environment,
    healthcheck: `[${['CMD', ...plan.healthcheck].map(composeString).join(', ')}]`,
    init: plan.init,
  };
}

export function renderFiles(answers: Answers, profile: StackProfile, dir: string): GeneratedFile[] {
  const plan = profile.plan(answers, dir);
  const dockerfileTemplate = `${profile.id}/Dockerfile.ejs`;
  const dockerfile = renderTemplate(dockerfileTemplate, { df: plan.dockerfile, serviceName: answers.serviceName });
  const ci = answers.ci === 'github' || answers.ci === 'gitlab' ? answers.ci : undefined;
  const ciFile = ci && CI_FILES[ci];
  const secretId = plan.buildSecret?.id;
  return [
    {
      path: 'Dockerfile',
      template: `templates/${dockerfileTemplate}`,
      content: dockerfile,
    },
    {
      path: '.dockerignore',
      template: 'templates/common/dockerignore.ejs',
      content: renderTemplate('common/dockerignore.ejs', { common: COMMON_IGNORE, ignore: plan.dockerignore, serviceName: answers.serviceName }),
    },
    {
      path: 'compose.yaml',
      template: 'templates/common/compose.yaml.ejs',
      content: renderTemplate('common/compose.yaml.ejs', { c: composeFacts(answers, plan) }),
    },
    ...(plan.extraFiles ?? []).map((extra) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(extra.path) || (OUTPUT_FILES as readonly string[]).includes(extra.path)) {
        throw new Error(`internal: stack ${profile.id} asks for a bad extra file path ${extra.path}`);
      }
      return {
        path: extra.path,
        template: `templates/${extra.template}`,
        content: renderTemplate(extra.template, { f: extra.facts, serviceName: answers.serviceName }),
      };
    }),
    ...(ci
      ? [
          {
            path: ciFile!,
            template: `templates/common/ci/${ci}-${ci === 'github' ? 'workflow' : 'ci'}.yml.ejs`,
            content: renderTemplate(`common/ci/${ci}-${ci === 'github' ? 'workflow' : 'ci'}.yml.ejs`, { f: ciFacts(answers, dir, secretId) }),
          },
        ]
      : []),
    {
      path: '.trivyignore',
      template: 'templates/common/ci/trivyignore.ejs',
      content: renderTemplate('common/ci/trivyignore.ejs', { f: { serviceName: answers.serviceName } }),
      keepExisting: true,
    },
    {
      path: '.hadolint.yaml',
      template: 'templates/common/ci/hadolint.yaml.ejs',
      content: renderTemplate('common/ci/hadolint.yaml.ejs', { f: { serviceName: answers.serviceName, registries: trustedRegistries(dockerfile) } }),
      keepExisting: true,
    },
    {
      path: 'README.Docker.md',
      template: 'templates/common/README.Docker.md.ejs',
      content: renderTemplate('common/README.Docker.md.ejs', { f: readmeFacts(answers, profile, plan, dockerfile, ciFile, dir) }),
    },
  ];
}
