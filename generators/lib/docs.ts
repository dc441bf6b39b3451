/**
 * Facts for README.Docker.md (templates/common/README.Docker.md.ejs). Everything is taken from
 * the answers, the stack's plan and the Dockerfile just rendered, so the document describes
 * exactly the files written next to it.
 */
import { jsonArray, shellWord } from './quote.js';
import { healthTiming, TINI, type HealthTiming } from './runtime.js';
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
  gitlabInclude: boolean;
  /** Variables the app requires at start (compose names a missing one), with where each was found. */
  required: RequiredVariable[];
}

export function readmeFacts(answers: Answers, profile: StackProfile, plan: TemplateContext, dockerfile: string, ciFile: string | undefined, dir: string): ReadmeFacts {
  const user = /^USER\s+(\S+)\s*$/m.exec(dockerfile)?.[1];
  if (!user) throw new Error('internal: the Dockerfile has no USER');
  const timing = healthTiming(plan.healthStartPeriod, answers.minDocker);
  const flags = profile.settings.filter((q) => q.key.endsWith('Secret') && (!q.appliesTo || q.appliesTo({ profile, dir }))).map((q) => `\`--${q.flag} yes\``);
  return {
    serviceName: answers.serviceName,
    port: answers.port,
    hostPort: answers.hostPort,
    healthPath: answers.healthPath,
    healthUrl: shellWord(`http://127.0.0.1:${answers.hostPort}${answers.healthPath}`),
    healthcheck: jsonArray(plan.healthcheck),
    startPeriod: `${timing.startPeriod}s`,
    timing,
    anyStatus: answers.healthAnyStatus,
    init: plan.signals === 'tini' ? TINI.target : undefined,
    stop: plan.signals === 'tini' ? undefined : { server: plan.signals.server, signal: plan.signals.stopSignal },
    user,
    secret: plan.buildSecret && {
      ...plan.buildSecret,
      fromHome: plan.buildSecret.source.startsWith('$HOME/'),
      composeFile: plan.buildSecret.source.startsWith('$HOME/') ? `\${HOME}/${plan.buildSecret.source.slice('$HOME/'.length)}` : `./${plan.buildSecret.source}`,
    },
    secretFlags: flags.join(' / '),
    ciFile,
    gitlabInclude: answers.ci === 'gitlab',
    required: Object.hasOwn(plan, 'requiredEnvironment') ? (plan.requiredEnvironment ?? []) : [],
  };
}
