/**
 * The PHP stack: Laravel, Symfony and plain PHP apps, served by Apache with mod_php from the
 * official `php:<v>-apache-bookworm` image. Why Apache: one server process tree in one container
 * (php-fpm needs a web server beside it: a second process and a supervisor, or a second
 * container), the official image's own variant, and a graceful stop it handles as PID 1
 * (SIGWINCH). Composer installs the dependencies in the official composer image; the runtime
 * stage has no Composer. Every decision about the Dockerfile is made here.
 */
import { InputError } from '../../lib/errors.js';
import { stackQuestion } from '../../lib/question.js';
import type { Answers, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { contextPathProblem, jsonArray, normaliseRelative, shellWord } from '../../lib/quote.js';
import { ociLabels, oneLine } from '../../lib/labels.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { PINS } from '../../lib/versions.js';
import { detectPhpHealthPath } from './health.js';
import { detectDocumentRoot, detectPhpVersion, phpVersionProblem, readPhpProject, requiredExtensions, type PhpProject } from './detect.js';

/** The numeric, passwd-less user Apache and PHP run as (not www-data: nothing in the image is writable by it). */
export const RUNTIME_UID = 10001;
export const APP_DIR = '/app';
/** The Apache config the generator writes next to the Dockerfile. */
export const APACHE_CONF = 'apache.conf';

/**
 * The HEALTHCHECK probe: PHP's own HTTP stream wrapper (no curl needed). The path arrives as
 * $argv[1], never spliced into the code; the port follows $PORT like Apache's Listen does.
 * Redirects are not followed; 2xx/3xx pass (any answer below 500 for liveness).
 */
export function phpHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  const script =
    `$c=stream_context_create(['http'=>['timeout'=>4,'ignore_errors'=>true,'follow_location'=>0]]);` +
    `$h=@get_headers('http://127.0.0.1:'.(getenv('PORT')?:'${port}').$argv[1],false,$c);` +
    `if(!$h||!preg_match('#^HTTP/\\S+ (\\d{3})#',$h[0],$m))exit(1);` +
    `exit(${anyStatus ? '$m[1]<500' : '$m[1]>=200&&$m[1]<400'}?0:1);`;
  return ['php', '-r', script, healthPath];
}

const documentRoot = stackQuestion({
  key: 'documentRoot',
  flag: 'document-root',
  description: 'PHP: the folder Apache serves, relative to the project ("public" for Laravel and Symfony, "." for the project folder)',
  prompt: { type: 'input', message: 'Document root (the folder Apache serves)' },
  parse(raw, ctx) {
    const value = normaliseRelative(raw.trim());
    const problem = value === '' ? 'a folder inside the project' : contextPathProblem(value);
    if (problem) throw new InputError('document-root', raw, problem);
    if (ctx.dir && value !== '.' && !projectEntryExists(ctx.dir, value))
      throw new InputError('document-root', raw, 'a folder that exists in the project (e.g. "public" or ".")');
    return value;
  },
});

