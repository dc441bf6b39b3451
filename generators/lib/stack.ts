/**
 * What every stack (language) provides. A stack is one profile module implementing this
 * interface, one template folder `templates/<id>/` and its fixtures; the generator itself knows
 * no stack by name except through the registry in `generators/stacks/index.ts`.
 */
import type { ValueOrigin } from './errors.js';
import type { Question } from './question.js';
import type { ServiceId, UrlStyle } from './services/catalog.js';

/** A value found in the project, and where it came from (shown in the summary). */
export interface Detected<T> {
  value: T;
  /** e.g. `package.json "engines.node"`, or `default` when nothing was found. */
  source: string;
  /**
   * Nothing was found and the value only checks liveness (the health path: any answer below
   * 500 passes). Not stored in .yo-rc.json, so the next run looks again.
   */
  liveness?: boolean;
  /**
   * Nothing credible was found (or what was found is ambiguous): `value` is a placeholder that is
   * never used and `source` says what was read. `--yes` stops naming it and the setting's flag;
   * an interactive run asks with no default. A value stored in .yo-rc.json still counts.
   */
  missing?: boolean;
  /**
   * The file (field, line) the value was read from, when it came from the project: a value that
   * fails validation is reported against it, never against a flag the user did not give.
   */
  origin?: ValueOrigin;
}

/** The answers every stack shares; each is declared once in `generators/lib/settings.ts`. */
export interface Answers {
  language: string;
  runtimeVersion: string;
  /** Only for stacks that have package managers (`packageManagers` non-empty); else ''. */
  packageManager: string;
  port: number;
  healthPath: string;
  /** argv of the production start command (exec form). */
  startCommand: string[];
  /** argv of the build command, or [] for none. */
  buildCommand: string[];
  serviceName: string;
  hostPort: number;
  bindAddress: string;
  /** CI workflow to write: `github`, `gitlab` or `none` (generators/lib/ci.ts). */
  ci: string;
  /** The oldest Docker Engine the files must work on: `25` or `20.10` (generators/lib/runtime.ts). */
  minDocker: string;
  /**
   * The health path is a stand-in (no health route was found): the check passes on any HTTP
   * answer below 500, i.e. the server is up. Decided by resolve.ts, not a setting.
   */
  healthAnyStatus: boolean;
  /** The CI workflow also runs `docker-prod --check` (generated files match .yo-rc.json and the project). */
  ciDriftCheck: boolean;
  /** Backing services compose runs next to the app (generators/lib/services); [] for none. */
  services: ServiceId[];
  /** The stack's own settings (`StackProfile.settings`), by key. */
  stack: Record<string, string>;
}

/** Detected defaults for the shared answers, plus stack-private facts the plan needs. */
export interface StackDetection {
  defaults: {
    [
      K in Exclude<keyof Answers, 'language' | 'hostPort' | 'bindAddress' | 'ci' | 'ciDriftCheck' | 'minDocker' | 'healthAnyStatus' | 'services' | 'stack'>
    ]: Detected<Answers[K]>;
  };
  /** Defaults for the stack's own settings, by key. */
  stackDefaults?: Record<string, Detected<string>>;
  /** Notes for the summary (e.g. "no lockfile: npm ci needs one"). */
  warnings: string[];
}

/** Facts every stack's runtime stage prints (values already escaped for the Dockerfile). */
export interface RuntimeStageFacts {
  /**
   * Every image the stack's FROM lines pull, by the name its template prints them under
   * (`FROM <%- df.images.build %>:${GO_VERSION}-bookworm`): the reference without the tag when the
   * template appends an ARG tag, else in full; undefined for an image this Dockerfile does not
   * pull (a stage it leaves out). The tini stage's image is added by render.ts.
   * `.hadolint.yaml`'s trusted registries come from these.
   */
  images: Readonly<Record<string, string | undefined>>;
  /** `LABEL` arguments (ociLabels in labels.ts). */
  labels: string[];
  /** `ENV` assignments (static sites have none). */
  env?: string[];
  /** USER's argument: the numeric user (and group) the app runs as, e.g. `10001:10001`. */
  user: string;
  port: number;
  /** HEALTHCHECK CMD as a JSON array. */
  healthcheck: string;
  /** CMD as a JSON array. */
  cmd: string;
  /** The stack's comment lines in the runtime stage's tail (every Dockerfile ends with templates/common/runtime-tail.ejs). */
  notes: RuntimeNotes;
}

