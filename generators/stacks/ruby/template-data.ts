/** What ruby's templates receive (docs/template-facts.md): entries of TemplateData, declared here so shared code names no stack. */
import type { RubyDockerfileFacts } from './profile.js';

// DockerfileData and QuoteHelpers are the augmented module's own names.
declare module '../../lib/template-data.js' {
  interface TemplateData {
    'ruby/Dockerfile.ejs': DockerfileData<RubyDockerfileFacts>;
  }
}
