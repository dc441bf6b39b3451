/**
 * A person at a real terminal: `yo docker-prod` in tmux, driven with send-keys (arrows, typing,
 * Enter to accept defaults) and read with capture-pane. Asserts what was shown and what was written.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { requireTool } from './support/tools.js';
import fs from 'node:fs';
import path from 'node:path';
import { handOver, installCli, yoCommand, type InstalledCli } from './support/cli.js';
import { ensureEngine } from './support/docker.js';
import { copyFixture, tempDir } from './support/project.js';
import { NODE_LTS_MAJOR } from '../generators/stacks/node/detect.js';

const shellQuote = (word: string) => `'${word.replaceAll("'", `'"'"'`)}'`;

class Terminal {
  readonly socket = path.join(tempDir('tmux-'), 'sock');
  constructor(command: string[], cwd: string) {
    // The pane stays open after yo exits, so its last screen and exit code can be read.
    const script = `cd ${shellQuote(cwd)} && ${command.map(shellQuote).join(' ')}; echo "YO-EXIT=$?"; sleep 600`;
    this.tmux('new-session', '-d', '-x', '160', '-y', '50', '-s', 'yo', script);
  }
  tmux(...args: string[]): string {
    return execFileSync(requireTool('tmux'), ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'yo');
  }
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'yo', ...keys);
  }
  type(text: string): void {
    this.tmux('send-keys', '-t', 'yo', '-l', text);
  }
  /** Waits until the screen matches (polling), returns the screen. */
  async waitFor(pattern: RegExp, timeoutMs = 30000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
  }
}

describe('yo docker-prod in a real terminal (tmux)', function () {
  this.timeout(5 * 60 * 1000);
  let cli: InstalledCli;

  before(() => {
    ensureEngine({ quiet: true }); // installs tmux along with the engine's Debian packages
    cli = installCli();
  });

  it('asks with detected defaults; arrows, typing and Enter give the answers written', async () => {
    const dir = copyFixture('node-zero-deps');
    handOver(dir);
    const term = new Terminal(yoCommand(cli, [], ['TERM=xterm-256color']), dir);
    try {
      let screen = await term.waitFor(/Language of the app/);
      assert.match(screen, /node/);
      term.keys('Enter'); // the detected language
      screen = await term.waitFor(/Runtime version \(base image tag\)/);
      // engines.node is ">=20": the LTS line, which satisfies it, is the default shown.
      assert.match(screen, new RegExp(`Runtime version \\(base image tag\\) \\(?${NODE_LTS_MAJOR}\\)?`));
      term.keys('Enter');
      screen = await term.waitFor(/Package manager/);
      term.keys('Down', 'Down', 'Enter'); // npm → pnpm → yarn
      screen = await term.waitFor(/Port the app listens on/);
      assert.match(screen, /3000/, 'the detected port is offered');
      term.type('80');
      term.keys('Enter');
      screen = await term.waitFor(/--port: "80" is not allowed: a whole number from 1024 to 65535/);
      term.keys('BSpace', 'BSpace');
      term.type('4321');
      term.keys('Enter');
      await term.waitFor(/Health check path/);
      term.keys('Enter');
      await term.waitFor(/Start command/);
      term.keys('Enter');
      await term.waitFor(/Build command/);
      term.keys('Enter');
      await term.waitFor(/Compose service name/);
      term.keys('Enter');
      screen = await term.waitFor(/CI workflow/);
      assert.match(screen, /github/, 'GitHub Actions is offered first (no CI files in the app)');
      term.keys('Enter');
      await term.waitFor(/Mount npm registry credentials/);
      term.keys('Enter');
      screen = await term.waitFor(/YO-EXIT=\d+/);
      assert.doesNotMatch(screen, /deprecated/, 'no prompt-API deprecation noise');
      assert.match(screen, /YO-EXIT=0/, screen);
      assert.match(screen, /package-manager\s+yarn\s+answered/);
      assert.match(screen, /port\s+4321\s+answered/);
      assert.match(screen, /docker compose up --build/);
    } finally {
      term.close();
    }
    const stored = JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
    assert.equal(stored.packageManager, 'yarn');
    assert.equal(stored.port, '4321');
    assert.equal(stored.healthPath, '/health');
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^EXPOSE 4321$/m);
    assert.match(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), /'0\.0\.0\.0:\$\{HOST_PORT:-4321\}:4321'/);
  });

  it('backing services: a multi-select with the detected ones checked; space adds another', async () => {
    const dir = copyFixture('node-pg-npm');
    handOver(dir);
    const term = new Terminal(yoCommand(cli, [], ['TERM=xterm-256color']), dir);
    try {
      for (const question of [
        /Language of the app/,
        /Runtime version/,
        /Package manager/,
        /Port the app/,
        /Health check path/,
        /Start command/,
        /Build command/,
        /Compose service name/,
        /CI workflow/,
      ]) {
        await term.waitFor(question);
        term.keys('Enter');
      }
      const screen = await term.waitFor(/Backing services to run with compose/);
      assert.match(screen, /◉ postgres/, 'the detected service is checked');
      assert.match(screen, /◯ redis/);
      term.keys('Down', 'Down', 'Down', 'Space', 'Enter'); // postgres → mariadb → mongodb → redis
      await term.waitFor(/Mount npm registry credentials/);
      term.keys('Enter');
      const end = await term.waitFor(/YO-EXIT=\d+/);
      assert.match(end, /YO-EXIT=0/, end);
      assert.match(end, /services\s+postgres,redis\s+answered/);
    } finally {
      term.close();
    }
    const stored = JSON.parse(fs.readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))['generator-docker-prod'];
    assert.equal(stored.services, 'postgres,redis');
    const compose = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    assert.match(compose, /^ {2}postgres:$/m);
    assert.match(compose, /^ {2}redis:$/m);
    assert.match(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\/\.secrets\/$/m);
  });

  it('shows the conflict prompt for an existing different file; declining keeps it, the rest is written', async () => {
    const dir = copyFixture('node-zero-deps');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n# my own\n');
    handOver(dir);
    const term = new Terminal(yoCommand(cli, ['--port', '3000'], ['TERM=xterm-256color']), dir);
    try {
      for (const question of [
        /Language of the app/,
        /Runtime version/,
        /Package manager/,
        /Health check path/,
        /Start command/,
        /Build command/,
        /Compose service name/,
        /CI workflow/,
        /Mount npm registry credentials/,
      ]) {
        await term.waitFor(question);
        term.keys('Enter');
      }
      const screen = await term.waitFor(/Overwrite Dockerfile\?/);
      assert.match(screen, /conflict/i);
      term.type('n');
      term.keys('Enter');
      const end = await term.waitFor(/YO-EXIT=\d+/);
      assert.match(end, /YO-EXIT=0/, end);
    } finally {
      term.close();
    }
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n# my own\n', 'kept');
    assert.ok(fs.existsSync(path.join(dir, 'compose.yaml')) && fs.existsSync(path.join(dir, '.dockerignore')));
  });
});
