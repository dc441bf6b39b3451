/**
 * The Go stack: turns answers + the module's files into the facts that
 * `templates/go/Dockerfile.ejs` prints. Every decision about the Dockerfile is made here.
 */
import { goServices } from './services.js';
import fs from 'node:fs';
import { PINS } from '../../lib/versions.js';
import path from 'node:path';
import { DetectedValueError, InputError } from '../../lib/errors.js';
import { stackQuestion, type SettingContext } from '../../lib/question.js';
import type { Answers, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import { ociLabels } from '../../lib/labels.js';
import { projectEntryExists, readProjectFile } from '../../lib/project-files.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { netrcSecret, secretMount } from '../../lib/secrets.js';
import { detectGoNetrcSecret, GO_NETRC_SECRET } from './secrets.js';
import {
  BINARY_NAME,
  binaryName,
  compareGoLines,
  detectBuildTags,
  detectCgo,
  detectMainPackage,
  detectPort,
  detectPortFinding,
  mainPackageFiles,
  findMainPackages,
  localReplaces,
  moduleBaseName,
  normalizePackagePath,
  readGoMod,
  scanMainPackages,
  skippedMainPackagesNote,
} from './detect.js';
import { detectGoHealthPath } from './health.js';
import { chooseGoVersion, golangTagExists, GOLANG_SUITE, GOLANG_SUITES } from './go-versions.js';
import { BUILD_TAG } from './packages.js';
import { PORT_ENV_NAMES } from './ports.js';

/** distroless `nonroot`: the image's own numeric user (Kubernetes runAsNonRoot accepts it). */
export const DISTROLESS_NONROOT_UID = 65532;
/** Where the runtime stage keeps the app binary; the start command runs `/app/<name>`. */
export const APP_DIR = '/app';
/** The health probe binary in the runtime stage. */
export const PROBE_PATH = '/usr/local/bin/healthcheck';

/**
 * The HEALTHCHECK probe: distroless images have no shell, curl or wget, so a tiny static Go
 * program built in its own stage requests http://127.0.0.1:$PORT<path> (the port argument is
 * the fallback when PORT is unset) and exits 0 on 2xx/3xx. The path arrives as an argument,
 * never spliced into code.
 */
export function goHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  return [PROBE_PATH, healthPath, String(port), ...(anyStatus ? [PROBE_ANY_STATUS] : [])];
}

/** The probe's third argument for liveness (no health route was found): any answer below 500 passes. */
export const PROBE_ANY_STATUS = 'any-status';

/**
 * The probe's source, one line per printf argument in the Dockerfile. Standard library only,
 * no single quotes, `%`, `$` or tabs (each line is a single-quoted shell word printed with '%s').
 */
export const PROBE_SOURCE: readonly string[] = [
  '// Health probe: GET http://127.0.0.1:PORT/path (PORT from the environment, else argument 2); exit 0 on 2xx/3xx',
  '// (with a third argument any-status: on any answer below 500, for a server without a health route).',
  'package main',
  'import ("net/http"; "os"; "time")',
  'func main() {',
  '  if len(os.Args) < 3 || len(os.Args) > 4 { os.Exit(2) }',
  '  limit := 399',
  '  if len(os.Args) == 4 && os.Args[3] == "any-status" { limit = 499 }',
  '  port := os.Getenv("PORT")',
  '  if port == "" { port = os.Args[2] }',
  '  client := http.Client{Timeout: 4 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}',
  '  res, err := client.Get("http://127.0.0.1:" + port + os.Args[1])',
  '  if err != nil { os.Exit(1) }',
  '  res.Body.Close()',
  '  if res.StatusCode < 200 || res.StatusCode > limit { os.Exit(1) }',
  '}',
];

/**
 * The main package: the user's choice must be one of the module's main packages. Decided before
 * the shared settings (`early`): port, health route, cgo and build tags are read from it.
 */
