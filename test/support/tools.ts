/**
 * System tools the tests spawn. The mocha setup (test/support/setup.ts) installs them before the
 * first test; a test that still finds one missing fails with the way to install it, never with
 * a bare ENOENT.
 */
import { spawnSync } from 'node:child_process';

/** Debian package that provides each tool the tests spawn. */
const PACKAGE_OF: Record<string, string> = {
  shellcheck: 'shellcheck',
  tmux: 'tmux',
  debootstrap: 'debootstrap',
  'docker-compose': 'docker-compose',
  dockerd: 'docker.io',
};

const present = new Map<string, boolean>();

/** Throws an error naming the install command unless `tool` runs (`tool -V`/`--version`). */
export function requireTool(tool: string): string {
  if (!present.has(tool)) {
    const r = spawnSync(tool, [tool === 'tmux' ? '-V' : '--version'], { stdio: 'ignore' });
    present.set(tool, !r.error);
  }
  if (!present.get(tool)) {
    const pkg = PACKAGE_OF[tool] ?? tool;
    throw new Error(
      `${tool} is not installed: run \`bash scripts/engine.sh packages\` (as root; it runs apt-get install ${pkg}), which the tests' setup step does unless TEST_SETUP=skip`,
    );
  }
  return tool;
}
