/**
 * What Prisma adds to a Node.js app's Dockerfile (prisma.ts reads the project): the generate step
 * of the build stage, the generated files the runtime copies, the Debian packages the CLI and a
 * Rust engine need; for an app of a workspace, the same placed in the workspace's layout.
 */
import { contextPath, shellWord } from '../../lib/quote.js';
import type { PackageManagerFacts, PackageManagerName } from './detect.js';
import type { PrismaFacts } from './prisma.js';
import type { WorkspaceApp } from './workspace-plan.js';

/** The Debian packages the Rust query engine of Prisma <= 6 needs on a slim image (libssl, CA roots for TLS). */
// Pinned to bookworm's OpenSSL 3.0 line (any Debian revision, so security updates install);
// ca-certificates versions are release dates.
const PRISMA_ENGINE_PACKAGES = 'openssl=3.0.* ca-certificates=20*';
const PRISMA_BUILD_PACKAGES = 'openssl=3.0.*';

/** What `prisma generate` reads: the schema's top folder (or file) and the config file, as `<src> ./<dest>`. */
function prismaInputs(prisma: PrismaFacts): string[] {
  const paths = [prisma.schemaTopFolder ?? prisma.schema, ...(prisma.configFile ? [prisma.configFile] : [])];
  return paths.map((p) => {
    const checked = contextPath(p);
    return `${checked} ./${checked}`;
  });
}

/**
 * What Prisma adds to the Dockerfile: `prisma generate` in the build stage (the CLI is there, dev
 * dependencies included; no database is reached, no URL needed), then the generated client copied
 * into the runtime: node_modules/.prisma for prisma-client-js (the production install has
 * @prisma/client but not its generated code), a custom `output` outside the build output, and the
 * schema folder (migrations) when the app migrates at start.
 */
export function prismaPlan(
  prisma: PrismaFacts | undefined,
  hasBuild: boolean,
  outputTops: readonly string[],
  /** How the build stage runs Prisma's CLI and where generated files go (a workspace app: workspacePrisma). */
  where: { cli: string; place: (path: string) => string | undefined } = { cli: 'node_modules/.bin/prisma', place: (p) => `/app/${p} ./${p}` },
): { generateRun: string | undefined; copies: string[]; packages: string | undefined; buildPackages: string | undefined; inputs: string[] } {
  if (!prisma || prisma.generators.every((g) => g.provider !== 'prisma-client-js' && g.provider !== 'prisma-client')) {
    return { generateRun: undefined, copies: [], packages: undefined, buildPackages: undefined, inputs: [] };
  }
  const paths: string[] = [];
  if (prisma.defaultClient) paths.push('node_modules/.prisma');
  for (const out of prisma.clientOutputs) {
    // Inside the build output: the build put it there. TypeScript (`prisma-client`) with a build:
    // the app's compiler turned it into JavaScript in the build output.
    if (hasBuild && (outputTops.includes(out.path.split('/')[0]!) || out.provider === 'prisma-client')) continue;
    paths.push(contextPath(out.path));
  }
  if (hasBuild && prisma.migrateAtStart && prisma.schemaTopFolder !== undefined && !outputTops.includes(prisma.schemaTopFolder)) {
    paths.push(contextPath(prisma.schemaTopFolder));
  }
  const copies = paths.map(where.place).filter((c): c is string => c !== undefined);
  return {
    // A placeholder URL only when the config's env() insists on one (never the real one).
    generateRun:
      prisma.buildGenerates && hasBuild
        ? undefined
        : `${prisma.generateEnv ? `${prisma.generateEnv.name}=${shellWord(prisma.generateEnv.value)} ` : ''}${where.cli} generate`,
    copies,
    packages: prisma.nativeEngine ? PRISMA_ENGINE_PACKAGES : undefined,
    // Without libssl the CLI assumes OpenSSL 1.1 and fetches engines that do not load on bookworm.
    buildPackages: PRISMA_BUILD_PACKAGES,
    // No build command: the build stage only generates, from the schema and Prisma's config.
    inputs: hasBuild ? [] : prismaInputs(prisma),
  };
}

/**
 * Prisma in a workspace app: `prisma generate` runs with the package manager's runner (npm finds
 * the workspace root's node_modules/.bin from a workspace folder, Bun's layout has it too; the
 * template switches WORKDIR to the app's folder, where the schema and prisma.config are), and
 * the generated files the runtime needs are placed where the workspace layout has them: the
 * default client (`node_modules/.prisma`) next to the root's hoisted @prisma/client (npm, Yarn,
 * Bun), custom outputs and the migrations folder under the app's folder (pnpm deploy: at /app).
 * pnpm's deploy does not carry the default client (workspacePrismaNotes says so).
 */
export function workspacePrisma(app: WorkspaceApp, pm: PackageManagerName): { cli: string; place: (path: string) => string | undefined } {
  const cli = pm === 'pnpm' ? 'pnpm exec prisma' : pm === 'yarn' ? 'yarn prisma' : 'npx --no-install prisma';
  return {
    cli,
    place: (p) =>
      p.startsWith('node_modules/')
        ? pm === 'pnpm'
          ? undefined
          : `/app/${p} ./${p}`
        : `/app/${app.folder}/${p} ./${pm === 'pnpm' ? '' : `${app.folder}/`}${p}`,
  };
}

/** Summary lines for Prisma in a workspace app: pnpm's deploy cannot carry the default client. */
export function workspacePrismaNotes(app: WorkspaceApp, pm: PackageManagerFacts, defaultClient: boolean): string[] {
  return pm.name === 'pnpm' && defaultClient
    ? [
        `Prisma's client is generated into node_modules/.prisma, which pnpm deploy does not carry into the image: give the schema's generator an output inside ${app.folder} (e.g. output = "../src/generated/prisma") and run the generator again`,
      ]
    : [];
}
