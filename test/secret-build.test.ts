/**
 * Build secrets in the real engine: node-express-npm generated with `--npm-token-secret yes` is
 * built with `--secret id=npmrc,src=<file>` holding a unique marker token, and the marker must be
 * in no layer of the image (`docker history --no-trunc`, every layer tar of `docker save`,
 * `docker inspect`). The secret file also sets `loglevel=http`, so npm's HTTP log lines in the
 * install step prove the secret was really mounted and read (the check is not vacuous), and a
 * string the image does contain (the app's package name) must be found by the same layer scan.
 * Builds one image, then removes it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderFiles } from '../generators/lib/render.js';
import { resolveAnswers } from '../generators/lib/resolve.js';
import { docker, ensureEngine, nodeMajor, removeImage } from './support/docker.js';
import { copyFixture } from './support/project.js';

/** Every layer tar of `docker save <tag>`, as raw bytes, by its path in the saved archive. */
function savedLayers(tag: string, work: string): Map<string, Buffer> {
  const archive = path.join(work, 'image.tar');
  docker(['save', '--output', archive, tag]);
  const unpacked = path.join(work, 'saved');
  fs.mkdirSync(unpacked);
  // Node has no tar reader: the system tar unpacks the archive; the layers stay tars, read raw.
  const r = spawnSync('tar', ['-xf', archive, '-C', unpacked], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -xf ${archive} failed: ${r.stderr}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  const layers = new Map<string, Buffer>();
  for (const layer of manifest[0]!.Layers) layers.set(layer, fs.readFileSync(path.join(unpacked, layer)));
  return layers;
}

/** Names of the files in a layer tar (to show that no .npmrc was written into any layer). */
function layerFiles(layer: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= layer.length;) {
    const header = layer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    names.push(prefix ? `${prefix}/${name}` : name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('build secret in the real engine: absent from every layer', function () {
  this.timeout(15 * 60_000);
  const tag = `docker-prod-secret-test:${randomBytes(4).toString('hex')}`;
  let work = '';

  before(() => {
    ensureEngine({ quiet: true });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-build-'));
  });
  after(() => {
    removeImage(tag);
    removeImage(`${tag}-prod-deps`);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('node-express-npm --npm-token-secret yes: built with the secret, the marker is in no layer, history or config', async () => {
    const dir = copyFixture('node-express-npm');
    const resolution = await resolveAnswers({ dir, flags: { npmTokenSecret: 'yes', runtimeVersion: String(nodeMajor()) }, stored: {} });
    const files = renderFiles(resolution.answers, resolution.profile, dir);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.content);
    }
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /--mount=type=secret,id=npmrc,target=\/root\/\.npmrc/);

    // The secret lives outside the build context. The token line is for the registry the
    // stand-in installs from (harmless for public packages); loglevel=http makes npm's use of
    // this file visible in the build log. The stand-in's own /usr/local/etc/npmrc (cafile) still applies.
    const marker = `MARKER${randomBytes(12).toString('hex')}`;
    const secretFile = path.join(work, 'npmrc');
    fs.writeFileSync(secretFile, `//registry.npmjs.org/:_authToken=${marker}\nloglevel=http\n`);

    const build = docker(['build', '--network', 'host', '--progress=plain', '--no-cache', '--secret', `id=npmrc,src=${secretFile}`, '-t', tag, '.'], {
      cwd: dir,
    });
    const log = `${build.stdout}${build.stderr}`;
    const installLines = log.split('\n').filter((l) => /npm http (fetch|cache)/.test(l));
    assert.ok(installLines.length > 0, 'npm logged HTTP requests: it read loglevel=http from the mounted secret');

    // The final image, and the stage the install ran in (prod-deps: same build, all cached),
    // whose own layers are where a leaked secret would land first.
    docker(
      ['build', '--network', 'host', '--progress=plain', '--secret', `id=npmrc,src=${secretFile}`, '--target', 'prod-deps', '-t', `${tag}-prod-deps`, '.'],
      { cwd: dir },
    );
    const appName = Buffer.from('"name": "@acme/express-api"');
    console.log(`      secret marker: ${marker} (in the secret file only)`);
    console.log(
      `      install step read the secret: ${installLines.length} "npm http" log lines, e.g. ${installLines[0]!.replace(/^#\d+ [\d.]+ /, '').slice(0, 90)}`,
    );
    for (const image of [tag, `${tag}-prod-deps`]) {
      const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]).stdout;
      const inspect = docker(['image', 'inspect', image]).stdout;
      const layers = savedLayers(image, fs.mkdtempSync(path.join(work, 'save-')));
      const rows = [...layers].map(([name, bytes]) => ({
        layer: name.split('/')[0]!.slice(0, 12),
        bytes: bytes.length,
        marker: bytes.includes(Buffer.from(marker)),
        npmrcFiles: layerFiles(bytes).filter((f) => /(^|\/)\.npmrc$/.test(f)),
        appName: bytes.includes(appName),
      }));
      console.log(`      image ${image}`);
      console.log(`        docker history --no-trunc: ${history.trim().split('\n').length} entries, marker found: ${history.includes(marker)}`);
      for (const line of history.split('\n').filter((l) => l.includes('npm ci'))) console.log(`          ${line.slice(0, 110)}`);
      console.log(`        docker image inspect: ${inspect.length} bytes, marker found: ${inspect.includes(marker)}`);
      console.log(`        docker save: ${layers.size} layers, ${rows.reduce((n, r) => n + r.bytes, 0)} bytes scanned`);
      for (const r of rows)
        console.log(
          `          layer ${r.layer} ${String(r.bytes).padStart(10)} bytes  marker: ${r.marker}  .npmrc files: ${r.npmrcFiles.length}  control (package name): ${r.appName}`,
        );

      assert.ok(!history.includes(marker), `${image}: docker history has no marker`);
      assert.ok(!inspect.includes(marker), `${image}: docker inspect has no marker`);
      assert.deepEqual(
        rows.filter((r) => r.marker),
        [],
        `${image}: no layer holds the marker`,
      );
      assert.deepEqual(
        rows.flatMap((r) => r.npmrcFiles),
        [],
        `${image}: no layer has an .npmrc`,
      );
      assert.ok(
        rows.some((r) => r.appName),
        `${image}: control: the same scan finds a string the image does contain`,
      );
    }
  });

  it('bun-serve-hono with a bunfig.toml holding a registry token: the file stays out of the context, the install reads it as the secret, the token is in no layer', async () => {
    const dir = copyFixture('bun-serve-hono');
    const marker = `MARKER${randomBytes(12).toString('hex')}`;
    // A token for a scope the app does not use (the public install is unaffected), and a cache
    // folder the install writes only when it read this file: the proof the secret was mounted.
    const proofCache = '/tmp/bunfig-secret-proof-cache';
    const bunfig = `[install]\nexact = true\n\n[install.cache]\ndir = "${proofCache}"\n\n[install.scopes]\n"@acme" = { token = "${marker}", url = "https://npm.acme.example/" }\n`;
    fs.writeFileSync(path.join(dir, 'bunfig.toml'), bunfig);
    const resolution = await resolveAnswers({ dir, flags: {}, stored: {} });
    assert.equal(resolution.answers.stack.npmTokenSecret, 'yes', 'on by default: bunfig.toml holds a token');
    const files = renderFiles(resolution.answers, resolution.profile, dir);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.content);
    }
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /--mount=type=secret,id=bunfig,target=\/root\/\.bunfig\.toml/);
    assert.doesNotMatch(dockerfile, /^COPY .*bunfig\.toml/m, 'never copied');
    assert.match(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'), /^bunfig\.toml$/m, 'kept out of the build context');

    const bunTag = `${tag}-bun`;
    const secret = ['--secret', `id=bunfig,src=${path.join(dir, 'bunfig.toml')}`];
    try {
      docker(['build', '--network', 'host', '--progress=plain', '--no-cache', ...secret, '-t', bunTag, '.'], { cwd: dir });
      docker(['build', '--network', 'host', '--progress=plain', ...secret, '--target', 'deps', '-t', `${bunTag}-deps`, '.'], { cwd: dir });
      const cached = docker(['run', '--rm', '--entrypoint', 'ls', `${bunTag}-deps`, proofCache], { allowFail: true });
      console.log(
        `      install read the secret bunfig.toml: ${proofCache} holds ${cached.stdout.trim().split('\n').filter(Boolean).length} entries in the deps stage`,
      );
      assert.equal(cached.code, 0, `the install used the cache folder the secret bunfig.toml names (${cached.stderr.trim()})`);
      assert.ok(cached.stdout.trim().length > 0, 'the cache folder from the secret bunfig.toml is not empty');
      const appName = Buffer.from('"name": "bun-serve-hono"');
      for (const image of [bunTag, `${bunTag}-deps`]) {
        const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]).stdout;
        const inspect = docker(['image', 'inspect', image]).stdout;
        const layers = savedLayers(image, fs.mkdtempSync(path.join(work, 'save-')));
        const withMarker = [...layers].filter(([, bytes]) => bytes.includes(Buffer.from(marker))).map(([name]) => name);
        const bunfigFiles = [...layers.values()].flatMap((bytes) => layerFiles(bytes).filter((f) => /(^|\/)\.?bunfig\.toml$/.test(f)));
        console.log(`      image ${image}: ${layers.size} layers scanned, marker in ${withMarker.length}, bunfig.toml files: ${bunfigFiles.length}`);
        assert.ok(!history.includes(marker) && !inspect.includes(marker), `${image}: no marker in history or config`);
        assert.deepEqual(withMarker, [], `${image}: no layer holds the marker`);
        assert.deepEqual(bunfigFiles, [], `${image}: no layer has a bunfig.toml`);
        assert.ok(
          [...layers.values()].some((bytes) => bytes.includes(appName)),
          `${image}: control: the same scan finds a string the image does contain`,
        );
      }
    } finally {
      removeImage(bunTag);
      removeImage(`${bunTag}-deps`);
    }
  });
});
