/**
 * How every generated container starts, stops and reports its health, declared once for the
 * Dockerfiles and compose.yaml of every stack.
 *
 * Stopping: a process that is PID 1 in its container gets no default action for SIGTERM: unless
 * the app installs a handler (Node.js, Python scripts and Go programs without signal.Notify do
 * not), `docker stop` and Kubernetes wait the whole grace period and kill it (exit 137). So the
 * image runs the app under tini, a tiny init (Debian's static build, copied from a cached stage;
 * it needs no shell or libc, so it runs on distroless too): tini is PID 1, forwards the signal to
 * the app's process group and reaps zombies; the app dies of SIGTERM (tini reports 128+15 = 143),
 * which `-e 143` maps to 0, so a clean stop exits 0 under `docker run`, Compose and Kubernetes
 * alike, without `--init`.
 *
 * Health: the HEALTHCHECK timings (the same in the Dockerfile and compose.yaml). Docker 25+
 * probes every `start-interval` during the start period, so a container is healthy about a second
 * after the app is ready instead of after the first 10 s interval; Docker 20.10 and Compose 1.29
 * refuse that option, so `--min-docker 20.10` leaves it out.
 */
import { jsonArray } from './quote.js';
import { PINS } from './versions.js';

/** `--min-docker` choices: the oldest Docker Engine the generated files must work on. */
export const MIN_DOCKER_CHOICES = ['25', '20.10'] as const;
export type MinDocker = (typeof MIN_DOCKER_CHOICES)[number];
export const DEFAULT_MIN_DOCKER: MinDocker = '25';

/** The init and the stage that provides it. */
export const TINI = {
  stage: 'tini',
  /** Debian's image: the same Debian release as the slim and distroless runtimes. */
  image: PINS.tiniStageImage,
  /** Debian bookworm's package, version pinned (a rebuild installs the same binary). */
  aptPackage: `tini=${PINS.tiniDeb}`,
  /** Statically linked: runs on distroless `static` (no libc) as well. */
  source: '/usr/bin/tini-static',
  target: '/tini',
  /**
   * -s: also reap zombies when something else is PID 1 (`docker run --init`, compose `init: true`),
   * without tini's warning; -g: signal the app's whole process group; -e 143: a child ended by
   * SIGTERM is a clean exit (0).
   */
  args: ['-s', '-g', '-e', '143', '--'],
} as const;

/** The usual comment above ENTRYPOINT when tini is PID 1 (`RuntimeNotes.init`; a stack may say more). */
export const TINI_NOTE: readonly string[] = [
  "tini is PID 1 and runs the command below as its child: docker stop's SIGTERM reaches the app,",
  'and a stop ends with exit code 0 even when the app has no SIGTERM handler of its own.',
];

/** Facts the Dockerfile templates print for the init (`templates/common/tini-stage.ejs`). */
export interface InitFacts {
  stage: string;
  image: string;
  aptPackage: string;
  copy: string;
  /** ENTRYPOINT as a JSON array. */
  entrypoint: string;
}

export function initFacts(): InitFacts {
  return {
    stage: TINI.stage,
    image: TINI.image,
    aptPackage: TINI.aptPackage,
    copy: `--from=${TINI.stage} ${TINI.source} ${TINI.target}`,
    entrypoint: jsonArray([TINI.target, ...TINI.args]),
  };
}

/** HEALTHCHECK timings, in seconds. */
export interface HealthTiming {
  interval: number;
  timeout: number;
  startPeriod: number;
  /** Probe interval during the start period (Docker 25+, Compose 2.20.2+); undefined: not written. */
  startInterval: number | undefined;
  retries: number;
}

export const HEALTH_INTERVAL = 10;
export const HEALTH_TIMEOUT = 5;
export const HEALTH_RETRIES = 3;
export const HEALTH_START_INTERVAL = 1;

export function healthTiming(startPeriod: number, minDocker: string): HealthTiming {
  return {
    interval: HEALTH_INTERVAL,
    timeout: HEALTH_TIMEOUT,
    startPeriod,
    startInterval: minDocker === '20.10' ? undefined : HEALTH_START_INTERVAL,
    retries: HEALTH_RETRIES,
  };
}

/**
 * Backing services' compose health checks (postgres, redis, ...): probed more often and retried
 * longer than the app, since the app waits on them (`depends_on: condition: service_healthy`);
 * their start periods are in the services catalog. No start_interval: written for every engine.
 */
/** Seconds compose lets a container (the app and each backing service) finish after the stop signal before it is killed. */
export const STOP_GRACE_SECONDS = 30;
/** compose's `stop_grace_period` value. */
export const STOP_GRACE_PERIOD = `${STOP_GRACE_SECONDS}s`;

/** The app container's resource limits in compose.yaml (README.Docker.md says them in words). */
export const APP_LIMITS = { cpus: '1.0', memory: '512M', pids: 256 } as const;

/** The limits in words for README.Docker.md, e.g. "at most 1 CPU, 512 MB of memory, 256 processes". */
export function limitsInWords(limits: { cpus: string; memory: string; pids: number }): string {
  const cpus = Number(limits.cpus);
  const memory = limits.memory.replace(/^(\d+)([MG])$/, (_, n: string, unit: string) => `${n} ${unit}B`);
  return `at most ${cpus} CPU${cpus === 1 ? '' : 's'}, ${memory} of memory, ${limits.pids} processes`;
}

export const SERVICE_HEALTH_INTERVAL = 5;
export const SERVICE_HEALTH_TIMEOUT = 5;
export const SERVICE_HEALTH_RETRIES = 10;

export function serviceHealthTiming(startPeriod: number): HealthTiming {
  return { interval: SERVICE_HEALTH_INTERVAL, timeout: SERVICE_HEALTH_TIMEOUT, startPeriod, startInterval: undefined, retries: SERVICE_HEALTH_RETRIES };
}

/** `--interval=10s --timeout=5s --start-period=30s --start-interval=1s --retries=3` */
export function dockerfileHealthOptions(t: HealthTiming): string {
  return [
    `--interval=${t.interval}s`,
    `--timeout=${t.timeout}s`,
    `--start-period=${t.startPeriod}s`,
    ...(t.startInterval === undefined ? [] : [`--start-interval=${t.startInterval}s`]),
    `--retries=${t.retries}`,
  ].join(' ');
}

/** compose `healthcheck:` keys after `test:`, in order, values as YAML scalars. */
export function composeHealthTiming(t: HealthTiming): [string, string][] {
  return [
    ['interval', `${t.interval}s`],
    ['timeout', `${t.timeout}s`],
    ['start_period', `${t.startPeriod}s`],
    ...(t.startInterval === undefined ? [] : [['start_interval', `${t.startInterval}s`] as [string, string]]),
    ['retries', String(t.retries)],
  ];
}
