/**
 * The Node.js stack: turns answers + the project's files into the facts that
 * `templates/node/Dockerfile.ejs` prints. Every decision about the Dockerfile is made here.
 */
import { nodeServices } from './services.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Answers, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { APP_DIR } from '../../lib/writable-paths.js';
import { contextPath, contextPathProblem, jsonArray, shellWord, type ContextPath } from '../../lib/quote.js';
import { DetectedValueError, showValue } from '../../lib/errors.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { ociLabels } from '../../lib/labels.js';
import { isGeneratedFolder, projectEntryExists } from '../../lib/project-files.js';
import { lockfileConflict } from '../../lib/lockfiles.js';
import {
  detectNpmTokenSecret,
  npmTokenSecret,
  NPMRC_SECRET,
  PROJECT_YARNRC_SECRET,
  secretMount,
  yarnrcHasCredentials,
  YARNRC_SECRET,
} from '../../lib/secrets.js';
import type { BuildSecret, RequiredVariable } from '../../lib/stack.js';
import {
  detectBuildCommand,
  detectPackageManager,
  detectPort,
  detectStartCommand,
  entryFolder,
  NODE_LOCKFILES,
  packageManagerFacts,
  readPackageJson,
  readTsConfigDirs,
  startCommandProblem,
  type PackageJson,
  type PackageManagerFacts,
  type PackageManagerName,
} from './detect.js';
import { detectNodeHealthPath } from './health.js';
import { decideNodeVersion } from './engines.js';
import { dependencyEngineWarnings } from './dependency-engines.js';
import { prismaPlan, workspacePrisma, workspacePrismaNotes } from './prisma-plan.js';
import { hostFacts } from './hosts.js';
import { workspaceCheck } from './workspace-check.js';
import { appFolder, appSetting } from './app-setting.js';
import {
  nxOf,
  nxStartCommand,
  workspaceApp,
  workspaceBuildCommand,
  workspaceDockerfile,
  workspaceIgnoreGroups,
  workspaceInstallNotes,
  workspaceManagerProblem,
  workspacePackageManager,
  type WorkspaceApp,
  type WorkspaceDockerfileFacts,
} from './workspace-plan.js';
import { ProjectError } from '../../lib/errors.js';
import { requiredVariables } from './required-env.js';
import { buildEnvFiles, buildEnvIgnoreGroup } from './env-files.js';
import { npmrcIgnoreGroup, npmrcSecretDefault, NPMRC_BIND_MOUNT, PROJECT_NPMRC_SECRET, readNpmrc } from './npmrc.js';
import { cacheMountFor, cacheMountOption, NPM_CACHE_MOUNT, type CacheMount } from './cache-mounts.js';
import { planStart } from './layouts.js';
import type { BuildCopy } from './frameworks.js';
import { detectPrisma, type PrismaFacts } from './prisma.js';

