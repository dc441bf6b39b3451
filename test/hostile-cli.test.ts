/**
 * Hostile repositories through the real CLI: the packed package installed with yo@7, run as the
 * unprivileged user in each case's copy of a test/hostile/ app, plus what git cannot hold, made at
 * test time (symbolic links out of the project, dangling, absolute, chained, looping; hard links;
 * a FIFO; a file where a folder must be and the reverse; 52 planted secret files).
 *
 * Each case folder holds `project/` (where yo runs) and `outside/` (what a link points at); both
 * belong to the unprivileged user, so an unguarded write would really land. Per case:
 *   - nothing outside `project/` changed (snapshot of contents, links, modes and times);
 *   - no repo code ran: no `canary-*-ran` file anywhere (scripts, config files, EJS payloads);
 *   - the exit status and a clear message (no stack trace), within a time limit;
 *   - refused: nothing at all was written in the project either.
 * The secret cases build for real: the generated .dockerignore's build context is listed by a
 * build (none of the 52 secrets, the app files present), the generated Dockerfile is built and
 * its image searched, and the static site's nginx is asked for the secrets over 127.0.0.1.
 * Docker parts skip only with E2E=0.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CLI_USER, installCli, yoCommand, type InstalledCli } from './support/cli.js';
import { docker, ensureEngine, findFreePort, removeContainer, removeImage } from './support/docker.js';
import { listBuildContext, plantSecrets, SECRET_FILES, SECRET_MARKER, snapshot, snapshotChanges } from './support/hostile.js';
import { REPO_ROOT } from './support/project.js';
import { renderFiles } from '../generators/lib/render.js';
import { resolveAnswers } from '../generators/lib/resolve.js';

const HOSTILE_DIR = path.join(REPO_ROOT, 'test/hostile');
const CASE_SECONDS = 90;
const isRoot = process.getuid?.() === 0;
const dockerEnabled = process.env.E2E !== '0';
/** Prefix of every image and container this file creates (the engine is shared). */
const PREFIX = `hostile-writes-${randomBytes(3).toString('hex')}`;

interface CaseDirs {
  root: string;
  project: string;
  outside: string;
}

interface HostileCase {
  name: string;
  /** App folder under test/hostile/ copied into project/. */
  base: 'node-app' | 'static-site' | 'canary-node' | 'yarn-secrets';
  args: string[];
  /** Adds links, special files, secrets (runs as root before the hand-over). */
  setup?: (d: CaseDirs) => void;
  /** Where yo runs, relative to the case folder (default project). */
  cwd?: string;
  /** Refused: the message must match. Generated: these paths (relative to project/) must exist. */
  expect: { refused: RegExp } | { generated: string[] } | { either: true };
  /** Runs after the checks of a generated case (real builds). */
  after?: (d: CaseDirs) => void | Promise<void>;
}

const link = (target: string, at: string) => fs.symlinkSync(target, at);
const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

interface Outcome {
  name: string;
  outcome: 'refused' | 'generated';
  detail: string;
}
const outcomes: Outcome[] = [];
const figures: string[] = [];

