/** Unit tests for the Node.js stack's environment modules (cache mounts, .npmrc, env files, hosts, required configuration, workspaces). */
import assert from 'node:assert/strict';
import { cacheMountFor, cacheMountOption } from '../../generators/stacks/node/cache-mounts.js';

describe('Node.js cache mounts', () => {
  it('Yarn classic, Yarn 2+ and Bun lock their cache; npm and pnpm share theirs', () => {
    assert.equal(cacheMountOption(cacheMountFor({ name: 'yarn', berry: false })), '--mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn,sharing=locked');
    assert.equal(cacheMountFor({ name: 'yarn', berry: true }).sharing, 'locked');
    assert.equal(cacheMountFor({ name: 'bun', berry: false }).sharing, 'locked');
    assert.equal(cacheMountOption(cacheMountFor({ name: 'npm', berry: false })), '--mount=type=cache,target=/root/.npm');
    assert.equal(cacheMountOption(cacheMountFor({ name: 'pnpm', berry: false })), '--mount=type=cache,id=pnpm-store,target=/pnpm/store');
  });
});
