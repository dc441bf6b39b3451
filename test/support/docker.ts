/**
 * Real Docker engine harness for the e2e tests and the benchmark.
 *
 * Two engines, both set up by `bash scripts/engine.sh`:
 * - `current` (the default): Docker 28.5 with Compose v2 (`docker compose`) and buildx/BuildKit,
 *   run by scripts/modern-engine.sh beside the system's engine; its client comes from the
 *   client.env that script writes (DOCKER_HOST, DOCKER_CONFIG with the CLI plugins).
 * - `legacy`: Debian bookworm's Docker 20.10 (`/usr/bin/docker`, BuildKit via DOCKER_BUILDKIT=1)
 *   with Compose 1.29 (`/usr/bin/docker-compose`), for the oldest engine the project supports.
 * Every helper takes the engine (`engine` option or last argument); DOCKER_PROD_ENGINE=legacy
 * makes `legacy` the default. /usr/local/bin/docker is never used: that client has no BuildKit here.
 * Network rule: containers are only reached through `docker exec`,
 * `docker inspect` or ports published on 127.0.0.1.
 * Node standard library only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';

export type EngineName = 'current' | 'legacy';
export const DEFAULT_ENGINE: EngineName = process.env.DOCKER_PROD_ENGINE === 'legacy' ? 'legacy' : 'current';

export const LEGACY_DOCKER_BIN = '/usr/bin/docker';
export const LEGACY_COMPOSE_BIN = '/usr/bin/docker-compose';
/** Written by scripts/modern-engine.sh start. */
export const CURRENT_CLIENT_ENV = path.join(process.env.DOCKER_PROD_RUN_DIR ?? '/run/docker-prod', 'modern', 'client.env');

export interface EngineClient {
  engine: EngineName;
  /** The docker CLI. */
  bin: string;
  /** Variables the CLI needs (merged over process.env). */
  env: NodeJS.ProcessEnv;
  /** Compose command: [program, ...leading args], e.g. [docker, 'compose'] or [docker-compose]. */
  compose: string[];
  /** Where to look when the daemon misbehaves. */
  daemonLog: string;
}

let currentClient: EngineClient | undefined;

