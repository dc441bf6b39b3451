/**
 * One app of an npm / pnpm / Yarn workspace (Turborepo on top): the build context is the workspace
 * root, the root's lockfile and `packageManager` are used, and only the app's dependency graph
 * is installed:
 *   - pnpm: `pnpm install --frozen-lockfile` for the build (with Turborepo: from `turbo prune
 *     <name> --docker`'s out/json, then out/full), `pnpm --filter <name> deploy --prod` for the
 *     runtime (a self-contained folder: `workspace:` packages are copied in, not linked);
 *   - npm: `npm ci --workspace <folder>` (`--omit=dev` for the runtime), run at the root so
 *     `workspace` links resolve, the linked packages' folders copied next to the app.
 *   - Yarn 2+: `yarn workspaces focus <name>` (`--production` for the runtime), like npm
 *     otherwise; Yarn 1: the whole workspace (it cannot install one package alone), trimmed by
 *     `turbo prune` when Turborepo is there.
 *   - Bun: `bun install --filter <name>` (Bun 1.2+; `--production` for the runtime), like npm
 *     otherwise (hoisted or isolated node_modules, both rooted at the workspace root); an older
 *     Bun installs the whole workspace (bunWorkspaceInstall).
 * Pure over the files.
 */
import path from 'node:path';
import { ProjectError, showValue } from '../../lib/errors.js';
import { contextPath, contextPathProblem, shellWord, type ContextPath } from '../../lib/quote.js';
import { isGeneratedFolder, readFileHead } from '../../lib/project-files.js';
import { readPackageJson, detectPackageManager, type PackageJson, type PackageManagerFacts, type PackageManagerName } from './detect.js';
import { enclosingWorkspace, workspaceDependencies, workspacePackages, type WorkspacePackage, type WorkspaceRoot } from './workspaces.js';
import type { Detected } from '../../lib/stack.js';
import { detectNxApp, nxBuildCommand, nxSource, type NxApp, type NxResult } from './nx.js';

/** npm's package-name rule (lowercase, optional scope), at most 214 characters. */
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

export interface WorkspaceApp {
  ws: WorkspaceRoot;
  /** Absolute path of the workspace root. */
  root: string;
  /** The app's folder relative to the root, `/`-separated (a checked context path). */
  folder: ContextPath;
  /** The app's package name (`--filter`). */
  name: string;
  rootPkg: PackageJson;
  /** Every package of the workspace, and the ones the app depends on (directly or not). */
  packages: WorkspacePackage[];
  dependencies: WorkspacePackage[];
  turbo: boolean;
  /** Nx builds this app into a deployable folder (nx.ts), or why its config cannot be used. */
  nx: NxResult;
}

/** The workspace `dir` is an app folder of, or undefined. Throws when the workspace cannot be built here. */
export function workspaceApp(dir: string): WorkspaceApp | undefined {
  const inside = enclosingWorkspace(dir);
  if (inside === undefined) return undefined;
  const { ws, folder } = inside;
  const pkg = readPackageJson(dir);
  const where = `${folder}/package.json "name"`;
  if (typeof pkg.name !== 'string' || pkg.name.length > 214 || !PACKAGE_NAME.test(pkg.name)) {
    throw new ProjectError(
      `${where} is ${pkg.name === undefined ? 'missing' : showValue(pkg.name)}: an app of a workspace is installed by its package name, which must be a valid npm package name (lowercase letters, digits, "-", ".", "_", "~", an optional @scope/); fix it and run again (nothing was written)`,
    );
  }
  const problem = contextPathProblem(folder);
  if (problem) throw new ProjectError(`the app folder ${showValue(folder)} of the workspace cannot be copied by a Dockerfile: it is not ${problem}`);
  const packages = workspacePackages(ws);
  for (const p of packages) {
    if (contextPathProblem(p.folder))
      throw new ProjectError(`the workspace package folder ${showValue(p.folder)} is not ${contextPathProblem(p.folder)}: rename it`);
  }
  return {
    ws,
    root: ws.root,
    folder: contextPath(folder),
    name: pkg.name,
    rootPkg: readPackageJson(ws.root),
    packages,
    dependencies: workspaceDependencies(ws.root, packages, folder),
    turbo: ws.orchestrator === 'turbo',
    nx: ws.orchestrator === 'nx' ? detectNxApp(ws.root, folder, pkg.name) : undefined,
  };
}

