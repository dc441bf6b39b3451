/** What static's templates receive (docs/template-facts.md): entries of TemplateData, declared here so shared code names no stack. */
import type { NginxConfFacts, StaticDockerfileFacts } from './profile.js';

// DockerfileData and QuoteHelpers are the augmented module's own names.
declare module '../../lib/template-data.js' {
  interface TemplateData {
    'static/Dockerfile.ejs': DockerfileData<StaticDockerfileFacts>;
    'static/nginx.conf.ejs': { f: NginxConfFacts; serviceName: string; q: QuoteHelpers };
  }
}
