/**
 * Backing services (`--services`): which ones the project's dependencies point at (each stack
 * contributes its evidence through `StackProfile.services`), and everything compose.yaml,
 * README.Docker.md, .gitignore and .dockerignore print for the chosen ones. Names no stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError, ProjectError } from '../errors.js';
import { composeString, shellWord } from '../quote.js';
import { composeHealthTiming, serviceHealthTiming, STOP_GRACE_PERIOD } from '../runtime.js';
import type { Answers, Detected, MigrationTool, ServiceEvidence, StackProfile, StackServiceFacts } from '../stack.js';
import { SECRETS_DIR, SERVICE_IDS, SERVICES, isServiceId, type ServiceId, type UrlStyle } from './catalog.js';
import { readBounded } from './scan.js';

export { SECRETS_DIR, SERVICE_IDS, SERVICES, isServiceId, type ServiceId } from './catalog.js';

const NO_FACTS: StackServiceFacts = { evidence: [], envReads: [], migrations: [] };

export function stackServiceFacts(profile: StackProfile, dir: string): StackServiceFacts {
  return profile.services ? profile.services(dir) : NO_FACTS;
}

/** Services in catalogue order, each once. */
export function orderServices(ids: Iterable<ServiceId>): ServiceId[] {
  const set = new Set(ids);
  return SERVICE_IDS.filter((id) => set.has(id));
}

/** The detected default for `--services`, with every piece of evidence as its source. */
export function detectServices(dir: string, profile: StackProfile): Detected<ServiceId[]> {
  const { evidence } = stackServiceFacts(profile, dir);
  const value = orderServices(evidence.map((e) => e.service));
  if (value.length === 0) return { value, source: 'nothing found (no database, cache or broker client among the dependencies)' };
  const source = value
    .map(
      (id) =>
        `${id}: ${evidence
          .filter((e) => e.service === id)
          .map((e) => `${e.file} ${e.dependency}`)
          .join(', ')}`,
    )
    .join('; ');
  return { value, source };
}

/** `postgres,redis` / `none` → ids; unknown ids are refused with the allowed values. */
export function parseServices(raw: string): ServiceId[] {
  const allowed = `a comma-separated list of ${SERVICE_IDS.join(', ')} (MySQL apps: mariadb), or "none"`;
  const items = raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (items.length === 0 || (items.length === 1 && items[0] === 'none')) return [];
  for (const item of items) {
    if (!isServiceId(item)) throw new InputError('services', raw, item === 'none' ? `"none" alone, or ${allowed}` : allowed);
  }
  return orderServices(items as ServiceId[]);
}

export const formatServices = (ids: readonly ServiceId[]): string => (ids.length === 0 ? 'none' : ids.join(','));

// ---------------------------------------------------------------- plan

/** One backing service as compose.yaml prints it (values already quoted for YAML/compose). */
export interface ComposeService {
  name: ServiceId;
  label: string;
  image: string;
  volume: string;
  dataPath: string;
  port: number;
  user: string;
  hostname: string | undefined;
  secrets: string[];
  environment: [string, string][];
  /** A JSON/YAML flow sequence, or undefined. */
  command: string | undefined;
  healthcheck: string;
  /** compose `healthcheck:` keys after `test:`, in order, values as YAML scalars. */
  healthTiming: [string, string][];
  limits: { cpus: string; memory: string; pids: number };
  /** compose's `stop_grace_period` (runtime.ts STOP_GRACE_PERIOD, the same as the app's). */
  stopGracePeriod: string;
  tmpfs: string[];
  notes: string[];
}

export interface AppConnection {
  service: ServiceId;
  label: string;
  variable: string;
  /** Where the name came from: a file that reads it, or "conventional name". */
  variableSource: string;
  /** What the value looks like, with <password> for the secret. */
  example: string;
  /** A shell command appending the line to the env file (password read from the secret file). */
  writeLine: string;
}

export interface ServicesPlan {
  services: ComposeService[];
  /** The app's env file with the connection URLs: `.secrets/<app>.env`. */
  envFile: string;
  connections: AppConnection[];
  secrets: { name: string; file: string; what: string }[];
  migrations: MigrationTool[];
  evidence: ServiceEvidence[];
}

/** Variable names an `.env.example`-style file lists (`NAME=...`). */
function exampleEnvNames(dir: string): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const file of ['.env.example', '.env.sample', '.env.template', '.env.dist']) {
    const text = readBounded(dir, file) ?? '';
    for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]{0,63})\s*=/gm)) out.push({ name: m[1]!, file });
  }
  return out;
}

/** Words of `text` in lines of at most `width` characters (for YAML comments). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The password placeholder in a printf format. */
function printfFormat(url: string): string {
  return url.replaceAll('%', '%%').replace('\u0000', '%s');
}

