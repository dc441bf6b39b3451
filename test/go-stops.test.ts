/**
 * Go: the unclear cases stop the real generator (yeoman-test) under --yes, naming what was read,
 * what is allowed and the flag; nothing is written. Interactive runs ask instead, with no default.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { GENERATOR_PATH, makeProject } from './support/project.js';

const OUTPUTS = ['Dockerfile', '.dockerignore', 'compose.yaml', '.yo-rc.json', 'README.Docker.md', '.github/workflows/docker.yml'];
const GOMOD = 'module example.com/shop\n\ngo 1.26\n';

const run = (dir: string, options: Record<string, unknown>) =>
  helpers
    .run(GENERATOR_PATH, { namespace: 'docker-prod:app' })
    .cd(dir)
    .withOptions({ force: false, ...options } as never);

async function refused(dir: string, pattern: RegExp, options: Record<string, unknown> = {}): Promise<void> {
  await assert.rejects(run(dir, { yes: true, ...options }), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'UndetectedValueError', error.stack);
    assert.match(error.message, pattern);
    return true;
  });
  for (const file of OUTPUTS) assert.ok(!fs.existsSync(path.join(dir, file)), `${file} was written`);
}

describe('Go: unclear cases stop under --yes (yeoman-test)', function () {
  this.timeout(60_000);

  it('no port in the main package or the module packages it imports: names the files, what is allowed and --port', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'app/main.go': 'package main\nimport "example.com/shop/internal/web"\nfunc main() { web.Serve(os.Getenv("ADDR")) }\n',
      'internal/web/web.go': 'package web\nfunc Serve(addr string) { http.ListenAndServe(addr, nil) }\n',
    });
    await refused(
      dir,
      /^no port found in the files the main package compiles \(app\/main\.go, internal\/web\/web\.go\); looked for .*; pass --port: a whole number from 1024 to 65535 .*\(nothing was written\)$/,
    );
    await run(dir, { yes: true, port: '9000' });
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^EXPOSE 9000$/m);
  });

  it('interactive: asks the port with no default (an empty answer is refused, not 8080)', async () => {
    const dir = makeProject({ 'go.mod': GOMOD, 'main.go': 'package main\nfunc main() { http.ListenAndServe(os.Getenv("ADDR"), nil) }\n' });
    const result = await run(dir, {}).withAnswers({ port: '9100' });
    assert.deepEqual(
      result.askedQuestions.find((q) => q.name === 'port'),
      { name: 'port', answer: '9100' },
    );
    assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^EXPOSE 9100$/m);
    const unanswered = makeProject({ 'go.mod': GOMOD, 'main.go': 'package main\nfunc main() { http.ListenAndServe(os.Getenv("ADDR"), nil) }\n' });
    await assert.rejects(run(unanswered, {}), /--port: "" is not allowed/);
  });

  it('build tags allowing several builds: names the files, their //go:build lines and --build-tags', async () => {
    const dir = makeProject({
      'go.mod': GOMOD,
      'main_prod.go': '//go:build prod\n\npackage main\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      'main_dev.go': '//go:build dev\n\npackage main\nfunc main() { http.ListenAndServe(":3000", nil) }\n',
    });
    await refused(
      dir,
      /^the main package builds only with build tags, and they allow several builds \(dev or prod\): main_dev\.go \(\/\/go:build dev\), main_prod\.go \(\/\/go:build prod\) \(read main_dev\.go, main_prod\.go\); pass --build-tags \(nothing was written\)$/,
    );
    await run(dir, { yes: true, 'build-tags': 'prod' });
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, / -tags prod /);
    assert.match(dockerfile, /^EXPOSE 8080$/m);
  });
});
