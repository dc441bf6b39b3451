/**
 * Backing services without an engine: detection per stack (dependencies, Prisma, Django's
 * ENGINE, go.mod), the connection variable the code reads, --services validation, the compose
 * services (lint-clean for all five, hardened, no password), .gitignore/.dockerignore handling
 * and the Yeoman layer (flag, stored answer, prompt only when something was detected).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import helpers from 'yeoman-test';
import { InputError, ProjectError } from '../generators/lib/errors.js';
import { detectServices, gitignoreWithSecrets, parseServices, SERVICE_IDS, SERVICES } from '../generators/lib/services/index.js';
import { requiredModules } from '../generators/stacks/go/detect.js';
import { goProfile } from '../generators/stacks/go/profile.js';
import { nodeProfile } from '../generators/stacks/node/profile.js';
import { pythonProfile } from '../generators/stacks/python/profile.js';
import { STACKS } from '../generators/stacks/index.js';
import { checkAll } from './support/checklist.js';
import { fileContent, generate } from './support/generate.js';
import { lintCompose } from './support/lint.js';
import { copyFixture, FIXTURES_DIR, GENERATOR_PATH, makeProject, REPO_ROOT } from './support/project.js';

const detected = (profile: typeof nodeProfile, files: Record<string, string>) => detectServices(makeProject(files), profile);

describe('backing services', () => {
  describe('detection', () => {
    it('Node.js: pg, postgres, mysql2, mongodb, mongoose, redis, ioredis, amqplib among the dependencies', () => {
      const cases: [string, string][] = [
        ['pg', 'postgres'],
        ['postgres', 'postgres'],
        ['mysql2', 'mariadb'],
        ['mongodb', 'mongodb'],
        ['mongoose', 'mongodb'],
        ['redis', 'redis'],
        ['ioredis', 'redis'],
        ['amqplib', 'rabbitmq'],
      ];
      for (const [dep, service] of cases) {
        const d = detected(nodeProfile, { 'package.json': JSON.stringify({ dependencies: { [dep]: '1' } }) });
        assert.deepEqual(d.value, [service], dep);
        assert.match(d.source, new RegExp(`${service}: package\\.json "${dep}"`));
      }
      // A dev dependency (tests against a local database) is no evidence.
      assert.deepEqual(detected(nodeProfile, { 'package.json': JSON.stringify({ devDependencies: { pg: '8' } }) }).value, []);
    });

    it("Node.js: Prisma's datasource provider", () => {
      const schema = (provider: string) => `datasource db {\n  provider = "${provider}"\n  url = env("DATABASE_URL")\n}\n`;
      assert.deepEqual(detected(nodeProfile, { 'package.json': '{}', 'prisma/schema.prisma': schema('postgresql') }).value, ['postgres']);
      assert.deepEqual(detected(nodeProfile, { 'package.json': '{}', 'prisma/schema.prisma': schema('mysql') }).value, ['mariadb']);
      assert.deepEqual(detected(nodeProfile, { 'package.json': '{}', 'prisma/schema.prisma': schema('sqlite') }).value, []);
      assert.match(
        detected(nodeProfile, { 'package.json': '{}', 'prisma/schema.prisma': schema('postgresql') }).source,
        /prisma\/schema\.prisma provider = "postgresql"/,
      );
    });

    it('Python: psycopg, psycopg2, asyncpg, mysqlclient, PyMySQL, pymongo, motor, redis, pika; Django ENGINE', () => {
      const cases: [string, string][] = [
        ['psycopg[binary]==3.2', 'postgres'],
        ['psycopg2-binary==2.9', 'postgres'],
        ['asyncpg', 'postgres'],
        ['mysqlclient', 'mariadb'],
        ['PyMySQL==1.1', 'mariadb'],
        ['pymongo', 'mongodb'],
        ['motor', 'mongodb'],
        ['redis==5.2.1', 'redis'],
        ['pika', 'rabbitmq'],
      ];
      for (const [req, service] of cases) assert.deepEqual(detected(pythonProfile, { 'requirements.txt': `${req}\n` }).value, [service], req);
      const django = detected(pythonProfile, {
        'requirements.txt': 'django\n',
        'manage.py': '',
        'site1/settings.py': 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
      });
      assert.deepEqual(django.value, ['postgres']);
      assert.match(django.source, /site1\/settings\.py ENGINE django\.db\.backends\.postgresql/);
      assert.deepEqual(detected(pythonProfile, { 'requirements.txt': 'django\n', 'site1/settings.py': '"ENGINE": "django.db.backends.mysql"' }).value, [
        'mariadb',
      ]);
    });

    it('Go: lib/pq, pgx, go-sql-driver/mysql, mongo-driver, go-redis, rueidis, amqp091-go in go.mod', () => {
      const cases: [string, string][] = [
        ['github.com/lib/pq v1.10.9', 'postgres'],
        ['github.com/jackc/pgx/v5 v5.7.1', 'postgres'],
        ['github.com/go-sql-driver/mysql v1.7.1', 'mariadb'],
        ['go.mongodb.org/mongo-driver v1.17.1', 'mongodb'],
        ['github.com/redis/go-redis/v9 v9.7.0', 'redis'],
        ['github.com/redis/rueidis v1.0.50', 'redis'],
        ['github.com/rabbitmq/amqp091-go v1.10.0', 'rabbitmq'],
      ];
      for (const [line, service] of cases) {
        assert.deepEqual(detected(goProfile, { 'go.mod': `module x\n\ngo 1.22\n\nrequire (\n\t${line} // indirect\n)\n` }).value, [service], line);
      }
      const odd = detected(goProfile, { 'go.mod': 'module x\nrequire github.com/lib/pq/`x`|y v1.0.0\n' });
      assert.match(odd.source, /postgres: go\.mod github\.com\/lib\/pq$/, 'an odd module path is shown as the known prefix');
      assert.deepEqual(requiredModules('module x\nrequire github.com/lib/pq v1.0.0\nrequire (\n  a.b/c v1 // x\n)\n'), ['github.com/lib/pq', 'a.b/c']);
    });

    it('file names with other characters are never shown (summary, README)', () => {
      const d = detected(pythonProfile, { 'requirements.txt': 'django\n', 'a`b/settings.py': '"ENGINE": "django.db.backends.postgresql"' });
      assert.deepEqual(d.value, []);
    });

    it('every stack that has dependencies contributes evidence; the shared module names no stack', () => {
      assert.deepEqual(
        STACKS.filter((s) => s.services)
          .map((s) => s.id)
          .sort(),
        ['bun', 'go', 'node', 'python', 'rust'],
      );
      const shared = fs
        .readdirSync(path.join(REPO_ROOT, 'generators/lib/services'))
        .map((f) => fs.readFileSync(path.join(REPO_ROOT, 'generators/lib/services', f), 'utf8'))
        .join('\n');
      for (const s of STACKS) assert.doesNotMatch(shared, new RegExp(`['"]${s.id}['"]`), `generators/lib/services names the ${s.id} stack`);
    });

    it('golden fixtures: services detected with their evidence', async () => {
      const expect: Record<string, string[]> = {
        'node-pg-npm': ['postgres'],
        'python-redis-pip': ['redis'],
        'go-mysql': ['mariadb'],
        'node-prisma-mongo-amqp': ['postgres', 'mongodb', 'rabbitmq'],
        'python-django-postgres': ['postgres'],
        'node-express-npm': [],
      };
      for (const [fixture, services] of Object.entries(expect)) {
        const { resolution } = await generate(path.join(FIXTURES_DIR, fixture));
        assert.deepEqual(resolution.answers.services, services, fixture);
      }
    });
  });

  describe('migrations', () => {
    const readme = async (files: Record<string, string>, services: string) => {
      const { files: out } = await generate(makeProject(files), { services, serviceName: 'app1' });
      return fileContent(out, 'README.Docker.md');
    };

    it('shows the one-off command for the tool found, never run at container start', async () => {
      const node = await readme(
        {
          'package.json': JSON.stringify({ dependencies: { pg: '8', knex: '3' }, devDependencies: { 'sequelize-cli': '6' } }),
          'package-lock.json': '{}',
          'server.js': '',
        },
        'postgres',
      );
      assert.match(node, /^docker compose run --rm app1 npx knex migrate:latest {5}# Knex/m);
      assert.match(node, /^docker compose run --rm app1 npx sequelize-cli db:migrate/m);
      assert.match(node, /sequelize-cli is a dev dependency, which the runtime image leaves out/);
      const python = await readme({ 'requirements.txt': 'psycopg==3.2\nalembic==1.14\n', 'main.py': '' }, 'postgres');
      assert.match(python, /^docker compose run --rm app1 alembic upgrade head/m);
      const go = await readme(
        {
          'go.mod': 'module x\n\ngo 1.22\n\nrequire github.com/pressly/goose/v3 v3.22.0\n',
          'main.go': 'package main\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
        },
        'postgres',
      );
      assert.match(go, /goose \(go\.mod github\.com\/pressly\/goose\): the runtime image holds only the app binary/);
      const flyway = await readme({ 'package.json': '{}', 'package-lock.json': '{}', 'server.js': '', 'flyway.conf': 'flyway.url=x\n' }, 'postgres');
      assert.match(flyway, /Flyway \(flyway\.conf\): Flyway is not in the app's image/);
      const none = await readme({ 'package.json': '{}', 'package-lock.json': '{}', 'server.js': '' }, 'redis');
      assert.match(none, /No migration tool was detected/);
    });
  });

  describe('--services', () => {
    it('takes known ids (any order, any case, each once) or none', () => {
      assert.deepEqual(parseServices('redis, Postgres,redis'), ['postgres', 'redis']);
      assert.deepEqual(parseServices('none'), []);
      assert.deepEqual(parseServices(''), []);
    });

    it('refuses unknown ids with the flag, the value and the allowed values', () => {
      for (const raw of ['mysql', 'postgres,oracle', 'none,redis', 'postgres;redis', '$(id)']) {
        assert.throws(
          () => parseServices(raw),
          (e: unknown) =>
            e instanceof InputError &&
            e.message.startsWith(`--services: ${JSON.stringify(raw)} is not allowed`) &&
            e.message.includes('postgres, mariadb, mongodb, redis, rabbitmq'),
          raw,
        );
      }
    });

    it('refuses an app service named like a backing service', async () => {
      await assert.rejects(
        generate(path.join(FIXTURES_DIR, 'node-pg-npm'), { serviceName: 'postgres' }),
        (e: unknown) => e instanceof InputError && /^--service-name: "postgres"/.test(e.message),
      );
    });
  });

  describe('compose.yaml', () => {
    it('all five services: lint-clean, hardened, healthy-gated, no password, each secret declared', async () => {
      const { resolution, files } = await generate(path.join(FIXTURES_DIR, 'node-pg-npm'), { services: SERVICE_IDS.join(',') });
      const compose = fileContent(files, 'compose.yaml');
      const findings = [
        ...lintCompose(compose),
        ...checkAll({
          dockerfile: fileContent(files, 'Dockerfile'),
          compose,
          dockerignore: fileContent(files, '.dockerignore'),
          port: resolution.answers.port,
          healthPath: resolution.answers.healthPath,
        }),
      ];
      assert.deepEqual(findings, []);
      const doc = parseDocument(compose).toJS() as {
        services: Record<string, Record<string, unknown>>;
        volumes: Record<string, unknown>;
        secrets: Record<string, { file: string }>;
      };
      const app = doc.services['visits-pg']!;
      assert.deepEqual(Object.keys(app.depends_on as object).sort(), [...SERVICE_IDS].sort());
      for (const id of SERVICE_IDS) {
        const s = doc.services[id]!;
        assert.equal(s.image, SERVICES[id].image);
        assert.equal(s.user, '999:999');
        assert.equal(s.ports, undefined, `${id} publishes no port`);
        assert.deepEqual(s.volumes, [`${id}-data:${SERVICES[id].dataPath}`]);
        assert.ok(id in doc.volumes || `${id}-data` in doc.volumes);
        assert.deepEqual((app.depends_on as Record<string, unknown>)[id], { condition: 'service_healthy' });
        for (const secret of s.secrets as string[]) assert.equal(doc.secrets[secret]!.file, `./.secrets/${secret}`);
      }
      assert.deepEqual(app.env_file, ['./.secrets/visits-pg.env']);
      assert.doesNotMatch(compose, /PASSWORD:\s*"?[^"/\s]/, 'no password value, only *_FILE paths');
    });

    it('names every image the stand-ins build (scripts/standins/services.sh)', () => {
      const script = fs.readFileSync(path.join(REPO_ROOT, 'scripts/standins/services.sh'), 'utf8');
      for (const id of ['postgres', 'mariadb', 'redis'] as const)
        assert.match(script, new RegExp(`^build_service_standin ${id} ${SERVICES[id].image.replace(/[.]/g, '\\.')}$`, 'm'));
    });

    it('without services nothing changes: no depends_on, env_file, volumes or secrets', async () => {
      const { files } = await generate(path.join(FIXTURES_DIR, 'node-express-npm'));
      assert.doesNotMatch(fileContent(files, 'compose.yaml'), /depends_on|env_file|^volumes:|^secrets:/m);
      assert.ok(!files.some((f) => f.path === '.gitignore'));
    });
  });

  describe('.gitignore', () => {
    it('created with the secrets folder when absent', () => {
      assert.equal(gitignoreWithSecrets(makeProject({})), '# Passwords and connection URLs for compose (never commit them)\n/.secrets/\n');
    });

    it("appends to the user's file, keeping it byte for byte (no final newline, CRLF)", () => {
      assert.equal(
        gitignoreWithSecrets(makeProject({ '.gitignore': 'node_modules' })),
        'node_modules\n# Passwords and connection URLs for compose (never commit them)\n/.secrets/\n',
      );
      assert.equal(
        gitignoreWithSecrets(makeProject({ '.gitignore': 'dist\r\n' })),
        'dist\r\n# Passwords and connection URLs for compose (never commit them)\r\n/.secrets/\r\n',
      );
    });

    it('left alone when it already ignores the folder', () => {
      for (const line of ['.secrets', '/.secrets/', '.secrets/'])
        assert.equal(gitignoreWithSecrets(makeProject({ '.gitignore': `x\n${line}\n` })), undefined, line);
    });

    it('refuses a .gitignore that is a link (it could point outside the project)', () => {
      const dir = makeProject({ 'elsewhere.txt': 'x\n' });
      fs.symlinkSync(path.join(dir, 'elsewhere.txt'), path.join(dir, '.gitignore'));
      assert.throws(
        () => gitignoreWithSecrets(dir),
        (e: unknown) => e instanceof ProjectError && /not a regular file/.test(e.message),
      );
    });
  });

  describe('yo docker-prod', function () {
    this.timeout(60000);
    const run = (dir: string) =>
      helpers
        .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
        .cd(dir)
        .withOptions({ force: false } as never);

    it('--yes: detected services stored, .gitignore appended without a conflict, .dockerignore excludes the folder', async () => {
      const dir = copyFixture('python-redis-pip');
      fs.writeFileSync(path.join(dir, '.gitignore'), '__pycache__/\n');
      await run(dir).withOptions({ yes: true } as never);
      const rc = JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
      assert.equal(rc.services, 'redis');
      assert.equal(
        fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'),
        '__pycache__/\n# Passwords and connection URLs for compose (never commit them)\n/.secrets/\n',
      );
      assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^\.secrets$/m);
      // A second run changes nothing (the line is there now).
      await run(dir).withOptions({ yes: true } as never);
      assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').match(/\.secrets/g)!.length, 1);
    });

    it('asks a multi-select question only when a service was detected; --services none skips them', async () => {
      const withDb = copyFixture('node-pg-npm');
      const asked = await run(withDb).withAnswers({ services: ['postgres', 'redis'] });
      const question = asked.askedQuestions.find((q) => q.name === 'services');
      assert.ok(question, 'the services question is asked');
      assert.match(fs.readFileSync(path.join(withDb, 'compose.yaml'), 'utf8'), /^ {2}redis:$/m);
      const withoutDb = copyFixture('node-express-npm');
      const none = await run(withoutDb).withAnswers({});
      assert.ok(!none.askedQuestions.some((q) => q.name === 'services'), 'nothing detected: not asked');
      // An earlier "none" stored in .yo-rc.json: a detected service is still offered.
      const storedNone = copyFixture('node-pg-npm');
      fs.writeFileSync(path.join(storedNone, '.yo-rc.json'), JSON.stringify({ 'generator-docker-prod': { services: 'none' } }));
      const again = await run(storedNone).withAnswers({ services: ['postgres'] });
      assert.ok(
        again.askedQuestions.some((q) => q.name === 'services'),
        'asked again although "none" was stored',
      );
      assert.match(fs.readFileSync(path.join(storedNone, 'compose.yaml'), 'utf8'), /^ {2}postgres:$/m);
      const skipped = copyFixture('node-pg-npm');
      await run(skipped).withOptions({ yes: true, services: 'none' } as never);
      assert.doesNotMatch(fs.readFileSync(path.join(skipped, 'compose.yaml'), 'utf8'), /postgres/);
      assert.ok(!fs.existsSync(path.join(skipped, '.gitignore')));
    });

    it('a bad --services value writes nothing', async () => {
      const dir = copyFixture('node-pg-npm');
      await assert.rejects(run(dir).withOptions({ yes: true, services: 'postgres,oracle' } as never), /--services: "postgres,oracle" is not allowed/);
      assert.ok(!fs.existsSync(path.join(dir, 'compose.yaml')));
    });
  });
});