/** The root's package manager (its `packageManager`, else its lockfile), with where it came from. */
export function workspacePackageManager(app: WorkspaceApp): Detected<PackageManagerName> {
  const found = detectPackageManager(app.root, app.rootPkg);
  const rel = path.relative(app.root, app.root) || '.';
  return {
    value: found.value,
    source: `the workspace root's ${found.source.replace(/^default \(no lockfile\)$/, 'default (no lockfile at the root)')}${rel === '.' ? '' : ''}`,
  };
}

/** Why this package manager cannot install the workspace app (undefined when it can). */
export function workspaceManagerProblem(app: WorkspaceApp, pm: PackageManagerFacts): string | undefined {
  if (!pm.lockfile) return `the workspace root has no lockfile for ${pm.name}: create and commit one (\`${pm.name} install\` at the root) first`;
  return undefined;
}

/**
 * Whether `turbo prune --docker` trims the workspace before the install: with Turborepo, for the
 * package managers that cannot install one app's graph alone from the full lockfile (pnpm's
 * deploy works either way, Yarn 1 has no `workspaces focus`). npm installs one workspace with
 * `--workspace` and Yarn 2+ with `workspaces focus`, so they need no prune.
 */
function prunes(app: WorkspaceApp, pm: PackageManagerFacts): boolean {
  return app.turbo && (pm.name === 'pnpm' || (pm.name === 'yarn' && !pm.berry));
}

/** The Nx app, when Nx builds this workspace app into a deployable folder. */
export function nxOf(app: WorkspaceApp): NxApp | undefined {
  return app.nx && 'app' in app.nx ? app.nx.app : undefined;
}

/** The start command Nx's build output runs (`node main.js` in the output folder). */
export function nxStartCommand(app: WorkspaceApp): Detected<string[]> | undefined {
  const nx = nxOf(app);
  return nx && { value: ['node', nx.mainFile], source: nxSource(nx) };
}

/** The default build command of a workspace app with a `build` script: the app and the workspace packages it uses. */
export function workspaceBuildCommand(app: WorkspaceApp, pm: Pick<PackageManagerFacts, 'name' | 'berry'>, hasBuild: boolean): Detected<string[]> {
  if (!hasBuild && !nxOf(app)) return { value: [], source: `no "build" script in ${app.folder}/package.json` };
  const nx = nxOf(app);
  if (nx) return { value: nxBuildCommand(nx, pm.name === 'pnpm' ? ['pnpm', 'exec'] : ['npx', '--no-install']), source: nxSource(nx) };
  const script = `${app.folder}/package.json "scripts.build"`;
  // Yarn 2+: `workspaces focus` installs the app's graph only, so the root's devDependencies
  // (turbo among them) are not there; foreach builds the same graph in dependency order.
  if (pm.name === 'yarn' && pm.berry)
    return {
      value: ['yarn', 'workspaces', 'foreach', '--recursive', '--topological-dev', '--from', app.name, 'run', 'build'],
      source: `${script} (and its workspace packages', in dependency order${app.turbo ? '; Turborepo is not installed by `workspaces focus`' : ''})`,
    };
  if (pm.name === 'bun') return bunWorkspaceBuild(app, script);
  if (app.turbo) {
    const runner = pm.name === 'pnpm' ? ['pnpm', 'exec'] : ['npx', '--no-install'];
    return { value: [...runner, 'turbo', 'run', 'build', `--filter=${app.name}`], source: `${script}, Turborepo (turbo.json)` };
  }
  if (pm.name === 'pnpm') return { value: ['pnpm', '--filter', `${app.name}...`, 'run', 'build'], source: `${script} (and its workspace packages')` };
  if (pm.name === 'yarn') return { value: ['yarn', 'workspace', app.name, 'run', 'build'], source: script };
  return { value: ['npm', 'run', 'build', '--workspace', app.folder], source: script };
}