const mainPackage = stackQuestion({
  key: 'mainPackage',
  flag: 'main-package',
  description: 'Go: the main package to build (".", "./cmd/<name>", "./app"); detected when there is one',
  early: true,
  prompt: {
    type: 'list',
    message: 'Main package to build',
    choices: (ctx) => {
      const found = ctx.dir ? findMainPackages(ctx.dir) : [];
      return found.length > 0 ? found : ['.'];
    },
  },
  parse(raw: string, ctx: SettingContext) {
    const scan = ctx.dir ? scanMainPackages(ctx.dir) : { found: [], skipped: [], files: {}, scanned: 0 };
    const found = scan.found;
    if (raw.trim() === '') {
      throw new InputError(
        'main-package',
        raw,
        found.length > 1
          ? `one of this module's main packages: ${found.join(', ')} (it has several, so pass --main-package to choose)`
          : `a folder of this module holding package main (found none in the ${scan.scanned} .go files outside vendor/, testdata/ and hidden folders): pass --main-package ./path/to/it`,
      );
    }
    const value = normalizePackagePath(raw);
    if (value === undefined) {
      throw new InputError('main-package', raw, 'a folder inside the module such as "." or "./cmd/api" (letters, digits, ".", "_", "-"; no "..")');
    }
    // Only folders the scan found: it does not follow symbolic links out of the project.
    if (ctx.dir && !found.includes(value)) {
      throw new InputError('main-package', raw, `a folder of this module holding package main${found.length > 0 ? `: ${found.join(', ')}` : ' (found none)'}`);
    }
    return value;
  },
});

/** Build tags for `go build -tags`: read from the main package's `//go:build` lines, or given. */
const buildTags = stackQuestion({
  key: 'buildTags',
  flag: 'build-tags',
  description: 'Go: build tags for go build -tags, comma-separated ("prod,jsoniter"); "" for none. Detected from //go:build lines of the main package',
  early: true,
  // Asked only when the //go:build lines allow several builds (detect marks that `missing`).
  prompt: { type: 'input', message: 'Build tags for go build -tags (comma-separated)' },
  askWhen: () => false,
  parse(raw: string) {
    const tags = raw.split(/[\s,]+/).filter((t) => t !== '');
    const bad = tags.find((t) => !BUILD_TAG.test(t));
    if (bad !== undefined || tags.length > 16) {
      throw new InputError('build-tags', raw, 'build tags separated by commas: letters, digits, "_" and "." (at most 16), or "" for none');
    }
    return [...new Set(tags)].join(',');
  },
});

