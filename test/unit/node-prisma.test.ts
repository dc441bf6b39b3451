import assert from 'node:assert/strict';
import { detectPrisma, parsePrismaConfig, parsePrismaSchema, withoutMigratePrefix } from '../../generators/stacks/node/prisma.js';
import { prismaPlan } from '../../generators/stacks/node/prisma-plan.js';
import { detectStartCommand, readPackageJson } from '../../generators/stacks/node/detect.js';
import { makeProject } from '../support/project.js';
import { nodeServices } from '../../generators/stacks/node/services.js';

const PRISMA6 = `// comment with generator x { provider = "nope" }
generator client {
  provider      = "prisma-client-js"
  binaryTargets = ["native", "debian-openssl-3.0.x"] // trailing comment
  previewFeatures = ["driverAdapters"]
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  directUrl = env("DIRECT_URL")
}

model User {
  id Int @id
}
`;

const PRISMA7 = `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}
`;

const CONFIG7 = `import "dotenv/config";
import { defineConfig, env } from "prisma/config";
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: env("PG_URL") },
});
`;

const pkgJson = (deps: object, dev: object = {}, scripts: object = {}) => JSON.stringify({ name: 'x', dependencies: deps, devDependencies: dev, scripts });

function detect(files: Record<string, string>) {
  const dir = makeProject(files);
  return { dir, facts: detectPrisma(dir, readPackageJson(dir)) };
}

