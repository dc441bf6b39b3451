/**
 * Every setting, declared once. Each declaration yields the command-line flag, the prompt (if
 * the setting is asked), the validation used by both, and the form stored in `.yo-rc.json`.
 */
import { splitCommand } from './command.js';
import { InputError } from './errors.js';
import { CI_CHOICES, detectCi, detectDriftCheck } from './ci.js';
import { DEFAULT_MIN_DOCKER, MIN_DOCKER_CHOICES } from './runtime.js';
import { shellWord } from './quote.js';
import type { Answers, StackProfile } from './stack.js';
import type { Question, SettingContext } from './question.js';
export type { Question, SettingContext } from './question.js';
export { stackQuestion } from './question.js';
import { STACKS, findStack } from '../stacks/index.js';
import { detectServices, formatServices, parseServices, SERVICE_IDS } from './services/index.js';

export interface Setting<K extends SharedKey = SharedKey> extends Question<Answers[K]> {
  key: K;
}

export type SharedKey = Exclude<keyof Answers, 'stack'>;

export const PORT_RANGE = { min: 1024, max: 65535 };

function parsePort(flag: string, raw: string): number {
  const text = raw.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= PORT_RANGE.min && port <= PORT_RANGE.max)) {
    throw new InputError(
      flag,
      raw,
      `a whole number from ${PORT_RANGE.min} to ${PORT_RANGE.max} (the app runs as a non-root user, which cannot bind ports below 1024)`,
    );
  }
  return port;
}

function parseCommand(flag: string, raw: string, allowEmpty: boolean): string[] {
  if (allowEmpty && raw.trim() === '') return [];
  const split = splitCommand(raw);
  if (!split.ok) throw new InputError(flag, raw, `a single command line; ${split.reason}`);
  if (split.argv[0]!.startsWith('-')) throw new InputError(flag, raw, 'a command, which cannot start with "-"');
  return split.argv;
}

const formatCommand = (argv: readonly string[]) => argv.map(shellWord).join(' ');

