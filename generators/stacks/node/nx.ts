/**
 * An Nx app of a workspace (an `nx.json` at the root, the app's targets in its package.json's
 * `"nx"` field or its `project.json`). Nx has its own way to make one app deployable on its own:
 * the build target writes the app to `outputPath`, and the `prune` target (Nx 21+'s Node
 * generators add it: `prune-lockfile` + `copy-workspace-modules`) writes next to it a
 * package.json with only the app's dependencies, the lockfile pruned to them, and the
 * workspace libraries it uses in `workspace_modules/` (built). Older build targets with
 * `generatePackageJson: true` (webpack, esbuild) write the package.json and lockfile without the
 * workspace libraries (bundled in). The image then builds with `nx run <project>:prune` (or
 * `:build`), installs the production dependencies from that folder alone, and runs its main file.
 *
 * Everything here is read from the repository: the config is parsed with jsonc-parser, each
 * value is checked (a path inside the workspace, a file name, a project name) and an unusable
 * value is a problem naming the file, the field and the flag that overrides the start command.
 * Pure over the files.
 */
import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { readProjectFile } from '../../lib/project-files.js';
import { contextPath, contextPathProblem, type ContextPath } from '../../lib/quote.js';
import { showValue } from '../../lib/errors.js';

/** Executors whose output is `<outputPath>/<main's base name>.js`, a Node.js server. */
const NODE_APP_EXECUTORS = new Set(['@nx/esbuild:esbuild', '@nx/webpack:webpack', '@nrwl/esbuild:esbuild', '@nrwl/webpack:webpack']);
/** Nx project names: npm package names (`@org/api`) or plain names (`api`, `api-gateway`). */
const PROJECT_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[A-Za-z0-9~-][A-Za-z0-9._~-]{0,213}$/;
const MAIN_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.(?:[cm]?[jt]sx?)$/;

export interface NxApp {
  /** The project name `nx run` takes. */
  project: string;
  /** Where the targets were read, for messages: `apps/api/package.json "nx"` or `apps/api/project.json`. */
  config: string;
  executor: string;
  /** The build output, relative to the workspace root. */
  outputPath: ContextPath;
  /** The built main file, relative to outputPath. */
  mainFile: string;
  /** The main source, relative to the app folder (read for the port and host). */
  mainSource: string | undefined;
  /** The target that writes the deployable folder: `prune` (package.json, lockfile, workspace_modules) or `build` (generatePackageJson). */
  target: 'prune' | 'build';
  /** The build target's configuration for production, when it has one. */
  configuration: string | undefined;
}

export type NxResult = { app: NxApp } | { problem: string } | undefined;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: unknown, key: string): unknown => (isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);

function parseConfig(dir: string, file: string): unknown {
  const text = readProjectFile(dir, file);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  return errors.length > 0 ? undefined : value;
}

/**
 * The Nx app in `folder` (relative to the workspace `root`), when Nx builds it into a deployable
 * folder; a problem when its config says Nx builds it but a value cannot be used; undefined when
 * Nx does not build it that way (the usual workspace plan applies).
 */
export function detectNxApp(root: string, folder: string, packageName: string | undefined): NxResult {
  const dir = path.join(root, ...folder.split('/'));
  const fromPackage = own(parseConfig(dir, 'package.json'), 'nx');
  const projectJson = fromPackage === undefined ? parseConfig(dir, 'project.json') : undefined;
  const cfg = fromPackage ?? projectJson;
  if (!isObject(cfg)) return undefined;
  const config = fromPackage !== undefined ? `${folder}/package.json "nx"` : `${folder}/project.json`;
  const targets = own(cfg, 'targets');
  const build = own(targets, 'build');
  const executor = own(build, 'executor');
  if (typeof executor !== 'string' || !NODE_APP_EXECUTORS.has(executor)) return undefined;
  const options = own(build, 'options');
  const prune = isObject(own(targets, 'prune'));
  const generates = own(options, 'generatePackageJson') === true;
  if (!prune && !generates) return undefined;
  const fail = (field: string, value: unknown, allowed: string) => ({
    problem: `${config} "${field}" is ${showValue(value)}, so Nx's build output is not used (${allowed} is needed); the app is planned like any workspace app: fix it, or pass --start-command and --build-command`,
  });
  const name = own(cfg, 'name') ?? packageName;
  if (typeof name !== 'string' || !PROJECT_NAME.test(name))
    return fail('name', name, 'an Nx project name (letters, digits, "-", ".", "_", an optional @scope/)');
  const outputPath = own(options, 'outputPath');
  const out = typeof outputPath === 'string' ? path.posix.normalize(outputPath.replace(/^\{workspaceRoot\}\//, '')).replace(/\/+$/, '') : undefined;
  const outProblem = out === undefined ? 'missing' : out === '.' || out.startsWith('../') ? 'outside the workspace' : contextPathProblem(out);
  if (out === undefined || outProblem)
    return fail('targets.build.options.outputPath', outputPath, `a folder inside the workspace${outProblem ? ` (it is ${outProblem})` : ''}`);
  const main = own(options, 'main');
  const mainBase = typeof main === 'string' ? path.posix.basename(main) : undefined;
  if (mainBase === undefined || !MAIN_FILE.test(mainBase)) return fail('targets.build.options.main', main, 'a source file such as apps/api/src/main.ts');
  const mainSource = path.posix.relative(folder, path.posix.normalize(main as string));
  const configurations = own(build, 'configurations');
  return {
    app: {
      project: name,
      config,
      executor,
      outputPath: contextPath(out),
      mainFile: mainBase.replace(/\.[cm]?[jt]sx?$/, '.js'),
      mainSource: mainSource.startsWith('../') ? undefined : mainSource,
      target: prune ? 'prune' : 'build',
      configuration: isObject(own(configurations, 'production')) ? 'production' : undefined,
    },
  };
}

/** The build command: the Nx CLI from the root's devDependencies, run through the package manager. */
export function nxBuildCommand(nx: NxApp, runner: readonly string[]): string[] {
  const target = nx.target === 'build' && nx.configuration ? `${nx.project}:build:${nx.configuration}` : `${nx.project}:${nx.target}`;
  return [...runner, 'nx', 'run', target];
}

/** Where the start command and build come from, for the summary. */
export function nxSource(nx: NxApp): string {
  const how =
    nx.target === 'prune'
      ? 'its "prune" target writes the app with a pruned package.json, lockfile and workspace_modules'
      : 'its build target writes a package.json and lockfile (generatePackageJson)';
  return `Nx: ${nx.config} "targets.build" (${nx.executor}) writes ${nx.outputPath}/${nx.mainFile}; ${how}`;
}
