/**
 * What each template receives, by template path (relative to templates/): the source of
 * docs/template-facts.md (`npm run docs:facts` reads these types with the TypeScript compiler;
 * a test fails when the document is stale, and another checks that renderFiles passes exactly
 * these names to each template). Every template also gets the quoting helpers as `q`.
 */
import type { CiFacts } from './ci.js';
import type { ReadmeFacts } from './docs.js';
import type { ComposeFacts, RuntimeFacts, ServicesReadmeFacts } from './render.js';
import type { ComposeService } from './services/index.js';
import type { IgnoreGroup } from './ignore.js';
import type { RuntimeStageFacts, TemplateContext } from './stack.js';
import type { QUOTE_HELPERS } from './templates.js';
import type { BunDockerfileFacts } from '../stacks/bun/profile.js';
import type { DenoDockerfileFacts } from '../stacks/deno/profile.js';
import type { DotnetDockerfileFacts } from '../stacks/dotnet/profile.js';
import type { GoDockerfileFacts } from '../stacks/go/profile.js';
import type { JavaDockerfileFacts } from '../stacks/java/profile.js';
import type { NodeDockerfileFacts } from '../stacks/node/profile.js';
import type { ApacheConfFacts, PhpDockerfileFacts } from '../stacks/php/profile.js';
import type { PythonDockerfileFacts } from '../stacks/python/profile.js';
import type { RustDockerfileFacts } from '../stacks/rust/profile.js';
import type { RubyDockerfileFacts } from '../stacks/ruby/profile.js';
import type { NginxConfFacts, StaticDockerfileFacts } from '../stacks/static/profile.js';

/** Quoting helpers (generators/lib/quote.ts): every value a template prints is already quoted; these are for new values an override builds. */
export type QuoteHelpers = typeof QUOTE_HELPERS;

export interface TemplateData {
  'node/Dockerfile.ejs': { rt: RuntimeFacts; df: NodeDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'python/Dockerfile.ejs': { rt: RuntimeFacts; df: PythonDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'go/Dockerfile.ejs': { rt: RuntimeFacts; df: GoDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'java/Dockerfile.ejs': { rt: RuntimeFacts; df: JavaDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'static/Dockerfile.ejs': { rt: RuntimeFacts; df: StaticDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'dotnet/Dockerfile.ejs': { rt: RuntimeFacts; df: DotnetDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'ruby/Dockerfile.ejs': { rt: RuntimeFacts; df: RubyDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'php/Dockerfile.ejs': { rt: RuntimeFacts; df: PhpDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'php/apache.conf.ejs': { f: ApacheConfFacts; serviceName: string; q: QuoteHelpers };
  'rust/Dockerfile.ejs': { rt: RuntimeFacts; df: RustDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'bun/Dockerfile.ejs': { rt: RuntimeFacts; df: BunDockerfileFacts; serviceName: string; q: QuoteHelpers };
  'deno/Dockerfile.ejs': { rt: RuntimeFacts; df: DenoDockerfileFacts; serviceName: string; q: QuoteHelpers };
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
  /** Included by the node, python, go, java, dotnet, ruby, rust, bun and deno Dockerfiles when the image runs tini (their data, `rt.init` set). */
  'common/tini-stage.ejs': { rt: RuntimeFacts; df: Record<string, unknown>; serviceName: string; q: QuoteHelpers };
  'static/nginx.conf.ejs': { f: NginxConfFacts; serviceName: string; q: QuoteHelpers };
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