/** Whether pnpm's deploy needs `--legacy`: pnpm 10+ without `injectWorkspacePackages` in the lockfile. */
export function pnpmDeployNeedsLegacy(version: string, lockHead: string): boolean {
  const major = Number(/^(\d+)/.exec(version)?.[1] ?? '0');
  return major >= 10 && !/^\s+injectWorkspacePackages:\s*true\s*$/m.test(lockHead);
}

/** The Turborepo version to install for `turbo prune`: the root's devDependency when it is a version, else 2. */
export function turboVersion(rootPkg: PackageJson): string {
  const spec = rootPkg.devDependencies?.turbo ?? rootPkg.dependencies?.turbo ?? '';
  return /^[\^~]?\d{1,4}\.\d{1,4}\.\d{1,6}$/.test(spec) ? spec.replace(/^[\^~]/, '') : '2';
}

export interface WorkspaceDockerfileFacts {
  /** The app's folder in the workspace. */
  folder: ContextPath;
  /** Turborepo: the prune stage's RUN lines (install turbo, prune). */
  prune: { install: string; run: string } | undefined;
  /** `COPY` arguments of the deps stage (manifests and lockfile). */
  depsCopies: string[];
  /** What the deps stage installs: comment lines. */
  installs: string[];
  /** The install of the deps stage (all dependencies of the app's graph). */
  installAll: string;
  /** `COPY` arguments bringing the sources into the build stage. */
  sourceCopy: string;
  /** pnpm: the prod-deps stage's command (run in the build stage's files). */
  deploy: string | undefined;
  /** npm, Yarn: the prod-deps stage installs again without dev dependencies, from the manifests. */
  prodInstall: string | undefined;
  /** `COPY` arguments of the prod-deps stage (without pnpm deploy): the manifests, or Nx's pruned package.json and lockfile. */
  prodCopies: string[];
  /** npm, Yarn: folders whose node_modules the runtime copies (created empty when none was made). */
  prodModuleFolders: string[];
  /** `COPY` arguments of the runtime stage, in order. */
  runtimeCopies: string[];
  /** npm, Yarn: WORKDIR of the runtime stage after the copies (the app's folder); pnpm: undefined (the deployed app is /app). */
  workdir: string | undefined;
}

/** What the user should know about how the workspace is installed (summary lines). */
export function workspaceInstallNotes(app: WorkspaceApp, pm: PackageManagerFacts): string[] {
  if (app.nx && 'problem' in app.nx) return [app.nx.problem];
  if (pm.name === 'bun' && !bunFiltersInstall(pm.version))
    return [
      `Bun ${pm.version} cannot install one workspace package alone (\`bun install --filter\` came with Bun 1.2): the image gets the production dependencies of every package of the workspace, not only ${app.folder}'s; Bun 1.2 or later (package.json "packageManager") would trim them`,
    ];
  if (pm.name === 'yarn' && !pm.berry && !app.turbo)
    return [
      `Yarn 1 cannot install one workspace package alone (it has no \`workspaces focus\`): the image gets the production dependencies of every package of the workspace, not only ${app.folder}'s; Turborepo (a turbo.json at the root, then \`turbo prune\`) or Yarn 2+ would trim them`,
    ];
  return [];
}

/** .dockerignore lines for a workspace app: the other apps' and packages' sources stay out, their manifests stay in (the frozen install needs every one). */
export function workspaceIgnoreGroups(app: WorkspaceApp, nx = false): { comment: string; patterns: string[] }[] {
  // Nx reads every project (its plugins infer targets from their files): all of them stay.
  const used = new Set([app.folder as string, ...(nx ? app.packages : app.dependencies).map((d) => d.folder)]);
  const others = app.packages.filter((p) => !used.has(p.folder));
  // Build output folders of the packages the image uses, when generated (absent or git-ignored): the build stage makes them.
  const outputs = ['', ...used].flatMap((folder) =>
    ['dist', 'build'].filter((out) => isGeneratedFolder(path.join(app.root, folder), out)).map((out) => (folder === '' ? out : `${folder}/${out}`)),
  );
  const groups = [
    {
      comment: 'Workspace: build caches and outputs of the packages (the build stage creates them)',
      patterns: ['**/.turbo', '**/.next/cache', '**/*.tsbuildinfo', 'out', ...(app.ws.orchestrator === 'nx' ? ['.nx'] : []), ...outputs],
    },
  ];
  if (others.length > 0) {
    groups.push({
      comment: `Workspace: packages ${app.name} does not use (their package.json stays: the lockfile install checks every one)`,
      patterns: others.flatMap((p) => [p.folder, `!${p.folder}/package.json`]),
    });
  }
  return groups;
}

