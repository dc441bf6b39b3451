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
 * A team's own template replaces a bundled one through `templates` (generators/lib/templates.ts);
 * the names each template receives are listed in template-data.ts (docs/template-facts.md).
 */
import { BUNDLED, type TemplateSource } from './templates.js';
import { CI_FILES, ciFacts, trustedRegistries } from './ci.js';
import { readmeFacts } from './docs.js';
import { COMMON_IGNORE } from './ignore.js';
import { composeString, jsonString, shellWord, yamlSingleQuoted } from './quote.js';
import { APP_LIMITS, composeHealthTiming, dockerfileHealthOptions, healthTiming, initFacts, STOP_GRACE_PERIOD, type InitFacts } from './runtime.js';
import path from 'node:path';
import type { Answers, StackProfile, TemplateContext } from './stack.js';
import { projectFolder } from './resolve.js';
import type { RequiredVariable } from './stack.js';
import { inWords, TMP_DIR, tmpfsMounts, writablePaths } from './writable-paths.js';
import { gitignoreWithSecrets, planServices, SECRETS_DIR, type ComposeService, type ServicesPlan } from './services/index.js';

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
  /** The user's file with lines appended (.gitignore): written without a conflict prompt. */
  appendOnly?: boolean;
  /** What the summary says about this file, from the facts it was rendered from (never parsed back out of `content`). */
  notes?: {
    /** Dockerfile: the id of the build secret the install step mounts. */
    buildSecretId?: string;
    /** compose.yaml: it reads password files the user creates first (backing services). */
    passwordFiles?: boolean;
    /** Dockerfile: every image its FROM lines pull (the stack's `images` and the init stage's), tags as the template prints them. */
    baseImages?: string[];
    /** Dockerfile: how to build it from the run folder (`docker build --file <file> <context>`; `Dockerfile`, `.` for a plain project). */
    dockerBuild?: { file: string; context: string };
  };
}

/** Written for every stack; a stack may add more (`TemplateContext.extraFiles`). */
export const OUTPUT_FILES = ['Dockerfile', '.dockerignore', 'compose.yaml'] as const;

/**
 * Where the files of a plan go, relative to the folder the generator runs in, and what they name
 * as the build context: all in that folder, unless the plan's build context is a folder above
 * the project (`TemplateContext.buildContext`, a workspace root).
 */
export interface Placement {
  /** The project folder ('' when it is the run folder), `/`-separated. */
  app: string;
  /** The build context's root ('' when it is the run folder), `/`-separated; may start with `..`. */
  root: string;
  /** compose.yaml's `build.context`: from the project folder to the root (`../..`), `.` when the same. */
  contextFromApp: string;
  /** The Dockerfile from the root (`apps/api/Dockerfile`), `Dockerfile` when the same. */
  dockerfileFromRoot: string;
  /** The ignore file: `.dockerignore` at the context root, else `Dockerfile.dockerignore` next to the Dockerfile (BuildKit reads it for that Dockerfile). */
  ignoreFile: string;
}

const posix = (p: string) => p.split(path.sep).join('/');

export function placement(dir: string, projectDir: string, plan: TemplateContext): Placement {
  const root = Object.hasOwn(plan, 'buildContext') && plan.buildContext ? plan.buildContext.root : projectDir;
  const appFromRoot = posix(path.relative(root, projectDir));
  if (appFromRoot.startsWith('..') || path.isAbsolute(appFromRoot))
    throw new Error(`internal: the project ${projectDir} is not inside its build context ${root}`);
  return {
    app: posix(path.relative(dir, projectDir)),
    root: posix(path.relative(dir, root)),
    contextFromApp:
      appFromRoot === ''
        ? '.'
        : appFromRoot
            .split('/')
            .map(() => '..')
            .join('/'),
    dockerfileFromRoot: appFromRoot === '' ? 'Dockerfile' : `${appFromRoot}/Dockerfile`,
    ignoreFile: appFromRoot === '' ? '.dockerignore' : 'Dockerfile.dockerignore',
  };
}

/**
 * An app in a folder below its build context (a workspace app) is copied into the image with its
 * folder: the files written next to its Dockerfile and the generator's settings stay out.
 */