/** Path (and optional query) for an HTTP request line: RFC 3986 characters that need no quoting. */
export const HEALTH_PATH_PATTERN = /^\/(?:[A-Za-z0-9\-._~!&*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

function requireProfile(ctx: SettingContext): StackProfile {
  if (!ctx.profile) throw new Error('internal: the language must be settled before this setting');
  return ctx.profile;
}

/** `. Not built by this project's tests: <id>: <what>; ...` for stacks with an `unproven` note, else ''. */
function languageCaveats(): string {
  const notes = STACKS.filter((s) => s.unproven).map((s) => `${s.id}: ${s.unproven}`);
  return notes.length > 0 ? `. Not built and run by this project's tests: ${notes.join('; ')}` : '';
}

const language: Setting<'language'> = {
  key: 'language',
  flag: 'language',
  description: `Language of the app (${STACKS.map((s) => s.id).join(', ')}); detected from the project's files${languageCaveats()}`,
  prompt: { type: 'list', message: 'Language of the app', choices: () => STACKS.map((s) => s.id) },
  parse(raw) {
    const id = raw.trim().toLowerCase();
    if (!findStack(id)) throw new InputError('language', raw, `one of ${STACKS.map((s) => s.id).join(', ')}`);
    return id;
  },
  format: (value) => value,
};

const runtimeVersion: Setting<'runtimeVersion'> = {
  key: 'runtimeVersion',
  flag: 'runtime-version',
  description:
    'Runtime version for the base image tag (e.g. "22", "22.11.0", "3.13", "1.23": the forms each language takes are in the message for a wrong one); detected from the project',
  prompt: { type: 'input', message: 'Runtime version (base image tag)' },
  parse(raw, ctx) {
    const value = raw.trim().replace(/^v(?=\d)/, '');
    const problem = requireProfile(ctx).checkRuntimeVersion(value);
    if (problem) throw new InputError('runtime-version', raw, problem);
    return value;
  },
  format: (value) => value,
};

/** e.g. `Python: pip, ...; static site, Node.js: npm, pnpm, yarn, bun`: the stacks' labels with their package managers. */
function packageManagerChoices(): string {
  const byList = new Map<string, string[]>();
  for (const stack of STACKS) {
    const list = stack.packageManagers.join(', ');
    if (list !== '') byList.set(list, [...(byList.get(list) ?? []), stack.label]);
  }
  return [...byList].map(([list, labels]) => `${labels.join(', ')}: ${list}`).join('; ');
}

const packageManager: Setting<'packageManager'> = {
  key: 'packageManager',
  flag: 'package-manager',
  // The choices come from each stack's profile (a stack added later shows up here by itself).
  description: `Package manager (${packageManagerChoices()}); detected from lockfiles, "packageManager" and pyproject.toml`,
  prompt: { type: 'list', message: 'Package manager', choices: (ctx) => requireProfile(ctx).packageManagers },
  appliesTo: (ctx) => requireProfile(ctx).packageManagers.length > 0,
  parse(raw, ctx) {
    const allowed = requireProfile(ctx).packageManagers;
    const value = raw.trim().toLowerCase();
    if (!allowed.includes(value)) throw new InputError('package-manager', raw, `one of ${allowed.join(', ')}`);
    const problem = ctx.dir === undefined ? undefined : requireProfile(ctx).checkPackageManager?.(value, ctx.dir);
    if (problem) throw new InputError('package-manager', raw, problem);
    return value;
  },
  format: (value) => value,
};

const port: Setting<'port'> = {
  key: 'port',
  flag: 'port',
  description: 'Port the app listens on inside the container (1024-65535)',
  prompt: { type: 'input', message: 'Port the app listens on' },
  parse: (raw) => parsePort('port', raw),
  format: String,
};

const healthPath: Setting<'healthPath'> = {
  key: 'healthPath',
  flag: 'health-path',
  description: 'HTTP path that answers 2xx/3xx when the app is healthy (e.g. /health, /healthz?full=1)',
  prompt: { type: 'input', message: 'Health check path' },
  parse(raw) {
    if (!HEALTH_PATH_PATTERN.test(raw) || raw.length > 200) {
      throw new InputError(
        'health-path',
        raw,
        'a URL path starting with "/" (at most 200 characters) made of letters, digits, - . _ ~ ! & * + , ; = : @ / ? and %XX escapes; no spaces, quotes, $, backticks, brackets or backslashes',
      );
    }
    return raw;
  },
  format: (value) => value,
};

const startCommand: Setting<'startCommand'> = {
  key: 'startCommand',
  flag: 'start-command',
  description: 'Production start command, run without a shell (e.g. "./server --port 8080" or "gunicorn app.wsgi")',
  prompt: { type: 'input', message: 'Start command (production, run directly)' },
  parse(raw, ctx) {
    const argv = parseCommand('start-command', raw, false);
    const problem = requireProfile(ctx).checkStartCommand(argv);
    if (problem) throw new InputError('start-command', raw, problem);
    return argv;
  },
  format: formatCommand,
};

const buildCommand: Setting<'buildCommand'> = {
  key: 'buildCommand',
  flag: 'build-command',
  description: 'Build command run in the build stage (e.g. "npm run build"); empty for none',
  prompt: { type: 'input', message: 'Build command (empty for none)' },
  parse: (raw) => parseCommand('build-command', raw, true),
  format: formatCommand,
};

const serviceName: Setting<'serviceName'> = {
  key: 'serviceName',
  flag: 'service-name',
  description: 'Compose service and image name (lowercase letters, digits, - and _)',
  prompt: { type: 'input', message: 'Compose service name' },
  parse(raw) {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(raw)) {
      throw new InputError('service-name', raw, 'lowercase letters, digits, "-" and "_", starting with a letter or digit, at most 63 characters');
    }
    return raw;
  },
  format: (value) => value,
};

const hostPort: Setting<'hostPort'> = {
  key: 'hostPort',
  flag: 'host-port',
  description: 'Host port compose publishes (default: the app port; HOST_PORT overrides at start-up)',
  detect: (_dir, _profile, chosen) => ({ value: chosen.port!, source: 'the app port' }),
  parse: (raw) => parsePort('host-port', raw),
  format: String,
};

const bindAddress: Setting<'bindAddress'> = {
  key: 'bindAddress',
  flag: 'bind-address',
  description: 'Host interface for the published port: 0.0.0.0 (all) or 127.0.0.1 (this host only)',
  detect: () => ({ value: '0.0.0.0', source: 'default (all interfaces)' }),
  parse(raw) {
    const value = raw.trim();
    const octets = value.split('.');
    const ipv4 = octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
    if (!ipv4) throw new InputError('bind-address', raw, 'an IPv4 address such as 0.0.0.0 (all interfaces) or 127.0.0.1 (this host only)');
    return value;
  },
  format: (value) => value,
};

const ci: Setting<'ci'> = {
  key: 'ci',
  flag: 'ci',
  description: `CI workflow that lints, builds, smoke-tests, scans (Trivy) and pushes the image: ${CI_CHOICES.join(', ')}; detected from .gitlab-ci.yml or .github/ (default github)`,
  prompt: { type: 'list', message: 'CI workflow (lint, build, health smoke test, Trivy scan, push)', choices: () => CI_CHOICES },
  detect: (dir) => detectCi(dir),
  parse(raw) {
    const value = raw.trim().toLowerCase();
    if (!(CI_CHOICES as readonly string[]).includes(value)) throw new InputError('ci', raw, `one of ${CI_CHOICES.join(', ')}`);
    return value;
  },
  format: (value) => value,
};

const minDocker: Setting<'minDocker'> = {
  key: 'minDocker',
  flag: 'min-docker',
  description: `Oldest Docker Engine the generated files must work on: ${MIN_DOCKER_CHOICES.join(' (default) or ')}; 20.10 leaves out the 1-second health probes during start-up (HEALTHCHECK --start-interval, compose start_interval), which it refuses`,
  detect: () => ({ value: DEFAULT_MIN_DOCKER, source: `default (Docker ${DEFAULT_MIN_DOCKER} or newer)` }),
  parse(raw) {
    const value = raw.trim();
    if (!(MIN_DOCKER_CHOICES as readonly string[]).includes(value)) {
      throw new InputError('min-docker', raw, `${MIN_DOCKER_CHOICES.join(' or ')} (the oldest Docker Engine version the files must work on)`);
    }
    return value;
  },
  format: (value) => value,
};

const ciDriftCheck: Setting<'ciDriftCheck'> = {
  key: 'ciDriftCheck',
  flag: 'ci-drift-check',
  description:
    'yes adds a CI job that runs docker-prod --check: it fails when the generated files no longer match .yo-rc.json and the project (a changed lockfile, runtime version or port); default no',
  detect: () => detectDriftCheck(),
  parse(raw) {
    const value = raw.trim().toLowerCase();
    if (value !== 'yes' && value !== 'no') throw new InputError('ci-drift-check', raw, 'yes or no');
    return value === 'yes';
  },
  format: (value) => (value ? 'yes' : 'no'),
};

const services: Setting<'services'> = {
  key: 'services',
  flag: 'services',
  description: `Backing services compose runs next to the app, comma-separated: ${SERVICE_IDS.join(', ')} (MySQL apps: mariadb), or none; detected from the dependencies`,
  prompt: { type: 'checkbox', message: 'Backing services to run with compose (database, cache, broker)', choices: () => SERVICE_IDS },
  // Asked only when something was detected or stored (a new dependency is offered even after an
  // earlier "none"); --services adds any service.
  askWhen: (defaultText, detectedText) => defaultText !== 'none' || (detectedText !== undefined && detectedText !== 'none'),
  detect: (dir, profile) => detectServices(dir, profile),
  parse: (raw) => parseServices(raw),
  format: formatServices,
};

/** In asking order; the language comes first because every other default depends on it. */
export const SETTINGS: readonly Setting[] = [
  language,
  runtimeVersion,
  packageManager,
  port,
  healthPath,
  startCommand,
  buildCommand,
  serviceName,
  ci,
  ciDriftCheck,
  services,
  hostPort,
  bindAddress,
  minDocker,
] as readonly Setting[];

export function settingByFlag(flag: string): Question | undefined {
  return allQuestions().find((s) => s.flag === flag);
}

/** Shared settings, then every stack's own (each flag once): what the CLI accepts. */
export function allQuestions(): Question[] {
  const out: Question[] = [...(SETTINGS as readonly Question[])];
  for (const stack of STACKS) for (const q of stack.settings) if (!out.some((o) => o.flag === q.flag)) out.push(q);
  return out;
}

/**
 * A flag's help text. A setting several stacks share (declared in lib/, e.g. a build secret)
 * is prefixed with their labels, taken from the registry: "Go, Python: mount a .netrc ...".
 */
export function flagDescription(question: Question): string {
  const users = STACKS.filter((s) => s.settings.includes(question as Question<string>)).map((s) => s.label);
  return users.length > 1 ? `${users.join(', ')}: ${question.description}` : question.description;
}
