/**
 * The .NET stack: ASP.NET Core apps (a *.csproj, alone or in a *.sln), published with the
 * official SDK image and run on the official ASP.NET Core runtime image (Debian, or Ubuntu
 * chiseled with --chiseled yes) as its own non-root user APP_UID 1654 on port 8080
 * (ASPNETCORE_HTTP_PORTS). The probe: chiseled images have no shell, curl or wget, and the app's
 * own code cannot be relied on to offer a health argument, so a 10-line C# probe is published in
 * its own build stage (no NuGet packages: it restores from the SDK's bundled targeting pack) and
 * run with the image's `dotnet`. Every decision about the Dockerfile is made here.
 */
import { InputError, ProjectError } from '../../lib/errors.js';
import { stackQuestion } from '../../lib/question.js';
import type { Answers, Detected, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { contextPathProblem, jsonArray, normaliseRelative, shellWord } from '../../lib/quote.js';
import { ociLabels } from '../../lib/labels.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { detectDotnetHealthPath } from './health.js';
import { appProjects, assemblyName, detectDotnetVersion, dotnetVersionProblem, globalJsonSdk, invariantGlobalization, referencedProjects } from './detect.js';

/** The official images' non-root user `app` (APP_UID). */
export const APP_UID = 1654;
export const PROBE_DIR = '/healthcheck';

export function dotnetHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  return ['dotnet', `${PROBE_DIR}/healthcheck.dll`, healthPath, String(port), ...(anyStatus ? ['any-status'] : [])];
}

/** The probe's project file and source, one printf argument per line: no single quotes, `%`, `$` or tabs. */
export const PROBE_CSPROJ: readonly string[] = [
  '<Project Sdk="Microsoft.NET.Sdk">',
  '  <PropertyGroup><OutputType>Exe</OutputType><ImplicitUsings>enable</ImplicitUsings><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>',
  '</Project>',
];
export const PROBE_SOURCE: readonly string[] = [
  '// Health probe: GET http://127.0.0.1:PORT/path (PORT: the first of ASPNETCORE_HTTP_PORTS, else argument 2);',
  '// exit 0 on 2xx/3xx (with a third argument any-status: on any answer below 500).',
  'if (args.Length < 2) return 2;',
  'var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "").Split(new[] { ";", "," }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? args[1];',
  'using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(4) };',
  'try {',
  '  var status = (int)(await client.GetAsync("http://127.0.0.1:" + port + args[0])).StatusCode;',
  '  return status >= 200 && status <= (args.Length > 2 && args[2] == "any-status" ? 499 : 399) ? 0 : 1;',
  '} catch { return 1; }',
];

function parseYesNo(flag: string, raw: string): string {
  const value = raw.trim().toLowerCase();
  if (value === 'yes' || value === 'no') return value;
  throw new InputError(flag, raw, '"yes" or "no"');
}

const projectFile = stackQuestion({
  key: 'projectFile',
  flag: 'project-file',
  description: '.NET: the project to publish (a .csproj path, e.g. "src/Api/Api.csproj"); detected when there is one web project',
  prompt: { type: 'list', message: 'Project to publish', choices: (ctx) => (ctx.dir ? appProjects(ctx.dir) : []) },
  parse(raw, ctx) {
    const found = ctx.dir ? appProjects(ctx.dir) : [];
    if (raw.trim() === '') {
      throw new InputError(
        'project-file',
        raw,
        found.length > 1
          ? `one of this folder's projects: ${found.join(', ')} (there are several, so pass --project-file to choose)`
          : 'a .csproj file in the project (found none in the root, a .sln or one folder down)',
      );
    }
    const value = normaliseRelative(raw.trim());
    const problem = contextPathProblem(value);
    if (problem || !value.endsWith('.csproj'))
      throw new InputError('project-file', raw, `a .csproj path inside the project: ${problem ?? 'it must end with .csproj'}`);
    if (ctx.dir && !projectEntryExists(ctx.dir, value))
      throw new InputError('project-file', raw, `a .csproj file that exists${found.length > 0 ? `: ${found.join(', ')}` : ''}`);
    return value;
  },
});

const chiseled = stackQuestion({
  key: 'chiseled',
  flag: 'chiseled',
  description:
    '.NET: run on the chiseled ASP.NET Core image (Ubuntu, no shell or package manager, about a third of the size; no ICU, so for apps with InvariantGlobalization): "yes" or "no"; default yes when the project sets InvariantGlobalization',
  prompt: { type: 'list', message: 'Run on the chiseled image (no shell, smaller)?', choices: () => ['yes', 'no'] },
  parse: (raw) => parseYesNo('chiseled', raw),
});

export function dotnetStartCommandProblem(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'dotnet' || !/^[A-Za-z0-9_.-]{1,100}\.dll$/.test(argv[1] ?? '')) {
    return 'must run the published assembly with dotnet, e.g. "dotnet MyApp.dll" (the runtime image has no shell, SDK or apphost)';
  }
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (tags from the SDK_VERSION and DOTNET_VERSION ARGs): printed from here, and .hadolint.yaml trusts their registries. */
const DOTNET_IMAGES = { sdk: 'mcr.microsoft.com/dotnet/sdk', runtime: 'mcr.microsoft.com/dotnet/aspnet' } as const;

export interface DotnetDockerfileFacts extends RuntimeStageFacts {
  images: { sdk: string; runtime: string };
  dotnetVersion: string;
  sdkVersion: string;
  stages: string[];
  probeCsproj: string[];
  probeSource: string[];
  /** COPY lines (arguments) before the restore. */
  restoreCopies: string[];
  project: string;
  lockedMode: boolean;
  runtimeTag: string;
  chiseled: boolean;
  buildRun: string | undefined;
}