/** Comment lines (without `# `) printed above the runtime stage's last instructions. */
export interface RuntimeNotes {
  /** Above USER: who owns the files, which user this is. */
  user: string[];
  /** Above HEALTHCHECK: what runs the probe. */
  healthcheck: string[];
  /**
   * Above ENTRYPOINT, when tini is PID 1 (`signals: 'tini'`; rendering without it then fails):
   * what docker stop does. Most stacks say TINI_NOTE (generators/lib/runtime.ts).
   */
  init?: readonly string[];
  /** Above STOPSIGNAL, when the server handles its stop signal itself (`signals` is not tini). */
  stop?: string[];
  /** Above CMD. */
  cmd: string[];
}

/** The files a stack wants written; templates are EJS files under `templates/`. */
export interface TemplateContext {
  /** Facts printed by `templates/<stack>/Dockerfile.ejs` (the stack's own type, extending RuntimeStageFacts). */
  dockerfile: RuntimeStageFacts;
  /** Stack-specific .dockerignore lines, grouped with a comment each. */
  dockerignore: { comment: string; patterns: string[] }[];
  /** Environment variables for compose `environment:` (values are plain strings). */
  environment: Record<string, string>;
  /** compose healthcheck `test` (must equal the Dockerfile HEALTHCHECK command). */
  healthcheck: string[];
  /**
   * Who handles `docker stop`'s signal as PID 1: `tini` — a tiny init copied into the image
   * (generators/lib/runtime.ts) runs the app as its child, so an app without a SIGTERM handler
   * still stops at once; otherwise the server (PID 1) handles the image's stop signal itself,
   * e.g. `{ server: 'nginx', stopSignal: 'SIGQUIT' }` (README.Docker.md says so).
   */
  signals: 'tini' | { server: string; stopSignal: string };
  /** HEALTHCHECK start period in seconds: how long failures are not counted after start. */
  healthStartPeriod: number;
  /**
   * More files the stack writes next to the Dockerfile (e.g. a web server's config), each from
   * its own template under `templates/`, with facts the profile decided. They go through the
   * same conflict handling as the Dockerfile.
   */
  extraFiles?: { path: string; template: string; facts: object }[];
  /**
   * The build secret the dependency install mounts (`RUN --mount=type=secret`), when the stack's
   * secret setting is on: README.Docker.md shows how to pass it.
   */
  buildSecret?: BuildSecret;
  /**
   * Environment variables the app requires at start and the generator cannot set: compose names
   * each (`${NAME:?...}`) so a missing one stops `docker compose up` with its name, and
   * README.Docker.md lists them. Names already in `environment` are left out.
   */
  requiredEnvironment?: RequiredVariable[];
  /**
   * The build context is a folder above the project (the root of the workspace the app belongs
   * to), as an absolute path: the Dockerfile, its ignore file (`Dockerfile.dockerignore`, which
   * BuildKit reads for that Dockerfile), compose.yaml and README.Docker.md stay in the project
   * folder and name the root as their context; the CI workflow, .trivyignore and .hadolint.yaml go
   * to the root (where the repository's CI runs). Every write stays inside the root.
   */
  buildContext?: { root: string };
  /**
   * Absolute paths in the image the app writes at run time besides /tmp (a framework's cache,
   * e.g. `/app/.next/cache`), each under the app folder (generators/lib/writable-paths.ts
   * validates them). The root file system is read-only: compose.yaml mounts a tmpfs on each,
   * README.Docker.md's `docker run` line and the CI smoke test pass `--tmpfs` for each.
   */
  writablePaths?: string[];
}

/** A variable the app requires at start, and where that was found (`src/config.ts:12 (...)`). */
export interface RequiredVariable {
  /** `[A-Z][A-Z0-9_]*`, at most 64 characters. */
  name: string;
  source: string;
}

