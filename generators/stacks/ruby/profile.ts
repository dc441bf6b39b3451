/**
 * The Ruby stack: Rails, Sinatra and other Rack apps (Bundler, Gemfile.lock) and gem-free
 * scripts. Turns answers + the project's files into the facts `templates/ruby/Dockerfile.ejs`
 * prints; every decision about the Dockerfile is made here.
 */
import { InputError } from '../../lib/errors.js';
import { stackQuestion } from '../../lib/question.js';
import type { Answers, Detected, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import type { RuntimeNotes, RuntimeStageFacts } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import { ociLabels } from '../../lib/labels.js';
import { PINS } from '../../lib/versions.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { detectRubyHealthPath } from './health.js';
import {
  detectRubyPort,
  detectRubyVersion,
  readRubyProject,
  rubyStartCommand,
  rubyStartCommandProblem,
  rubyVersionProblem,
  type RubyProject,
} from './detect.js';

/** The numeric, passwd-less user the app runs as (the official image has only root). */
export const RUNTIME_UID = 10001;
/** The official image's GEM_HOME; Bundler installs the app's gems there (BUNDLE_PATH). */
export const BUNDLE_PATH = '/usr/local/bundle';

/**
 * The HEALTHCHECK probe: Ruby's own Net::HTTP (slim images have no curl or wget). The path
 * arrives as ARGV[0], never spliced into the code; the port follows $PORT like the app does.
 * Connection errors raise (exit 1); 2xx/3xx pass (any answer below 500 for liveness).
 */
export function rubyHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  const limit = anyStatus ? 499 : 399;
  const script =
    `r=Net::HTTP.start('127.0.0.1',ENV.fetch('PORT','${port}').to_i,open_timeout:4,read_timeout:4){|h|h.get(ARGV[0])};` +
    `exit(r.code.to_i.between?(${anyStatus ? 100 : 200},${limit}))`;
  return ['ruby', '-rnet/http', '-e', script, healthPath];
}

function parseYesNo(flag: string, raw: string): string {
  const value = raw.trim().toLowerCase();
  if (value === 'yes' || value === 'no') return value;
  throw new InputError(flag, raw, '"yes" or "no"');
}

const jemalloc = stackQuestion({
  key: 'jemalloc',
  flag: 'jemalloc',
  description:
    'Ruby: run with jemalloc (Debian\'s libjemalloc2 preloaded; less memory fragmentation in long-running Rails/Puma processes): "yes" or "no"; default yes for Rails (as Rails\' own Dockerfile), else no',
  prompt: { type: 'list', message: 'Preload jemalloc (less memory fragmentation)?', choices: () => ['yes', 'no'] },
  parse: (raw) => parseYesNo('jemalloc', raw),
});

/** The images the Dockerfile's FROM lines pull (the tag is the RUBY_VERSION ARG): printed from here, and .hadolint.yaml trusts their registries. */
const RUBY_IMAGE = 'ruby';

export interface RubyDockerfileFacts extends RuntimeStageFacts {
  images: { ruby: string };
  rubyVersion: string;
  stages: string[];
  framework: string;
  /** Bundler install stage, when there is a Gemfile. */
  bundle: { manifests: string; env: string[]; install: string } | undefined;
  /** `libjemalloc2=<version>` (Debian bookworm's, pinned), when jemalloc is on. */
  jemallocPackage: string;
  /** Rails: the build stage's steps after the source is copied (bootsnap, assets). */
  railsBuild: string[] | undefined;
  jemalloc: boolean;
  buildRun: string | undefined;
}

function frameworkLabel(project: RubyProject): string {
  return { rails: 'Rails', sinatra: 'Sinatra', rack: 'Rack', none: 'plain Ruby' }[project.framework];
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    "Files stay owned by root: the app can read them but not change them (Rails' own Dockerfile",
    'hands db/, log/, storage/ and tmp/ to the app user; here logs go to stdout and the PID file',
    'and temporary files to /tmp). The official image has no other user; this numeric one needs',
    'no passwd entry.',
  ],
  healthcheck: ["Probes the health path with Ruby's Net::HTTP (slim images have no curl); honours $PORT."],
  init: TINI_NOTE,
  cmd: ['Exec form: no shell in between, the server receives the signal itself.'],
};