/** ENV pairs, the first of each name kept (the host variables already decided win). */
function withoutDuplicates(pairs: readonly string[]): string[] {
  const seen = new Set<string>();
  return pairs.filter((pair) => {
    const name = pair.slice(0, pair.indexOf('='));
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** `/app/<from> ./<to>` for each copy, every path checked to be a plain folder inside the project. */
function layoutCopies(copies: readonly BuildCopy[]): string[] {
  return copies.map(({ from, to }) => {
    return `/app/${contextPath(from)} ./${to === '.' ? '' : contextPath(to)}`;
  });
}

/** What the app requires at start: its own checks, then Prisma's datasource URL. */
function allRequired(dir: string, prisma: PrismaFacts | undefined): RequiredVariable[] {
  const found = requiredVariables(dir);
  for (const r of prisma?.required ?? []) if (!found.some((f) => f.name === r.name)) found.push(r);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The numeric, passwd-less user the app runs as (Kubernetes runAsNonRoot accepts a number). */
export const RUNTIME_UID = 10001;

/**
 * The HEALTHCHECK probe: Node's own http client (slim images have no curl or wget). The path
 * arrives as argv[1], never spliced into the code; the port follows $PORT like the app does.
 * Passes on 2xx/3xx, or with `anyStatus` (liveness: no health route was found) on any answer
 * below 500.
 */
export function nodeHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  const script =
    `const r=require('http').get({host:'127.0.0.1',port:process.env.PORT||${port},path:process.argv[1],timeout:4000},` +
    `(s)=>{s.resume();process.exit(s.statusCode>=200&&s.statusCode<${anyStatus ? 500 : 400}?0:1)});` +
    `r.on('timeout',()=>r.destroy());r.on('error',()=>process.exit(1))`;
  return ['node', '-e', script, healthPath];
}

interface InstallFacts {
  /** Installs the package manager itself in the base stage (npm ships with the image). */
  setup: string | undefined;
  /** ENV lines for the base stage. */
  env: string[];
  /** Files copied before the install (manifests, lockfile, package-manager config). */
  manifests: string[];
  /** Folders copied before the install, each to the same path (COPY copies a folder's contents). */
  manifestDirs: string[];
  cacheMount: string;
  /** The cache mount and its sharing mode (cache-mounts.ts). */
  cache: CacheMount;
  installAll: string;
  installProd: string;
}

const NPM_CACHE = cacheMountOption(NPM_CACHE_MOUNT);

/** How each package manager installs from its lockfile, with its cache mounted. */
export function installFacts(dir: string, pm: PackageManagerFacts): InstallFacts {
  const existing = (files: string[]) => files.filter((f) => fs.existsSync(path.join(dir, f)));
  const lock = pm.lockfile ? [pm.lockfile] : [];
  switch (pm.name) {
    case 'npm':
      return {
        setup: undefined,
        env: [],
        manifests: ['package.json', ...lock],
        manifestDirs: [],
        cacheMount: NPM_CACHE,
        cache: NPM_CACHE_MOUNT,
        installAll: 'npm ci --no-audit --no-fund',
        installProd: 'npm ci --omit=dev --no-audit --no-fund',
      };
    case 'pnpm':
      return {
        setup: `RUN ${NPM_CACHE} npm install --global pnpm@${pm.version}`,
        env: [],
        manifests: ['package.json', ...lock, ...existing(['pnpm-workspace.yaml'])],
        manifestDirs: [],
        cacheMount: cacheMountOption(cacheMountFor(pm)),
        cache: cacheMountFor(pm),
        installAll: 'pnpm install --frozen-lockfile --store-dir /pnpm/store',
        installProd: 'pnpm install --frozen-lockfile --prod --store-dir /pnpm/store',
      };
    case 'yarn':
      if (pm.berry) {
        return {
          setup: `RUN ${NPM_CACHE} npm install --global --force @yarnpkg/cli-dist@${pm.version}`,
          // node_modules rather than Plug'n'Play, so the runtime stage can copy one folder.
          // Immutable: `workspaces focus` has no --immutable flag, the setting applies to it too.
          env: ['YARN_NODE_LINKER=node-modules', 'YARN_ENABLE_IMMUTABLE_INSTALLS=true'],
          // A .yarnrc.yml with registry credentials is never copied (a build secret instead).
          manifests: ['package.json', ...lock, ...(yarnrcHasCredentials(dir) ? [] : existing(['.yarnrc.yml']))],
          manifestDirs: existing(['.yarn/releases', '.yarn/plugins']),
          cacheMount: cacheMountOption(cacheMountFor(pm)),
          cache: cacheMountFor(pm),
          installAll: 'yarn install --immutable',
          installProd: 'yarn workspaces focus --all --production',
        };
      }
      return {
        // --force: the official image may already carry a yarn 1 of its own.
        setup: `RUN ${NPM_CACHE} npm install --global --force yarn@${pm.version}`,
        env: [],
        manifests: ['package.json', ...lock],
        manifestDirs: [],
        cacheMount: cacheMountOption(cacheMountFor(pm)),
        cache: cacheMountFor(pm),
        installAll: 'yarn install --frozen-lockfile --non-interactive',
        installProd: 'yarn install --frozen-lockfile --non-interactive --production',
      };
    case 'bun':
      return {
        setup: `RUN ${NPM_CACHE} npm install --global bun@${pm.version}`,
        env: [],
        manifests: ['package.json', ...lock],
        manifestDirs: [],
        cacheMount: cacheMountOption(cacheMountFor(pm)),
        cache: cacheMountFor(pm),
        installAll: 'bun install --frozen-lockfile',
        installProd: 'bun install --frozen-lockfile --production',
      };
  }
}

/**
 * The folder the build writes and the runtime stage copies: the start command's top folder, else
 * tsconfig.json's outDir, else dist. Always a checked ContextPath: a start command's folder is
 * checked with the command (startCommandProblem); an unusable outDir is reported against
 * tsconfig.json with the flag that overrides it.
 */
export function buildOutputDir(dir: string, startCommand: readonly string[]): ContextPath {
  const top = entryFolder(startCommand);
  if (top !== undefined && !contextPathProblem(top)) return contextPath(top);
  const ts = readTsConfigDirs(dir);
  if (ts.rejectedOutDir) {
    const { value, problem, origin } = ts.rejectedOutDir;
    throw new DetectedValueError(origin, value, `the build output folder must be ${problem}`, 'start-command');
  }
  return contextPath(ts.outDir?.split('/')[0] ?? 'dist');
}

/**
 * Whether a folder holds generated files (absent, git-ignored, or tsc's outDir) rather than
 * committed sources: only then may .dockerignore leave it out of the build context.
 */
export function isBuildOutput(dir: string, folder: string): boolean {
  return isGeneratedFolder(dir, folder) || readTsConfigDirs(dir).outDir?.split('/')[0] === folder;
}

function hasEntries(deps: Record<string, string> | undefined): boolean {
  return deps !== undefined && Object.keys(deps).length > 0;
}

/** Source files that may call listen(): the start command's file (and its TypeScript source), then the usual entries. */
export function entryFiles(startCommand: readonly string[]): string[] {
  const entry = startCommand.slice(1).find((a) => !a.startsWith('-'));
  const files = entry === undefined ? [] : [entry, entry.replace(/^(?:\.\/)?(?:dist|build|lib|out)\//, 'src/').replace(/\.([cm]?)js$/, '.$1ts')];
  return [
    ...files,
    'server.js',
    'index.js',
    'app.js',
    'main.js',
    'server.mjs',
    'index.mjs',
    'src/server.js',
    'src/index.js',
    'src/app.js',
    'src/main.ts',
    'src/index.ts',
    'src/server.ts',
    'src/app.ts',
  ];
}

/** The registry-credentials secret the install mounts (--npm-token-secret yes), by package manager. */
export function npmSecretFor(answers: Answers, pm: PackageManagerFacts, dir: string): BuildSecret | undefined {
  if (answers.stack.npmTokenSecret !== 'yes') return undefined;
  if (pm.name === 'yarn' && pm.berry) return yarnrcHasCredentials(dir) ? PROJECT_YARNRC_SECRET : YARNRC_SECRET;
  return readNpmrc(dir).credentials.length > 0 ? PROJECT_NPMRC_SECRET : NPMRC_SECRET;
}

/** .dockerignore groups for a Node.js package manager's caches and logs (node_modules is common). */
export function nodeIgnoreGroups(pm: PackageManagerFacts, dir: string): { comment: string; patterns: string[] }[] {
  const groups = [
    {
      comment: 'Node.js: package-manager caches and logs',
      patterns: ['.npm', '.pnpm-store', '**/npm-debug.log*', '**/yarn-debug.log*', '**/yarn-error.log*', '**/.pnpm-debug.log*'],
    },
  ];
  if (yarnrcHasCredentials(dir)) {
    groups.push({ comment: 'Secrets: .yarnrc.yml holds registry credentials (passed as the build secret "yarnrc" instead)', patterns: ['.yarnrc.yml'] });
  }
  if (pm.name === 'yarn' && pm.berry) {
    groups.push({ comment: 'Yarn: caches and install state (releases and plugins are needed)', patterns: ['.yarn/cache', '.yarn/install-state.gz', '.pnp.*'] });
  }
  return groups;
}

/** The images the Dockerfile's FROM lines pull (the tag is the NODE_VERSION ARG): printed from here, and .hadolint.yaml trusts their registries. */
const NODE_IMAGE = 'node';

export interface NodeDockerfileFacts extends RuntimeStageFacts {
  images: { node: string };
  nodeVersion: string;
  setup: string | undefined;
  baseEnv: string[];
  manifests: string;
  manifestDirs: string[];
  cacheMount: string;
  /** Every mount of the install RUN but the secret: the cache, and a credential-free .npmrc (npmrc.ts). */
  installMounts: string[];
  /** `--mount=type=secret,...` for the registry credentials, or undefined. */
  secretMount: string | undefined;
  secretId: string | undefined;
  installAll: string;
  installProd: string;
  /** Any dependency at all (dev or prod): the deps stage has something to install. */
  needsInstall: boolean;
  /** Production dependencies exist: the prod-deps stage and its COPY are needed. */
  hasProdDeps: boolean;
  buildRun: string | undefined;
  /** After the build: remove what the runtime never reads (a framework's build cache), with why. */
  buildCleanup: { run: string; why: string } | undefined;
  /** Stage names in build order, for the header comment. */
  stages: string[];
  /** The shared base stage exists only when a build or install stage uses it. */
  needsBase: boolean;
  outputDir: ContextPath;
  /** What the runtime stage copies from the build stage: `/app/<from> ./<to>` (checked paths). */
  buildCopies: string[];
  /** A build stage exists (a build command, or Prisma's client to generate). */
  buildStage: boolean;
  /** `prisma generate`, run in the build stage after the source copy, before the build command. */
  generateRun: string | undefined;
  /** Without a build command: what the build stage copies for `prisma generate` (`<src> ./<dest>`) instead of the whole source. */
  generateInputs: string[];
  /** What Prisma generated that the runtime needs and the build output does not carry: `/app/<from> ./<to>`. */
  generatedCopies: string[];
  /** Debian packages the runtime stage installs (Prisma's query engine loads libssl). */
  runtimePackages: string | undefined;
  /** A command run before each install: drops a postinstall that only runs `prisma generate` (the build stage does). */
  installPrep: string | undefined;
  /** Debian packages the base stage installs for the build (Prisma's CLI picks its engines by the libssl it finds). */
  basePackages: string | undefined;
  /** One app of a workspace, built with the workspace root as the context (workspace-plan.ts); undefined otherwise. */
  workspace: WorkspaceDockerfileFacts | undefined;
}

/** The workspace app's package manager must be the root's, with its lockfile (workspace-plan.ts). */
function checkWorkspaceManager(app: WorkspaceApp, pm: PackageManagerFacts): void {
  const problem = workspaceManagerProblem(app, pm);
  if (problem) {
    throw new ProjectError(
      `this folder is the app ${app.folder} (${showValue(app.name)}) of the workspace at ${app.root} (${app.ws.declaredIn}): ${problem}; nothing was written`,
    );
  }
}

/** A stack ignore group's patterns for a context rooted above the app: each under the app's folder. */
function underFolder(folder: string, group: { comment: string; patterns: string[] }): { comment: string; patterns: string[] } {
  return {
    comment: group.comment,
    patterns: group.patterns.map((p) =>
      p.startsWith('**/') ? p : p.startsWith('!') ? `!${folder}/${p.slice(1).replace(/^\//, '')}` : `${folder}/${p.replace(/^\//, '')}`,
    ),
  };
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: ['Files stay owned by root: the app can read them but not change them.'],
  healthcheck: ['Probes the health path with Node itself (slim images have no curl); honours $PORT.'],
  init: TINI_NOTE,
  cmd: ['Exec form: no shell in between, node receives the signal itself.'],
};

export const nodeProfile: StackProfile = {
  id: 'node',
  label: 'Node.js',
  localDependencyFolder: 'node_modules',
  packageManagers: ['npm', 'pnpm', 'yarn', 'bun'],
  markers: ['package.json'],
  settings: [appSetting, npmTokenSecret],
  services: nodeServices,

  projectFolder(dir, answers) {
    return appFolder(dir, answers.stack?.app);
  },

  sniff(dir) {
    return projectEntryExists(dir, 'package.json') ? 'package.json' : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const pkg = readPackageJson(dir);
    // An app inside a workspace: the root's package manager and lockfile (workspace-plan.ts).
    // A workspace root with several apps and no --app: a clear stop (workspace-check.ts).
    const wsApp = workspaceApp(dir);
    if (wsApp === undefined) workspaceCheck(dir, pkg);
    const packageManager = wsApp ? workspacePackageManager(wsApp) : detectPackageManager(dir, pkg);
    const pmName = (chosen.packageManager || packageManager.value) as PackageManagerName;
    // Nx builds the app into a folder of its own (nx.ts): its main file is the start command.
    const startCommand = (wsApp && nxStartCommand(wsApp)) ?? detectStartCommand(dir, pkg);
    const warnings: string[] = [...(pkg.notes ?? [])];
    const ts = readTsConfigDirs(dir);
    if (ts.rejectedOutDir)
      warnings.push(
        `${ts.rejectedOutDir.origin.file} "compilerOptions.outDir" (${showValue(ts.rejectedOutDir.value)}) is not ${ts.rejectedOutDir.problem}: ignored`,
      );
    if (ts.outDirUnknown)
      warnings.push(
        `tsc's output folder is not known: ${ts.unreadBases!.join('; ')}; the start command decides which folder the image copies (pass --start-command if it is wrong)`,
      );
    const version = decideNodeVersion(dir, pkg);
    const hosts = hostFacts(dir, pkg, entryFiles(startCommand.value));
    warnings.push(...version.warnings, ...buildEnvFiles(dir, pkg).notes, ...planStart(dir, pkg).notes, ...hosts.notes, ...hosts.warnings);
    if (/^\d+/.test(version.detected.value))
      warnings.push(...dependencyEngineWarnings(dir, pkg, parseInt(version.detected.value, 10), version.detected.source));
    const prisma = detectPrisma(dir, pkg);
    if (prisma) warnings.push(...prisma.warnings);
    const required = allRequired(dir, prisma);
    if (required.length > 0)
      warnings.push(
        `the app requires at start: ${required.map((r) => `${r.name} (${r.source})`).join(', ')}; compose.yaml names a missing one, README.Docker.md lists them`,
      );
    const facts = wsApp ? packageManagerFacts(wsApp.root, wsApp.rootPkg, pmName) : packageManagerFacts(dir, pkg, pmName);
    if (wsApp) {
      checkWorkspaceManager(wsApp, facts);
      warnings.push(...workspaceInstallNotes(wsApp, facts), ...workspacePrismaNotes(wsApp, facts, prisma?.defaultClient ?? false));
    }
    if (!wsApp && !facts.lockfile && (hasEntries(pkg.dependencies) || hasEntries(pkg.devDependencies))) {
      warnings.push(
        `no lockfile for ${facts.name}: the Dockerfile installs exactly what the lockfile says, so create and commit one (e.g. \`${facts.name} install\`) before building`,
      );
    }
    return {
      defaults: {
        runtimeVersion: version.detected,
        packageManager,
        port: detectPort(dir, pkg, chosen.startCommand ?? startCommand.value),
        healthPath: detectNodeHealthPath(dir),
        startCommand,
        buildCommand: wsApp
          ? workspaceBuildCommand(wsApp, facts, typeof pkg.scripts?.build === 'string' && pkg.scripts.build.trim() !== '')
          : detectBuildCommand(pkg, pmName),
        serviceName: serviceNameFrom(pkg.name, dir),
      },
      stackDefaults: { npmTokenSecret: npmrcSecretDefault(readNpmrc(dir)) ?? detectNpmTokenSecret(dir) },
      warnings,
    };
  },

  checkPackageManager(name, dir) {
    const wsApp = workspaceApp(dir);
    if (wsApp) {
      const root = workspacePackageManager(wsApp);
      return name === root.value
        ? undefined
        : `${root.value}, the package manager of the workspace this app belongs to (${root.source}): the app is installed from the workspace root's lockfile`;
    }
    return lockfileConflict(dir, name, NODE_LOCKFILES);
  },

  checkRuntimeVersion(value) {
    return /^(?:[1-9]\d?)(?:\.\d{1,3}){0,2}$/.test(value)
      ? undefined
      : 'a Node.js version for the official image tag: a major ("22"), "major.minor" or "major.minor.patch"';
  },

  checkStartCommand(argv) {
    return startCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const pkg: PackageJson = readPackageJson(dir);
    // A workspace app: the root is the build context and holds the lockfile and the .npmrc.
    const wsApp = workspaceApp(dir);
    const ctxDir = wsApp?.root ?? dir;
    const pm = packageManagerFacts(ctxDir, wsApp?.rootPkg ?? pkg, answers.packageManager as PackageManagerName);
    if (wsApp) checkWorkspaceManager(wsApp, pm);
    const install = installFacts(ctxDir, pm);
    const secret = npmSecretFor(answers, pm, ctxDir);
    const npmrc = readNpmrc(ctxDir);
    // Yarn 2+ reads .yarnrc.yml, not .npmrc.
    const npmrcGroup = pm.name === 'yarn' && pm.berry ? undefined : npmrcIgnoreGroup(npmrc);
    const npmrcMounted = npmrcGroup !== undefined;
    const hasBuild = answers.buildCommand.length > 0;
    // Servers that listen on loopback by default: their host variable is 0.0.0.0 (hosts.ts).
    const hosts = hostFacts(dir, pkg, entryFiles(answers.startCommand));
    const outputDir = hasBuild ? buildOutputDir(dir, answers.startCommand) : contextPath('dist');
    const healthcheck = nodeHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const labels = ociLabels(answers.serviceName, pkg.description);
    const needsInstall = wsApp !== undefined || hasEntries(pkg.dependencies) || hasEntries(pkg.devDependencies);
    // A framework's layout applies while the start command is the one it decided.
    const start = planStart(dir, pkg);
    const layout = hasBuild && JSON.stringify(start.detected.value) === JSON.stringify(answers.startCommand) ? start.layout : undefined;
    const startEnv =
      JSON.stringify(start.detected.value) === JSON.stringify(answers.startCommand) ? start.env.filter((pair) => !/^(?:NODE_ENV|PORT)=/.test(pair)) : [];
    const hasProdDeps = hasEntries(pkg.dependencies) && (layout?.prodDeps ?? true);
    const prismaFacts = detectPrisma(dir, pkg);
    const buildCopies = layout ? layoutCopies(layout.copies) : [`/app/${outputDir} ./${outputDir}`];
    const outputTops = layout ? layout.copies.map((c) => (c.to === '.' ? c.from.split('/')[0]! : c.to.split('/')[0]!)) : [outputDir];
    const prisma = wsApp ? prismaPlan(prismaFacts, hasBuild, outputTops, workspacePrisma(wsApp, pm.name)) : prismaPlan(prismaFacts, hasBuild, outputTops);
    const buildStage = hasBuild || prisma.generateRun !== undefined;
    const needsBase = wsApp !== undefined || buildStage || hasProdDeps;
    const copies = layout ? layout.copies : [{ from: outputDir, to: outputDir }];
    // Nx's build output, while the start and build commands are the ones planned for it (nx.ts).
    const nxStart = wsApp && nxStartCommand(wsApp);
    const nx =
      wsApp && nxStart && hasBuild && JSON.stringify(nxStart.value) === JSON.stringify(answers.startCommand)
        ? { app: nxOf(wsApp)!, installAll: install.installAll, installProd: install.installProd }
        : undefined;
    const workspace =
      wsApp &&
      workspaceDockerfile(wsApp, pm, {
        nx,
        cacheMount: install.cacheMount,
        npmCacheMount: cacheMountOption(NPM_CACHE_MOUNT),
        hasBuild,
        manifests: install.manifests,
        manifestDirs: install.manifestDirs,
        startCommand: answers.startCommand,
        generatedCopies: prisma.copies,
        // From the app's folder in the build stage to the runtime's app folder (/app with pnpm deploy, /app/<folder> with npm).
        buildCopies: copies.map(
          ({ from, to }) => `/app/${wsApp.folder}/${contextPath(from)} ./${pm.name === 'pnpm' ? '' : `${wsApp.folder}/`}${to === '.' ? '' : contextPath(to)}`,
        ),
      });
    const stages = workspace
      ? // npm and Yarn install the runtime's dependencies from the manifests: no build, no deps stage.
        [
          'base',
          ...(workspace.prune ? ['prune'] : []),
          ...(workspace.deploy || hasBuild || prisma.generateRun !== undefined ? ['deps', 'build'] : []),
          'prod-deps',
          'tini',
          'runtime',
        ]
      : [
          ...(needsBase ? ['base'] : []),
          ...(buildStage && needsInstall ? ['deps'] : []),
          ...(buildStage ? ['build'] : []),
          ...(hasProdDeps ? ['prod-deps'] : []),
          'tini',
          'runtime',
        ];
    const dockerfile: NodeDockerfileFacts = {
      images: { node: NODE_IMAGE },
      nodeVersion: answers.runtimeVersion,
      setup: install.setup,
      // Nx: no daemon process in a one-off build.
      baseEnv: nx ? [...install.env, 'NX_DAEMON=false'] : install.env,
      manifests: install.manifests.join(' '),
      manifestDirs: install.manifestDirs,
      cacheMount: install.cacheMount,
      installMounts: [install.cacheMount, ...(npmrcMounted ? [NPMRC_BIND_MOUNT] : [])],
      secretMount: secret && secretMount(secret),
      secretId: secret?.id,
      installAll: install.installAll,
      installProd: install.installProd,
      needsInstall,
      hasProdDeps,
      stages,
      needsBase,
      buildRun: hasBuild ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      buildCleanup: layout?.buildLeftovers && {
        run: `rm -rf ${layout.buildLeftovers.paths.map((p) => shellWord(wsApp ? `${wsApp.folder}/${contextPath(p)}` : contextPath(p))).join(' ')}`,
        why: layout.buildLeftovers.why,
      },
      outputDir,
      buildCopies,
      workspace,
      buildStage,
      generateRun: prisma.generateRun,
      generateInputs: prisma.inputs,
      // Prisma in a workspace app is not planned yet (its client would be generated from the root).
      generatedCopies: workspace ? [] : prisma.copies,
      runtimePackages: prisma.packages,
      installPrep:
        prismaFacts?.postinstallOnlyGenerates && (prisma.generateRun !== undefined || (prismaFacts.buildGenerates && hasBuild))
          ? 'npm pkg delete scripts.postinstall'
          : undefined,
      basePackages: prisma.buildPackages,
      labels,
      env: withoutDuplicates(['NODE_ENV=production', `PORT=${answers.port}`, ...hosts.env.map((name) => `${name}=0.0.0.0`), ...startEnv]),
      user: `${RUNTIME_UID}:${RUNTIME_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    const ignore = nodeIgnoreGroups(pm, ctxDir);
    if (npmrcGroup) ignore.push(npmrcGroup);
    if (wsApp) ignore.push(...workspaceIgnoreGroups(wsApp, nx !== undefined));
    // The app's own lines are relative to its folder; in a workspace the context is the root.
    const inContext = (group: { comment: string; patterns: string[] }) => (wsApp ? underFolder(wsApp.folder, group) : group);
    const envGroup = hasBuild ? buildEnvIgnoreGroup(buildEnvFiles(dir, pkg)) : undefined;
    if (envGroup) ignore.push(inContext(envGroup));
    const outputs = layout
      ? [...new Set(layout.copies.map((c) => c.from.split('/')[0]!))].filter((top) => isGeneratedFolder(dir, top))
      : isBuildOutput(dir, outputDir)
        ? [outputDir]
        : [];
    if (hasBuild && (outputs.length > 0 || layout?.generated)) {
      ignore.push(
        inContext({
          comment: 'Build output: the build stage creates it from source',
          patterns: [...outputs, ...(layout?.generated ?? []), '.next/cache', '.turbo', '*.tsbuildinfo'],
        }),
      );
    }
    return {
      buildContext: wsApp && { root: wsApp.root },
      dockerfile,
      dockerignore: ignore,
      environment: { NODE_ENV: 'production', PORT: String(answers.port), ...Object.fromEntries(hosts.env.map((name) => [name, '0.0.0.0'])) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 30,
      buildSecret: needsInstall ? secret : undefined,
      requiredEnvironment: allRequired(dir, prismaFacts),
      writablePaths: (layout?.writes ?? []).map((rel) => `${APP_DIR}/${rel}`),
    };
  },
};