/** Why argv cannot be the production CMD, or undefined when it can. */
export function goStartCommandProblem(argv: readonly string[]): string | undefined {
  const program = argv[0] ?? '';
  if (path.posix.basename(program) === 'go') {
    return 'must run the compiled binary (e.g. "/app/server"), not the go tool: the runtime image has no Go toolchain';
  }
  if (!program.startsWith(`${APP_DIR}/`) || !BINARY_NAME.test(program.slice(APP_DIR.length + 1))) {
    return `must start with the binary the build stage writes, ${APP_DIR}/<name> (e.g. "${APP_DIR}/server --flag"); the distroless runtime has no shell or other programs`;
  }
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (the build tag is the GO_VERSION ARG; the runtime is pinned in full): printed from here, and .hadolint.yaml trusts their registries. */
const GOLANG_IMAGE = 'golang';

export interface GoDockerfileFacts extends RuntimeStageFacts {
  images: { golang: string; runtime: string };
  goVersion: string;
  /** Where the binary runs from (APP_DIR). */
  appDir: string;
  /** Where the health probe is installed (PROBE_PATH). */
  probePath: string;
  stages: string[];
  probeSource: string[];
  /** COPY sources before the module download ('go.mod go.sum'), or undefined when nothing is downloaded. */
  moduleFiles: string | undefined;
  /** Why there is no download step (comment), when there is none. */
  noDownloadReason: string | undefined;
  cgo: boolean;
  buildEnv: string[];
  buildRun: string | undefined;
  /** `--mount=type=secret,...` for private module credentials, or undefined. */
  secretMount: string | undefined;
  secretId: string | undefined;
  binary: string;
  mainPackage: string;
  /** ` -tags <tags>` for go build (quoted), or ''. */
  tagsArg: string;
  runtimeComment: string;
  /** Config files the app reads at start (the one its port came from), copied next to the binary. */
  configFiles: string[];
}

function runtimeImageFor(cgo: boolean, cplusplus: boolean): { image: string; comment: string } {
  if (!cgo) {
    return {
      image: PINS.distrolessStatic,
      comment: 'distroless static: CA certificates, tzdata and /etc/passwd (nonroot = 65532);\n# no shell, no libc, no package manager',
    };
  }
  if (cplusplus) {
    return {
      image: PINS.distrolessCc,
      comment: 'distroless cc, for cgo with C++: glibc, libssl, libgcc and libstdc++, CA\n# certificates, tzdata; no shell, no package manager',
    };
  }
  return {
    image: PINS.distrolessBase,
    comment: 'distroless base, for cgo: glibc and libssl, CA certificates, tzdata;\n# no shell, no package manager',
  };
}

/** The files the chosen main package compiles; every candidate's while none is chosen. */
function chosenFiles(dir: string, modulePath: string, chosen: string, mains: readonly string[], tags: readonly string[]): string[] {
  const packages = chosen !== '' ? [chosen] : mains;
  return [...new Set(packages.flatMap((p) => mainPackageFiles(dir, modulePath, p, tags)))];
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    "Files stay owned by root: the app can run them but not change them. 65532 is the image's",
    'own "nonroot" user, given by number so Kubernetes runAsNonRoot accepts it.',
  ],
  healthcheck: ['Probes the health path with the probe built above; honours $PORT (the last argument is the', 'fallback when PORT is unset).'],
  init: TINI_NOTE,
  cmd: ['Exec form: no shell in between, the binary receives the signal itself.'],
};

/**
 * A `replace` with a folder outside the module cannot build: the image's build context is this
 * folder alone (vendor/ holds a copy, so a vendored module can).
 */
function checkLocalReplaces(dir: string): void {
  if (fs.existsSync(path.join(dir, 'vendor/modules.txt'))) return;
  const outside = localReplaces(readProjectFile(dir, 'go.mod') ?? '').find((r) => r.outside);
  if (!outside) return;
  throw new DetectedValueError(
    { file: 'go.mod', line: outside.line, field: `replace ${outside.module}` },
    outside.path,
    'a folder inside this module: the image is built from this folder alone, so go build cannot reach one outside it',
    undefined,
    'vendor the dependencies (go mod vendor, then commit vendor/) or move that module inside this folder, and run again',
  );
}

