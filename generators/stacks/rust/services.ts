/**
 * Rust evidence for the backing services (generators/lib/services): crates in Cargo.toml's
 * dependencies and the environment variables the code reads (std::env::var / env::var_os).
 */
import type { ServiceId, UrlStyle } from '../../lib/services/catalog.js';
import { envReadsIn, MAX_FILES } from '../../lib/services/scan.js';
import type { MigrationTool, ServiceEvidence, StackServiceFacts } from '../../lib/stack.js';
import { readCargoToml, rustSourceFiles } from './detect.js';

/** Crate → the service it talks to. */
export const RUST_SERVICE_CRATES: readonly [string, ServiceId, UrlStyle?][] = [
  ['tokio-postgres', 'postgres'],
  ['postgres', 'postgres'],
  ['deadpool-postgres', 'postgres'],
  ['mysql', 'mariadb'],
  ['mysql_async', 'mariadb'],
  ['mongodb', 'mongodb'],
  ['redis', 'redis'],
  ['deadpool-redis', 'redis'],
  ['fred', 'redis'],
  ['lapin', 'rabbitmq'],
];

const ENV_PATTERNS = [/env::var(?:_os)?\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/];

export function rustServices(dir: string): StackServiceFacts {
  const dependencies = readCargoToml(dir).dependencies;
  const evidence: ServiceEvidence[] = [];
  for (const [crate, service, urlStyle] of RUST_SERVICE_CRATES) {
    if (dependencies.includes(crate)) evidence.push({ service, file: 'Cargo.toml', dependency: crate, ...(urlStyle ? { urlStyle } : {}) });
  }
  const migrations: MigrationTool[] = [];
  const note = (tool: string) =>
    `the runtime image holds only the app binary, not ${tool}: run migrations from the app at start-up (e.g. sqlx::migrate!), or with ${tool} in a one-off container on the compose network`;
  if (dependencies.includes('sqlx')) migrations.push({ tool: 'sqlx', note: note('sqlx-cli'), evidence: 'Cargo.toml sqlx' });
  if (dependencies.includes('diesel')) migrations.push({ tool: 'diesel', note: note('diesel_cli'), evidence: 'Cargo.toml diesel' });
  return { evidence, envReads: envReadsIn(dir, rustSourceFiles(dir).slice(0, MAX_FILES), ENV_PATTERNS), migrations };
}