export function workspaceDockerfile(
  app: WorkspaceApp,
  pm: PackageManagerFacts,
  options: {
    cacheMount: string;
    npmCacheMount: string;
    buildCopies: readonly string[];
    hasBuild: boolean;
    /** The root's install inputs (package.json, lockfile, Yarn 2+'s .yarnrc.yml) and folders (.yarn/releases, .yarn/plugins). */
    manifests?: readonly string[];
    manifestDirs?: readonly string[];
    /** The runtime command (it may run a package's file from the app's node_modules). */
    startCommand?: readonly string[];
    /** `COPY --from=build` arguments of generated files (Prisma's client), placed before the runtime's WORKDIR. */
    generatedCopies?: readonly string[];
    /** Nx builds the app into a deployable folder (the start command is Nx's): with the pm's own whole-project installs. */
    nx?: { app: NxApp; installAll: string; installProd: string };
  },
): WorkspaceDockerfileFacts {
  const lockfile = pm.lockfile ?? 'package-lock.json';
  if (options.nx) return nxDockerfile(app, pm, options.nx, options.manifests ?? ['package.json', lockfile], options.manifestDirs ?? []);
  const folder = app.folder;
  const name = shellWord(app.name);
  const pruned = prunes(app, pm);
  const prune = pruned
    ? { install: `RUN ${options.npmCacheMount} npm install --global turbo@${turboVersion(app.rootPkg)}`, run: `RUN turbo prune ${name} --docker` }
    : undefined;
  const prunedCopies = ['--from=prune /app/out/json/ ./', `--from=prune /app/out/${lockfile} ./${lockfile}`];
  const graph = `Only ${folder}'s dependency graph is installed`;
  if (pm.name === 'pnpm') {
    const legacy = pnpmDeployNeedsLegacy(pm.version, readFileHead(app.root, 'pnpm-lock.yaml') ?? '');
    const manifests = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'].filter(
      (f) => f !== 'pnpm-workspace.yaml' || app.ws.declaredIn === 'pnpm-workspace.yaml',
    );
    return {
      folder,
      prune,
      depsCopies: pruned ? prunedCopies : [`${manifests.join(' ')} ./`, ...app.packages.map((p) => `${p.folder}/package.json ./${p.folder}/`)],
      installs: [pruned ? `${graph} (the pruned workspace).` : `${graph}.`],
      installAll: pruned
        ? 'pnpm install --frozen-lockfile --store-dir /pnpm/store'
        : `pnpm install --frozen-lockfile --store-dir /pnpm/store --filter ${shellWord(`${app.name}...`)}`,
      sourceCopy: pruned ? '--from=prune /app/out/full/ ./' : '. .',
      deploy: `pnpm --filter ${name} deploy --prod${legacy ? ' --legacy' : ''} --store-dir /pnpm/store /prod/app`,
      prodInstall: undefined,
      prodCopies: [],
      prodModuleFolders: [],
      runtimeCopies: [
        '--from=prod-deps /prod/app ./',
        ...(options.hasBuild ? options.buildCopies.map((c) => `--from=build ${c}`) : []),
        ...(options.generatedCopies ?? []).map((c) => `--from=build ${c}`),
      ],
      workdir: undefined,
    };
  }
  // npm, Yarn and Bun: one node_modules tree at the root (workspace packages linked into it),
  // folders' own node_modules where a version differs; the runtime keeps the root layout.
  const rootManifests = options.manifests ?? ['package.json', lockfile];
  const manifestCopies = [
    `${rootManifests.join(' ')} ./`,
    ...(options.manifestDirs ?? []).map((d) => `${d} ./${d}`),
    ...app.packages.map((p) => `${p.folder}/package.json ./${p.folder}/`),
  ];
  const tree = treeInstalls(app, pm, pruned);
  const moduleFolders = [folder, ...app.dependencies.map((d) => d.folder)];
  const links = startPackageLinks(folder, options.startCommand ?? []);
  // The workspace packages the app uses: from the build stage when there is one (their build output too).
  const fromBuild = options.hasBuild ? '--from=build /app/' : '';
  return {
    folder,
    prune,
    depsCopies: pruned ? prunedCopies : manifestCopies,
    installs: [`${tree.installs}.`],
    installAll: tree.all,
    sourceCopy: pruned ? '--from=prune /app/out/full/ ./' : '. .',
    deploy: undefined,
    prodCopies: pruned ? prunedCopies : manifestCopies,
    prodInstall: [tree.prod, `mkdir -p ${moduleFolders.map((f) => `${f}/node_modules`).join(' ')}`, ...links].join(' \\\n    && '),
    prodModuleFolders: moduleFolders,
    // Sources first (the context has no node_modules), then the production node_modules.
    runtimeCopies: [
      ...app.dependencies.map((d) => `${fromBuild}${d.folder}/ ./${d.folder}/`),
      ...(options.hasBuild ? [`${folder}/package.json ./${folder}/`, ...options.buildCopies.map((c) => `--from=build ${c}`)] : [`${folder}/ ./${folder}/`]),
      '--from=prod-deps /app/node_modules ./node_modules',
      ...moduleFolders.map((f) => `--from=prod-deps /app/${f}/node_modules ./${f}/node_modules`),
      ...(options.generatedCopies ?? []).map((c) => `--from=build ${c}`),
    ],
    workdir: `/app/${folder}`,
  };
}

