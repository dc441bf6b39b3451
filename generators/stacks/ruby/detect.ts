/**
 * Reading a Ruby project: Gemfile / Gemfile.lock (gem names, the locked Ruby and Bundler),
 * .ruby-version / .tool-versions (the Ruby version), the framework (Rails, Sinatra or another
 * Rack app, or a plain script) and its port. Every read is bounded (project-files.ts) and every
 * value is checked before it reaches a template.
 */
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { projectEntryExists, readProjectFile, readSourceFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';

/** Ruby lines with official `ruby:<v>-slim-bookworm` images. */
export const RUBY_LINES = ['3.1', '3.2', '3.3', '3.4'] as const;
export const RUBY_VERSION = /^(\d)\.(\d)(?:\.(\d{1,2}))?$/;

export function rubyVersionProblem(value: string): string | undefined {
  const m = RUBY_VERSION.exec(value);
  if (m && (RUBY_LINES as readonly string[]).includes(`${m[1]}.${m[2]}`)) return undefined;
  return `a Ruby version with an official ruby:<version>-slim-bookworm image: ${RUBY_LINES.join(', ')} (the line, newest patch) or a full version such as "3.3.6"`;
}

export type RubyFramework = 'rails' | 'sinatra' | 'rack' | 'none';

export interface RubyProject {
  gemfile: string | undefined;
  lock: string | undefined;
  /** Gem names: Gemfile.lock's specs (every locked gem) or, without a lock, the Gemfile's `gem` lines. */
  gems: Set<string>;
  framework: RubyFramework;
  /** The plain script the app runs (no framework), when there is one. */
  script: string | undefined;
}

const SCRIPTS = ['server.rb', 'app.rb', 'main.rb'];

/** Gem names of a Gemfile.lock (every `    name (version)` line under a `specs:` section). */
export function lockedGems(lock: string): Set<string> {
  const gems = new Set<string>();
  for (const m of lock.matchAll(/^ {4}([A-Za-z0-9][A-Za-z0-9._-]{0,99}) \(/gm)) gems.add(m[1]!);
  return gems;
}

/** Gem names of a Gemfile's `gem "name"` lines (comments not read). */
export function gemfileGems(gemfile: string): Set<string> {
  const gems = new Set<string>();
  for (const m of gemfile.matchAll(/^[ \t]*gem[ \t(]+["']([A-Za-z0-9][A-Za-z0-9._-]{0,99})["']/gm)) gems.add(m[1]!);
  return gems;
}

export function readRubyProject(dir: string): RubyProject {
  const gemfile = readProjectFile(dir, 'Gemfile');
  const lock = readProjectFile(dir, 'Gemfile.lock');
  const gems = lock ? lockedGems(lock) : gemfile ? gemfileGems(gemfile) : new Set<string>();
  let framework: RubyFramework = 'none';
  if (gems.has('rails') || gems.has('railties') ? projectEntryExists(dir, 'config/application.rb') : false) framework = 'rails';
  else if (gems.has('sinatra')) framework = 'sinatra';
  else if (projectEntryExists(dir, 'config.ru')) framework = 'rack';
  const script = framework === 'none' ? SCRIPTS.find((f) => projectEntryExists(dir, f)) : undefined;
  return { gemfile, lock, gems, framework, script };
}

/** The Ruby version: .ruby-version, .tool-versions, Gemfile `ruby "x"`, Gemfile.lock `RUBY VERSION`; else the pinned default. */
export function detectRubyVersion(dir: string, project: RubyProject): Detected<string> {
  const rv = readProjectFile(dir, '.ruby-version', 4096);
  if (rv !== undefined) {
    const value = rv.trim().replace(/^ruby-/, '');
    if (value !== '') return detectedFrom(value, '.ruby-version', { file: '.ruby-version' });
  }
  const tv = readProjectFile(dir, '.tool-versions', 64 * 1024);
  const tool = tv && /^ruby[ \t]+(\S{1,40})/m.exec(tv);
  if (tool) return detectedFrom(tool[1]!, '.tool-versions "ruby"', { file: '.tool-versions', field: '"ruby"' });
  const declared = project.gemfile && /^[ \t]*ruby[ \t(]+["']([^"'\n]{1,40})["']/m.exec(project.gemfile);
  if (declared) {
    const value = declared[1]!.replace(/^[~>=<]+\s*/, '');
    return detectedFrom(value, 'Gemfile "ruby"', { file: 'Gemfile', field: '"ruby"' });
  }
  const locked = project.lock && /^RUBY VERSION\n {3}ruby (\d+\.\d+\.\d+)/m.exec(project.lock);
  if (locked) return detectedFrom(locked[1]!, 'Gemfile.lock "RUBY VERSION"', { file: 'Gemfile.lock', field: '"RUBY VERSION"' });
  return { value: PINS.rubyDefaultLine, source: 'default (the newest Ruby line)' };
}

/** Default ports: Rails 3000, Rack servers (rackup, puma) 9292, Sinatra run directly 4567, a script's own. */
export function detectRubyPort(dir: string, project: RubyProject): Detected<number> {
  if (project.framework === 'rails') return { value: 3000, source: 'default (Rails: puma on 3000, config/puma.rb reads PORT)' };
  if (project.framework === 'sinatra' || project.framework === 'rack') return { value: 9292, source: 'default (Rack: puma/rackup on 9292)' };
  if (project.script) {
    const code = readSourceFile(dir, project.script) ?? '';
    const m =
      /ENV\.fetch\(\s*["']PORT["']\s*,\s*["']?(\d{4,5})["']?\s*\)/.exec(code) ??
      /ENV\[\s*["']PORT["']\s*\]\s*\|\|\s*["']?(\d{4,5})/.exec(code) ??
      /TCPServer\.new\([^)\n]{0,80}?\b(\d{4,5})\s*\)/.exec(code);
    const port = m ? Number(m[1]) : NaN;
    if (port >= 1024 && port <= 65535) return detectedFrom(port, project.script, { file: project.script });
  }
  return { value: 8080, source: 'default' };
}

/** The production command: Rails' server, puma for a Rack app (rackup when puma is not a dependency), or `ruby <script>`. */
export function rubyStartCommand(project: RubyProject, port: number): Detected<string[]> {
  switch (project.framework) {
    case 'rails':
      // The PID file goes to /tmp: the app's tmp/ is not writable (read-only files, read-only root).
      return { value: ['bin/rails', 'server', '--pid', '/tmp/server.pid'], source: 'config/application.rb (Rails)' };
    case 'sinatra':
    case 'rack':
      if (project.gems.has('puma'))
        return {
          value: ['bundle', 'exec', 'puma', '--bind', `tcp://0.0.0.0:${port}`, 'config.ru'],
          source: `config.ru (${project.framework === 'sinatra' ? 'Sinatra' : 'Rack'}, puma)`,
        };
      return {
        value: ['bundle', 'exec', 'rackup', '--host', '0.0.0.0', '--port', String(port), 'config.ru'],
        source: `config.ru (${project.framework === 'sinatra' ? 'Sinatra' : 'Rack'}, no puma)`,
      };
    case 'none':
      return project.script
        ? { value: ['ruby', project.script], source: `${project.script} (script)` }
        : { value: ['ruby', 'app.rb'], source: 'default (no entry file found)' };
  }
}

/** Why argv cannot be the production CMD, or undefined. */
export function rubyStartCommandProblem(argv: readonly string[]): string | undefined {
  const joined = argv.join(' ');
  if (/^(?:bin\/)?rails (?:s|server)\b.*(?:-e|--environment)[ =](?:development|test)\b/.test(joined))
    return 'must run in production, not with -e development/test';
  if (/^(?:bundle exec )?(?:rake|rails) (?:db:|assets:)/.test(joined))
    return "must start the server; migrations and asset builds are one-off commands, not the container's command";
  return undefined;
}
