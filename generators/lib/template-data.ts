/**
 * What each template receives, by template path (relative to templates/): the source of
 * docs/template-facts.md (`npm run docs:facts` reads these types with the TypeScript compiler;
 * a test fails when the document is stale, and another checks that renderFiles passes exactly
 * these names to each template). Every template also gets the quoting helpers as `q`. Each stack
 * declares its own templates' entries in its folder (generators/stacks/<id>/template-data.ts).
 */
import type { CiFacts } from './ci.js';
import type { ReadmeFacts } from './docs.js';
import type { ComposeFacts, RuntimeFacts, ServicesReadmeFacts } from './render.js';
import type { ComposeService } from './services/index.js';
import type { IgnoreGroup } from './ignore.js';
import type { RuntimeStageFacts, TemplateContext } from './stack.js';
import type { QUOTE_HELPERS } from './templates.js';

/** Quoting helpers (generators/lib/quote.ts): every value a template prints is already quoted; these are for new values an override builds. */
export type QuoteHelpers = typeof QUOTE_HELPERS;

/** What a stack's Dockerfile template receives: the shared runtime facts and the stack's own (`df`). */
export interface DockerfileData<Facts extends RuntimeStageFacts> {
  rt: RuntimeFacts;
  df: Facts;
  serviceName: string;
  q: QuoteHelpers;
}

/**
 * Shared templates only; each stack adds its own templates' entries from its own folder
 * (`generators/stacks/<id>/template-data.ts`) by module augmentation:
 * `declare module '../../lib/template-data.js' { interface TemplateData { '<id>/Dockerfile.ejs': DockerfileData<...> } }`.
 */
export interface TemplateData {
  /** Included at the end of every stack's Dockerfile (its data): USER, EXPOSE, HEALTHCHECK, ENTRYPOINT or STOPSIGNAL, CMD. */
  'common/runtime-tail.ejs': { rt: RuntimeFacts; df: RuntimeStageFacts; serviceName: string; q: QuoteHelpers };
  /**
   * Included by the Dockerfiles for each dependency install step (their data plus `run`): the
   * build secret's comment and mount when `df.secretMount` is set, the cache mount, the command.
   */
  'common/install-run.ejs': {
    rt: RuntimeFacts;
    df: RuntimeStageFacts & { secretMount: string | undefined; secretId: string | undefined };
    run: { credentials: string; cacheMount: string; command: string };
    serviceName: string;
    q: QuoteHelpers;
  };
  /** Included by the Dockerfiles of the stacks whose image runs tini (their data, `rt.init` set). */
  'common/tini-stage.ejs': { rt: RuntimeFacts; df: Record<string, unknown>; serviceName: string; q: QuoteHelpers };
  'common/dockerignore.ejs': {
    /** The lines every stack shares (generators/lib/ignore.ts: secrets at any depth, VCS, editors). */
    common: IgnoreGroup[];
    ignore: TemplateContext['dockerignore'];
    serviceName: string;
    q: QuoteHelpers;
  };
  'common/compose.yaml.ejs': { c: ComposeFacts; q: QuoteHelpers };
  /** Included by compose.yaml.ejs twice (the backing services before and after the app, in name order): its data plus `services`. */
  'common/compose-services.yaml.ejs': { c: ComposeFacts; q: QuoteHelpers; services: ComposeService[] };
  'common/ci/github-workflow.yml.ejs': { f: CiFacts; q: QuoteHelpers };
  'common/ci/gitlab-ci.yml.ejs': { f: CiFacts; q: QuoteHelpers };
  'common/ci/trivyignore.ejs': { f: { serviceName: string }; q: QuoteHelpers };
  'common/ci/hadolint.yaml.ejs': {
    f: {
      serviceName: string;
      /** Registries hadolint trusts: those of the base images the Dockerfile pulls. */
      registries: string[];
    };
    q: QuoteHelpers;
  };
  'common/README.Docker.md.ejs': {
    f: ReadmeFacts;
    /** The backing services (`--services`), when there are any. */
    services: ServicesReadmeFacts | undefined;
    q: QuoteHelpers;
  };
  /** Included by README.Docker.md.ejs when there are backing services: its data plus `s` (the same services facts). */
  'common/README.services.md.ejs': { f: ReadmeFacts; services: ServicesReadmeFacts | undefined; s: ServicesReadmeFacts; q: QuoteHelpers };
}
