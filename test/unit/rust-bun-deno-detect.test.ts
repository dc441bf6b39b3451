import assert from 'node:assert/strict';
import { ProjectError } from '../../generators/lib/errors.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { sniffStack } from '../../generators/stacks/index.js';
import { detectRustVersion, findBinaries, parseCargoToml } from '../../generators/stacks/rust/detect.js';
import { detectRustHealthPath } from '../../generators/stacks/rust/health.js';
import { rustStartCommandProblem } from '../../generators/stacks/rust/profile.js';
import { rustServices } from '../../generators/stacks/rust/services.js';
import { bunStartCommandProblem } from '../../generators/stacks/bun/profile.js';
import { entryOfBunScript } from '../../generators/stacks/bun/detect.js';
import { denoRunCommand, denoStartCommandProblem } from '../../generators/stacks/deno/profile.js';
import { envReads, readDenoConfig } from '../../generators/stacks/deno/detect.js';
import { makeProject } from '../support/project.js';
import { generate } from '../support/generate.js';

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';
const MAIN_RS = 'fn main() {}\n';

describe('Rust detection', () => {
  it('reads Cargo.toml with smol-toml: dependencies (renamed ones by their real crate), [[bin]] targets; a [__proto__] table is only a name', () => {
    const facts = parseCargoToml(
      `${CARGO}[dependencies]\nweb = { package = "axum", version = "0.8" }\ntokio = "1"\n[[bin]]\nname = "api"\npath = "src/api.rs"\n[__proto__]\npolluted = true\n`,
    );
    assert.deepEqual(facts.dependencies.sort(), ['axum', 'tokio']);
    assert.deepEqual(facts.bins, [{ name: 'api', path: 'src/api.rs' }]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses Cargo.toml that is not TOML, naming the file', () => {
    assert.throws(
      () => parseCargoToml('[package\nname = "x"'),
      (e: unknown) => e instanceof ProjectError && /Cargo\.toml is not valid TOML/.test(e.message),
    );
  });

  it('finds src/main.rs and src/bin/* targets; with several, --yes stops and names --cargo-bin and the candidates', async () => {
    const dir = makeProject({ 'Cargo.toml': CARGO, 'src/main.rs': MAIN_RS, 'src/bin/worker.rs': MAIN_RS });
    assert.deepEqual(findBinaries(dir), ['svc', 'worker']);
    await assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), /svc, worker.*--cargo-bin/);
    const { files } = await generate(dir, { cargoBin: 'worker', startCommand: '/app/worker', port: '8080' });
    const dockerfile = files.find((f) => f.path === 'Dockerfile')!.content;
    assert.match(dockerfile, /cargo build --release --bin worker \\\n    && mkdir \/out \\\n    && cp target\/release\/worker \/out\/worker/);
    await assert.rejects(
      resolveAnswers({ dir, flags: { cargoBin: 'nope' }, stored: {} }),
      /--cargo-bin: "nope" is not allowed: a binary target of this package: svc, worker/,
    );
  });

  it('takes the Rust version from rust-toolchain.toml or rust-toolchain; a channel name falls back to the default', () => {
    assert.equal(detectRustVersion(makeProject({ 'rust-toolchain.toml': '[toolchain]\nchannel = "1.88.0"\n' })).value, '1.88.0');
    assert.equal(detectRustVersion(makeProject({ 'rust-toolchain': '1.90\n' })).value, '1.90');
    assert.match(detectRustVersion(makeProject({ 'rust-toolchain.toml': '[toolchain]\nchannel = "nightly"\n' })).source, /names no release/);
  });

  it('finds axum, actix-web and match-arm health routes, not those in comments', () => {
    const dir = makeProject({
      'Cargo.toml': CARGO,
      'src/main.rs': '// .route("/healthz", get(x))\nfn main() { let r = Router::new().route("/api/health", get(h)); }\n',
    });
    assert.equal(detectRustHealthPath(dir).value, '/api/health');
    const actix = makeProject({ 'Cargo.toml': CARGO, 'src/main.rs': '#[get("/ready")]\nasync fn ready() {}\n' });
    assert.equal(detectRustHealthPath(actix).value, '/ready');
  });

  it('backing services from crates, environment reads from env::var', () => {
    const dir = makeProject({
      'Cargo.toml': `${CARGO}[dependencies]\ntokio-postgres = "0.7"\nredis = "0.27"\nsqlx = "0.8"\n`,
      'src/main.rs': 'fn main() { let _ = std::env::var("DATABASE_URL"); }\n',
    });
    const facts = rustServices(dir);
    assert.deepEqual(facts.evidence.map((e) => e.service).sort(), ['postgres', 'redis']);
    assert.deepEqual(
      facts.envReads.map((e) => e.name),
      ['DATABASE_URL'],
    );
    assert.equal(facts.migrations[0]?.tool, 'sqlx');
  });

  it('runs the compiled binary only', () => {
    assert.equal(rustStartCommandProblem(['/app/svc', '--flag']), undefined);
    assert.match(rustStartCommandProblem(['cargo', 'run'])!, /not cargo/);
    assert.match(rustStartCommandProblem(['/bin/sh', '-c', 'x'])!, /\/app\/<name>/);
  });
});

