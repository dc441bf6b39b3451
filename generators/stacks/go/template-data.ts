/** What go's templates receive (docs/template-facts.md): entries of TemplateData, declared here so shared code names no stack. */
import type { GoDockerfileFacts } from './profile.js';

// DockerfileData and QuoteHelpers are the augmented module's own names.
declare module '../../lib/template-data.js' {
  interface TemplateData {
    'go/Dockerfile.ejs': DockerfileData<GoDockerfileFacts>;
  }
}