/** The installs of a workspace whose packages share one node_modules tree at the root (npm, Yarn, Bun). */
function treeInstalls(app: WorkspaceApp, pm: PackageManagerFacts, pruned: boolean): { all: string; prod: string; installs: string } {
  if (pm.name === 'bun') return bunWorkspaceInstall(app, pm);
  const name = shellWord(app.name);
  const graph = `Only ${app.folder}'s dependency graph is installed`;
  if (pm.name === 'yarn' && pm.berry) return { all: `yarn workspaces focus ${name}`, prod: `yarn workspaces focus ${name} --production`, installs: graph };
  if (pm.name === 'yarn')
    return {
      all: 'yarn install --frozen-lockfile --non-interactive',
      prod: 'yarn install --frozen-lockfile --non-interactive --production',
      installs: pruned ? graph : "Yarn 1 installs every workspace package's dependencies (it cannot install one package alone)",
    };
  return {
    // Turborepo runs from the root's devDependencies: the build stage installs the root too.
    all: `npm ci --workspace ${app.folder}${app.turbo ? ' --include-workspace-root' : ''} --no-audit --no-fund`,
    prod: `npm ci --omit=dev --workspace ${app.folder} --no-audit --no-fund`,
    installs: graph,
  };
}

/**
 * npm and Yarn hoist most packages to the root's node_modules, and keep one in the app's own
 * node_modules only when another version is there; which one happens is known after the install.
 * A start command that runs a package's file from the app's node_modules (`node
 * node_modules/fastify-cli/cli.js`) must find it either way: when the install left it at the
 * root, the prod-deps stage links it into the app's node_modules. Package names are checked
 * (npm's rule) and quoted.
 */
