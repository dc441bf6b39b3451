/**
 * Go evidence for the backing services (generators/lib/services): required modules in go.mod,
 * the environment variables the code reads (os.Getenv / os.LookupEnv), and migration tools.
 */
import type { ServiceId, UrlStyle } from '../../lib/services/catalog.js';
import { envReadsIn, MAX_FILES, readBounded } from '../../lib/services/scan.js';
import type { MigrationTool, ServiceEvidence, StackServiceFacts } from '../../lib/stack.js';
import { goSourceFiles, requiredModules } from './detect.js';

/** Module path prefix → the service it talks to (and how its driver takes the address). */
export const GO_SERVICE_MODULES: readonly [string, ServiceId, UrlStyle?][] = [
  ['github.com/lib/pq', 'postgres'],
  ['github.com/jackc/pgx', 'postgres'],
  ['gorm.io/driver/postgres', 'postgres'],
  // go-sql-driver/mysql takes a DSN (user:password@tcp(host:3306)/db), not a URL.
  ['github.com/go-sql-driver/mysql', 'mariadb', 'mysql-dsn'],
  ['gorm.io/driver/mysql', 'mariadb', 'mysql-dsn'],
  ['go.mongodb.org/mongo-driver', 'mongodb'],
  ['github.com/redis/go-redis', 'redis'],
  ['github.com/go-redis/redis', 'redis'],
  ['github.com/redis/rueidis', 'redis'],
  ['github.com/gomodule/redigo', 'redis'],
  ['github.com/rabbitmq/amqp091-go', 'rabbitmq'],
  ['github.com/streadway/amqp', 'rabbitmq'],
];

const ENV_PATTERNS = [/os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/];

const matches = (module: string, prefix: string) => module === prefix || module.startsWith(`${prefix}/`);

export function goServices(dir: string): StackServiceFacts {
  const modules = requiredModules(readBounded(dir, 'go.mod') ?? '');
  const evidence: ServiceEvidence[] = [];
  for (const [prefix, service, urlStyle] of GO_SERVICE_MODULES) {
    const found = modules.find((m) => matches(m, prefix));
    // go.mod is untrusted: a path with other characters is shown as the known prefix.
    if (found)
      evidence.push({ service, file: 'go.mod', dependency: /^[A-Za-z0-9._~/+-]{1,200}$/.test(found) ? found : prefix, ...(urlStyle ? { urlStyle } : {}) });
  }
  const migrations: MigrationTool[] = [];
  const note = (tool: string) =>
    `the runtime image holds only the app binary, not ${tool}: run migrations from the app at start-up, or with ${tool} in a one-off container on the compose network`;
  const migrate = modules.find((m) => matches(m, 'github.com/golang-migrate/migrate'));
  if (migrate) migrations.push({ tool: 'golang-migrate', note: note('the migrate CLI'), evidence: 'go.mod github.com/golang-migrate/migrate' });
  const goose = modules.find((m) => matches(m, 'github.com/pressly/goose'));
  if (goose) migrations.push({ tool: 'goose', note: note('the goose CLI'), evidence: 'go.mod github.com/pressly/goose' });
  return { evidence, envReads: envReadsIn(dir, goSourceFiles(dir).slice(0, MAX_FILES), ENV_PATTERNS), migrations };
}