function chosenProject(dir: string): Detected<string> {
  const found = appProjects(dir);
  if (found.length === 1) return { value: found[0]!, source: found[0]!.includes('/') ? 'the one web project' : 'the project file' };
  return { value: '', source: found.length > 1 ? `several projects: ${found.join(', ')}` : 'no .csproj found' };
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    `Files stay owned by root: the app can read them but not change them. ${APP_UID} is the image's own`,
    'non-root user "app" (APP_UID), given by number so Kubernetes runAsNonRoot accepts it.',
  ],
  healthcheck: ['Probes the health path with the probe built above; honours ASPNETCORE_HTTP_PORTS (the last', 'argument is the fallback).'],
  init: [
    'tini is PID 1 (static, so it runs on chiseled images too) and runs the command below as its',
    "child: docker stop's SIGTERM reaches the ASP.NET Core host, which finishes the requests in",
    'flight and exits 0; tini reaps zombies.',
  ],
  cmd: ['Exec form: no shell in between (chiseled images have none).'],
};

export const dotnetProfile: StackProfile = {
  id: 'dotnet',
  label: '.NET',
  unproven: 'every .NET app (no .NET SDK or NuGet on the test machines; the output is checked by golden files and linters)',
  packageManagers: [],
  markers: ['*.csproj', '*.sln', 'global.json'],
  settings: [projectFile, chiseled],

  sniff(dir) {
    if (projectEntryExists(dir, 'global.json') && appProjects(dir).length > 0) return 'global.json';
    const found = appProjects(dir);
    return found.length > 0 ? found[0] : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const project = chosenProject(dir);
    const file = chosen.stack?.projectFile || project.value || undefined;
    const warnings: string[] = [];
    const sdk = globalJsonSdk(dir);
    if (sdk && 'problem' in sdk) throw new ProjectError(`${sdk.problem}: fix it (the build uses the SDK it names) or remove "sdk.version"`);
    if (file && !projectEntryExists(dir, `${pathDir(file)}packages.lock.json`)) {
      warnings.push(
        `no packages.lock.json next to ${file}: dotnet restore resolves versions afresh on every build; set <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>, run dotnet restore and commit the lock file (the build then uses --locked-mode)`,
      );
    }
    const invariant = file ? invariantGlobalization(dir, file) : false;
    const name = file ? assemblyName(dir, file) : 'app';
    const service = serviceNameFrom(name, dir);
    return {
      defaults: {
        runtimeVersion: detectDotnetVersion(dir, file),
        packageManager: { value: '', source: 'none (NuGet through dotnet restore)' },
        port: { value: 8080, source: 'default (ASP.NET Core images: ASPNETCORE_HTTP_PORTS=8080)' },
        healthPath: detectDotnetHealthPath(dir),
        startCommand: { value: ['dotnet', `${name}.dll`], source: file ? `${file} (assembly name)` : 'default' },
        buildCommand: { value: [], source: 'none (the Dockerfile runs dotnet publish)' },
        serviceName: file ? { ...service, source: `${file} (assembly name)` } : service,
      },
      stackDefaults: {
        projectFile: project,
        chiseled: invariant
          ? { value: 'yes', source: `${file} "InvariantGlobalization"` }
          : { value: 'no', source: 'default (the app may need ICU: InvariantGlobalization is not set)' },
      },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    return dotnetVersionProblem(value);
  },

  checkStartCommand(argv) {
    return dotnetStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const project = answers.stack.projectFile!;
    const sdk = globalJsonSdk(dir);
    const channel = /^(\d{1,2}\.0)/.exec(answers.runtimeVersion)![1]!;
    const sdkVersion = sdk && 'version' in sdk ? sdk.version : channel;
    const projects = referencedProjects(dir, project);
    const locks = projects.map((p) => `${pathDir(p)}packages.lock.json`).filter((f) => projectEntryExists(dir, f));
    const shared = ['global.json', 'nuget.config', 'NuGet.Config', 'Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props'].filter((f) =>
      projectEntryExists(dir, f),
    );
    const byFolder = new Map<string, string[]>();
    for (const f of [...shared, ...projects, ...locks]) {
      const folder = pathDir(f);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
    }
    const restoreCopies = [...byFolder].map(([folder, files]) => `${files.join(' ')} ${folder === '' ? './' : folder}`);
    const isChiseled = answers.stack.chiseled === 'yes';
    const healthcheck = dotnetHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const dockerfile: DotnetDockerfileFacts = {
      images: DOTNET_IMAGES,
      dotnetVersion: answers.runtimeVersion,
      sdkVersion,
      stages: ['healthcheck', 'tini', 'build', 'runtime'],
      probeCsproj: PROBE_CSPROJ.map(shellWord),
      probeSource: PROBE_SOURCE.map(shellWord),
      restoreCopies,
      project: shellWord(project),
      lockedMode: locks.length > 0,
      runtimeTag: isChiseled ? '${DOTNET_VERSION}-noble-chiseled' : '${DOTNET_VERSION}',
      chiseled: isChiseled,
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      labels: ociLabels(answers.serviceName),
      env: [`ASPNETCORE_HTTP_PORTS=${answers.port}`],
      user: `${APP_UID}:${APP_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    return {
      dockerfile,
      dockerignore: [
        {
          comment: '.NET: build output and IDE state are made inside the image, never copied in',
          patterns: ['**/bin', '**/obj', '**/out', '.vs', '**/*.user', 'TestResults'],
        },
      ],
      environment: { ASPNETCORE_HTTP_PORTS: String(answers.port) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 30,
    };
  },
};

function pathDir(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '' : file.slice(0, i + 1);
}
