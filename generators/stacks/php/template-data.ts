/** What php's templates receive (docs/template-facts.md): entries of TemplateData, declared here so shared code names no stack. */
import type { ApacheConfFacts, PhpDockerfileFacts } from './profile.js';

// DockerfileData and QuoteHelpers are the augmented module's own names.
declare module '../../lib/template-data.js' {
  interface TemplateData {
    'php/Dockerfile.ejs': DockerfileData<PhpDockerfileFacts>;
    'php/apache.conf.ejs': { f: ApacheConfFacts; serviceName: string; q: QuoteHelpers };
  }
}
