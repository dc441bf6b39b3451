/** Go's build secret: a .netrc for private module hosts (generators/lib/secrets.ts has the shared parts). */
import type { BuildSecret, Detected } from '../../lib/stack.js';

/** Go: nothing in go.mod says a module is private; off unless asked. */
export function detectGoNetrcSecret(): Detected<string> {
  return { value: 'no', source: 'default (pass --netrc-secret yes for private modules)' };
}

export const GO_NETRC_SECRET: BuildSecret = {
  id: 'netrc',
  target: '/root/.netrc',
  source: '$HOME/.netrc',
  what: 'a .netrc with the credentials for private module hosts (`machine github.com login USER password TOKEN`); pass `--build-arg GOPRIVATE=github.com/your-org/*` too',
  flag: '--netrc-secret',
};