export function appFolderIgnore(where: Placement): { comment: string; patterns: string[] }[] {
  if (where.dockerfileFromRoot === 'Dockerfile') return [];
  const folder = where.dockerfileFromRoot.slice(0, -'/Dockerfile'.length);
  if (!/^[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/.test(folder) || folder.split('/').some((s) => s === '.' || s === '..'))
    throw new Error(`internal: bad app folder ${folder}`);
  return [
    {
      comment: `This folder's Docker files and generator settings (${folder} is copied into the image)`,
      patterns: ['Dockerfile*', 'compose*.yaml', 'README.Docker.md', '.yo-rc.json'].map((f) => `${folder}/${f}`),
    },
  ];
}

const under = (folder: string, file: string) => (folder === '' ? file : `${folder}/${file}`);

export interface ComposeFacts {
  /** `build.context` and `build.dockerfile` (relative to the context), YAML-safe. */
  build: { context: string; dockerfile: string };
  serviceName: string;
  image: string;
  publish: string;
  environment: [string, string][];
  healthcheck: string;
  /** `healthcheck:` keys after `test:` (interval, timeout, ...), the same as the Dockerfile's. */
  healthTiming: [string, string][];
  /** Backing services (generators/lib/services), split around the app: services in name order. */
  servicesBefore: ComposeService[];
  servicesAfter: ComposeService[];
  /** The app's env file with the connection URLs, when there are backing services. */
  envFile: string | undefined;
  secrets: { name: string; file: string }[];
  /** `cpus`, `mem_limit`, `pids_limit` of the app (runtime.ts APP_LIMITS). */
  limits: { cpus: string; memory: string; pids: number };
  /** `stop_grace_period` (runtime.ts STOP_GRACE_PERIOD). */
  stopGracePeriod: string;
  /** `tmpfs:` entries, quoted for YAML: `/tmp`, then each path the app writes (`TemplateContext.writablePaths`) owned by its user. */
  tmpfs: string[];
  /** The writable folders in words for the hardening comment: `/tmp`, `/tmp and /app/.next/cache`. */
  writableInWords: string;
}

/** What every stack's Dockerfile template prints besides its own facts: the init and HEALTHCHECK options. */
export interface RuntimeFacts {
  /** The tini stage and how the runtime stage uses it; undefined when the server handles signals itself. */
  init: InitFacts | undefined;
  /** HEALTHCHECK options, e.g. `--interval=10s --timeout=5s --start-period=30s --start-interval=1s --retries=3`. */
  healthOptions: string;
  /** STOPSIGNAL, when the server handles the stop signal itself (no tini); undefined: the default SIGTERM. */
  stopSignal: string | undefined;
}

export function runtimeFacts(answers: Answers, plan: TemplateContext): RuntimeFacts {
  return {
    init: plan.signals === 'tini' ? initFacts() : undefined,
    healthOptions: dockerfileHealthOptions(healthTiming(plan.healthStartPeriod, answers.minDocker)),
    stopSignal: plan.signals === 'tini' ? undefined : plan.signals.stopSignal,
  };
}

/**
 * The variables the app requires at start that neither the plan's `environment` nor the backing
 * services' env file provides (names validated: they are printed into compose interpolation).
 */
export function requiredEnvironment(plan: TemplateContext, services?: ServicesPlan): RequiredVariable[] {
  const provided = new Set([...Object.keys(plan.environment), ...(services?.connections ?? []).map((c) => c.variable)]);
  const list = Object.hasOwn(plan, 'requiredEnvironment') ? (plan.requiredEnvironment ?? []) : [];
  return list.filter((r) => /^[A-Z][A-Z0-9_]{0,63}$/.test(r.name) && !provided.has(r.name));
}

/** The plan's own writable paths (never inherited through a polluted prototype), validated (writable-paths.ts). */
export function planWritablePaths(plan: TemplateContext, stack: string): string[] {
  return writablePaths(Object.hasOwn(plan, 'writablePaths') ? plan.writablePaths : undefined, stack);
}

/** Plain YAML scalars: `.`/`..` segments and folder names checked to need no quoting. */
function composeBuild(where: Placement | undefined): ComposeFacts['build'] {
  const context = where?.contextFromApp ?? '.';
  const dockerfile = where?.dockerfileFromRoot ?? 'Dockerfile';
  const plain = /^(?:[A-Za-z0-9._][A-Za-z0-9._+@-]*\/)*[A-Za-z0-9._][A-Za-z0-9._+@-]*$/;
  if (!plain.test(context) || !plain.test(dockerfile)) throw new Error(`internal: bad build context ${context} / ${dockerfile}`);
  return { context, dockerfile };
}

export function composeFacts(answers: Answers, plan: TemplateContext, services?: ServicesPlan, where?: Placement): ComposeFacts {
  const environment = Object.entries(plan.environment).map(([name, value]): [string, string] => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`internal: bad environment name ${name}`);
    return [name, composeString(value)];
  });
  // Validated once by renderWith (planWritablePaths) before any file's facts are made.
  const writable = plan.writablePaths ?? [];
  // Required at start: compose stops with the name when it is unset (interpolation on purpose).
  for (const r of requiredEnvironment(plan, services)) {
    environment.push([r.name, jsonString(`\${${r.name}:?set ${r.name} (the app requires it at start; README.Docker.md)}`)]);
  }
  return {
    build: composeBuild(where),
    serviceName: answers.serviceName,
    // serviceName is [a-z0-9_-] only; the ${...} parts are compose interpolation on purpose.
    image: jsonString(`${answers.serviceName}:\${IMAGE_TAG:-local}`),
    // A literal interface (linters flag a port bound to none); the bind address is a validated IPv4.
    publish: yamlSingleQuoted(`${answers.bindAddress}:\${HOST_PORT:-${answers.hostPort}}:${answers.port}`),
    environment,
    healthcheck: `[${['CMD', ...plan.healthcheck].map(composeString).join(', ')}]`,
    healthTiming: composeHealthTiming(healthTiming(plan.healthStartPeriod, answers.minDocker)),
    servicesBefore: (services?.services ?? []).filter((s) => s.name < answers.serviceName).sort((a, b) => a.name.localeCompare(b.name)),
    servicesAfter: (services?.services ?? []).filter((s) => s.name > answers.serviceName).sort((a, b) => a.name.localeCompare(b.name)),
    limits: { ...APP_LIMITS },
    stopGracePeriod: STOP_GRACE_PERIOD,
    tmpfs: tmpfsMounts(writable, plan.dockerfile.user).map((m) => (m === TMP_DIR ? m : composeString(m))),
    writableInWords: inWords([TMP_DIR, ...writable]),
    envFile: services && `./${services.envFile}`,
    secrets: (services?.secrets ?? []).map((s) => ({ name: s.name, file: `./${s.file}` })),
  };
}

