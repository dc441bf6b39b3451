/**
 * The CI workflow, .trivyignore, .hadolint.yaml, README.Docker.md and the build-secret settings:
 * workflows valid against their published JSON schemas (vendored copies, see
 * test/schemas/README.md), parsed as YAML and checked for the image name, port and health path;
 * shell scripts ShellCheck-clean; every action pinned to a commit SHA; least privilege; the
 * secret variants lint-clean; the Yeoman layer's behaviour for --ci and user-owned files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requireTool } from './support/tools.js';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import helpers from 'yeoman-test';
import { ACTIONS, CI_FILES, detectCi, detectDefaultBranch, imageRegistry, trustedRegistries } from '../generators/lib/ci.js';
import { InputError } from '../generators/lib/errors.js';
import { detectNpmTokenSecret } from '../generators/lib/secrets.js';
import { detectPythonIndexSecret } from '../generators/stacks/python/secrets.js';
import { checkAll } from './support/checklist.js';
import { fileContent, generate } from './support/generate.js';
import { lintDockerfile } from './support/lint.js';
import { copyFixture, FIXTURES_DIR, GENERATOR_PATH, makeProject, REPO_ROOT } from './support/project.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const FIXTURES = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());

function compileSchema(file: string): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/schemas', file), 'utf8')) as Record<string, unknown>;
  delete schema.$schema; // draft-07, which ajv 8 speaks by default
  // strict: false: both schemas carry editor keywords (markdownDescription, deprecationMessage).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validateGithub = compileSchema('github-workflow.json');
const validateGitlab = compileSchema('gitlab-ci.json');
const schemaErrors = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');

type Job = { permissions?: Record<string, string>; steps?: { uses?: string; run?: string; with?: Record<string, unknown>; if?: string }[] };
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; env: Record<string, string>; jobs: Record<string, Job> };

/** ShellCheck findings for a script (GitHub runs `run:` with bash -e; GitLab's docker image with sh). */
function shellcheck(script: string, shell: 'bash' | 'sh'): string {
  const r = spawnSync(requireTool('shellcheck'), ['--shell', shell, '--severity', 'style', '-'], { input: script, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0 ? '' : r.stdout;
}

// Values at the edges of what the settings allow: a query string with & and ;, the highest port.
const EDGE = { port: '65535', healthPath: '/status/ready?full=1&probe=deep;v=2' };

describe('CI workflow, scanner settings, README.Docker.md', function () {
  this.timeout(120000);

  for (const fixture of FIXTURES) {
    it(`${fixture}: GitHub workflow is schema-valid, pinned, least-privilege, and uses the image, port and health path`, async () => {
      const { resolution, files } = await generate(path.join(FIXTURES_DIR, fixture), { ci: 'github', ...EDGE });
      const { answers } = resolution;
      const text = fileContent(files, CI_FILES.github);
      const wf = parseYaml(text) as Workflow;
      assert.ok(validateGithub(wf), `${fixture}: ${schemaErrors(validateGithub)}`);
      assert.deepEqual(wf.env, { IMAGE: `${answers.serviceName}:ci`, SERVICE: answers.serviceName, PORT: '65535', HEALTH_PATH: EDGE.healthPath });
      assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push']);
      assert.deepEqual(wf.permissions, { contents: 'read' });
      assert.deepEqual(wf.jobs.test!.permissions, { contents: 'read', 'security-events': 'write', actions: 'read' });
      assert.deepEqual(wf.jobs.push!.permissions, { contents: 'read', packages: 'write' });
      const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
      const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
      for (const u of uses) assert.match(u, /^[a-z-]+\/[a-z-]+(\/[a-z-]+)?@[0-9a-f]{40}$/, `${u} is pinned to a full commit SHA`);
      const pinned = Object.values(ACTIONS).map((a) => a.split(' ')[0]!);
      for (const u of uses) assert.ok(pinned.includes(u), `${u} comes from the ACTIONS table`);
      for (const line of text.split('\n').filter((l) => /uses: /.test(l))) assert.match(line, / # v?\d+\.\d+\.\d+$/, `version comment: ${line}`);
      // Trivy: the gate fails on HIGH/CRITICAL with a fix; SARIF goes to code scanning.
      const trivy = steps.filter((s) => s.uses?.startsWith('aquasecurity/trivy-action@'));
      assert.equal(trivy.length, 2);
      assert.ok(trivy.every((s) => s.with!['image-ref'] === '${{ env.IMAGE }}' && s.with!['ignore-unfixed'] === true && s.with!.severity === 'HIGH,CRITICAL'));
      assert.ok(trivy.some((s) => s.with!['exit-code'] === '1' && s.with!.format === 'table'));
      assert.ok(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@') && s.with!.sarif_file === trivy[0]!.with!.output));
      // Cache and push.
      const builds = steps.filter((s) => s.uses?.startsWith('docker/build-push-action@'));
      assert.equal(builds[0]!.with!['cache-to'], 'type=gha,mode=max');
      assert.equal(builds[1]!.with!.push, true);
      const meta = steps.find((s) => s.uses?.startsWith('docker/metadata-action@'))!;
      assert.equal(meta.with!.images, `ghcr.io/\${{ github.repository_owner }}/${answers.serviceName}`);
      assert.match(String(meta.with!.tags), /type=sha/);
      assert.match(String(meta.with!.tags), /type=semver,pattern=\{\{version\}\}/);
      // The smoke test: user values only through the environment, never spliced into the script.
      const scripts = steps.filter((s) => s.run).map((s) => s.run!);
      assert.equal(scripts.length, 1);
      const smoke = scripts[0]!;
      assert.ok(!smoke.includes(EDGE.healthPath) && !smoke.includes('65535') && !smoke.includes(answers.serviceName), 'values come from env');
      assert.match(smoke, /docker inspect --format '\{\{\.State\.Health\.Status\}\}' smoke/);
      assert.match(smoke, /"\$IMAGE"/);
      assert.equal(shellcheck(smoke, 'bash'), '', 'ShellCheck-clean');
      assert.ok(!files.some((f) => f.path === CI_FILES.gitlab));
    });
  }

  for (const fixture of FIXTURES) {
    it(`${fixture}: GitLab CI file is schema-valid and uses the image, port and health path`, async () => {
      const { resolution, files } = await generate(path.join(FIXTURES_DIR, fixture), { ci: 'gitlab', ...EDGE });
      const text = fileContent(files, CI_FILES.gitlab);
      const ci = parseYaml(text) as Record<
        string,
        { variables?: Record<string, string>; image?: string | { name: string }; script?: string[]; needs?: string[] }
      >;
      assert.ok(validateGitlab(ci), `${fixture}: ${schemaErrors(validateGitlab)}`);
      assert.deepEqual(ci['.docker-prod']!.variables, {
        SERVICE: resolution.answers.serviceName,
        PORT: '65535',
        HEALTH_PATH: EDGE.healthPath,
        IMAGE: `${resolution.answers.serviceName}:ci`,
      });
      assert.deepEqual(
        Object.keys(ci)
          .filter((k) => !k.startsWith('.'))
          .sort(),
        ['docker-build', 'docker-lint', 'docker-push', 'docker-scan'],
      );
      for (const job of Object.values(ci)) {
        const image = typeof job.image === 'string' ? job.image : job.image?.name;
        if (image) assert.match(image, /:v?\d+\.\d+\.\d+(-[a-z]+)?$/, `${image} pinned to an exact version`);
      }
      assert.ok(ci['docker-scan']!.script!.some((l) => /--ignore-unfixed --severity HIGH,CRITICAL --exit-code 1/.test(l)));
      for (const [name, job] of Object.entries(ci)) {
        for (const script of job.script ?? []) {
          assert.ok(!script.includes(EDGE.healthPath), `${name}: values come from variables`);
          assert.equal(shellcheck(script, 'sh'), '', `${name}: ShellCheck-clean:\n${script}`);
        }
      }
      assert.ok(!files.some((f) => f.path === CI_FILES.github || f.path === '.gitlab-ci.yml'), 'never .gitlab-ci.yml');
    });
  }

  it('the schemas reject what GitHub and GitLab reject (the validators can fail)', () => {
    assert.equal(validateGithub({ on: 'push', jobs: { a: { steps: [{ run: 'x' }] } } }), false, 'a job without runs-on');
    assert.equal(
      validateGithub({ on: 'push', permissions: { contents: 'reed' }, jobs: { a: { 'runs-on': 'x', steps: [{ run: 'x' }] } } }),
      false,
      'a bad permission level',
    );
    assert.equal(validateGithub({ on: 'push', jobs: { a: { 'runs-on': 'x', steps: [{ run: 'x' }] } } }), true);
    assert.equal(validateGitlab({ job: { stage: 'build', script: 'x', artifacts: { expire_in: 1, paths: 'x' } } }), false, 'artifacts.paths must be a list');
    assert.equal(validateGitlab({ job: { stage: 'build', script: ['x'], needs: 'other' } }), false, 'needs must be a list');
    assert.equal(validateGitlab({ job: { stage: 'build', script: ['x'] } }), true);
  });

  for (const fixture of ['node-ts-pnpm', 'python-fastapi-uv', 'go-cmd-layout', 'static-vite-npm']) {
    it(`${fixture}: --ci-drift-check yes adds a schema-valid, ShellCheck-clean drift job running the pinned docker-prod --check`, async () => {
      const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
      const command = `npx --yes --package generator-docker-prod@${version} docker-prod --check`;
      const github = await generate(path.join(FIXTURES_DIR, fixture), { ci: 'github', ciDriftCheck: 'yes', ...EDGE });
      const wf = parseYaml(fileContent(github.files, CI_FILES.github)) as Workflow & { jobs: Record<string, Job & { env?: Record<string, string> }> };
      assert.ok(validateGithub(wf), schemaErrors(validateGithub));
      const job = wf.jobs.drift!;
      assert.deepEqual(job.permissions, { contents: 'read' });
      assert.deepEqual(job.env, { DEFAULT_BRANCH: '${{ github.event.repository.default_branch }}' });
      const run = job.steps!.find((s) => s.run)!.run!;
      assert.ok(!run.includes('${{'), 'no expression spliced into the script');
      assert.equal(run.trim().split('\n').at(-1), command);
      assert.equal(shellcheck(run, 'bash'), '', run);
      assert.ok(job.steps!.filter((s) => s.uses).every((s) => s.uses === ACTIONS.checkout.split(' ')[0]));

      const gitlab = await generate(path.join(FIXTURES_DIR, fixture), { ci: 'gitlab', ciDriftCheck: 'yes', ...EDGE });
      const ci = parseYaml(fileContent(gitlab.files, CI_FILES.gitlab)) as Record<string, { image?: string; script?: string[]; stage?: string }>;
      assert.ok(validateGitlab(ci), schemaErrors(validateGitlab));
      const drift = ci['docker-drift']!;
      assert.match(drift.image!, /^node:\d+\.\d+\.\d+-slim$/);
      assert.equal(drift.script!.at(-1), command);
      for (const script of drift.script!) assert.equal(shellcheck(script, 'sh'), '', script);

      const off = await generate(path.join(FIXTURES_DIR, fixture), { ci: 'github' });
      assert.ok(!('drift' in (parseYaml(fileContent(off.files, CI_FILES.github)) as Workflow).jobs), 'no drift job by default');
    });
  }

  it("the drift job names the repository's template overrides with --templates (they are the team's own)", async () => {
    const dir = copyFixture('node-zero-deps');
    fs.mkdirSync(path.join(dir, '.docker-prod/templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.docker-prod/templates/README.md'), 'notes, no overrides yet\n');
    const { files } = await generate(dir, { ci: 'github', ciDriftCheck: 'yes' });
    assert.match(fileContent(files, CI_FILES.github), /docker-prod --check --templates \.docker-prod\/templates\n/);
  });

  it('--ci none writes no workflow, but still the scanner settings and README.Docker.md', async () => {
    const { files } = await generate(path.join(FIXTURES_DIR, 'node-express-npm'), { ci: 'none' });
    assert.deepEqual(
      files.map((f) => f.path),
      ['Dockerfile', '.dockerignore', 'compose.yaml', '.trivyignore', '.hadolint.yaml', 'README.Docker.md'],
    );
    assert.match(fileContent(files, 'README.Docker.md'), /No CI workflow was generated \(`--ci none`\)/);
  });

  it('.hadolint.yaml trusts exactly the registries of the base images; .trivyignore ignores nothing', async () => {
    const expected: Record<string, string[]> = {
      'node-express-npm': ['docker.io'],
      'python-fastapi-uv': ['docker.io', 'ghcr.io'],
      'go-stdlib-http': ['docker.io', 'gcr.io'],
      'static-vite-npm': ['docker.io'],
    };
    for (const [fixture, registries] of Object.entries(expected)) {
      const { files } = await generate(path.join(FIXTURES_DIR, fixture));
      const hadolint = parseYaml(fileContent(files, '.hadolint.yaml')) as Record<string, unknown>;
      assert.deepEqual(hadolint, { 'failure-threshold': 'warning', trustedRegistries: registries }, fixture);
      const active = fileContent(files, '.trivyignore')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
      assert.deepEqual(active, [], `${fixture}: .trivyignore is only comments`);
    }
    // Image references → registries: Docker Hub unless the first part is a host; each once, sorted.
    assert.deepEqual(
      trustedRegistries(['golang:${GO_VERSION}-bookworm', 'oven/bun', 'registry.example.com:5000/a/b:1', 'localhost/x:1', 'gcr.io/distroless/static']),
      ['docker.io', 'gcr.io', 'localhost', 'registry.example.com:5000'],
    );
    assert.equal(imageRegistry('docker.io/library/node:20'), 'docker.io');
    assert.equal(imageRegistry('mcr.microsoft.com/dotnet/sdk'), 'mcr.microsoft.com');
    assert.equal(imageRegistry('library/node'), 'docker.io');
  });

  it('README.Docker.md states the service, port, health path and the health check command', async () => {
    for (const fixture of ['node-ts-pnpm', 'go-stdlib-http', 'static-plain', 'python-wsgi-stdlib']) {
      const { resolution, files } = await generate(path.join(FIXTURES_DIR, fixture), EDGE);
      const readme = fileContent(files, 'README.Docker.md');
      const { answers } = resolution;
      assert.ok(readme.includes(`docker build --tag ${answers.serviceName}:local .`), fixture);
      assert.ok(readme.includes(`--publish 127.0.0.1:65535:65535`), fixture);
      assert.ok(readme.includes(`curl --fail 'http://127.0.0.1:65535${EDGE.healthPath}'`), `${fixture}: the URL is shell-quoted`);
      const hc = /HEALTHCHECK[^\n]*\n\s+CMD (.*)$/m.exec(fileContent(files, 'Dockerfile'))![1]!;
      assert.ok(readme.includes(`\`\`\`\n${hc}\n\`\`\``), `${fixture}: the same HEALTHCHECK command`);
      for (const heading of ['## Build and run', '## Hardening', '## Secrets', '## Another CPU architecture', '## Health check', '## Logs'])
        assert.ok(readme.includes(heading), `${fixture}: ${heading}`);
      assert.match(readme, /docker buildx build --platform linux\/arm64/);
      assert.match(readme, /max-size/);
    }
  });

  describe('build secrets', () => {
    const cases: [fixture: string, flag: string, id: string, target: string][] = [
      ['node-express-npm', 'npmTokenSecret', 'npmrc', '/root/.npmrc'],
      ['node-ts-pnpm', 'npmTokenSecret', 'npmrc', '/root/.npmrc'],
      ['node-yarn-berry', 'npmTokenSecret', 'yarnrc', '/root/.yarnrc.yml'],
      ['node-nest-yarn', 'npmTokenSecret', 'npmrc', '/root/.npmrc'],
      ['node-bun', 'npmTokenSecret', 'npmrc', '/root/.npmrc'],
      ['static-vite-npm', 'npmTokenSecret', 'npmrc', '/root/.npmrc'],
      ['python-django-pip', 'netrcSecret', 'netrc', '/root/.netrc'],
      ['python-fastapi-uv', 'netrcSecret', 'netrc', '/root/.netrc'],
      ['python-flask-poetry', 'netrcSecret', 'netrc', '/root/.netrc'],
      ['go-cmd-layout', 'netrcSecret', 'netrc', '/root/.netrc'],
    ];
    for (const [fixture, flag, id, target] of cases) {
      it(`${fixture}: ${flag} yes mounts the secret "${id}" on the install only, lint-clean; README shows the build command`, async () => {
        const { resolution, files } = await generate(path.join(FIXTURES_DIR, fixture), { [flag]: 'yes' });
        const dockerfile = fileContent(files, 'Dockerfile');
        const mount = `--mount=type=secret,id=${id},target=${target}`;
        const runs = dockerfile.split(/\n(?=[A-Z])/).filter((ins) => ins.includes(mount));
        assert.ok(runs.length >= 1, `${fixture}: a RUN mounts ${mount}`);
        for (const run of runs)
          assert.match(run, /^RUN --mount=type=cache.*(npm ci|pnpm install|yarn|bun install|pip|uv sync|poetry install|go mod download)/s, run);
        assert.ok(!/^(ARG|ENV)\s+\S*(TOKEN|NPMRC|NETRC)/im.test(dockerfile), 'no credential in ARG/ENV');
        const findings = [
          ...lintDockerfile(dockerfile),
          ...checkAll({
            dockerfile,
            compose: fileContent(files, 'compose.yaml'),
            dockerignore: fileContent(files, '.dockerignore'),
            port: resolution.answers.port,
            healthPath: resolution.answers.healthPath,
          }),
        ];
        assert.deepEqual(findings, [], `${fixture}: 0 findings`);
        const readme = fileContent(files, 'README.Docker.md');
        assert.ok(readme.includes(`docker build --secret id=${id},src=$HOME/`), `${fixture}: README shows the build command`);
        assert.match(readme, new RegExp(`build:\\n      secrets:\\n        - ${id}\\n`), `${fixture}: compose build.secrets form`);
        const off = fileContent((await generate(path.join(FIXTURES_DIR, fixture), { [flag]: 'no' })).files, 'Dockerfile');
        assert.ok(!off.includes('type=secret'), `${fixture}: no mount when off`);
      });
    }

    it('go: GOPRIVATE is a build argument next to the secret; a plain static site has no npm secret setting', async () => {
      const go = fileContent((await generate(path.join(FIXTURES_DIR, 'go-cmd-layout'), { netrcSecret: 'yes' })).files, 'Dockerfile');
      assert.match(
        go,
        /^ARG GOPRIVATE\nRUN --mount=type=cache,target=\/go\/pkg\/mod \\\n    --mount=type=secret,id=netrc,target=\/root\/.netrc \\\n    go mod download$/m,
      );
      await assert.rejects(
        generate(path.join(FIXTURES_DIR, 'static-plain'), { npmTokenSecret: 'yes' }),
        (e: unknown) => e instanceof InputError && /--npm-token-secret: .*nothing/.test(e.message),
      );
    });

    it('detection: an .npmrc or Yarn registry settings, a non-PyPI index', () => {
      assert.equal(detectNpmTokenSecret(makeProject({ '.npmrc': '@acme:registry=https://npm.acme.test/\n' })).value, 'yes');
      assert.equal(detectNpmTokenSecret(makeProject({ '.yarnrc.yml': 'npmScopes:\n  acme:\n    npmRegistryServer: x\n' })).value, 'yes');
      assert.equal(detectNpmTokenSecret(makeProject({ 'package.json': '{}' })).value, 'no');
      assert.equal(detectPythonIndexSecret(makeProject({ 'requirements.txt': '--index-url https://pypi.acme.test/simple\nflask==3.0.0\n' })).value, 'yes');
      assert.equal(detectPythonIndexSecret(makeProject({ 'pyproject.toml': '[[tool.uv.index]]\nname = "acme"\n' })).value, 'yes');
      assert.equal(detectPythonIndexSecret(makeProject({ Pipfile: '[[source]]\nurl = "https://pypi.org/simple"\n' })).value, 'no');
      assert.equal(detectPythonIndexSecret(makeProject({ Pipfile: '[[source]]\nurl = "https://pypi.acme.test/simple"\n' })).value, 'yes');
    });
  });

  it('detection: .gitlab-ci.yml → gitlab, .github/ → github, else github; the default branch from origin/HEAD', () => {
    assert.deepEqual(detectCi(makeProject({ '.gitlab-ci.yml': 'stages: [test]\n', '.github/x': '' })), { value: 'gitlab', source: '.gitlab-ci.yml' });
    assert.equal(detectCi(makeProject({ '.github/workflows/x.yml': '' })).value, 'github');
    assert.equal(detectCi(makeProject({ 'a.txt': '' })).value, 'github');
    // An app folder of a monorepo: the CI configuration at the repository root decides.
    const mono = makeProject({ '.gitlab-ci.yml': 'stages: [test]\n', 'apps/api/package.json': '{}' });
    assert.deepEqual(detectCi(path.join(mono, 'apps/api')), { value: 'gitlab', source: '../../.gitlab-ci.yml' });
    const gh = makeProject({ '.github/workflows/x.yml': '', 'apps/api/package.json': '{}' });
    assert.deepEqual(detectCi(path.join(gh, 'apps/api')), { value: 'github', source: '../../.github/' });
    // Not past the repository root (the folder with .git).
    const repo = makeProject({ '.gitlab-ci.yml': '', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/app/package.json': '{}' });
    assert.equal(detectCi(path.join(repo, 'repo/app')).source, 'default (GitHub Actions)');
    assert.equal(detectDefaultBranch(makeProject({ '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/trunk\n' })).value, 'trunk');
    assert.equal(detectDefaultBranch(makeProject({ '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/a"b\n' })).value, 'main');
  });

  describe('yo docker-prod with --ci (yeoman-test)', () => {
    const run = (dir: string) =>
      helpers
        .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
        .cd(dir)
        .withOptions({ force: false } as never);

    it('an existing .gitlab-ci.yml → the GitLab file, and .gitlab-ci.yml is left untouched', async () => {
      const dir = copyFixture('node-express-npm');
      fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'stages: [test]\nmy-tests:\n  script: [npm test]\n');
      await run(dir).withOptions({ yes: true } as never);
      assert.ok(fs.existsSync(path.join(dir, CI_FILES.gitlab)));
      assert.ok(!fs.existsSync(path.join(dir, '.github')));
      assert.equal(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'), 'stages: [test]\nmy-tests:\n  script: [npm test]\n');
    });

    it('asks for the CI as a list with the detected default; --ci none writes no workflow', async () => {
      const dir = copyFixture('node-zero-deps');
      fs.mkdirSync(path.join(dir, '.github'));
      const result = await run(dir).withAnswers({ ci: 'gitlab' });
      const asked = result.askedQuestions.find((q) => q.name === 'ci');
      assert.equal(asked?.answer, 'gitlab');
      assert.ok(fs.existsSync(path.join(dir, CI_FILES.gitlab)));
      const none = copyFixture('node-zero-deps');
      await run(none).withOptions({ yes: true, ci: 'none' } as never);
      assert.ok(!fs.existsSync(path.join(none, '.github')) && !fs.existsSync(path.join(none, '.gitlab')));
      for (const file of ['.trivyignore', '.hadolint.yaml', 'README.Docker.md']) assert.ok(fs.existsSync(path.join(none, file)), file);
      assert.equal(JSON.parse(fs.readFileSync(path.join(none, '.yo-rc.json'), 'utf8'))['generator-docker-prod'].ci, 'none');
    });

    it("keeps the user's own .trivyignore and .hadolint.yaml, even with --yes", async () => {
      const dir = copyFixture('node-zero-deps');
      fs.writeFileSync(path.join(dir, '.trivyignore'), 'CVE-2024-1 exp:2030-01-01\n');
      fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored: [DL3008]\n');
      await run(dir).withOptions({ yes: true } as never);
      assert.equal(fs.readFileSync(path.join(dir, '.trivyignore'), 'utf8'), 'CVE-2024-1 exp:2030-01-01\n');
      assert.equal(fs.readFileSync(path.join(dir, '.hadolint.yaml'), 'utf8'), 'ignored: [DL3008]\n');
      assert.ok(fs.existsSync(path.join(dir, CI_FILES.github)));
    });

    it('refuses a bad --ci before writing anything', async () => {
      const dir = copyFixture('node-zero-deps');
      await assert.rejects(run(dir).withOptions({ yes: true, ci: 'jenkins' } as never), /--ci: "jenkins" is not allowed: one of github, gitlab, none/);
      assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));
    });
  });
});