export function startPackageLinks(folder: string, startCommand: readonly string[]): string[] {
  const names = new Set<string>();
  for (const arg of startCommand) {
    const m = /^(?:\.\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(arg);
    if (m && m[1]!.length <= 214 && PACKAGE_NAME.test(m[1]!)) names.add(m[1]!);
  }
  return [...names].map((name) => {
    const inApp = shellWord(`${folder}/node_modules/${name}`);
    const scope = name.includes('/') ? `mkdir -p ${shellWord(`${folder}/node_modules/${name.split('/')[0]!}`)} && ` : '';
    return `{ [ -e ${inApp} ] || { ${scope}ln -s ${shellWord(`/app/node_modules/${name}`)} ${inApp}; }; }`;
  });
}

/**
 * Whether this Bun installs one workspace package's graph (`bun install --filter <name>`, with
 * `--frozen-lockfile` and `--production`): Bun 1.2 and later (1.1.38 stops with "DependencyLoop").
 * A bare major ("1", the default) installs the newest 1.x, which does.
 */
export function bunFiltersInstall(version: string): boolean {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return true;
  const major = Number(m[1]);
  return major > 1 || (major === 1 && (m[2] === undefined || Number(m[2]) >= 2));
}

/**
 * Bun's installs of a workspace app, run at the root: `--filter <name>` installs the root's and
 * the app's dependencies and links the workspace packages it uses (their dependencies too), into
 * the root's node_modules (hoisted, or isolated: `node_modules/.bun` with links in each
 * package's node_modules). `turbo prune` is never needed: the filter trims the same graph.
 */
export function bunWorkspaceInstall(app: WorkspaceApp, pm: Pick<PackageManagerFacts, 'version'>): { all: string; prod: string; installs: string } {
  if (!bunFiltersInstall(pm.version))
    return {
      all: 'bun install --frozen-lockfile',
      prod: 'bun install --frozen-lockfile --production',
      installs: `Bun ${pm.version} installs every workspace package's dependencies (\`bun install --filter\` came with Bun 1.2)`,
    };
  const filter = `--filter ${shellWord(app.name)}`;
  return {
    all: `bun install --frozen-lockfile ${filter}`,
    prod: `bun install --frozen-lockfile --production ${filter}`,
    installs: `Only ${app.folder}'s dependency graph is installed (and the workspace root's own dependencies)`,
  };
}

/**
 * The build of a Bun workspace app: `bun run --filter` with the app and every workspace package it
 * uses; Bun runs their `build` scripts in dependency order and skips the packages without one.
 * (Turborepo is not used: the root's devDependencies are there, but Bun orders the graph itself.)
 */
export function bunWorkspaceBuild(app: WorkspaceApp, script: string): Detected<string[]> {
  const names = [...app.dependencies.map((d) => d.name).filter((n): n is string => n !== undefined && PACKAGE_NAME.test(n)), app.name];
  return {
    value: ['bun', 'run', ...names.flatMap((n) => ['--filter', n]), 'build'],
    source: `${script} (and its workspace packages', in dependency order)`,
  };
}

/**
 * An Nx app (nx.ts): the whole workspace is installed for the build (Nx's plugins read every
 * project), `nx run <project>:prune` writes the app's folder with its own package.json, pruned
 * lockfile and workspace_modules; the production dependencies are installed from those alone,
 * and the runtime is that folder.
 */
function nxDockerfile(
  app: WorkspaceApp,
  pm: PackageManagerFacts,
  nx: { app: NxApp; installAll: string; installProd: string },
  manifests: readonly string[],
  manifestDirs: readonly string[],
): WorkspaceDockerfileFacts {
  const out = nx.app.outputPath;
  const lockfile = pm.lockfile ?? 'package-lock.json';
  const pnpmWorkspace = pm.name === 'pnpm' && app.ws.declaredIn === 'pnpm-workspace.yaml' && !manifests.includes('pnpm-workspace.yaml');
  return {
    folder: app.folder,
    prune: undefined,
    depsCopies: [
      `${[...manifests, ...(pnpmWorkspace ? ['pnpm-workspace.yaml'] : [])].join(' ')} ./`,
      ...manifestDirs.map((d) => `${d} ./${d}`),
      ...app.packages.map((p) => `${p.folder}/package.json ./${p.folder}/`),
    ],
    installs: [
      'The whole workspace is installed: Nx builds from the root, and its plugins read every project.',
      `Nx's ${nx.app.target} target then writes ${out} with only ${app.folder}'s dependencies.`,
    ],
    installAll: nx.installAll,
    sourceCopy: '. .',
    deploy: undefined,
    prodCopies: [
      `--from=build /app/${out}/package.json /app/${out}/${lockfile} ./`,
      ...(nx.app.target === 'prune' ? [`--from=build /app/${out}/workspace_modules ./workspace_modules`] : []),
    ],
    prodInstall: nx.installProd,
    prodModuleFolders: [],
    runtimeCopies: [`--from=build /app/${out}/ ./`, '--from=prod-deps /app/node_modules ./node_modules'],
    workdir: undefined,
  };
}
