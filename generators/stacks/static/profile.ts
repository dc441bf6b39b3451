/**
 * The static-site stack: a front-end build (Vite, Create React App, Angular, Astro static, any
 * `build` script) in a Node.js build stage, served by the official unprivileged nginx image;
 * or a plain folder with index.html served as it is. Decides every fact that
 * `templates/static/Dockerfile.ejs` and `templates/static/nginx.conf.ejs` print.
 */
import fs from 'node:fs';
import { PINS } from '../../lib/versions.js';
import path from 'node:path';
import { InputError } from '../../lib/errors.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { stackQuestion } from '../../lib/question.js';
import { contextPath, jsonArray, nginxString, shellWord } from '../../lib/quote.js';
import { ociLabels } from '../../lib/labels.js';
import type { Answers, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import {
  detectBuildCommand,
  detectNodeVersion,
  detectPackageManager,
  NODE_LTS_MAJOR,
  packageManagerFacts,
  readPackageJson,
  type PackageJson,
  type PackageManagerName,
} from '../node/detect.js';
import { buildEnvFiles, buildEnvIgnoreGroup } from '../node/env-files.js';
import { installFacts, nodeIgnoreGroups, nodeProfile, npmSecretFor, type NodeDockerfileFacts } from '../node/profile.js';
import { detectNpmTokenSecret, npmTokenSecret, secretMount } from '../../lib/secrets.js';
import { detectOutputDir, detectStaticKind, hashedAssetsPrefix, outputDirProblem, type StaticKind } from './detect.js';

/** nginx release line of the runtime image (`nginxinc/nginx-unprivileged:<this>-bookworm`). */
export const NGINX_VERSION: string = PINS.nginxLine;
/** The official unprivileged image's own user (nginx, uid 101) and port. */
export const NGINX_UID = 101;
export const NGINX_PORT = 8080;
/** Where the image serves files from; the generated config uses the same folder. */
export const WEB_ROOT = '/usr/share/nginx/html';
/** The image's own command: nginx in the foreground, so it is the process that gets the stop signal. */
export const NGINX_COMMAND = ['nginx', '-g', 'daemon off;'];
/** The generated server config, written next to the Dockerfile and copied into the image. */
export const NGINX_CONF = 'nginx.conf';

/**
 * Secret files nginx answers 404 for, even if one reaches the web root: by extension, by name
 * (any folder) and by folder. Dotfiles and dot-folders (.env, .git, .aws, .ssh, .npmrc, ...) are
 * refused by a separate rule that lets /.well-known/ through.
 */
export const NGINX_DENIED = {
  extensions: ['pem', 'key', 'p12', 'pfx', 'ppk', 'jks', 'keystore', 'tfstate', 'tfvars', 'sqlite', 'sqlite3', 'env', 'log', 'bak'],
  /** Name patterns (regex, no slashes) of a whole file name. */
  names: [
    '[^/]*\\.tfstate\\.[^/]*',
    '[^/]*\\.tfvars\\.json',
    '[^/]*[-_]credentials\\.json',
    'credentials\\.json',
    '[^/]*service[-_]account[^/]*\\.json',
    'client_secret[^/]*\\.json',
    'application_default_credentials\\.json',
    'id_(rsa|dsa|ecdsa|ed25519)[^/]*',
    'kubeconfig',
    'pip\\.(conf|ini)',
    '_netrc',
    '[^/]*\\.sqlite3?-journal',
  ],
  folders: ['secrets'],
};

/** The case-insensitive `location ~*` regex for NGINX_DENIED (no quoting needed: checked). */
export function nginxDeniedRegex(denied = NGINX_DENIED): string {
  const regex = `(\\.(${denied.extensions.join('|')})$|/(${denied.names.join('|')})$|/(${denied.folders.join('|')})/)`;
  if (/[\s;{}"']/.test(regex)) throw new Error(`internal: nginx regex needs quoting: ${regex}`);
  return regex;
}

const hasPackageJson = (dir: string) => fs.existsSync(path.join(dir, 'package.json'));

function readPkg(dir: string): PackageJson | undefined {
  return hasPackageJson(dir) ? readPackageJson(dir) : undefined;
}

/** The kind of static project, falling back to a generic `build` script app when chosen by flag. */
function kindOf(dir: string): StaticKind {
  const pkg = readPkg(dir);
  return (
    detectStaticKind(dir, pkg) ??
    (pkg ? { frontEnd: 'other', evidence: 'package.json (--language static)' } : { frontEnd: 'plain', evidence: 'no package.json' })
  );
}

const outputDir = stackQuestion({
  key: 'outputDir',
  flag: 'output-dir',
  description: 'Static sites: the folder the build writes and nginx serves (e.g. dist, build, dist/app/browser; "." for a plain site)',
  prompt: { type: 'input', message: 'Folder to serve (build output)' },
  appliesTo: (ctx) => ctx.profile?.id === 'static',
  parse(raw) {
    const value = raw
      .trim()
      .replace(/^\.\/(?=.)/, '')
      .replace(/(?<=.)\/+$/, '');
    // "." is checked against the project in plan(); here only the shape.
    const problem = outputDirProblem(value, true);
    if (problem) throw new InputError('output-dir', raw, problem);
    return value;
  },
});

/** The HEALTHCHECK probe: curl, which the official nginx Debian images install for this. */
export function staticHealthProbe(port: number, healthPath: string): string[] {
  return ['curl', '--fail', '--silent', '--show-error', '--output', '/dev/null', `http://127.0.0.1:${port}${healthPath}`];
}

/**
 * The health path as nginx matches it in `location =`: without the query, percent-escapes
 * decoded (nginx matches the decoded, normalised URI). Paths nginx would normalise differently
 * (`//`, `/./`, `/../`) or that decode to control characters are refused.
 */
export function nginxHealthLocation(healthPath: string): string {
  const pathPart = healthPath.split('?')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = '\u0000';
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded) || /\/\/|\/\.\.?(\/|$)/.test(decoded) || decoded === '/') {
    throw new InputError(
      'health-path',
      healthPath,
      'for a static site, a path nginx answers itself: not "/", no "//", "/./" or "/../" segments and no escaped control characters (e.g. /health)',
    );
  }
  return decoded;
}

/** The build stages are the Node stack's: the same install facts, printed the same way. */
type NodeBuildFacts = Pick<
  NodeDockerfileFacts,
  | 'nodeVersion'
  | 'setup'
  | 'baseEnv'
  | 'manifests'
  | 'manifestDirs'
  | 'cacheMount'
  | 'secretMount'
  | 'secretId'
  | 'installAll'
  | 'needsInstall'
  | 'buildRun'
  | 'stages'
>;

/** The images the Dockerfile's FROM lines pull (nginx tagged by the NGINX_VERSION ARG; Node.js, by NODE_VERSION, only with a build): printed from here, and .hadolint.yaml trusts their registries. */
const STATIC_IMAGES = { node: 'node', nginx: 'nginxinc/nginx-unprivileged' } as const;

export interface StaticDockerfileFacts extends RuntimeStageFacts, NodeBuildFacts {
  images: { nginx: string; node: string | undefined };
  nginxVersion: string;
  /** No package.json and no build command: the files are served as they are. */
  build: boolean;
  /** COPY source of the files to serve: `/app/<dir>/` from the build stage, or a context folder. */
  siteSource: string;
  webRoot: string;
  nginxConf: string;
}

export interface NginxConfFacts {
  port: number;
  webRoot: string;
  healthLocation: string;
  /** `location ^~` prefix of hashed (immutable) assets, or undefined. */
  assetsPrefix: string | undefined;
  /** Context files that land in the web root but must not be served (plain sites copy the folder). */
  hiddenFiles: string[];
  /** Unknown paths answer index.html (client-side routing): built apps; plain sites answer 404. */
  spaFallback: boolean;
  /** `location ~*` regex of secret file names and extensions answered with 404. */
  deniedRegex: string;
}

/** Comment lines above USER, HEALTHCHECK, STOPSIGNAL and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [],
  healthcheck: ['curl ships in the official nginx Debian images; nginx answers the health path itself.'],
  stop: [
    "SIGQUIT: nginx finishes the requests in flight, then exits 0 (the image's own stop signal).",
    'nginx is PID 1 and handles it itself (and reaps its workers): no init is needed.',
  ],
  cmd: ['Exec form: nginx in the foreground receives the stop signal itself.'],
};

export const staticProfile: StackProfile = {
  id: 'static',
  label: 'static site',
  localDependencyFolder: nodeProfile.localDependencyFolder,
  packageManagers: nodeProfile.packageManagers,
  markers: ['package.json with a front-end build (Vite, Create React App, Angular, Astro)', 'index.html'],
  settings: [outputDir, npmTokenSecret],

  sniff(dir) {
    return detectStaticKind(dir, readPkg(dir))?.evidence;
  },

  detect(dir, chosen = {}): StackDetection {
    const pkg = readPkg(dir);
    const kind = kindOf(dir);
    const warnings: string[] = [...(pkg?.notes ?? [])];
    const packageManager = pkg
      ? detectPackageManager(dir, pkg)
      : { value: 'npm' as PackageManagerName, source: 'default (no package.json: nothing is installed)' };
    const pmName = (chosen.packageManager || packageManager.value) as PackageManagerName;
    if (pkg) {
      const facts = packageManagerFacts(dir, pkg, pmName);
      if (!facts.lockfile && Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).length > 0) {
        warnings.push(
          `no lockfile for ${facts.name}: the Dockerfile installs exactly what the lockfile says, so create and commit one (e.g. \`${facts.name} install\`) before building`,
        );
      }
    }
    return {
      defaults: {
        runtimeVersion: pkg ? detectNodeVersion(dir, pkg) : { value: String(NODE_LTS_MAJOR), source: 'default (no build stage: not used)' },
        packageManager,
        port: { value: NGINX_PORT, source: 'default (the unprivileged nginx image listens on 8080)' },
        healthPath: { value: '/health', source: 'default (answered by nginx itself)' },
        startCommand: { value: NGINX_COMMAND, source: 'the nginx image' },
        buildCommand: pkg ? detectBuildCommand(pkg, pmName) : { value: [], source: 'no package.json' },
        serviceName: serviceNameFrom(pkg?.name, dir),
      },
      stackDefaults: { outputDir: detectOutputDir(dir, kind), npmTokenSecret: detectNpmTokenSecret(dir) },
      warnings,
    };
  },

  checkPackageManager(name, dir) {
    return nodeProfile.checkPackageManager!(name, dir);
  },

  checkRuntimeVersion(value) {
    return nodeProfile.checkRuntimeVersion(value)?.replace('a Node.js version', 'the Node.js version of the build stage');
  },

  checkStartCommand(argv) {
    if (path.posix.basename(argv[0] ?? '') !== 'nginx') {
      return 'a static site is served by nginx: the command must run nginx in the foreground (e.g. nginx -g "daemon off;")';
    }
    return undefined;
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const pkg = readPkg(dir);
    const kind = kindOf(dir);
    const build = answers.buildCommand.length > 0;
    const site = answers.stack.outputDir ?? detectOutputDir(dir, kind).value;
    if (build && !pkg)
      throw new InputError('build-command', answers.buildCommand.join(' '), 'nothing: there is no package.json, so there is no build stage (leave it empty)');
    const problem = outputDirProblem(site, !build);
    if (problem) throw new InputError('output-dir', site, problem);
    const healthLocation = nginxHealthLocation(answers.healthPath);
    const healthcheck = staticHealthProbe(answers.port, answers.healthPath);

    const pm = pkg ? packageManagerFacts(dir, pkg, (answers.packageManager || 'npm') as PackageManagerName) : undefined;
    const install = pm ? installFacts(dir, pm) : undefined;
    const secret = pm ? npmSecretFor(answers, pm, dir) : undefined;
    const needsInstall = !!pkg && Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).length > 0;
    const stages = build ? [...(needsInstall ? ['deps'] : []), 'build', 'runtime'] : ['runtime'];
    const labels = ociLabels(answers.serviceName, pkg?.description);
    const dockerfile: StaticDockerfileFacts = {
      images: { nginx: STATIC_IMAGES.nginx, node: build ? STATIC_IMAGES.node : undefined },
      nodeVersion: answers.runtimeVersion,
      nginxVersion: NGINX_VERSION,
      build,
      setup: install?.setup,
      baseEnv: install?.env ?? [],
      manifests: install?.manifests.join(' ') ?? '',
      manifestDirs: install?.manifestDirs ?? [],
      cacheMount: install?.cacheMount ?? '',
      secretMount: secret && secretMount(secret),
      secretId: secret?.id,
      installAll: install?.installAll ?? '',
      needsInstall,
      buildRun: build ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      stages,
      // outputDirProblem above checked the folder: contextPath() only brands it (and would refuse an unchecked one).
      siteSource: build ? `/app/${contextPath(site)}/` : site === '.' ? '.' : `${contextPath(site)}/`,
      webRoot: `${WEB_ROOT}/`,
      nginxConf: NGINX_CONF,
      labels,
      user: String(NGINX_UID),
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    const prefix = build ? hashedAssetsPrefix(kind)?.value : undefined;
    const conf: NginxConfFacts = {
      port: answers.port,
      webRoot: WEB_ROOT,
      healthLocation: nginxString(healthLocation),
      assetsPrefix: prefix === undefined ? undefined : nginxString(prefix),
      // A plain site copies the whole folder: the server config itself must not be served.
      hiddenFiles: !build && site === '.' ? [nginxString(`/${NGINX_CONF}`)] : [],
      spaFallback: kind.frontEnd !== 'plain',
      deniedRegex: nginxDeniedRegex(),
    };

    const ignore = pm ? nodeIgnoreGroups(pm, dir) : [];
    if (build) {
      const top = site.split('/')[0]!;
      ignore.push({
        comment: 'Build output: the build stage creates it from source',
        patterns: [...new Set([top, '.angular/cache', '.astro', '*.tsbuildinfo'])],
      });
      // Git-tracked .env / .env.production: public configuration the front-end build reads.
      const envGroup = pkg ? buildEnvIgnoreGroup(buildEnvFiles(dir, pkg)) : undefined;
      if (envGroup) ignore.push(envGroup);
    } else {
      // (Dockerfile, .dockerignore and compose files are left out above.)
      ignore.push({ comment: 'Generator settings: not part of the site', patterns: ['.yo-rc.json'] });
    }
    return {
      dockerfile,
      dockerignore: ignore,
      environment: {},
      healthcheck,
      // The Dockerfile's STOPSIGNAL: nginx finishes the requests in flight on SIGQUIT.
      signals: { server: 'nginx', stopSignal: 'SIGQUIT' },
      healthStartPeriod: 10,
      buildSecret: build && needsInstall ? secret : undefined,
      extraFiles: [{ path: NGINX_CONF, template: 'static/nginx.conf.ejs', facts: conf }],
    };
  },
};