/** Why argv cannot be the production CMD, or undefined. */
export function phpStartCommandProblem(argv: readonly string[]): string | undefined {
  if (argv[0] === 'php' && argv.includes('-S'))
    return 'must not be PHP\'s built-in server (php -S is for development: one request at a time); keep "apache2-foreground"';
  if (argv[0] === 'php' && argv[1] === 'artisan' && argv[2] === 'serve')
    return 'must not be "php artisan serve" (a development server); keep "apache2-foreground"';
  if (argv[0] === 'composer') return 'must start the server, not Composer (the runtime image has no Composer)';
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (PHP tagged by the PHP_VERSION ARG; Composer pinned in full, only with a composer.json): printed from here, and .hadolint.yaml trusts their registries. */
const PHP_IMAGE = 'php';

export interface PhpDockerfileFacts extends RuntimeStageFacts {
  images: { php: string; composer: string | undefined };
  phpVersion: string;
  stages: string[];
  framework: string;
  /** composer install's manifests (COPY arguments), when there is a composer.json. */
  composerFiles: string | undefined;
  extensions: string | undefined;
  apacheModules: string;
  frameworkSteps: string[];
  buildRun: string | undefined;
  documentRoot: string;
}

/** What templates/php/apache.conf.ejs prints. */
export interface ApacheConfFacts {
  /** Absolute path in the image (/app or /app/<folder>). */
  documentRoot: string;
  /** `All` (Laravel's public/.htaccess) or `None`. */
  allowOverride: string;
  /** FallbackResource target when the document root has a front controller (index.php), else undefined. */
  fallback: string | undefined;
  /** The vendor folder to deny when the document root is the project folder (with Composer's files and apache.conf), else undefined. */
  vendorDeny: string | undefined;
  framework: string;
}

function frameworkLabel(project: PhpProject): string {
  return { laravel: 'Laravel', symfony: 'Symfony', none: 'plain PHP' }[project.framework];
}

/** Comment lines above USER, HEALTHCHECK, STOPSIGNAL and CMD (templates/common/runtime-tail.ejs). */
/** Apache's graceful stop: the image's own stop signal, handled by Apache as PID 1. */
const STOP_SIGNAL = 'SIGWINCH';

const RUNTIME_NOTES: RuntimeNotes = {
  user: ['Files stay owned by root: Apache and PHP can read them but not change them.'],
  healthcheck: ["Probes the health path with PHP's own HTTP client (no curl needed); honours $PORT."],
  stop: [
    `${STOP_SIGNAL}: Apache's graceful stop (requests in flight finish, then it exits); it is PID 1 and`,
    "handles the signal itself (the image's own stop signal): no init is needed.",
  ],
  cmd: ["Exec form: the image's start script sets up Apache's environment, then execs Apache."],
};

export const phpProfile: StackProfile = {
  id: 'php',
  label: 'PHP',
  unproven: 'apps with a composer.json (Laravel, Symfony: no Packagist on the test machines; golden files and linters); Composer-free apps are built and run',
  packageManagers: [],
  markers: ['composer.json', 'artisan', 'index.php', 'public/index.php'],
  settings: [documentRoot],

  sniff(dir) {
    return this.markers.find((file) => projectEntryExists(dir, file));
  },

  detect(dir, chosen = {}): StackDetection {
    const project = readPhpProject(dir);
    const root = detectDocumentRoot(dir, project);
    const warnings: string[] = [];
    const deps = Object.keys(project.require).filter((k) => k !== 'php' && !k.startsWith('ext-'));
    if (project.composer && deps.length > 0 && !project.hasLock)
      warnings.push(
        'composer.json without composer.lock: run `composer update --lock` (or composer install) and commit composer.lock; the build installs exactly the lock',
      );
    const ext = requiredExtensions(project);
    if (ext.missing.length > 0)
      warnings.push(
        `composer.json requires PHP extensions the official image lacks and that need system libraries: ${ext.missing.join(', ')}; add their apt packages and docker-php-ext-install to the runtime stage`,
      );
    const rootChosen = chosen.stack?.documentRoot ?? root.value;
    const name = typeof project.composer?.name === 'string' ? project.composer.name.split('/').pop() : undefined;
    const service = serviceNameFrom(name, dir);
    return {
      defaults: {
        runtimeVersion: detectPhpVersion(dir, project),
        packageManager: { value: '', source: 'none (Composer, when there is a composer.json)' },
        port: { value: 8080, source: 'default (Apache listens on $PORT)' },
        healthPath: detectPhpHealthPath(dir, rootChosen),
        startCommand: { value: ['apache2-foreground'], source: "the official image's Apache start script" },
        buildCommand: { value: [], source: 'default (none)' },
        serviceName: name ? { ...service, source: 'composer.json "name"' } : service,
      },
      stackDefaults: { documentRoot: root },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    return phpVersionProblem(value);
  },

  checkStartCommand(argv) {
    return phpStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const project = readPhpProject(dir);
    const hasComposer = project.composer !== undefined;
    const ext = requiredExtensions(project);
    const root = answers.stack.documentRoot ?? 'public';
    const docRoot = root === '.' ? APP_DIR : `${APP_DIR}/${root}`;
    const frameworkSteps =
      project.framework === 'laravel'
        ? ['php artisan package:discover --ansi']
        : project.framework === 'symfony' && projectEntryExists(dir, 'bin/console')
          ? ['APP_ENV=prod APP_DEBUG=0 php bin/console cache:warmup']
          : [];
    const env = [
      `PORT=${answers.port}`,
      // Apache's run-time files on the writable /tmp (the root filesystem is read-only).
      'APACHE_RUN_DIR=/tmp/apache2',
      'APACHE_PID_FILE=/tmp/apache2/apache2.pid',
      'APACHE_LOCK_DIR=/tmp/apache2/lock',
      ...(project.framework === 'laravel' ? ['APP_ENV=production', 'LOG_CHANNEL=stderr', 'VIEW_COMPILED_PATH=/tmp/views'] : []),
      ...(project.framework === 'symfony' ? ['APP_ENV=prod', 'APP_DEBUG=0'] : []),
    ];
    const healthcheck = phpHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const dockerfile: PhpDockerfileFacts = {
      images: { php: PHP_IMAGE, composer: hasComposer ? PINS.composerImage : undefined },
      phpVersion: answers.runtimeVersion,
      stages: [...(hasComposer ? ['vendor'] : []), 'runtime'],
      framework: frameworkLabel(project),
      composerFiles: hasComposer ? (project.hasLock ? 'composer.json composer.lock ./' : 'composer.json ./') : undefined,
      extensions: ext.install.length > 0 ? ext.install.join(' ') : undefined,
      apacheModules: project.framework === 'laravel' ? 'rewrite' : '',
      frameworkSteps,
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      documentRoot: docRoot,
      labels: ociLabels(answers.serviceName, typeof project.composer?.description === 'string' ? oneLine(project.composer.description) : undefined),
      env,
      user: `${RUNTIME_UID}:${RUNTIME_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    const ignore = [
      {
        comment: 'PHP: Composer installs vendor/ inside the image; local caches stay out',
        patterns: ['vendor', '.phpunit.result.cache', '.php-cs-fixer.cache'],
      },
    ];
    if (project.framework === 'laravel')
      ignore.push({
        comment: 'Laravel: logs, sessions, compiled views and front-end dependencies',
        patterns: ['storage/logs/*', 'storage/framework/*/*', 'bootstrap/cache/*.php', 'node_modules', 'public/hot'],
      });
    if (project.framework === 'symfony')
      ignore.push({ comment: 'Symfony: cache and logs are made inside the image or at run time', patterns: ['var', 'node_modules'] });
    return {
      dockerfile,
      dockerignore: ignore,
      environment: { PORT: String(answers.port) },
      healthcheck,
      signals: { server: 'Apache', stopSignal: STOP_SIGNAL },
      healthStartPeriod: 30,
      extraFiles: [
        {
          path: APACHE_CONF,
          template: 'php/apache.conf.ejs',
          facts: {
            documentRoot: docRoot,
            allowOverride: project.framework === 'laravel' ? 'All' : 'None',
            fallback: project.framework !== 'laravel' && projectEntryExists(dir, root === '.' ? 'index.php' : `${root}/index.php`) ? '/index.php' : undefined,
            vendorDeny: root === '.' ? `${APP_DIR}/vendor` : undefined,
            framework: frameworkLabel(project),
          } satisfies ApacheConfFacts,
        },
      ],
    };
  },
};