export const rubyProfile: StackProfile = {
  id: 'ruby',
  label: 'Ruby',
  unproven: 'apps with a Gemfile (Rails, Sinatra, Rack: no RubyGems on the test machines; golden files and linters); gem-free apps are built and run',
  packageManagers: [],
  markers: ['Gemfile', 'config.ru', 'server.rb', 'app.rb', 'main.rb'],
  settings: [jemalloc],

  sniff(dir) {
    // A lone script counts only with a .ruby-version beside it (a Node.js or Python project may
    // carry a helper .rb file).
    const [gemfile, rackup, ...scripts] = this.markers;
    if (projectEntryExists(dir, gemfile!)) return gemfile;
    if (projectEntryExists(dir, rackup!)) return rackup;
    const script = scripts.find((file) => projectEntryExists(dir, file));
    return script && projectEntryExists(dir, '.ruby-version') ? script : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const project = readRubyProject(dir);
    const port = detectRubyPort(dir, project);
    const warnings: string[] = [];
    if (project.gemfile !== undefined && project.lock === undefined) {
      warnings.push('Gemfile without Gemfile.lock: BUNDLE_DEPLOYMENT installs exactly the lock, so run `bundle lock` and commit Gemfile.lock before building');
    }
    if (project.lock && !/^PLATFORMS\n(?: {2}\S+\n)*? {2}(?:x86_64-linux|ruby)\b/m.test(project.lock)) {
      warnings.push(
        'Gemfile.lock lists no Linux platform: run `bundle lock --add-platform x86_64-linux` (and aarch64-linux for Arm) so the image installs the locked gems',
      );
    }
    const needsLibs = ['pg', 'mysql2', 'trilogy', 'ruby-vips', 'rmagick'].filter((gem) => project.gems.has(gem));
    if (needsLibs.length > 0) {
      warnings.push(
        `gems with native libraries: ${needsLibs.join(', ')}. They build in the full-image stage; the slim runtime needs their shared libraries (e.g. libpq5 for pg): add an apt-get install of them to the runtime stage`,
      );
    }
    const jemallocDefault: Detected<string> =
      project.framework === 'rails' ? { value: 'yes', source: "config/application.rb (Rails: as Rails' own Dockerfile)" } : { value: 'no', source: 'default' };
    return {
      defaults: {
        runtimeVersion: detectRubyVersion(dir, project),
        packageManager: { value: '', source: 'none (Bundler, when there is a Gemfile)' },
        port,
        healthPath: detectRubyHealthPath(dir),
        startCommand: rubyStartCommand(project, chosen.port ?? port.value),
        buildCommand: { value: [], source: project.framework === 'rails' ? 'none (the Dockerfile precompiles assets)' : 'default (none)' },
        serviceName: serviceNameFrom(undefined, dir),
      },
      stackDefaults: { jemalloc: jemallocDefault },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    return rubyVersionProblem(value);
  },

  checkStartCommand(argv) {
    return rubyStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const project = readRubyProject(dir);
    const rails = project.framework === 'rails';
    const bundleEnv = ['BUNDLE_DEPLOYMENT=1', 'BUNDLE_WITHOUT=development:test', `BUNDLE_PATH=${BUNDLE_PATH}`];
    const bundle =
      project.gemfile === undefined
        ? undefined
        : {
            manifests: project.lock !== undefined ? 'Gemfile Gemfile.lock ./' : 'Gemfile ./',
            env: [...bundleEnv, 'BUNDLE_USER_CACHE=/root/.cache/bundle', 'BUNDLE_GLOBAL_GEM_CACHE=1'],
            install: `bundle install && rm -rf ${BUNDLE_PATH}/ruby/*/cache ${BUNDLE_PATH}/ruby/*/bundler/gems/*/.git`,
          };
    const hasBootsnap = project.gems.has('bootsnap');
    const hasAssets = project.gems.has('sprockets-rails') || project.gems.has('propshaft');
    const railsBuild = rails
      ? [
          ...(hasBootsnap ? ['bundle exec bootsnap precompile app/ lib/'] : []),
          // A dummy key: assets:precompile boots the app, which needs one, and none is baked in.
          ...(hasAssets ? ['SECRET_KEY_BASE_DUMMY=1 bin/rails assets:precompile'] : []),
        ]
      : undefined;
    const jemallocOn = answers.stack.jemalloc === 'yes';
    const env = [
      ...(rails ? ['RAILS_ENV=production', 'RAILS_LOG_TO_STDOUT=1', 'RAILS_SERVE_STATIC_FILES=1'] : ['RACK_ENV=production', 'APP_ENV=production']),
      ...(bundle ? bundleEnv : []),
      ...(rails && hasBootsnap ? ['BOOTSNAP_READONLY=1'] : []),
      ...(jemallocOn ? ['LD_PRELOAD=/usr/local/lib/libjemalloc.so'] : []),
      `PORT=${answers.port}`,
    ];
    const healthcheck = rubyHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const stages = [...(bundle ? ['gems'] : []), ...(railsBuild ? ['build'] : []), 'tini', 'runtime'];
    const dockerfile: RubyDockerfileFacts = {
      images: { ruby: RUBY_IMAGE },
      rubyVersion: answers.runtimeVersion,
      stages,
      framework: frameworkLabel(project),
      bundle,
      railsBuild: railsBuild && railsBuild.length > 0 ? railsBuild : undefined,
      jemalloc: jemallocOn,
      jemallocPackage: `libjemalloc2=${PINS.jemallocDeb}`,
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      labels: ociLabels(answers.serviceName),
      env,
      user: `${RUNTIME_UID}:${RUNTIME_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    if (!dockerfile.railsBuild) dockerfile.stages = dockerfile.stages.filter((s) => s !== 'build');
    const ignore = [
      {
        comment: 'Ruby: gems are installed inside the image; local Bundler settings and caches stay out',
        patterns: ['.bundle', 'vendor/bundle', 'coverage', '.byebug_history'],
      },
    ];
    if (rails) {
      ignore.push({
        comment: 'Rails: logs, temporary files, local storage and compiled assets are made inside the image or at run time',
        patterns: ['log/*', 'tmp/*', 'storage/*', 'public/assets', 'node_modules', 'config/master.key', 'config/credentials/*.key'],
      });
    }
    return {
      dockerfile,
      dockerignore: ignore,
      environment: Object.fromEntries(
        env.filter((e) => !e.startsWith('BUNDLE_') && !e.startsWith('LD_') && !e.startsWith('BOOTSNAP')).map((e) => e.split('=') as [string, string]),
      ),
      healthcheck,
      signals: 'tini',
      healthStartPeriod: rails ? 60 : 30,
    };
  },
};