/** A file secret mounted by the Dockerfile's install step; optional, so builds without it work. */
export interface BuildSecret {
  /** `--secret id=<id>` */
  id: string;
  /** Where the install step mounts it, e.g. /root/.npmrc. */
  target: string;
  /** A typical source file on the developer's machine, e.g. $HOME/.npmrc. */
  source: string;
  /** What it holds, for the README ("the npm registry token in an .npmrc"). */
  what: string;
  /** The flag that turned it on, e.g. --npm-token-secret. */
  flag: string;
}

export interface StackProfile {
  id: string;
  label: string;
  /**
   * What the project's own tests do not prove for this stack, shown in --language's help; absent
   * when every kind of app it generates for is built and run end to end in a real engine.
   */
  unproven?: string;
  /** Files whose presence marks this stack, for messages ("package.json"). */
  markers: readonly string[];
  /** The file that shows a folder is this kind of app, or undefined. Cheap: runs for every stack. */
  sniff(dir: string): string | undefined;
  /**
   * Read the project and return defaults for every shared answer. `chosen` holds answers
   * already given, on which later defaults may depend (the build command on the package manager).
   */
  detect(dir: string, chosen?: Partial<Answers>): StackDetection;
  /** Settings only this stack has (e.g. Go's main package), asked after the shared ones. */
  settings: readonly Question<string>[];
  /** Empty when the stack has no package-manager choice. */
  packageManagers: readonly string[];
  /** Undefined when this package manager can install the project in `dir`, else what is allowed. */
  checkPackageManager?(name: string, dir: string): string | undefined;
  /** Undefined when valid, else what is allowed. */
  checkRuntimeVersion(value: string): string | undefined;
  /** Undefined when valid, else what is allowed (e.g. no `npm start` wrapper). */
  checkStartCommand(argv: readonly string[]): string | undefined;
  /** Everything the templates print, decided from the answers and the detection. */
  plan(answers: Answers, dir: string): TemplateContext;
  /**
   * The folder detection and planning read, when an early stack setting points into the folder
   * the generator runs in (a workspace's app chosen with `--app` at its root); default: that
   * folder. Files the plan places elsewhere say so with `TemplateContext.buildContext`.
   */
  projectFolder?(dir: string, answers: Partial<Answers>): string;
  /** Backing services the project's dependencies point at (generators/lib/services). */
  services?(dir: string): StackServiceFacts;
  /**
   * Where developers keep the installed dependencies in their working tree (`node_modules`,
   * `.venv`), if anywhere: `npm run bench` fills it to show it stays out of the build context.
   */
  localDependencyFolder?: string;
}

/** A dependency (or setting) that shows the app needs a backing service. */
export interface ServiceEvidence {
  service: ServiceId;
  /** The file it was found in, e.g. `package.json`. */
  file: string;
  /** What was found, e.g. `"pg"` or `provider = "postgresql"`. */
  dependency: string;
  /** How the driver takes its connection string (default: a URL). */
  urlStyle?: UrlStyle;
  /**
   * The variable the app's configuration names for this service's URL (e.g. an ORM's
   * `url = env("X")`): used before the catalog's conventional names. `[A-Z][A-Z0-9_]*`.
   */
  urlVariable?: string;
}

/** A schema-migration tool the project uses, and the one-off command that applies migrations. */
export interface MigrationTool {
  tool: string;
  /** Run in the app's image: `docker compose run --rm <app> <command>`. */
  command?: string[];
  /** When the command cannot run in the app's image: what to do instead. */
  note?: string;
  evidence: string;
}

/** What a stack reads from the project for the backing services. */
export interface StackServiceFacts {
  evidence: ServiceEvidence[];
  /** Environment variable names the code reads, with the file (first file per name). */
  envReads: { name: string; file: string }[];
  migrations: MigrationTool[];
}

/**
 * A detected value read from a project file. The origin rides along for error messages but is
 * not enumerable: summaries and comparisons see `{ value, source }`.
 */
export function detectedFrom<T>(value: T, source: string, origin: ValueOrigin): Detected<T> {
  const detected: Detected<T> = { value, source };
  Object.defineProperty(detected, 'origin', { value: origin, enumerable: false });
  return detected;
}
