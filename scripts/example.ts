/**
 * `npm run example`: runs the generator, exactly as `yo docker-prod --yes` would, on a temporary
 * copy of a bundled example app (default: test/fixtures/node-ts-pnpm; pass another fixture name
 * to try that one), then prints where the files are and what they say.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = process.argv[2] ?? 'node-ts-pnpm';
const source = path.join(root, 'test/fixtures', fixture);
if (!fs.existsSync(source)) {
  console.error(`no example app named ${fixture}; choose one of: ${fs.readdirSync(path.join(root, 'test/fixtures')).join(', ')}`);
  process.exit(2);
}
const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docker-prod-example-')), fixture);
fs.cpSync(source, target, { recursive: true });

const env = createEnv({ cwd: target });
env.register(path.join(root, 'dist/generators/app/index.js'), { namespace: 'docker-prod:app' });
await env.run(['docker-prod:app', '--yes', ...process.argv.slice(3)]);

for (const file of ['Dockerfile', '.dockerignore', 'compose.yaml']) {
  console.log(`\n----- ${path.join(target, file)}\n${fs.readFileSync(path.join(target, file), 'utf8')}`);
}
console.log(`Example app with generated files: ${target}`);
console.log(`Try it (needs a Docker engine): cd ${target} && docker compose up --build`);
