/** What dotnet's templates receive (docs/template-facts.md): entries of TemplateData, declared here so shared code names no stack. */
import type { DotnetDockerfileFacts } from './profile.js';

// DockerfileData and QuoteHelpers are the augmented module's own names.
declare module '../../lib/template-data.js' {
  interface TemplateData {
    'dotnet/Dockerfile.ejs': DockerfileData<DotnetDockerfileFacts>;
  }
}