function runCli(cli: InstalledCli, cwd: string, args: string[]) {
  const command = yoCommand(cli, args);
  const res = spawnSync(command[0]!, command.slice(1), {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CASE_SECONDS * 1000,
    killSignal: 'SIGKILL',
  });
  if (res.error && (res.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw res.error;
  return { code: res.status, signal: res.signal, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

function canaries(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (/^canary-.*-ran$/.test(entry.name)) found.push(path.relative(root, full));
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(full);
    }
  };
  walk(root);
  return found;
}

function get(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath}: timed out`)));
    req.on('error', reject);
  });
}

async function waitForHttp(port: number, urlPath: string, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      if ((await get(port, urlPath)) === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`nothing answered 200 on 127.0.0.1:${port}${urlPath} within ${seconds}s`);
}

/** The app files a build context must keep (sanity: the listing is not vacuous). */
const APP_FILES: Record<string, string[]> = {
  'yarn-secrets': ['package.json', 'yarn.lock', 'server.js', 'src/app.js'],
  'static-site': ['index.html', 'css/site.css', '.well-known/security.txt', 'nginx.conf'],
};

/** Requests to the static site: secrets must not be served; the site must. */
const SECRET_REQUESTS = [
  '/.aws/credentials',
  '/.ssh/id_ecdsa',
  '/.env',
  '/.envrc',
  '/.npmrc',
  '/.git-credentials',
  '/.docker/config.json',
  '/.kube/config',
  '/infra/terraform.tfstate',
  '/infra/prod.tfvars',
  '/keystore.jks',
  '/db.sqlite3',
  '/certs/server.pem',
  '/certs/server.key',
  '/deploy/firebase-credentials.json',
  '/service-account.json',
  '/secrets/db-password.txt',
  '/prod.env',
  '/nginx.conf',
  '/.yo-rc.json',
];
const SITE_REQUESTS = ['/', '/index.html', '/css/site.css', '/.well-known/security.txt'];

async function servedStatuses(tag: string, label: string): Promise<Record<string, number>> {
  const name = `${PREFIX}-${label}`;
  const port = await findFreePort();
  // As compose.yaml runs it: read-only root, /tmp a tmpfs, no capabilities.
  docker([
    'run',
    '-d',
    '--name',
    name,
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '-p',
    `127.0.0.1:${port}:8080`,
    tag,
  ]);
  try {
    try {
      await waitForHttp(port, '/health', 60);
    } catch (error) {
      const logs = docker(['logs', '--tail', '30', name], { allowFail: true });
      throw new Error(`${(error as Error).message}\n${logs.stdout}${logs.stderr}`);
    }
    const statuses: Record<string, number> = {};
    for (const p of [...SECRET_REQUESTS, ...SITE_REQUESTS]) statuses[p] = await get(port, p);
    return statuses;
  } finally {
    removeContainer(name);
  }
}

/** Builds the generated Dockerfile; the image's files under `inspect` holding the secret marker. */
function generatedDockerfileLeaks(project: string, tag: string, inspect: string[]): string[] {
  docker(['build', '--progress=plain', '--network', 'host', '-t', tag, '.'], { cwd: project });
  const res = docker(['run', '--rm', '--entrypoint', 'grep', tag, '-rl', SECRET_MARKER, ...inspect], { allowFail: true });
  return res.stdout.split('\n').filter(Boolean);
}

const CASES: HostileCase[] = [
  {
    name: 'dangling Dockerfile link out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('../outside/Dockerfile', path.join(d.project, 'Dockerfile')),
    expect: { refused: /Dockerfile is a symbolic link to "\.\.\/outside\/Dockerfile" \(.*\/outside\/Dockerfile\), outside the project folder/ },
  },
  {
    name: 'dangling compose.yaml link out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('../outside/compose.yaml', path.join(d.project, 'compose.yaml')),
    expect: { refused: /compose\.yaml is a symbolic link to .*outside the project folder/ },
  },
  {
    name: 'dangling README.Docker.md link out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('../outside/README.Docker.md', path.join(d.project, 'README.Docker.md')),
    expect: { refused: /README\.Docker\.md is a symbolic link to .*outside the project folder/ },
  },
  {
    name: 'absolute .dockerignore link out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link(path.join(d.outside, 'dockerignore'), path.join(d.project, '.dockerignore')),
    expect: { refused: /\.dockerignore is a symbolic link to "\/.*outside\/dockerignore".*outside the project folder/ },
  },
  {
    name: '--force through a link to an existing outside file',
    base: 'node-app',
    args: ['--yes', '--force'],
    setup: (d) => {
      write(path.join(d.outside, 'Dockerfile'), 'ORIGINAL outside file\n');
      link('../outside/Dockerfile', path.join(d.project, 'Dockerfile'));
    },
    expect: { refused: /Dockerfile is a symbolic link to .*outside the project folder/ },
  },
  {
    name: '.github folder linked out of the project',
    base: 'node-app',
    args: ['--yes', '--ci', 'github'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.outside, 'github'));
      link('../outside/github', path.join(d.project, '.github'));
    },
    expect: { refused: /\.github is a symbolic link to "\.\.\/outside\/github".*outside the project folder/ },
  },
  {
    name: '.gitlab folder linked out of the project',
    base: 'node-app',
    args: ['--yes', '--ci', 'gitlab'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.outside, 'gitlab'));
      link('../outside/gitlab', path.join(d.project, '.gitlab'));
    },
    expect: { refused: /\.gitlab is a symbolic link to .*outside the project folder/ },
  },
  {
    name: '.github/workflows linked out of the project (dangling)',
    base: 'node-app',
    args: ['--yes', '--ci', 'github'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.project, '.github'));
      link('../../outside/workflows', path.join(d.project, '.github/workflows'));
    },
    expect: { refused: /\.github\/workflows is a symbolic link to .*outside the project folder/ },
  },
  {
    name: 'chain: Dockerfile → docker/Dockerfile, docker → outside',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.outside, 'docker'));
      link('../outside/docker', path.join(d.project, 'docker'));
      link('docker/Dockerfile', path.join(d.project, 'Dockerfile'));
    },
    expect: { refused: /Dockerfile is a symbolic link to "docker\/Dockerfile" \(.*\/outside\/docker\/Dockerfile\), outside/ },
  },
  {
    name: 'symbolic link loop',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => {
      link('Dockerfile.b', path.join(d.project, 'Dockerfile'));
      link('Dockerfile', path.join(d.project, 'Dockerfile.b'));
    },
    expect: { refused: /Dockerfile is a symbolic link loop/ },
  },
  {
    name: '.yo-rc.json linked to an existing outside file',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => {
      write(path.join(d.outside, 'yo-rc.json'), '{ "generator-docker-prod": { "port": 3000 } }\n');
      link('../outside/yo-rc.json', path.join(d.project, '.yo-rc.json'));
    },
    expect: { refused: /\.yo-rc\.json is a symbolic link to .*outside the project folder/ },
  },
  {
    name: '.yo-rc.json dangling link out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('../outside/yo-rc.json', path.join(d.project, '.yo-rc.json')),
    expect: { refused: /\.yo-rc\.json is a symbolic link to .*outside the project folder/ },
  },
  {
    name: '.yo-rc.json linked to /dev/zero',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('/dev/zero', path.join(d.project, '.yo-rc.json')),
    expect: { refused: /\.yo-rc\.json is a symbolic link to "\/dev\/zero".*outside the project folder/ },
  },
  {
    name: '.yo-rc.json is a FIFO',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => execFileSync('mkfifo', [path.join(d.project, '.yo-rc.json')]),
    expect: { refused: /\.yo-rc\.json is not a regular file/ },
  },
  {
    name: '.yo-rc.json of 2 MB',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => write(path.join(d.project, '.yo-rc.json'), `{ "generator-docker-prod": { "x": "${'a'.repeat(2 * 1024 * 1024)}" } }\n`),
    expect: { refused: /\.yo-rc\.json is \d+ bytes, more than the 1048576 a settings file can need/ },
  },
  {
    name: 'static site: nginx.conf linked out of the project',
    base: 'static-site',
    args: ['--yes'],
    setup: (d) => link('../outside/nginx.conf', path.join(d.project, 'nginx.conf')),
    expect: { refused: /nginx\.conf is a symbolic link to .*outside the project folder/ },
  },
  {
    name: '.trivyignore (kept once it exists) linked out of the project',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => link('../outside/trivyignore', path.join(d.project, '.trivyignore')),
    expect: { refused: /\.trivyignore is a symbolic link to .*outside the project folder/ },
  },
  {
    name: 'Dockerfile hard-linked to an outside file',
    base: 'node-app',
    args: ['--yes', '--force'],
    setup: (d) => {
      write(path.join(d.outside, 'Dockerfile'), 'ORIGINAL outside file\n');
      fs.linkSync(path.join(d.outside, 'Dockerfile'), path.join(d.project, 'Dockerfile'));
    },
    expect: { refused: /Dockerfile has 2 hard links/ },
  },
  {
    name: 'Dockerfile is a FIFO',
    base: 'node-app',
    args: ['--yes', '--force'],
    setup: (d) => execFileSync('mkfifo', [path.join(d.project, 'Dockerfile')]),
    expect: { refused: /Dockerfile is not a regular file/ },
  },
  {
    name: '.github is a plain file',
    base: 'node-app',
    args: ['--yes', '--ci', 'github'],
    setup: (d) => write(path.join(d.project, '.github'), 'not a folder\n'),
    expect: { refused: /\.github is a file, not a folder, so \.github\/workflows\/docker\.yml cannot be created in it/ },
  },
  {
    name: 'Dockerfile is a folder',
    base: 'node-app',
    args: ['--yes', '--force'],
    setup: (d) => write(path.join(d.project, 'Dockerfile/notes.txt'), 'a folder\n'),
    expect: { refused: /Dockerfile is a folder; the generator writes a file of that name/ },
  },
  {
    name: 'link inside the project is followed (Dockerfile → docker/Dockerfile)',
    base: 'node-app',
    args: ['--yes'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.project, 'docker'));
      link('docker/Dockerfile', path.join(d.project, 'Dockerfile'));
    },
    expect: { generated: ['docker/Dockerfile', '.dockerignore', 'compose.yaml', '.yo-rc.json'] },
  },
  {
    name: '.github linked to a folder inside the project is followed',
    base: 'node-app',
    args: ['--yes', '--ci', 'github'],
    setup: (d) => {
      fs.mkdirSync(path.join(d.project, 'ci/github'), { recursive: true });
      link('ci/github', path.join(d.project, '.github'));
    },
    expect: { generated: ['ci/github/workflows/docker.yml', 'Dockerfile'] },
  },
  {
    name: 'project reached through a link; .yo-rc.json in the folder above',
    base: 'node-app',
    args: ['--yes'],
    cwd: 'project-link',
    setup: (d) => {
      link('project', path.join(d.root, 'project-link'));
      write(path.join(d.root, '.yo-rc.json'), '{ "generator-docker-prod": { "port": 4000 } }\n');
    },
    expect: { generated: ['Dockerfile', '.dockerignore', 'compose.yaml', '.yo-rc.json'] },
  },
  {
    name: 'repo code and EJS payloads are never run',
    base: 'canary-node',
    args: ['--yes', '--start-command', 'node server.js', '--runtime-version', '22'],
    expect: { either: true },
  },
  {
    name: 'Yarn 4 app with 52 secret files and a .yarnrc.yml token',
    base: 'yarn-secrets',
    args: ['--yes', '--runtime-version', String(Number(process.versions.node.split('.')[0]))],
    setup: (d) => plantSecrets(d.project),
    expect: { generated: ['Dockerfile', '.dockerignore', 'compose.yaml', 'README.Docker.md'] },
    after: (d) => {
      const dockerfile = fs.readFileSync(path.join(d.project, 'Dockerfile'), 'utf8');
      assert.doesNotMatch(dockerfile, /^COPY .*\.yarnrc\.yml/m, 'the .yarnrc.yml with a token is never copied');
      const ignore = fs.readFileSync(path.join(d.project, '.dockerignore'), 'utf8');
      assert.match(ignore, /^\.yarnrc\.yml$/m, '.dockerignore leaves the .yarnrc.yml with a token out');
      if (!dockerEnabled) return;
      checkContext(d.project, 'yarn-secrets', ['.yarnrc.yml']);
      const tag = `${PREFIX}-node:test`;
      try {
        const leaks = generatedDockerfileLeaks(d.project, tag, ['/app']);
        const files = docker(['run', '--rm', '--entrypoint', 'find', tag, '/app', '-type', 'f']).stdout.split('\n').filter(Boolean);
        figures.push(
          `yarn-secrets image built from the generated Dockerfile: ${leaks.length}/${SECRET_FILES.length + 1} secret files in /app (grep -rl ${SECRET_MARKER} /app); /app holds ${files.length} files`,
        );
        assert.deepEqual(leaks, [], 'no secret in the image');
        assert.ok(files.includes('/app/server.js') && files.includes('/app/src/app.js'), `the app files are in /app: ${files.join(' ')}`);
      } finally {
        removeImage(tag);
      }
    },
  },
  {
    name: 'plain static site with 52 secret files',
    base: 'static-site',
    args: ['--yes'],
    setup: (d) => {
      plantSecrets(d.project);
      write(path.join(d.project, '.git/config'), `${SECRET_MARKER} .git/config\n`);
    },
    expect: { generated: ['Dockerfile', '.dockerignore', 'nginx.conf', 'compose.yaml'] },
    after: async (d) => {
      if (!dockerEnabled) return;
      checkContext(d.project, 'static-site', ['.git/config']);
      const tag = `${PREFIX}-static:test`;
      const bare = `${PREFIX}-static-noignore:test`;
      try {
        const leaks = generatedDockerfileLeaks(d.project, tag, ['/usr/share/nginx/html']);
        figures.push(`static image built from the generated Dockerfile: ${leaks.length}/${SECRET_FILES.length + 1} secret files in /usr/share/nginx/html`);
        assert.deepEqual(leaks, [], 'no secret in the served folder');
        const statuses = await servedStatuses(tag, 'static');
        figures.push(
          `nginx (generated .dockerignore and nginx.conf): ${Object.entries(statuses)
            .map(([p, s]) => `${p} ${s}`)
            .join(', ')}`,
        );
        for (const p of SECRET_REQUESTS) assert.ok(statuses[p] === 404 || statuses[p] === 403, `${p} answered ${statuses[p]}`);
        for (const p of SITE_REQUESTS) assert.equal(statuses[p], 200, `${p} is served`);

        // nginx's own rules, without the .dockerignore: the secrets are in the web root now.
        const copy = path.join(d.root, 'no-dockerignore');
        fs.cpSync(d.project, copy, { recursive: true });
        fs.writeFileSync(path.join(copy, '.dockerignore'), '# empty: nginx.conf alone must refuse the secrets\n');
        const inRoot = generatedDockerfileLeaks(copy, bare, ['/usr/share/nginx/html']);
        assert.ok(inRoot.length >= SECRET_FILES.length, `control: without .dockerignore the secrets are in the web root (${inRoot.length})`);
        const bareStatuses = await servedStatuses(bare, 'static-noignore');
        figures.push(
          `nginx (nginx.conf alone, all ${inRoot.length} secret files in the web root): ${Object.entries(bareStatuses)
            .map(([p, s]) => `${p} ${s}`)
            .join(', ')}`,
        );
        for (const p of SECRET_REQUESTS) assert.ok(bareStatuses[p] === 404 || bareStatuses[p] === 403, `nginx.conf alone: ${p} answered ${bareStatuses[p]}`);
        for (const p of SITE_REQUESTS) assert.equal(bareStatuses[p], 200, `nginx.conf alone: ${p} is served`);
      } finally {
        removeImage(tag);
        removeImage(bare);
      }
    },
  },
];

let workRoot = '';
function checkContext(project: string, base: string, extraSecrets: string[]): void {
  const listing = listBuildContext(project, workRoot);
  const expected = [...SECRET_FILES, ...extraSecrets];
  const present = expected.filter((f) => listing.files.includes(f));
  figures.push(
    `${base} build context (generated .dockerignore): ${listing.leaks.length}/${expected.length} secret files (${listing.files.length} files in all: ${listing.files.join(' ')})`,
  );
  assert.deepEqual(present, [], 'no secret file in the build context');
  assert.deepEqual(listing.leaks, [], 'no file of the build context holds the secret marker');
  for (const file of APP_FILES[base] ?? []) assert.ok(listing.files.includes(file), `${file} is in the build context`);
}

describe('hostile repositories through the real CLI', function () {
  this.timeout(30 * 60_000);
  let cli: InstalledCli;

  before(() => {
    if (dockerEnabled) ensureEngine({ quiet: true });
    cli = installCli();
    // Our own temp folder, readable by the unprivileged user (no folder above it is changed).
    workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-cli-'));
    fs.chmodSync(workRoot, 0o755);
  });

  after(() => {
    const refused = outcomes.filter((o) => o.outcome === 'refused').length;
    console.log(`      hostile corpus: ${outcomes.length} cases, ${refused} refused with a clear message, ${outcomes.length - refused} generated safely`);
    for (const o of outcomes) console.log(`        ${o.outcome.padEnd(9)} ${o.name}: ${o.detail}`);
    for (const f of figures) console.log(`      ${f}`);
    if (workRoot) fs.rmSync(workRoot, { recursive: true, force: true });
  });

  it('nginx rules also hold under the hashed-assets prefix (a ^~ location skips the server-level regexes)', async function () {
    if (!dockerEnabled) this.skip();
    // The generated nginx.conf of a Vite app, serving a web root with secrets planted in assets/.
    const app = path.join(workRoot, 'vite-assets');
    fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/static-vite-npm'), app, { recursive: true });
    const resolution = await resolveAnswers({ dir: app, flags: {}, stored: {} });
    const conf = renderFiles(resolution.answers, resolution.profile, app).find((f) => f.path === 'nginx.conf')!.content;
    const context = path.join(workRoot, 'vite-assets-image');
    write(path.join(context, 'nginx.conf'), conf);
    write(path.join(context, 'html/index.html'), '<!doctype html><title>app</title>\n');
    write(path.join(context, 'html/assets/app-1a2b3c.js'), 'console.log(1);\n');
    for (const secret of ['assets/.env', 'assets/server.pem', 'assets/secrets/token.txt', 'assets/.git/config', 'assets/prod.tfvars', 'assets/.ssh/id_ecdsa']) {
      write(path.join(context, 'html', secret), `${SECRET_MARKER} ${secret}\n`);
    }
    write(
      path.join(context, 'Dockerfile'),
      'FROM nginxinc/nginx-unprivileged:1.28-bookworm\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY html/ /usr/share/nginx/html/\n',
    );
    const tag = `${PREFIX}-assets:test`;
    const name = `${PREFIX}-assets`;
    docker(['build', '--progress=plain', '-t', tag, '.'], { cwd: context });
    const port = await findFreePort();
    try {
      docker(['run', '-d', '--name', name, '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '-p', `127.0.0.1:${port}:8080`, tag]);
      await waitForHttp(port, '/health', 60);
      const statuses: Record<string, number> = {};
      for (const p of [
        '/assets/.env',
        '/assets/server.pem',
        '/assets/secrets/token.txt',
        '/assets/.git/config',
        '/assets/prod.tfvars',
        '/assets/.ssh/id_ecdsa',
        '/assets/app-1a2b3c.js',
        '/index.html',
      ]) {
        statuses[p] = await get(port, p);
      }
      figures.push(
        `nginx (Vite app, secrets under /assets/): ${Object.entries(statuses)
          .map(([p, s]) => `${p} ${s}`)
          .join(', ')}`,
      );
      for (const [p, status] of Object.entries(statuses)) assert.equal(status, p === '/assets/app-1a2b3c.js' || p === '/index.html' ? 200 : 404, p);
    } finally {
      removeContainer(name);
      removeImage(tag);
    }
  });

  for (const [index, c] of CASES.entries()) {
    it(c.name, async () => {
      const root = path.join(workRoot, `case-${String(index + 1).padStart(2, '0')}`);
      const d: CaseDirs = { root, project: path.join(root, 'project'), outside: path.join(root, 'outside') };
      fs.mkdirSync(d.outside, { recursive: true });
      fs.cpSync(path.join(HOSTILE_DIR, c.base), d.project, { recursive: true });
      fs.chmodSync(root, 0o755);
      c.setup?.(d);
      if (isRoot) execFileSync('chown', ['-R', '--no-dereference', CLI_USER, root]);

      const outsideBefore = snapshot(root, ['project']);
      const projectBefore = snapshot(d.project);
      const result = runCli(cli, path.join(root, c.cwd ?? 'project'), c.args);
      const output = `${result.stdout}${result.stderr}`;
      const shown = `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\n${output}`;

      assert.equal(result.signal, null, `finished within ${CASE_SECONDS}s: ${shown}`);
      assert.deepEqual(snapshotChanges(outsideBefore, snapshot(root, ['project'])), [], `nothing outside the project changed: ${shown}`);
      assert.deepEqual(canaries(root), [], 'no repo code ran');
      assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace: ${shown}`);
      assert.doesNotMatch(output, /EISDIR|EACCES|ENOTDIR|ELOOP|permission denied/i, `a clear message, not a system error: ${shown}`);

      const refusedNow = result.code !== 0;
      if ('refused' in c.expect || (refusedNow && 'either' in c.expect)) {
        assert.notEqual(result.code, 0, `refused: ${shown}`);
        if ('refused' in c.expect) assert.match(output, c.expect.refused, shown);
        assert.match(output, /nothing was written|not allowed|cannot|refus/, `says what happened: ${shown}`);
        assert.deepEqual(snapshotChanges(projectBefore, snapshot(d.project)), [], `nothing was written in the project: ${shown}`);
        const message =
          output.split('\n').find((l) => /symbolic link|hard link|regular file|is a file|is a folder|bytes, more than|not allowed/.test(l)) ??
          output.trim().split('\n').pop()!;
        outcomes.push({ name: c.name, outcome: 'refused', detail: message.trim() });
      } else {
        assert.equal(result.code, 0, `generated: ${shown}`);
        const expected = 'generated' in c.expect ? c.expect.generated : ['Dockerfile', '.dockerignore', 'compose.yaml'];
        for (const file of expected) assert.ok(fs.existsSync(path.join(d.project, file)), `${file} was written: ${shown}`);
        await c.after?.(d);
        outcomes.push({ name: c.name, outcome: 'generated', detail: `exit 0, wrote ${expected.join(', ')}` });
      }
    });
  }
});
