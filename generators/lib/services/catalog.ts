/**
 * The backing services compose can run next to the app (`--services`): for each one the
 * official image pinned by version, its health check (with the image's own tool), where it
 * keeps data, how it gets its password from a compose secret file (never from compose.yaml),
 * and the connection URL the app reads. Knows no stack: the stacks only say which
 * dependencies point at which service (`StackProfile.services`).
 */

import { PINS } from '../versions.js';

export const SERVICE_IDS = ['postgres', 'mariadb', 'mongodb', 'redis', 'rabbitmq'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export const isServiceId = (value: string): value is ServiceId => (SERVICE_IDS as readonly string[]).includes(value);

/** The folder (git-ignored, docker-ignored) holding the password files and the app's env file. */
export const SECRETS_DIR = '.secrets';

/** Database user and database name created on first start. */
export const DB_USER = 'app';
export const DB_NAME = 'app';

/** How the app's connection string is written. */
/** `mysql-dsn`: the DSN form of the MySQL drivers that take no URL, `user:password@tcp(host:port)/db`. */
export type UrlStyle = 'url' | 'mysql-dsn';

export interface ServiceSecret {
  /** compose secret name and file name under .secrets/ */
  name: string;
  /** What it is, for README.Docker.md. */
  what: string;
}

export interface ServiceDefinition {
  id: ServiceId;
  label: string;
  /** Official image, pinned by version line. */
  image: string;
  port: number;
  /** Where the image keeps its data: a named volume `<id>-data` is mounted there. */
  dataPath: string;
  /**
   * The image's own unprivileged user (999:999 in every one of these images). Starting as that
   * user makes each entrypoint skip its root-only steps (chown of the data folder, gosu), so
   * the container needs no capabilities at all: cap_drop ALL is safe.
   */
  user: string;
  /** Writable paths besides the data volume (the root filesystem is read-only). */
  tmpfs: string[];
  /** Fixed container hostname, when the server stores data under its node name. */
  hostname?: string;
  /** Plain (non-secret) environment. */
  environment: [string, string][];
  secrets: ServiceSecret[];
  /** Command replacing the image's default, when the password must be passed by a wrapper. */
  command?: string[];
  /** compose healthcheck test, including "CMD"/"CMD-SHELL" (plain text: the template escapes `$` for compose). */
  healthcheck: string[];
  /** Health check start period, in seconds (the other timings: SERVICE_HEALTH_* in runtime.ts). */
  startPeriod: number;
  limits: { cpus: string; memory: string; pids: number };
  /** One-line comments printed above the service (why each setting). */
  notes: string[];
  /** Conventional name of the connection variable, and other names apps use for it. */
  urlVariable: string;
  urlVariableAliases: string[];
  /** The connection URL, with `password` spliced in. */
  url(password: string, style: UrlStyle): string;
}

const APP_USER_NOTE =
  "Runs as the image's own user 999 from the start, so the entrypoint skips its root-only steps (chown, gosu) and no Linux capability is needed: cap_drop ALL is safe.";

export const SERVICES: Record<ServiceId, ServiceDefinition> = {
  postgres: {
    id: 'postgres',
    label: 'PostgreSQL',
    image: PINS.postgres,
    port: 5432,
    dataPath: '/var/lib/postgresql/data',
    user: '999:999',
    tmpfs: ['/tmp', '/var/run/postgresql'],
    environment: [
      ['POSTGRES_USER', DB_USER],
      ['POSTGRES_DB', DB_NAME],
      ['POSTGRES_PASSWORD_FILE', '/run/secrets/postgres_password'],
    ],
    secrets: [{ name: 'postgres_password', what: 'the password of the PostgreSQL user `app`' }],
    // Over TCP: during first-start initialisation the image's temporary server listens on the
    // socket only, so the check does not pass before the real server is up.
    healthcheck: ['CMD', 'pg_isready', '--host', '127.0.0.1', '--username', DB_USER, '--dbname', DB_NAME],
    startPeriod: 30,
    limits: { cpus: '1.0', memory: '512M', pids: 256 },
    notes: [APP_USER_NOTE, 'Writable: the data volume, /tmp and /var/run/postgresql (socket and lock file).'],
    urlVariable: 'DATABASE_URL',
    urlVariableAliases: ['POSTGRES_URL', 'POSTGRESQL_URL', 'PG_URL', 'DATABASE_DSN', 'POSTGRES_DSN', 'DB_URL'],
    url: (password) => `postgresql://${DB_USER}:${password}@postgres:5432/${DB_NAME}`,
  },
  mariadb: {
    id: 'mariadb',
    label: 'MariaDB (MySQL-compatible)',
    image: PINS.mariadb,
    port: 3306,
    dataPath: '/var/lib/mysql',
    user: '999:999',
    tmpfs: ['/tmp', '/run/mysqld'],
    environment: [
      ['MARIADB_USER', DB_USER],
      ['MARIADB_DATABASE', DB_NAME],
      ['MARIADB_PASSWORD_FILE', '/run/secrets/mariadb_password'],
      ['MARIADB_ROOT_PASSWORD_FILE', '/run/secrets/mariadb_root_password'],
    ],
    secrets: [
      { name: 'mariadb_password', what: 'the password of the MariaDB user `app`' },
      { name: 'mariadb_root_password', what: 'the password of the MariaDB `root` user (administration only; the app never uses it)' },
    ],
    // The image's script: connects, and checks that InnoDB finished starting (it uses the
    // health-check account the image creates on first start).
    healthcheck: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
    startPeriod: 30,
    limits: { cpus: '1.0', memory: '512M', pids: 256 },
    notes: [APP_USER_NOTE, 'Writable: the data volume, /tmp and /run/mysqld (socket).'],
    urlVariable: 'DATABASE_URL',
    urlVariableAliases: ['MYSQL_URL', 'MARIADB_URL', 'MYSQL_DSN', 'DATABASE_DSN', 'DB_DSN', 'DSN', 'DB_URL'],
    url: (password, style) =>
      style === 'mysql-dsn' ? `${DB_USER}:${password}@tcp(mariadb:3306)/${DB_NAME}` : `mysql://${DB_USER}:${password}@mariadb:3306/${DB_NAME}`,
  },
  mongodb: {
    id: 'mongodb',
    label: 'MongoDB',
    image: PINS.mongo,
    port: 27017,
    dataPath: '/data/db',
    user: '999:999',
    tmpfs: ['/tmp'],
    environment: [
      ['MONGO_INITDB_ROOT_USERNAME', DB_USER],
      ['MONGO_INITDB_ROOT_PASSWORD_FILE', '/run/secrets/mongodb_password'],
      ['MONGO_INITDB_DATABASE', DB_NAME],
    ],
    secrets: [{ name: 'mongodb_password', what: 'the password of the MongoDB user `app` (created in the admin database)' }],
    healthcheck: ['CMD', 'mongosh', '--quiet', '--norc', '--eval', "quit(db.adminCommand('ping').ok ? 0 : 1)"],
    startPeriod: 60,
    limits: { cpus: '1.0', memory: '1G', pids: 512 },
    notes: [APP_USER_NOTE, "Writable: the data volume, the image's /data/configdb volume and /tmp (socket)."],
    urlVariable: 'MONGODB_URI',
    urlVariableAliases: ['MONGO_URI', 'MONGO_URL', 'MONGODB_URL', 'DATABASE_URL'],
    url: (password) => `mongodb://${DB_USER}:${password}@mongodb:27017/${DB_NAME}?authSource=admin`,
  },
  redis: {
    id: 'redis',
    label: 'Redis',
    image: PINS.redis,
    port: 6379,
    dataPath: '/data',
    user: '999:999',
    tmpfs: ['/tmp'],
    environment: [],
    secrets: [{ name: 'redis_password', what: 'the Redis password (`requirepass`)' }],
    // Redis reads no *_FILE variable: the password goes from the secret file into the
    // configuration on standard input (`redis-server -`), so it is in no argument list, no
    // variable and no file of the container. exec keeps redis-server the main process.
    command: ['sh', '-c', 'exec redis-server - --appendonly yes --dir /data <<EOF\nrequirepass $(cat /run/secrets/redis_password)\nEOF\n'],
    healthcheck: ['CMD-SHELL', 'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" redis-cli ping | grep -q PONG'],
    startPeriod: 20,
    limits: { cpus: '1.0', memory: '512M', pids: 256 },
    notes: [APP_USER_NOTE, 'Writable: the data volume (append-only file, so data survives a restart) and /tmp.'],
    urlVariable: 'REDIS_URL',
    urlVariableAliases: ['REDIS_URI', 'REDIS_DSN', 'CACHE_URL'],
    url: (password) => `redis://:${password}@redis:6379/0`,
  },
  rabbitmq: {
    id: 'rabbitmq',
    label: 'RabbitMQ',
    image: PINS.rabbitmq,
    port: 5672,
    dataPath: '/var/lib/rabbitmq',
    user: '999:999',
    tmpfs: ['/tmp'],
    hostname: 'rabbitmq',
    environment: [['RABBITMQ_DEFAULT_USER', DB_USER]],
    secrets: [{ name: 'rabbitmq_password', what: 'the password of the RabbitMQ user `app`' }],
    // The image refuses RABBITMQ_DEFAULT_PASS_FILE; RabbitMQ itself reads RABBITMQ_DEFAULT_PASS,
    // so a wrapper exports it from the secret file (it never appears in compose.yaml or in
    // `docker inspect`). The user is created on the first start only.
    command: [
      'sh',
      '-c',
      'RABBITMQ_DEFAULT_PASS="$(cat /run/secrets/rabbitmq_password)"; export RABBITMQ_DEFAULT_PASS; exec docker-entrypoint.sh rabbitmq-server',
    ],
    healthcheck: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
    startPeriod: 60,
    limits: { cpus: '1.0', memory: '512M', pids: 512 },
    notes: [APP_USER_NOTE, 'A fixed hostname: RabbitMQ keeps its data under the node name (rabbit@<hostname>), which must not change between containers.'],
    urlVariable: 'AMQP_URL',
    urlVariableAliases: ['RABBITMQ_URL', 'AMQP_URI', 'CLOUDAMQP_URL', 'BROKER_URL', 'CELERY_BROKER_URL'],
    url: (password) => `amqp://${DB_USER}:${password}@rabbitmq:5672/`,
  },
};