describe('Bun detection', () => {
  it('Bun as runtime wins over node; bun as a package manager of a Node.js app stays node', () => {
    const pkg = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts });
    const bunApp = makeProject({ 'package.json': pkg({ start: 'bun run index.ts' }), 'bun.lock': '{}', 'index.ts': 'export {}\n' });
    assert.equal(sniffStack(bunApp)?.stack.id, 'bun');
    const serveApp = makeProject({ 'package.json': pkg({}), 'bun.lockb': '', 'index.ts': 'Bun.serve({ fetch() { return new Response("x") } })\n' });
    assert.equal(sniffStack(serveApp)?.stack.id, 'bun');
    const nodeApp = makeProject({
      'package.json': pkg({ start: 'node index.js' }),
      'bun.lock': '{}',
      'index.js': 'require("http").createServer().listen(3000)\n',
    });
    assert.equal(sniffStack(nodeApp)?.stack.id, 'node');
  });

  it('never runs a Bun app with node or through a script wrapper', () => {
    assert.equal(entryOfBunScript('bun run --smol ./src/server.ts'), 'src/server.ts');
    assert.equal(bunStartCommandProblem(['bun', 'index.ts']), undefined);
    assert.match(bunStartCommandProblem(['node', 'index.js'])!, /never run with node/);
    assert.match(bunStartCommandProblem(['npm', 'start'])!, /wrapper/);
  });
});

describe('Deno detection', () => {
  it('reads deno.jsonc with comments; refuses a broken one naming the file', () => {
    const dir = makeProject({ 'deno.jsonc': '// config\n{ "tasks": { "start": { "command": "deno run -A src/app.ts" } }, "imports": { "x": "npm:x@1" }, }\n' });
    assert.deepEqual(readDenoConfig(dir), { file: 'deno.jsonc', startTask: 'deno run -A src/app.ts', buildTask: undefined, remoteImports: 1 });
    assert.throws(() => readDenoConfig(makeProject({ 'deno.json': '{ "tasks": ' })), /deno\.json cannot be read/);
  });

  it('grants only the port and the variables the code reads', () => {
    const dir = makeProject({ 'deno.json': '{}', 'main.ts': 'Deno.env.get("API_KEY"); Deno.env.get("bad name");\n' });
    assert.deepEqual(envReads(dir), ['API_KEY']);
    assert.deepEqual(denoRunCommand('main.ts', 8000, ['API_KEY']), [
      'deno',
      'run',
      '--frozen',
      '--cached-only',
      '--allow-net=:8000',
      '--allow-env=API_KEY,PORT',
      'main.ts',
    ]);
    assert.match(denoStartCommandProblem(['deno', 'task', 'start'])!, /not a task/);
  });
});
