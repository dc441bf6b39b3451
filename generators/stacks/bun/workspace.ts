/**
 * A Bun app in a folder of a Bun workspace (a `workspaces` root with bun.lock / bun.lockb): the
 * build context is the workspace root, the root's lockfile installs only the app's graph (`bun
 * install --filter <name>`, Bun 1.2+), and the files are placed like the Node.js stack's
 * workspace apps. The workspace is found and checked by the node stack's workspace code (the
 * same bounded, link-free walk; package names and folders validated there).
 */
import { projectEntryExists } from '../../lib/project-files.js';
import { shellWord } from '../../lib/quote.js';
import type { Detected } from '../../lib/stack.js';
import { enclosingWorkspace } from '../node/workspaces.js';
import { bunFiltersInstall, bunWorkspaceBuild, workspaceApp, workspaceIgnoreGroups, type WorkspaceApp } from '../node/workspace-plan.js';
import { bunLockfile, detectBunVersion } from './detect.js';
import { projectBunfigHasCredentials } from './registry.js';

/** The Bun lockfile of the workspace root above `dir` that lists `dir` as a package (cheap: no throw, for sniffing). */
export function bunWorkspaceLockfile(dir: string): { root: string; lockfile: string } | undefined {
  const inside = enclosingWorkspace(dir);
  if (inside === undefined) return undefined;
  const lockfile = bunLockfile(inside.ws.root);
  return lockfile ? { root: inside.ws.root, lockfile } : undefined;
}

export interface BunWorkspace {
  app: WorkspaceApp;
  /** The root's lockfile (bun.lock or bun.lockb). */
  lockfile: string;
  /** The root's Bun version (packageManager, engines.bun, .bun-version), for `--filter`. */
  version: Detected<string>;
}

/** The Bun workspace `dir` is an app of, or undefined; throws (ProjectError) when the app's name or folders are unusable. */
export function bunWorkspace(dir: string): BunWorkspace | undefined {
  const found = bunWorkspaceLockfile(dir);
  if (found === undefined) return undefined;
  const app = workspaceApp(dir);
  if (app === undefined) return undefined;
  return { app, lockfile: found.lockfile, version: detectBunVersion(app.root, app.rootPkg) };
}

/** The default build command in a workspace: the app's and its workspace packages' build scripts, in dependency order. */
export function bunWorkspaceBuildCommand(ws: BunWorkspace, hasBuild: boolean): Detected<string[]> {
  if (!hasBuild) return { value: [], source: 'none (no build script)' };
  return bunWorkspaceBuild(ws.app, `${ws.app.folder}/package.json "scripts.build"`);
}

/** Summary lines about how the workspace is installed. */
export function bunWorkspaceNotes(ws: BunWorkspace): string[] {
  const notes = [
    `this folder is the app ${ws.app.folder} of the Bun workspace at ${ws.app.root} (${ws.app.ws.declaredIn}, ${ws.lockfile}): the build context is the workspace root, the Dockerfile and compose.yaml stay here`,
  ];
  if (!bunFiltersInstall(ws.version.value))
    notes.push(
      `Bun ${ws.version.value} (${ws.version.source}) cannot install one workspace package alone (\`bun install --filter\` came with Bun 1.2): the image gets the production dependencies of every package of the workspace`,
    );
  return notes;
}

export interface BunWorkspaceFacts {
  /** `COPY` arguments of every workspace package's package.json (the frozen install checks them all). */
  packageManifests: string[];
  /** ` --filter <name>` appended to each install, or '' (Bun before 1.2). */
  installFilter: string;
  /** After the production install: the folders whose node_modules the runtime copies, made when absent. */
  afterProdInstall: string;
  /** The build stage removes every node_modules it made (the runtime gets the production ones). */
  buildCleanup: string;
  /** Runtime `COPY` arguments: sources (or the build stage's folders), then the production node_modules. */
  runtimeCopies: string[];
  /** WORKDIR of the runtime stage (and the compiled build): the app's folder. */
  workdir: string;
  /** The root's install inputs copied first: package.json, the lockfile, bunfig.toml. */
  manifests: string[];
}

export function bunWorkspaceFacts(ws: BunWorkspace, hasBuild: boolean): BunWorkspaceFacts {
  const { app } = ws;
  const folders = [app.folder as string, ...app.dependencies.map((d) => d.folder)];
  const from = hasBuild ? '--from=build /app/' : '';
  // The production install's stage: prod-deps beside a build stage, deps without one.
  const prod = hasBuild ? 'prod-deps' : 'deps';
  return {
    // A bunfig.toml with registry credentials is never copied (registry.ts: a build secret instead).
    manifests: ['package.json', ws.lockfile, ...(projectEntryExists(app.root, 'bunfig.toml') && !projectBunfigHasCredentials(app.root) ? ['bunfig.toml'] : [])],
    packageManifests: app.packages.map((p) => `${p.folder}/package.json ./${p.folder}/`),
    installFilter: bunFiltersInstall(ws.version.value) ? ` --filter ${shellWord(app.name)}` : '',
    afterProdInstall: `mkdir -p ${folders.map((f) => `${f}/node_modules`).join(' ')}`,
    buildCleanup: `rm -rf node_modules ${folders.map((f) => `${f}/node_modules`).join(' ')}`,
    runtimeCopies: [
      ...app.dependencies.map((d) => `${from}${d.folder}/ ./${d.folder}/`),
      `${from}${app.folder}/ ./${app.folder}/`,
      `--from=${prod} /app/node_modules ./node_modules`,
      ...folders.map((f) => `--from=${prod} /app/${f}/node_modules ./${f}/node_modules`),
    ],
    workdir: `/app/${app.folder}`,
  };
}

/** .dockerignore groups in a workspace: every package's node_modules, and the node stack's workspace lines. */
export function bunWorkspaceIgnore(ws: BunWorkspace): { comment: string; patterns: string[] }[] {
  return [
    { comment: 'Bun: dependencies are installed inside the image from the lockfile', patterns: ['**/node_modules', '**/.bun'] },
    ...workspaceIgnoreGroups(ws.app),
  ];
}