export const goProfile: StackProfile = {
  id: 'go',
  label: 'Go',
  packageManagers: [],
  markers: ['go.mod'],
  settings: [mainPackage, buildTags, netrcSecret],
  services: goServices,

  sniff(dir) {
    return projectEntryExists(dir, 'go.mod') ? 'go.mod' : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const mod = readGoMod(dir);
    checkLocalReplaces(dir);
    const scan = scanMainPackages(dir);
    const mains = scan.found;
    const main = detectMainPackage(dir, scan);
    const chosenMain = chosen.stack?.mainPackage ?? main.value;
    const tagsFound = detectBuildTags(dir, chosenMain);
    const tags = (chosen.stack?.buildTags ?? tagsFound.tags.join(',')).split(',').filter((t) => t !== '');
    const files = chosenFiles(dir, mod.module, chosenMain, mains, tags);
    const warnings: string[] = [];
    const skippedNote = skippedMainPackagesNote(scan.skipped);
    if (skippedNote) warnings.push(skippedNote);
    // Said while the detected tags are the ones used (not after --build-tags chose others).
    const detectedTagsUsed = tags.join(',') === tagsFound.tags.join(',') && !tagsFound.ambiguous;
    if (tagsFound.variants.length > 0 && detectedTagsUsed) {
      warnings.push(
        `files of the main package that build only with tags are left out: ${tagsFound.variants.slice(0, 4).join(', ')}; pass --build-tags to build with them`,
      );
    }
    if (tagsFound.tags.length > 0 && detectedTagsUsed) {
      warnings.push(
        `the main package builds only with build tags: go build -tags ${tagsFound.tags.join(',')} (${tagsFound.source}); pass --build-tags to build with others`,
      );
    }
    const hasSum = fs.existsSync(path.join(dir, 'go.sum'));
    if (mod.requires > 0 && !hasSum && !fs.existsSync(path.join(dir, 'vendor/modules.txt'))) {
      warnings.push('go.mod requires modules but there is no go.sum: run `go mod tidy` and commit go.sum (the build verifies every module against it)');
    }
    const version = chooseGoVersion(mod);
    if (version.warning && (chosen.runtimeVersion === undefined || chosen.runtimeVersion === version.value)) warnings.push(version.warning);
    if (chosen.runtimeVersion && mod.go && compareGoLines(chosen.runtimeVersion, mod.go) < 0) {
      warnings.push(
        `--runtime-version ${chosen.runtimeVersion} is older than go.mod's "go ${mod.go}": with GOTOOLCHAIN=local the build stops and names the Go version it needs`,
      );
    }
    const cgo = detectCgo(dir, files);
    if (cgo.file) {
      const why = cgo.module ? `cgo through ${cgo.module} (${cgo.file})` : `cgo in ${cgo.file}`;
      warnings.push(`${why}: built with CGO_ENABLED=1 and run on distroless ${cgo.cplusplus ? 'cc' : 'base'} (glibc) instead of static`);
    }
    const service = serviceNameFrom(moduleBaseName(mod.module) || undefined, dir);
    const built = chosenMain !== '' ? [chosenMain] : mains;
    return {
      defaults: {
        runtimeVersion: { value: version.value, source: version.source },
        packageManager: { value: '', source: 'none (Go modules)' },
        port: detectPort(dir, chosenMain, mod.module, tags),
        healthPath: detectGoHealthPath(dir, files),
        startCommand: {
          value: [`${APP_DIR}/${binaryName(mod, built)}`],
          source: built.length === 1 && built[0] !== '.' ? `the binary built from ${built[0]}` : 'the binary, named after go.mod "module"',
        },
        buildCommand: { value: [], source: 'none (the Dockerfile runs go build)' },
        serviceName: mod.module ? { ...service, source: 'go.mod "module"' } : service,
      },
      stackDefaults: {
        mainPackage: main,
        buildTags: { value: tagsFound.tags.join(','), source: tagsFound.source, ...(tagsFound.ambiguous ? { missing: true } : {}) },
        netrcSecret: detectGoNetrcSecret(),
      },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    const m = /^1\.(\d{1,2})(?:\.(\d{1,3}))?$/.exec(value);
    return m && golangTagExists(`1.${Number(m[1])}`)
      ? undefined
      : `a Go version with an official golang:<version>-${GOLANG_SUITE} image: "1.26" (the release line, newest patch) or "1.26.1"; 1.${GOLANG_SUITES[GOLANG_SUITE]!.first} or later`;
  },

  checkStartCommand(argv) {
    return goStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const mod = readGoMod(dir);
    const main = answers.stack.mainPackage!;
    const tags = (answers.stack.buildTags ?? '').split(',').filter((t) => t !== '');
    const cgo = detectCgo(dir, chosenFiles(dir, mod.module, main, [main], tags));
    const portFound = detectPortFinding(dir, main, mod.module, tags);
    // The app reads its port from another variable (HTTP_PORT...): set it too, so --port holds.
    const portEnv = portFound?.envName && portFound.envName !== 'PORT' && PORT_ENV_NAMES.includes(portFound.envName) ? portFound.envName : undefined;
    const isCgo = cgo.file !== undefined;
    const runtime = runtimeImageFor(isCgo, cgo.cplusplus);
    const hasSum = fs.existsSync(path.join(dir, 'go.sum'));
    const vendored = fs.existsSync(path.join(dir, 'vendor/modules.txt'));
    const replaced = localReplaces(readProjectFile(dir, 'go.mod') ?? '');
    const binary = answers.startCommand[0]!.slice(APP_DIR.length + 1);
    const healthcheck = goHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const hasBuild = answers.buildCommand.length > 0;
    let noDownloadReason: string | undefined;
    if (vendored) noDownloadReason = 'the dependencies come with the source in vendor/ (go build uses -mod=vendor)';
    else if (!hasSum)
      noDownloadReason =
        mod.requires > 0
          ? 'there is no go.sum yet to verify modules against (run go mod tidy and commit go.sum)'
          : 'the module has no go.sum, so no dependencies to download';
    else if (replaced.length > 0)
      noDownloadReason = 'go.mod replaces modules with folders of this module, which go mod download needs first; modules download during go build (cached)';
    const secret = !noDownloadReason && answers.stack.netrcSecret === 'yes' ? GO_NETRC_SECRET : undefined;
    const dockerfile: GoDockerfileFacts = {
      images: { golang: GOLANG_IMAGE, runtime: runtime.image },
      goVersion: answers.runtimeVersion,
      stages: ['healthcheck', 'tini', 'build', 'runtime'],
      probeSource: PROBE_SOURCE.map(shellWord),
      moduleFiles: noDownloadReason ? undefined : 'go.mod go.sum',
      noDownloadReason,
      cgo: isCgo,
      buildEnv: [`CGO_ENABLED=${isCgo ? 1 : 0}`, 'GOTOOLCHAIN=local'],
      buildRun: hasBuild ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      secretMount: secret && secretMount(secret),
      secretId: secret?.id,
      binary,
      mainPackage: shellWord(main),
      tagsArg: tags.length > 0 ? ` -tags ${shellWord(tags.join(','))}` : '',
      // The app opens it relative to its working directory (/app), as in the repository.
      configFiles:
        portFound &&
        portFound.file !== undefined &&
        /\.(?:ya?ml|toml|json)$/.test(portFound.file) &&
        /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}$/.test(portFound.file) &&
        !portFound.file.includes('..')
          ? [portFound.file]
          : [],
      runtimeComment: runtime.comment,
      labels: ociLabels(answers.serviceName),
      env: [`PORT=${answers.port}`, ...(portEnv ? [`${portEnv}=${answers.port}`] : [])],
      user: `${DISTROLESS_NONROOT_UID}:${DISTROLESS_NONROOT_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
      appDir: APP_DIR,
      probePath: PROBE_PATH,
    };
    const outputs = ['**/*.test', '**/*.out', '**/*.prof'];
    // bin/ is where `go build -o bin/...` and Makefiles put binaries; kept when it holds Go source.
    const binHasSource = fs.existsSync(path.join(dir, 'bin')) && fs.readdirSync(path.join(dir, 'bin')).some((f) => f.endsWith('.go'));
    if (!binHasSource) outputs.unshift('bin');
    return {
      dockerfile,
      dockerignore: [
        { comment: 'Go: binaries, test binaries and profiles are built inside the image, never copied in', patterns: outputs },
        { comment: 'Go workspaces: the image builds this module alone (a go.work may point outside the context)', patterns: ['go.work', 'go.work.sum'] },
      ],
      environment: { PORT: String(answers.port), ...(portEnv ? { [portEnv]: String(answers.port) } : {}) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 30,
      buildSecret: secret,
    };
  },
};