/** The docker and compose commands of an engine (the current one's after ensureEngine). */
export function engineClient(engine: EngineName = DEFAULT_ENGINE): EngineClient {
  if (engine === 'legacy') {
    return {
      engine,
      bin: LEGACY_DOCKER_BIN,
      // undefined: not passed on, so a DOCKER_HOST/DOCKER_CONFIG of the caller cannot redirect it.
      env: { DOCKER_BUILDKIT: '1', DOCKER_HOST: undefined, DOCKER_CONFIG: undefined, DOCKER_CONTEXT: undefined },
      compose: [LEGACY_COMPOSE_BIN],
      daemonLog: '/tmp/dockerd.log',
    };
  }
  if (currentClient) return currentClient;
  if (!fs.existsSync(CURRENT_CLIENT_ENV)) {
    throw new Error(`${CURRENT_CLIENT_ENV} is missing: the current engine is not set up (run: bash scripts/engine.sh)`);
  }
  const vars = Object.fromEntries(
    fs
      .readFileSync(CURRENT_CLIENT_ENV, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Record<string, string>;
  for (const key of ['DOCKER_BIN', 'DOCKER_HOST', 'DOCKER_CONFIG']) {
    if (!vars[key]) throw new Error(`${CURRENT_CLIENT_ENV}: no ${key}`);
  }
  currentClient = {
    engine,
    bin: vars.DOCKER_BIN!,
    env: { DOCKER_BUILDKIT: '1', DOCKER_HOST: vars.DOCKER_HOST, DOCKER_CONFIG: vars.DOCKER_CONFIG, DOCKER_CONTEXT: undefined },
    compose: [vars.DOCKER_BIN!, 'compose'],
    daemonLog: vars.DOCKERD_LOG ?? '',
  };
  return currentClient;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  /** Extra variables, merged over process.env. */
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Return non-zero results instead of throwing. */
  allowFail?: boolean;
  /** Kill the command after this many ms (default: 15 minutes). */
  timeoutMs?: number;
  /** Which engine (default DEFAULT_ENGINE: the current one). */
  engine?: EngineName;
}

/** Folder with package.json, found by walking up from this file (src or dist). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Host Node major, e.g. 20: the stand-in images are tagged with it. */
export function nodeMajor(): number {
  return Number(process.versions.node.split('.')[0]);
}

/** Local stand-in tag for the official node image, e.g. `node:20-bookworm-slim`. */
export function nodeImage(variant: 'bookworm-slim' | 'slim' = 'bookworm-slim'): string {
  return `node:${nodeMajor()}-${variant}`;
}

function run(bin: string, args: string[], opts: ExecOptions = {}, engineEnv: NodeJS.ProcessEnv = {}): ExecResult {
  const res = spawnSync(bin, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...engineEnv, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 15 * 60_000,
  });
  if (res.error) throw new Error(`${bin} ${args.join(' ')}: ${res.error.message}`);
  const result: ExecResult = {
    code: res.status ?? (res.signal ? 128 : 1),
    stdout: res.stdout ?? '',
    stderr: res.stderr ?? '',
  };
  if (result.code !== 0 && !opts.allowFail) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-40).join('\n');
    const how = res.signal ? `killed by ${res.signal}` : `exit ${result.code}`;
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${how}):\n${tail}`);
  }
  return result;
}

let engineReady = false;

/**
 * Runs `bash scripts/engine.sh` once per process: both engines (installs packages, starts the
 * daemons, builds the stand-in base images in 20.10 and copies them into the current engine;
 * first run a few minutes, then a few seconds), then checks that `engine` answers.
 * Progress goes to this process's stdout/stderr; `quiet` captures it instead
 * and puts its tail in the error.
 */
export function ensureEngine(arg: EngineName | { quiet?: boolean; engine?: EngineName } = {}): void {
  const opts = typeof arg === 'string' ? { engine: arg } : arg;
  const engine = opts.engine ?? DEFAULT_ENGINE;
  if (!engineReady) {
    const script = path.join(repoRoot(), 'scripts', 'engine.sh');
    const res = spawnSync('bash', [script], {
      cwd: repoRoot(),
      stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      encoding: 'utf8',
      env: { ...process.env, CI: process.env.CI ?? 'true' },
      timeout: 30 * 60_000,
    });
    if (res.error || res.status !== 0) {
      const captured = `${res.stdout ?? ''}${res.stderr ?? ''}`.split('\n').slice(-40).join('\n');
      const output = opts.quiet ? `\n${captured}` : ' (see its output above)';
      throw new Error(
        `bash ${script} failed (${res.error?.message ?? `exit ${res.status}`})${output}\n` +
          'dockerd logs: /tmp/dockerd.log (20.10), /run/docker-prod/modern/dockerd.log (current)',
      );
    }
    engineReady = true;
  }
  const client = engineClient(engine);
  const info = run(client.bin, ['version', '-f', '{{.Server.Version}}'], { allowFail: true }, client.env);
  if (info.code !== 0) throw new Error(`the ${engine} engine does not answer: ${info.stderr.trim()} (daemon log: ${client.daemonLog})`);
}

/** `docker ...args` of the engine (opts.engine, default: current); throws with stderr on failure unless allowFail. */
export function docker(args: string[], opts: ExecOptions = {}): ExecResult {
  const client = engineClient(opts.engine);
  return run(client.bin, args, opts, client.env);
}

export interface ComposeOptions extends ExecOptions {
  cwd: string;
  projectName: string;
  /** Compose file relative to cwd (default: compose 1.29 looks for compose.yaml / docker-compose.yml). */
  file?: string;
}

/**
 * Compose of the engine: `docker compose -p projectName [-f file] ...args` (v2) on the current
 * engine, `/usr/bin/docker-compose ...` (1.29) on the legacy one.
 * Container names differ (v2 `<project>-<service>-1`, 1.29 `<project>_<service>_1`): use
 * composeContainerId. Build images with buildImage first, then
 * `up -d --no-build` (no registry: anything missing would be pulled and fail).
 */
export function compose(args: string[], opts: ComposeOptions): ExecResult {
  const client = engineClient(opts.engine);
  const [bin, ...lead] = client.compose as [string, ...string[]];
  const fileArgs = opts.file ? ['-f', opts.file] : [];
  return run(bin, [...lead, '-p', opts.projectName, ...fileArgs, ...args], opts, client.env);
}

/** Id of the (first) container compose runs for `service`. */
export function composeContainerId(service: string, opts: ComposeOptions): string {
  const id = compose(['ps', '-q', service], opts).stdout.trim().split('\n')[0] ?? '';
  if (!id) throw new Error(`compose project ${opts.projectName}: no container for service ${service}`);
  return id;
}

/**
 * Proxy variables Docker treats as predefined build args: passed through when
 * set on the host, never persisted in the image config or history, never
 * written into generated files. (This host uses a transparent proxy: none set.)
 */
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'];

function proxyBuildArgs(): string[] {
  const args: string[] = [];
  for (const name of [...PROXY_VARS, ...PROXY_VARS.map((v) => v.toLowerCase())]) {
    const value = process.env[name];
    if (value) args.push('--build-arg', `${name}=${value}`);
  }
  return args;
}

export interface BuildOptions {
  noCache?: boolean;
  buildArgs?: Record<string, string>;
  /** Dockerfile path relative to the context (default: Dockerfile). */
  file?: string;
  target?: string;
  engine?: EngineName;
}

export interface BuildResult {
  seconds: number;
  /** BuildKit `--progress=plain` log (stdout + stderr). */
  output: string;
  /** Id of the image built. A rebuild under the same tag leaves the previous id dangling: remove it too. */
  imageId: string;
}

/** `docker build --network host --progress=plain -t tag .` in contextDir. */
export function buildImage(contextDir: string, tag: string, opts: BuildOptions = {}): BuildResult {
  const args = ['build', '--network', 'host', '--progress=plain', '-t', tag];
  if (opts.noCache) args.push('--no-cache');
  if (opts.file) args.push('-f', opts.file);
  if (opts.target) args.push('--target', opts.target);
  for (const [key, value] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
  args.push(...proxyBuildArgs(), '.');
  const start = performance.now();
  const res = docker(args, { cwd: contextDir, engine: opts.engine });
  const seconds = (performance.now() - start) / 1000;
  const imageId = docker(['image', 'inspect', '-f', '{{.Id}}', tag], { engine: opts.engine }).stdout.trim();
  return { seconds, output: `${res.stdout}${res.stderr}`, imageId };
}

/**
 * Names of the steps a plain-progress build log reports as CACHED, e.g.
 * `[deps 3/4] RUN --mount=type=cache,target=/root/.npm npm ci`.
 */
export function cachedSteps(output: string): string[] {
  const names = new Map<string, string>();
  const cached: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^#(\d+) (.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const [, id, rest] = m as unknown as [string, string, string];
    if (rest.startsWith('[') && !names.has(id)) names.set(id, rest);
    else if (rest === 'CACHED' && names.has(id)) cached.push(names.get(id) as string);
  }
  return cached;
}

export interface RunOptions {
  name: string;
  readOnly?: boolean;
  /** tmpfs mounts, e.g. ['/tmp']. */
  tmpfs?: string[];
  capDropAll?: boolean;
  noNewPrivileges?: boolean;
  /** [hostPort, containerPort]; always bound to 127.0.0.1. */
  publish?: [number, number];
  env?: Record<string, string>;
  /** Extra `docker run` flags, placed before the image. */
  extraArgs?: string[];
  /** Replaces the image CMD. */
  command?: string[];
  engine?: EngineName;
}

/** `docker run -d` with the hardening flags asked for; returns the container id. */
export function runContainer(tag: string, opts: RunOptions): string {
  const args = ['run', '-d', '--name', opts.name];
  if (opts.readOnly) args.push('--read-only');
  for (const mount of opts.tmpfs ?? []) args.push('--tmpfs', mount);
  if (opts.capDropAll) args.push('--cap-drop', 'ALL');
  if (opts.noNewPrivileges) args.push('--security-opt', 'no-new-privileges');
  if (opts.publish) args.push('-p', `127.0.0.1:${opts.publish[0]}:${opts.publish[1]}`);
  for (const [key, value] of Object.entries(opts.env ?? {})) args.push('-e', `${key}=${value}`);
  args.push(...(opts.extraArgs ?? []), tag, ...(opts.command ?? []));
  return docker(args, { engine: opts.engine }).stdout.trim();
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function containerLogs(name: string, engine: EngineName): string {
  const res = docker(['logs', '--tail', '50', name], { allowFail: true, engine });
  return `${res.stdout}${res.stderr}`.trim();
}

/**
 * Polls the container's health until `healthy`. Throws at once on
 * `unhealthy`, on exit, or when the image has no HEALTHCHECK; the error
 * carries the last health probe output and `docker logs`.
 * Note: Docker 20.10 first probes after --interval (no --start-interval); 25+ honours
 * --start-interval during the start period.
 */
export function waitHealthy(name: string, timeoutSec: number, engine: EngineName = DEFAULT_ENGINE): { seconds: number; status: string } {
  const start = performance.now();
  const format = '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}';
  for (;;) {
    const seconds = (performance.now() - start) / 1000;
    const [state = '', exitCode = '', health = ''] = docker(['inspect', '-f', format, name], { engine }).stdout.trim().split(' ');
    if (health === 'healthy') return { seconds, status: health };
    const failed =
      state === 'exited' || state === 'dead'
        ? `${state} (exit code ${exitCode}) before becoming healthy`
        : health === 'unhealthy'
          ? 'is unhealthy'
          : health === 'none'
            ? 'has no HEALTHCHECK'
            : seconds > timeoutSec
              ? `not healthy after ${timeoutSec}s (state ${state}, health ${health})`
              : '';
    if (failed) {
      const probes = docker(['inspect', '-f', '{{if .State.Health}}{{json .State.Health.Log}}{{end}}', name], {
        allowFail: true,
        engine,
      }).stdout.trim();
      throw new Error(`container ${name} ${failed}\n--- health probes:\n${probes}\n--- docker logs:\n${containerLogs(name, engine)}`);
    }
    sleepMs(250);
  }
}

/**
 * `Config.User` of the container plus the uid/gid its main process really runs as, read from
 * the host's /proc/<pid>/status (works for images without a shell or `id`, like distroless).
 */
export function containerUser(name: string, engine: EngineName = DEFAULT_ENGINE): { configUser: string; uid: number; gid: number } {
  const configUser = docker(['inspect', '-f', '{{.Config.User}}', name], { engine }).stdout.trim();
  const pid = docker(['inspect', '-f', '{{.State.Pid}}', name], { engine }).stdout.trim();
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { configUser, uid: field('Uid'), gid: field('Gid') };
}

/** `docker stop` (SIGTERM, SIGKILL after timeoutSec), then `.State.ExitCode`: 137 means it was killed. */
export function stopContainer(name: string, timeoutSec = 10, engine: EngineName = DEFAULT_ENGINE): { exitCode: number; seconds: number } {
  const start = performance.now();
  const stop = docker(['stop', '-t', String(timeoutSec), name], { engine, allowFail: true });
  const seconds = (performance.now() - start) / 1000;
  if (stop.code !== 0) throw new Error(`docker stop ${name} failed (exit ${stop.code}): ${stop.stderr.trim()}`);
  const exitCode = Number(docker(['inspect', '-f', '{{.State.ExitCode}}', name], { engine }).stdout.trim());
  return { exitCode, seconds };
}

/** `docker rm -f -v`; no error if it does not exist. */
export function removeContainer(name: string, engine: EngineName = DEFAULT_ENGINE): void {
  docker(['rm', '-f', '-v', name], { allowFail: true, engine });
}

/** `docker rmi -f` of a tag or id; no error if it does not exist (or is still in use). */
export function removeImage(tagOrId: string, engine: EngineName = DEFAULT_ENGINE): void {
  docker(['rmi', '-f', tagOrId], { allowFail: true, engine });
}

/** Uncompressed image size as Docker reports it (`docker images` SIZE, in bytes). */
export function imageSizeBytes(tag: string, engine: EngineName = DEFAULT_ENGINE): number {
  return Number(docker(['image', 'inspect', '-f', '{{.Size}}', tag], { engine }).stdout.trim());
}

/**
 * Bytes of regular files the engine receives as build context for `dir`,
 * honouring its .dockerignore exactly as BuildKit does: a throwaway build
 * (`COPY . /ctx` in local/debian:bookworm-slim, then summing file sizes) whose
 * result is exported with `--output type=local`, so no image is left behind.
 * (The `transferring context: X` progress line is not reliable: BuildKit only
 * sends changed files on later builds of the same directory.)
 * Directories and symlinks are not counted. Uses a Dockerfile outside `dir`,
 * so `Dockerfile.dockerignore` files do not apply: `.dockerignore` does.
 */
export function contextSizeBytes(dir: string, engine: EngineName = DEFAULT_ENGINE): number {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-size-'));
  try {
    const dockerfile = path.join(work, 'Dockerfile');
    fs.writeFileSync(
      dockerfile,
      [
        'FROM local/debian:bookworm-slim AS measure',
        'COPY . /ctx',
        "RUN find /ctx -type f -printf '%s\\n' | awk '{ s += $1 } END { printf \"%.0f\\n\", s }' > /ctx-size",
        'FROM scratch',
        'COPY --from=measure /ctx-size /ctx-size',
        '',
      ].join('\n'),
    );
    const out = path.join(work, 'out');
    const args = ['build', '--no-cache', '--network', 'none', '--progress=plain', '-f', dockerfile];
    docker([...args, '--output', `type=local,dest=${out}`, '.'], { cwd: dir, engine });
    return Number(fs.readFileSync(path.join(out, 'ctx-size'), 'utf8').trim());
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * GET http://127.0.0.1:<port><urlPath> from this process (redirects not followed): the status
 * code, or an error after timeoutMs. Only 127.0.0.1 is ever contacted (network rule).
 */
export async function httpStatus(port: number, urlPath: string, timeoutMs = 10_000): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The app service's `tmpfs:` entries in the generated compose.yaml (the service compose builds):
 * the harnesses run containers with exactly these mounts, as compose would.
 */
export function composeTmpfs(dir: string): string[] {
  const compose = parseYaml(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as { services: Record<string, { build?: unknown; tmpfs?: unknown }> };
  const apps = Object.values(compose.services).filter((s) => s.build !== undefined);
  assert.equal(apps.length, 1, 'compose.yaml has one service that is built here');
  const tmpfs = apps[0]!.tmpfs;
  assert.ok(Array.isArray(tmpfs) && tmpfs.every((t) => typeof t === 'string'), 'the app service has a tmpfs list');
  return tmpfs as string[];
}
