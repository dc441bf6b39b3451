/**
 * Node.js evidence for the backing services (generators/lib/services): npm dependencies and
 * Prisma's datasource, the environment variables the code reads, and migration tools.
 */
import type { ServiceId } from '../../lib/services/catalog.js';
import { envReadsIn, readBounded, sourceFiles } from '../../lib/services/scan.js';
import type { MigrationTool, ServiceEvidence, StackServiceFacts } from '../../lib/stack.js';
import { readPackageJson } from './detect.js';
import { detectPrisma } from './prisma.js';

/** npm package → the service it talks to. */
export const NODE_SERVICE_DEPENDENCIES: readonly [string, ServiceId][] = [
  ['pg', 'postgres'],
  ['postgres', 'postgres'],
  ['pg-promise', 'postgres'],
  ['mysql2', 'mariadb'],
  ['mysql', 'mariadb'],
  ['mariadb', 'mariadb'],
  ['mongodb', 'mongodb'],
  ['mongoose', 'mongodb'],
  ['redis', 'redis'],
  ['ioredis', 'redis'],
  ['amqplib', 'rabbitmq'],
  ['amqp-connection-manager', 'rabbitmq'],
];

const PRISMA_PROVIDERS: Record<string, ServiceId> = { postgresql: 'postgres', postgres: 'postgres', mysql: 'mariadb', mongodb: 'mongodb' };

const ENV_PATTERNS = [/process\.env\.([A-Z][A-Z0-9_]*)/, /process\.env\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/, /\benv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/];

/** Migration tools among the dependencies (dev ones too: the CLI is often a dev dependency). */
const MIGRATION_TOOLS: readonly [string, string, string[]][] = [
  ['prisma', 'Prisma', ['npx', 'prisma', 'migrate', 'deploy']],
  ['knex', 'Knex', ['npx', 'knex', 'migrate:latest']],
  ['sequelize-cli', 'Sequelize', ['npx', 'sequelize-cli', 'db:migrate']],
  ['typeorm', 'TypeORM', ['npx', 'typeorm', 'migration:run', '-d', '<path to your DataSource file>.js']],
  ['node-pg-migrate', 'node-pg-migrate', ['npx', 'node-pg-migrate', 'up']],
];

export function nodeServices(dir: string): StackServiceFacts {
  const pkg = readPackageJson(dir);
  const deps = pkg.dependencies && typeof pkg.dependencies === 'object' ? pkg.dependencies : {};
  const devDeps = pkg.devDependencies && typeof pkg.devDependencies === 'object' ? pkg.devDependencies : {};
  const evidence: ServiceEvidence[] = [];
  for (const [name, service] of NODE_SERVICE_DEPENDENCIES) {
    if (Object.hasOwn(deps, name)) evidence.push({ service, file: 'package.json', dependency: `"${name}"` });
  }
  // Prisma's own schema lookup (prisma.config.ts, package.json, a schema folder) when Prisma is a dependency.
  const prisma = detectPrisma(dir, pkg);
  const prismaFile = prisma && readBounded(dir, prisma.schema) !== undefined ? prisma.schema : undefined;
  const schemaFile = prismaFile ?? ['prisma/schema.prisma', 'schema.prisma'].find((f) => readBounded(dir, f) !== undefined);
  const schema = schemaFile ? readBounded(dir, schemaFile)! : '';
  const datasource = /datasource\s+\w+\s*\{([^}]*)\}/.exec(schema)?.[1] ?? '';
  const provider = prisma?.datasource.provider ?? /provider\s*=\s*"([a-z]+)"/.exec(datasource)?.[1];
  const evidenceFile = schemaFile ?? prisma?.schema;
  if (evidenceFile && provider && Object.hasOwn(PRISMA_PROVIDERS, provider)) {
    const urlVariable = prisma?.required[0]?.name;
    evidence.push({
      service: PRISMA_PROVIDERS[provider]!,
      file: evidenceFile,
      dependency: `provider = "${provider}"`,
      ...(urlVariable ? { urlVariable } : {}),
    });
  }
  const files = [...(schemaFile ? [schemaFile] : []), ...sourceFiles(dir, ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'])];
  const migrations: MigrationTool[] = [];
  for (const [name, tool, command] of MIGRATION_TOOLS) {
    if (Object.hasOwn(deps, name) || Object.hasOwn(devDeps, name)) {
      migrations.push({
        tool,
        command,
        evidence: `package.json "${name}"`,
        ...(Object.hasOwn(deps, name)
          ? {}
          : { note: `${name} is a dev dependency, which the runtime image leaves out: move it to "dependencies" (or run this from your machine)` }),
      });
    }
  }
  return { evidence, envReads: envReadsIn(dir, files, ENV_PATTERNS), migrations };
}