export function planServices(answers: Answers, profile: StackProfile, dir: string): ServicesPlan | undefined {
  if (answers.services.length === 0) return undefined;
  if ((answers.services as readonly string[]).includes(answers.serviceName)) {
    throw new InputError(
      'service-name',
      answers.serviceName,
      `a name other than the backing services' (${answers.services.join(', ')}): compose needs one name per service`,
    );
  }
  const facts = stackServiceFacts(profile, dir);
  const reads = [...facts.envReads, ...exampleEnvNames(dir)];
  const taken = new Set<string>();
  const envFile = `${SECRETS_DIR}/${answers.serviceName}.env`;
  const connections: AppConnection[] = [];
  const services: ComposeService[] = [];
  const secrets: ServicesPlan['secrets'] = [];
  for (const id of answers.services) {
    const def = SERVICES[id];
    const style: UrlStyle = facts.evidence.find((e) => e.service === id && e.urlStyle)?.urlStyle ?? 'url';
    const own = facts.evidence.find((e) => e.service === id && e.urlVariable !== undefined && /^[A-Z][A-Z0-9_]{0,63}$/.test(e.urlVariable));
    const candidates = [...(own ? [own.urlVariable!] : []), def.urlVariable, ...def.urlVariableAliases];
    const read = candidates.map((name) => reads.find((r) => r.name === name)).find((r) => r !== undefined && !taken.has(r.name));
    let variable = read?.name ?? def.urlVariable;
    if (taken.has(variable)) variable = `${id.toUpperCase()}_URL`;
    taken.add(variable);
    const passwordFile = `${SECRETS_DIR}/${def.secrets[0]!.name}`;
    // printf's \n (two characters), so the command stays on one line.
    const line = `${variable}=${def.url('\u0000', style)}\\n`;
    connections.push({
      service: id,
      label: def.label,
      variable,
      variableSource: read?.name === variable ? `read in ${read.file}` : 'conventional name',
      example: `${variable}=${def.url('<password>', style)}`,
      writeLine: `printf ${shellWord(printfFormat(line))} "$(cat ${passwordFile})" >> ${envFile}`,
    });
    for (const secret of def.secrets) secrets.push({ name: secret.name, file: `${SECRETS_DIR}/${secret.name}`, what: secret.what });
    services.push({
      name: id,
      label: def.label,
      image: composeString(def.image),
      volume: `${id}-data`,
      dataPath: def.dataPath,
      port: def.port,
      user: composeString(def.user),
      hostname: def.hostname,
      secrets: def.secrets.map((s) => s.name),
      environment: def.environment.map(([k, v]) => [k, composeString(v)]),
      command: def.command && `[${def.command.map(composeString).join(', ')}]`,
      healthcheck: `[${def.healthcheck.map(composeString).join(', ')}]`,
      healthTiming: composeHealthTiming(serviceHealthTiming(def.startPeriod)),
      limits: def.limits,
      stopGracePeriod: STOP_GRACE_PERIOD,
      tmpfs: def.tmpfs,
      notes: def.notes.flatMap((note) => wrap(note, 96)),
    });
  }
  const migrations = [...facts.migrations];
  for (const file of ['flyway.conf', 'flyway.toml', 'conf/flyway.conf', 'conf/flyway.toml']) {
    if (readBounded(dir, file) !== undefined) {
      migrations.push({
        tool: 'Flyway',
        note: "Flyway is not in the app's image: run the flyway/flyway image as a one-off container on the compose network, with the same database URL",
        evidence: file,
      });
      break;
    }
  }
  return { services, envFile, connections, secrets, migrations, evidence: facts.evidence.filter((e) => answers.services.includes(e.service)) };
}

// ---------------------------------------------------------------- .gitignore

const GITIGNORE_MAX = 1024 * 1024;

/**
 * The project's .gitignore with the secrets folder added (created when absent), or undefined
 * when it already ignores the folder. The user's lines are kept exactly; one comment and one
 * line are appended, in the file's own line ending.
 */
export function gitignoreWithSecrets(dir: string): string | undefined {
  const file = path.join(dir, '.gitignore');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(file);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isFile()) {
    throw new ProjectError(`.gitignore is not a regular file (a link or a folder); add the line "${SECRETS_DIR}/" to it yourself, or run with --services none`);
  }
  if (stat && stat.size > GITIGNORE_MAX) {
    throw new ProjectError(`.gitignore is larger than ${GITIGNORE_MAX} bytes; add the line "${SECRETS_DIR}/" to it yourself, or run with --services none`);
  }
  const existing = stat ? fs.readFileSync(file, 'utf8') : '';
  const ignored = existing.split(/\r?\n/).some((l) => ['.secrets', '/.secrets', '.secrets/', '/.secrets/', '.secrets/*', '/.secrets/*'].includes(l.trim()));
  if (ignored) return undefined;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const separator = existing === '' || existing.endsWith('\n') ? '' : eol;
  return `${existing}${separator}# Passwords and connection URLs for compose (never commit them)${eol}/${SECRETS_DIR}/${eol}`;
}
