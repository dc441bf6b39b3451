/**
 * Python evidence for the backing services (generators/lib/services): distributions among the
 * dependencies, Django's DATABASES ENGINE, the environment variables the code reads, and
 * migration tools.
 */
import type { ServiceId } from '../../lib/services/catalog.js';
import { envReadsIn, readBounded, sourceFiles } from '../../lib/services/scan.js';
import type { MigrationTool, ServiceEvidence, StackServiceFacts } from '../../lib/stack.js';
import path from 'node:path';
import { dependencyNames, readProject, readRequirements } from './detect.js';
import { readUvWorkspace } from './workspace.js';

/** PEP 503-normalised distribution name → the service it talks to. */
export const PYTHON_SERVICE_DEPENDENCIES: readonly [string, ServiceId][] = [
  ['psycopg', 'postgres'],
  ['psycopg-binary', 'postgres'],
  ['psycopg2', 'postgres'],
  ['psycopg2-binary', 'postgres'],
  ['asyncpg', 'postgres'],
  ['pg8000', 'postgres'],
  ['mysqlclient', 'mariadb'],
  ['pymysql', 'mariadb'],
  ['mysql-connector-python', 'mariadb'],
  ['aiomysql', 'mariadb'],
  ['asyncmy', 'mariadb'],
  ['pymongo', 'mongodb'],
  ['motor', 'mongodb'],
  ['mongoengine', 'mongodb'],
  ['beanie', 'mongodb'],
  ['redis', 'redis'],
  ['django-redis', 'redis'],
  ['pika', 'rabbitmq'],
  ['aio-pika', 'rabbitmq'],
  ['aiormq', 'rabbitmq'],
];

const DJANGO_ENGINES: readonly [RegExp, ServiceId, string][] = [
  [/['"]django\.(?:contrib\.gis\.)?db\.backends\.(postgresql|postgis)(?:_psycopg2)?['"]/, 'postgres', 'postgresql'],
  [/['"]django\.(?:contrib\.gis\.)?db\.backends\.mysql['"]/, 'mariadb', 'mysql'],
];

const ENV_PATTERNS = [
  /os\.environ\.get\(\s*['"]([A-Z][A-Z0-9_]*)['"]/,
  /os\.environ\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/,
  /os\.getenv\(\s*['"]([A-Z][A-Z0-9_]*)['"]/,
  /\benv(?:\.\w+)?\(\s*['"]([A-Z][A-Z0-9_]*)['"]/,
];

/** Where a dependency was declared, for the summary. */
function manifestOf(dir: string): string {
  if (readRequirements(dir)) return 'requirements.txt';
  if (readBounded(dir, 'pyproject.toml') !== undefined) return 'pyproject.toml';
  return 'Pipfile';
}

/**
 * A uv workspace root: the evidence of every member (which member runs is chosen later), each
 * file named from the root. A member's migration command runs in its folder, the app's WORKDIR.
 */
function workspaceServices(dir: string): StackServiceFacts | undefined {
  const workspace = readUvWorkspace(dir, readProject(dir).pyproject);
  if (!workspace) return undefined;
  const facts: StackServiceFacts = { evidence: [], envReads: [], migrations: [] };
  for (const member of workspace.members) {
    const own = pythonServices(path.join(dir, member), false);
    facts.evidence.push(...own.evidence.map((e) => ({ ...e, file: `${member}/${e.file}` })));
    facts.envReads.push(...own.envReads.filter((r) => !facts.envReads.some((x) => x.name === r.name)).map((r) => ({ ...r, file: `${member}/${r.file}` })));
    facts.migrations.push(...own.migrations.map((m) => ({ ...m, evidence: `${member}/${m.evidence}` })));
  }
  return facts;
}

export function pythonServices(dir: string, followWorkspace = true): StackServiceFacts {
  const inWorkspace = followWorkspace ? workspaceServices(dir) : undefined;
  if (inWorkspace) return inWorkspace;
  const deps = dependencyNames(dir, readProject(dir));
  const manifest = manifestOf(dir);
  const evidence: ServiceEvidence[] = [];
  for (const [name, service] of PYTHON_SERVICE_DEPENDENCIES) {
    if (deps.includes(name)) evidence.push({ service, file: manifest, dependency: name });
  }
  const files = sourceFiles(dir, ['.py'], 3);
  const migrations: MigrationTool[] = [];
  const django = readBounded(dir, 'manage.py') !== undefined;
  for (const file of files.filter((f) => /(^|\/)settings(\/[^/]+)?\.py$|(^|\/)settings\.py$/.test(f))) {
    const text = readBounded(dir, file) ?? '';
    for (const [pattern, service, engine] of DJANGO_ENGINES) {
      if (pattern.test(text)) evidence.push({ service, file, dependency: `ENGINE django.db.backends.${engine}` });
    }
  }
  if (django) migrations.push({ tool: 'Django', command: ['python', 'manage.py', 'migrate'], evidence: 'manage.py' });
  if (deps.includes('alembic') || readBounded(dir, 'alembic.ini') !== undefined) {
    migrations.push({ tool: 'Alembic', command: ['alembic', 'upgrade', 'head'], evidence: deps.includes('alembic') ? `${manifest} alembic` : 'alembic.ini' });
  }
  return { evidence, envReads: envReadsIn(dir, files, ENV_PATTERNS), migrations };
}