/** The backing-service facts README.Docker.md prints (commands already shell-quoted). */
/** What README.Docker.md's backing-services part prints. */
export type ServicesReadmeFacts = ReturnType<typeof servicesReadmeFacts>;

function servicesReadmeFacts(answers: Answers, services: ServicesPlan) {
  return {
    ...services,
    secretsDir: SECRETS_DIR,
    app: answers.serviceName,
    // Every key present (undefined when absent): custom templates read facts strictly.
    migrations: services.migrations.map((m) => ({
      tool: m.tool,
      evidence: m.evidence,
      command: m.command,
      note: m.note,
      commandText: m.command?.map(shellWord).join(' '),
    })),
  };
}

/** `templates`: the bundled templates, or with a team's overrides (generators/lib/templates.ts). */
export function renderFiles(answers: Answers, profile: StackProfile, dir: string, templates: TemplateSource = BUNDLED): GeneratedFile[] {
  const files = renderWith(answers, profile, dir, (relative, data) => templates.render(relative, data)).map((file) => ({
    ...file,
    template: file.template.startsWith('templates/') ? templates.origin(file.template.replace(/^templates\//, '')) : file.template,
  }));
  return files;
}

type RenderTemplate = (relative: string, data: Record<string, unknown>) => string;

function renderWith(answers: Answers, profile: StackProfile, runDir: string, renderTemplate: RenderTemplate): GeneratedFile[] {
  // The stack reads the project folder (a workspace's app when --app points at one); the files
  // land where `placement` says, relative to the folder the generator runs in.
  const dir = projectFolder(profile, runDir, answers);
  const plan = profile.plan(answers, dir);
  const where = placement(runDir, dir, plan);
  const inApp = (file: string) => under(where.app, file);
  const inRoot = (file: string) => under(where.root, file);
  // Only the plan's own extraFiles (never one inherited through a polluted prototype).
  const extraFiles = Object.hasOwn(plan, 'extraFiles') ? (plan.extraFiles ?? []) : [];
  const dockerfileTemplate = `${profile.id}/Dockerfile.ejs`;
  const rt = runtimeFacts(answers, plan);
  const dockerfile = renderTemplate(dockerfileTemplate, { df: plan.dockerfile, rt, serviceName: answers.serviceName });
  const baseImages = [...Object.values(plan.dockerfile.images), rt.init?.image].filter((image) => image !== undefined);
  const ci = answers.ci === 'github' || answers.ci === 'gitlab' ? answers.ci : undefined;
  // In a workspace, the root's CI folder (where the repository's CI runs), one file per app.
  const ciFile = ci && (where.app === where.root ? CI_FILES[ci] : CI_FILES[ci].replace(/docker(?=\.)/, `docker-${answers.serviceName}`));
  const secretId = plan.buildSecret?.id;
  const services = planServices(answers, profile, dir);
  // Only what compose and README.Docker.md still have to ask for.
  plan.requiredEnvironment = requiredEnvironment(plan, services);
  plan.writablePaths = planWritablePaths(plan, profile.id);
  const gitignore = services && gitignoreWithSecrets(dir);
  const ignore = [
    ...plan.dockerignore,
    ...appFolderIgnore(where),
    ...(services ? [{ comment: 'Compose secrets: passwords and connection URLs (README.Docker.md)', patterns: [SECRETS_DIR] }] : []),
  ];
  return [
    {
      path: inApp('Dockerfile'),
      template: `templates/${dockerfileTemplate}`,
      content: dockerfile,
      notes: { buildSecretId: secretId, baseImages, dockerBuild: { file: inApp('Dockerfile'), context: where.root === '' ? '.' : where.root } },
    },
    {
      path: inApp(where.ignoreFile),
      template: 'templates/common/dockerignore.ejs',
      content: renderTemplate('common/dockerignore.ejs', { common: COMMON_IGNORE, ignore, serviceName: answers.serviceName }),
    },
    {
      path: inApp('compose.yaml'),
      template: 'templates/common/compose.yaml.ejs',
      content: renderTemplate('common/compose.yaml.ejs', { c: composeFacts(answers, plan, services, where) }),
      notes: { passwordFiles: (services?.secrets.length ?? 0) > 0 },
    },
    ...extraFiles.map((extra) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(extra.path) || (OUTPUT_FILES as readonly string[]).includes(extra.path)) {
        throw new Error(`internal: stack ${profile.id} asks for a bad extra file path ${extra.path}`);
      }
      return {
        path: inApp(extra.path),
        template: `templates/${extra.template}`,
        content: renderTemplate(extra.template, { f: extra.facts, serviceName: answers.serviceName }),
      };
    }),
    ...(ci
      ? [
          {
            path: inRoot(ciFile!),
            template: `templates/common/ci/${ci}-${ci === 'github' ? 'workflow' : 'ci'}.yml.ejs`,
            content: renderTemplate(`common/ci/${ci}-${ci === 'github' ? 'workflow' : 'ci'}.yml.ejs`, {
              f: ciFacts(answers, dir, secretId, where.dockerfileFromRoot, tmpfsMounts(plan.writablePaths ?? [], plan.dockerfile.user)),
            }),
          },
        ]
      : []),
    {
      path: inRoot('.trivyignore'),
      template: 'templates/common/ci/trivyignore.ejs',
      content: renderTemplate('common/ci/trivyignore.ejs', { f: { serviceName: answers.serviceName } }),
      keepExisting: true,
    },
    {
      path: inRoot('.hadolint.yaml'),
      template: 'templates/common/ci/hadolint.yaml.ejs',
      content: renderTemplate('common/ci/hadolint.yaml.ejs', { f: { serviceName: answers.serviceName, registries: trustedRegistries(baseImages) } }),
      keepExisting: true,
    },
    {
      path: inApp('README.Docker.md'),
      template: 'templates/common/README.Docker.md.ejs',
      content: renderTemplate('common/README.Docker.md.ejs', {
        f: readmeFacts(answers, profile, plan, ciFile, dir, where),
        services: services && servicesReadmeFacts(answers, services),
      }),
    },
    ...(gitignore === undefined
      ? []
      : [{ path: inApp('.gitignore'), template: 'your .gitignore with /.secrets/ appended (your lines kept)', content: gitignore, appendOnly: true }]),
  ];
}