describe('Prisma detection (generators/stacks/node/prisma.ts)', () => {
  it('parses generator and datasource blocks, ignoring comments', () => {
    const parsed = parsePrismaSchema([PRISMA6]);
    assert.equal(parsed.generators.length, 1);
    assert.deepEqual(parsed.generators[0], {
      name: 'client',
      provider: 'prisma-client-js',
      binaryTargets: ['native', 'debian-openssl-3.0.x'],
      previewFeatures: ['driverAdapters'],
    });
    assert.deepEqual(parsed.datasource, { provider: 'postgresql', urlEnv: 'DATABASE_URL' });
  });

  it('reads the output, engineType and a literal url (no variable)', () => {
    const parsed = parsePrismaSchema([
      'generator c {\n provider = "prisma-client"\n output = "../generated"\n engineType = "client"\n}\ndatasource d {\n provider = "sqlite"\n url = "file:./dev.db"\n}',
    ]);
    assert.equal(parsed.generators[0]!.output, '../generated');
    assert.equal(parsed.generators[0]!.engineType, 'client');
    assert.deepEqual(parsed.datasource, { provider: 'sqlite' });
  });

  it('reads prisma.config.ts as text: schema literal and the URL variable (env() or process.env)', () => {
    assert.deepEqual(parsePrismaConfig(CONFIG7), { schema: 'prisma/schema.prisma', urlEnv: 'PG_URL', urlRequired: true });
    assert.deepEqual(parsePrismaConfig('export default { datasource: { url: process.env["DATABASE_URL"] } }'), { urlEnv: 'DATABASE_URL' });
    assert.deepEqual(parsePrismaConfig('export default { datasource: { url: process.env.DB } }'), { urlEnv: 'DB' });
    assert.deepEqual(parsePrismaConfig('export default { schema: `${dir}/x` }'), {}, 'a template with a substitution is not a literal');
  });

  it('is undefined without prisma or @prisma/client', () => {
    assert.equal(detect({ 'package.json': pkgJson({ pg: '^8' }), 'prisma/schema.prisma': PRISMA6 }).facts, undefined);
  });

  it('Prisma 6, prisma-client-js: default client in node_modules/.prisma, native engine, DATABASE_URL required', () => {
    const { facts } = detect({ 'package.json': pkgJson({ '@prisma/client': '^6.1.0' }, { prisma: '^6.1.0' }), 'prisma/schema.prisma': PRISMA6 });
    assert.ok(facts);
    assert.equal(facts.schema, 'prisma/schema.prisma');
    assert.equal(facts.major, 6);
    assert.equal(facts.defaultClient, true);
    assert.equal(facts.nativeEngine, true);
    assert.equal(facts.cliDevOnly, true);
    assert.deepEqual(facts.required, [{ name: 'DATABASE_URL', source: 'prisma/schema.prisma (datasource url)' }]);
    const plan = prismaPlan(facts, false, []);
    assert.equal(plan.generateRun, 'node_modules/.bin/prisma generate');
    assert.deepEqual(plan.copies, ['/app/node_modules/.prisma ./node_modules/.prisma']);
    assert.equal(plan.packages, 'openssl=3.0.* ca-certificates=20*');
  });

  it('queryCompiler + driverAdapters, or engineType "client": no Rust engine at run time', () => {
    const schema = (extra: string) => `generator client {\n provider = "prisma-client-js"\n ${extra}\n}\n`;
    const pkg = pkgJson({ '@prisma/client': '^6.16.0' }, { prisma: '^6.16.0' });
    assert.equal(
      detect({ 'package.json': pkg, 'prisma/schema.prisma': schema('previewFeatures = ["queryCompiler", "driverAdapters"]') }).facts!.nativeEngine,
      false,
    );
    assert.equal(detect({ 'package.json': pkg, 'prisma/schema.prisma': schema('engineType = "client"') }).facts!.nativeEngine, false);
    assert.equal(detect({ 'package.json': pkg, 'prisma/schema.prisma': schema('engineType = "binary"') }).facts!.nativeEngine, true);
  });

  it('warns when binaryTargets lack the Debian OpenSSL 3 platform', () => {
    const { facts } = detect({
      'package.json': pkgJson({ '@prisma/client': '^5.0.0' }, { prisma: '^5.0.0' }),
      'schema.prisma': 'generator client {\n provider = "prisma-client-js"\n binaryTargets = ["linux-musl-openssl-3.0.x"]\n}\n',
    });
    assert.equal(facts!.schema, 'schema.prisma');
    assert.ok(facts!.warnings.some((w) => w.includes('binaryTargets') && w.includes('debian-openssl-3.0.x')));
  });

  it('Prisma 7: schema from prisma.config.ts, TypeScript client compiled by the build, URL variable from the config', () => {
    const { facts } = detect({
      'package.json': pkgJson({ '@prisma/client': '^7.10.0', '@prisma/adapter-pg': '^7.10.1' }, { prisma: '^7.10.1' }, { build: 'tsc' }),
      'prisma.config.ts': CONFIG7.replace('prisma/schema.prisma', 'db/schema.prisma'),
      'db/schema.prisma': PRISMA7,
    });
    assert.ok(facts);
    assert.equal(facts.schema, 'db/schema.prisma');
    assert.equal(facts.configFile, 'prisma.config.ts');
    assert.equal(facts.nativeEngine, false);
    assert.equal(facts.defaultClient, false);
    assert.deepEqual(facts.clientOutputs, [{ path: 'src/generated/prisma', provider: 'prisma-client' }]);
    assert.deepEqual(facts.required, [{ name: 'PG_URL', source: 'prisma.config.ts (datasource url)' }]);
    const plan = prismaPlan(facts, true, ['dist']);
    // Prisma's env() throws when the variable is unset (checked with 7.10.1): a placeholder, never a real URL.
    assert.equal(plan.generateRun, 'PG_URL=postgresql://build:build@localhost:5432/build node_modules/.bin/prisma generate');
    assert.deepEqual(plan.copies, [], 'the build compiled the client into dist');
    assert.equal(plan.packages, undefined);
    // Without a build (a runtime that strips types), the generated folder itself ships.
    assert.deepEqual(prismaPlan(facts, false, []).copies, ['/app/src/generated/prisma ./src/generated/prisma']);
  });

  it('a schema folder: every .prisma file in it', () => {
    const { facts } = detect({
      'package.json': pkgJson({ '@prisma/client': '^6.7.0' }, { prisma: '^6.7.0' }),
      'prisma/schema/base.prisma': 'generator client {\n provider = "prisma-client-js"\n output = "../../generated/client"\n}\n',
      'prisma/schema/db.prisma': 'datasource db {\n provider = "mysql"\n url = env("MYSQL_URL")\n}\n',
    });
    assert.equal(facts!.schema, 'prisma/schema');
    assert.equal(facts!.datasource.provider, 'mysql');
    assert.deepEqual(facts!.clientOutputs, [{ path: 'generated/client', provider: 'prisma-client-js' }]);
    assert.deepEqual(prismaPlan(facts, true, ['dist']).copies, ['/app/generated/client ./generated/client'], 'JavaScript client outside dist ships');
  });

  it('package.json "prisma.schema" and hostile paths', () => {
    const base = { '@prisma/client': '^5.0.0' };
    const ok = detect({ 'package.json': JSON.stringify({ dependencies: base, prisma: { schema: 'db/main.prisma' } }), 'db/main.prisma': PRISMA6 });
    assert.equal(ok.facts!.schema, 'db/main.prisma');
    const out = detect({ 'package.json': JSON.stringify({ dependencies: base, prisma: { schema: '../../etc/passwd' } }), 'prisma/schema.prisma': PRISMA6 });
    assert.equal(out.facts!.schema, 'prisma/schema.prisma', 'a path out of the project is ignored');
    assert.ok(out.facts!.warnings.some((w) => w.includes('not a path inside the project')));
    const outOut = detect({
      'package.json': pkgJson(base),
      'prisma/schema.prisma': 'generator client {\n provider = "prisma-client-js"\n output = "../../../outside"\n}\n',
    });
    assert.deepEqual(outOut.facts!.clientOutputs, []);
    assert.ok(outOut.facts!.warnings.some((w) => w.includes('not a plain folder inside the project')));
    const badEnv = parsePrismaSchema(['datasource db {\n provider = "postgresql"\n url = env("A; rm -rf /")\n}\n']);
    assert.deepEqual(badEnv.datasource, { provider: 'postgresql' }, 'only a plain variable name is taken');
  });

  it('migrations at start copy the schema folder and warn when the CLI is a dev dependency', () => {
    const { dir, facts } = detect({
      'package.json': pkgJson(
        { '@prisma/client': '^6.1.0' },
        { prisma: '^6.1.0' },
        { start: 'prisma migrate deploy && node dist/main.js', build: 'prisma generate && tsc' },
      ),
      'prisma/schema.prisma': PRISMA6,
      'src/main.ts': 'console.log(1)',
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    });
    assert.equal(facts!.migrateAtStart, true);
    assert.equal(facts!.buildGenerates, true);
    assert.ok(facts!.warnings.some((w) => w.includes('migrate deploy') && w.includes('dev dependency')));
    assert.deepEqual(detectStartCommand(dir, readPackageJson(dir)).value, ['node', 'dist/main.js'], 'the server command after the migration');
    assert.equal(withoutMigratePrefix('npx prisma migrate deploy --schema=db/s.prisma && node x.js'), 'node x.js');
    assert.equal(withoutMigratePrefix('node x.js && prisma migrate deploy'), 'node x.js && prisma migrate deploy', 'only a leading migration');
    const plan = prismaPlan(facts, true, ['dist']);
    assert.equal(plan.generateRun, undefined, 'the build script generates already');
    assert.deepEqual(plan.copies, ['/app/node_modules/.prisma ./node_modules/.prisma', '/app/prisma ./prisma']);
  });

  it("the backing services follow Prisma's schema lookup (a schema folder named by prisma.config.ts)", () => {
    const dir = makeProject({
      'package.json': pkgJson({ '@prisma/client': '^6.7.0' }, { prisma: '^6.7.0' }),
      'prisma.config.ts': 'export default { schema: "db/schema" }',
      'db/schema/main.prisma': 'datasource db {\n provider = "mysql"\n url = env("MYSQL_URL")\n}\n',
    });
    assert.deepEqual(
      nodeServices(dir).evidence.map((e) => [e.service, e.file]),
      [['mariadb', 'db/schema']],
    );
    assert.equal(nodeServices(dir).evidence[0]!.urlVariable, 'MYSQL_URL', "the datasource's variable carries the service's URL");
    const hostile = makeProject({
      'package.json': pkgJson({ '@prisma/client': '^6.7.0' }),
      'prisma/schema.prisma': 'datasource db {\n provider = "constructor"\n}\n',
    });
    assert.deepEqual(nodeServices(hostile).evidence, [], 'a provider name is looked up as an own key only');
  });

  it('a placeholder URL only when the config reads it with env(); quoted for the shell', () => {
    const pkg = pkgJson({ '@prisma/client': '^7.0.0' }, { prisma: '^7.0.0' }, { build: 'tsc' });
    const plain = detect({
      'package.json': pkg,
      'prisma.config.ts': 'export default { datasource: { url: process.env.DATABASE_URL } }',
      'prisma/schema.prisma': PRISMA7,
    });
    assert.equal(plain.facts!.generateEnv, undefined);
    assert.equal(prismaPlan(plain.facts, true, ['dist']).generateRun, 'node_modules/.bin/prisma generate');
    const mssql = detect({
      'package.json': pkg,
      'prisma.config.ts': CONFIG7,
      'prisma/schema.prisma': PRISMA7.replace('"postgresql"', '"sqlserver"'),
    });
    assert.equal(
      prismaPlan(mssql.facts, true, ['dist']).generateRun,
      "PG_URL='sqlserver://localhost:1433;database=build;user=build;password=build' node_modules/.bin/prisma generate",
    );
  });

  it('a postinstall that only runs prisma generate is recognised; one doing more is a warning', () => {
    const facts = (postinstall: string) =>
      detect({ 'package.json': pkgJson({ '@prisma/client': '^6.1.0' }, { prisma: '^6.1.0' }, { postinstall }), 'prisma/schema.prisma': PRISMA6 }).facts!;
    assert.equal(facts('prisma generate').postinstallOnlyGenerates, true);
    assert.equal(facts('npx prisma generate --no-hints').postinstallOnlyGenerates, true);
    const more = facts('prisma generate && patch-package');
    assert.equal(more.postinstallOnlyGenerates, false);
    assert.ok(more.warnings.some((w) => w.includes('postinstall')));
    assert.ok(!facts('prisma generate').warnings.some((w) => w.includes('postinstall')));
  });
});
