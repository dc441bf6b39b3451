/**
 * Facts for README.Docker.md (templates/common/README.Docker.md.ejs). Everything is taken from
 * the answers and the stack's plan, the facts the other templates print, so the document
 * describes exactly the files written next to it (nothing is read back out of generated text).
 */
import type { Placement } from './render.js';
import { jsonArray, shellWord } from './quote.js';
import { APP_LIMITS, healthTiming, limitsInWords, STOP_GRACE_PERIOD, STOP_GRACE_SECONDS, TINI, type HealthTiming } from './runtime.js';
import { inWords, TMP_DIR, tmpfsMounts, tmpfsOptions } from './writable-paths.js';
import type { Answers, BuildSecret, RequiredVariable, StackProfile, TemplateContext } from './stack.js';

export interface ReadmeFacts {
  serviceName: string;
  port: number;
  hostPort: number;
  healthPath: string;
  /** A shell word: the health URL on the published port. */
  healthUrl: string;
  /** The HEALTHCHECK command, exec form. */
  healthcheck: string;
  startPeriod: string;
  /** The app's resource limits in words (runtime.ts APP_LIMITS). */
  limits: string;
  /** compose's `stop_grace_period`, and the same in seconds. */
  stopGracePeriod: string;
  stopGraceSeconds: number;
  /** The HEALTHCHECK timings (the same in compose.yaml). */
  timing: HealthTiming;
  /** No health route was found: the check passes on any answer below 500 (liveness only). */
  anyStatus: boolean;
  /** tini is PID 1 (its path in the image), or undefined when the server handles signals itself. */
  init: string | undefined;
  /** When the server handles the stop signal itself (no tini): which server, and the signal. */
  stop: { server: string; signal: string } | undefined;
  user: string;
  /** The secret, with the path compose.yaml's `secrets:` uses (`${HOME}/...` or `./...`). */
  secret: (BuildSecret & { composeFile: string; fromHome: boolean }) | undefined;
  /** The stack's secret flags, for the "how to turn it on" line. */
  secretFlags: string;
  ciFile: string | undefined;
  /**
   * Set when the build context is a workspace root above the app: the root from the app folder
   * (`../..`) and the Dockerfile from the root (`apps/api/Dockerfile`), for `docker build --file`.
   */
  workspace: { root: string; dockerfile: string } | undefined;
  /** What `docker build` takes after its options when run here: `.`, or `--file Dockerfile ../..` for a workspace app. */
  context: string;
  gitlabInclude: boolean;
  /** Variables the app requires at start (compose names a missing one), with where each was found. */
  required: RequiredVariable[];
  /** `docker run`'s `--tmpfs` options (shell words): `/tmp` and each path the app writes, owned by the app's user. */
  tmpfsOptions: string;
  /** The paths the app writes at run time besides /tmp (`TemplateContext.writablePaths`, validated: no backticks or pipes). */
  writable: string[];
  /** compose's `tmpfs:` list in flow style: `/tmp`, `/tmp, /app/.next/cache:uid=10001,gid=10001`. */
  tmpfsList: string;
  /** Markdown for the hardening table: which folders stay writable, e.g. `` `/tmp` (in memory) ``. */
  writableExcept: string;
}

export function readmeFacts(
  answers: Answers,
  profile: StackProfile,
  plan: TemplateContext,
  ciFile: string | undefined,
  dir: string,
  where?: Placement,
): ReadmeFacts {
  const timing = healthTiming(plan.healthStartPeriod, answers.minDocker);
  // Validated once by render.ts (planWritablePaths) before the facts are made.
  const writable = plan.writablePaths ?? [];
  const flags = profile.settings.filter((q) => q.key.endsWith('Secret') && (!q.appliesTo || q.appliesTo({ profile, dir }))).map((q) => `\`--${q.flag} yes\``);
  return {
    serviceName: answers.serviceName,
    port: answers.port,
    hostPort: answers.hostPort,
    healthPath: answers.healthPath,
    healthUrl: shellWord(`http://127.0.0.1:${answers.hostPort}${answers.healthPath}`),
    healthcheck: jsonArray(plan.healthcheck),
    startPeriod: `${timing.startPeriod}s`,
    limits: limitsInWords(APP_LIMITS),
    stopGracePeriod: STOP_GRACE_PERIOD,
    stopGraceSeconds: STOP_GRACE_SECONDS,
    timing,
    anyStatus: answers.healthAnyStatus,
    init: plan.signals === 'tini' ? TINI.target : undefined,
    stop: plan.signals === 'tini' ? undefined : { server: plan.signals.server, signal: plan.signals.stopSignal },
    user: plan.dockerfile.user,
    secret: plan.buildSecret && {
      ...plan.buildSecret,
      fromHome: plan.buildSecret.source.startsWith('$HOME/'),
      composeFile: plan.buildSecret.source.startsWith('$HOME/') ? `\${HOME}/${plan.buildSecret.source.slice('$HOME/'.length)}` : `./${plan.buildSecret.source}`,
    },
    secretFlags: flags.join(' / '),
    ciFile,
    workspace: where && where.contextFromApp !== '.' ? { root: where.contextFromApp, dockerfile: where.dockerfileFromRoot } : undefined,
    context: where && where.contextFromApp !== '.' ? `--file Dockerfile ${where.contextFromApp}` : '.',
    gitlabInclude: answers.ci === 'gitlab',
    required: Object.hasOwn(plan, 'requiredEnvironment') ? (plan.requiredEnvironment ?? []) : [],
    tmpfsOptions: tmpfsOptions(tmpfsMounts(writable, plan.dockerfile.user)),
    writable,
    tmpfsList: tmpfsMounts(writable, plan.dockerfile.user).join(', '),
    writableExcept:
      writable.length === 0
        ? `\`${TMP_DIR}\` (in memory)`
        : `${inWords([TMP_DIR, ...writable].map((p) => `\`${p}\``))} (in memory; the app writes ${inWords(writable.map((p) => `\`${p}\``))} at run time: owned by the app's user, emptied on every restart)`,
  };
}
