/**
 * tsconfig.json's outDir/rootDir (generators/stacks/node/tsconfig.ts): JSONC as `tsc --init`
 * writes it, `"extends"` chains (relative files, installed packages, arrays, `${configDir}`),
 * bounded and kept inside the project; and start scripts that build first (start-command.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildTsConfigFile, MAX_DEPTH, readTsConfigDirs, resolveExtends, tscProjectArg } from '../../generators/stacks/node/tsconfig.js';
import { splitScriptChain } from '../../generators/stacks/node/start-command.js';
import { planStart } from '../../generators/stacks/node/layouts.js';
import { detectBuildCommand, readPackageJson } from '../../generators/stacks/node/detect.js';
import { makeProject, tempDir } from '../support/project.js';

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = makeProject(files);
  made.push(dir);
  return dir;
}

/** What `npx tsc --init --outDir dist --rootDir src` writes with TypeScript 7.0.2 (shortened). */
const TSC_INIT = `{
  // Visit https://aka.ms/tsconfig to read more about this file
  "compilerOptions": {
    // File Layout
    "rootDir": "src",
    "outDir": "dist",

    // Environment Settings
    "module": "nodenext",
    // "lib": ["esnext"],
    // "types": ["node"],
    "strict": true,
    "skipLibCheck": true,
  }
}
`;

/** The same file without the flags: the layout options stay commented out. */
const TSC_INIT_BARE = `{
  "compilerOptions": {
    // File Layout
    // "rootDir": "./src",
    // "outDir": "./dist",
    /* "outDir": "./lib", */
    "module": "nodenext",
  }
}
`;

describe('tsconfig.json outDir/rootDir (JSONC, "extends")', () => {
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a `tsc --init --outDir dist --rootDir src` file; commented-out options do not count', () => {
    assert.deepEqual(
      { outDir: readTsConfigDirs(project({ 'tsconfig.json': TSC_INIT })).outDir, rootDir: readTsConfigDirs(project({ 'tsconfig.json': TSC_INIT })).rootDir },
      { outDir: 'dist', rootDir: 'src' },
    );
    const bare = readTsConfigDirs(project({ 'tsconfig.json': TSC_INIT_BARE }));
    assert.equal(bare.outDir, undefined);
    assert.equal(bare.rootDir, undefined);
    assert.equal(bare.outDirUnknown, undefined, 'nothing unread: no outDir, tsc writes next to the sources');
  });

  it('follows a relative base; the value is relative to the file that sets it', () => {
    const dir = project({
      'tsconfig.json': '{ "extends": "./config/tsconfig.base.json", "include": ["src"] }',
      'config/tsconfig.base.json': '{\n  // shared\n  "compilerOptions": {\n    "outDir": "../build/server",\n    "rootDir": "../src",\n  },\n}\n',
    });
    const ts = readTsConfigDirs(dir);
    assert.equal(ts.outDir, 'build/server');
    assert.equal(ts.rootDir, 'src');
    assert.deepEqual(ts.outDirOrigin, { file: 'config/tsconfig.base.json', field: '"compilerOptions.outDir"', line: 4 });
    assert.deepEqual(ts.files, ['tsconfig.json', 'config/tsconfig.base.json']);
  });

  it('appends .json to a relative base like tsc, and the file overrides its base', () => {
    const dir = project({
      'tsconfig.json': '{ "extends": "./tsconfig.base", "compilerOptions": { "outDir": "out" } }',
      'tsconfig.base.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
    });
    assert.equal(readTsConfigDirs(dir).outDir, 'out');
    assert.equal(readTsConfigDirs(dir).rootDir, 'src');
  });

  it('an array of bases: the later one wins; ${configDir} is the folder of tsconfig.json', () => {
    const dir = project({
      'tsconfig.json': '{ "extends": ["./a.json", "./shared/b.json"] }',
      'a.json': '{ "compilerOptions": { "outDir": "from-a", "rootDir": "src" } }',
      'shared/b.json': '{ "compilerOptions": { "outDir": "${configDir}/dist" } }',
    });
    const ts = readTsConfigDirs(dir);
    assert.equal(ts.outDir, 'dist');
    assert.equal(ts.rootDir, 'src');
  });

  it('a package base is read from node_modules when installed (package.json "tsconfig" field, a subpath, or its tsconfig.json)', () => {
    const dir = project({
      'tsconfig.json': '{ "extends": "@acme/tsconfig" }',
      'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig", "tsconfig": "./node.json" }',
      'node_modules/@acme/tsconfig/node.json': '{ "compilerOptions": { "outDir": "${configDir}/lib", "rootDir": "${configDir}/src" } }',
    });
    assert.equal(readTsConfigDirs(dir).outDir, 'lib');
    assert.equal(readTsConfigDirs(dir).rootDir, 'src');
    const sub = project({
      'tsconfig.json': '{ "extends": "@tsconfig/node22/tsconfig.json", "compilerOptions": { "outDir": "dist" } }',
      'node_modules/@tsconfig/node22/package.json': '{ "name": "@tsconfig/node22" }',
      'node_modules/@tsconfig/node22/tsconfig.json': '{ "compilerOptions": { "module": "nodenext", "rootDir": "${configDir}/src" } }',
    });
    assert.equal(readTsConfigDirs(sub).outDir, 'dist');
    assert.equal(readTsConfigDirs(sub).rootDir, 'src');
    assert.deepEqual(readTsConfigDirs(sub).files, ['tsconfig.json', 'node_modules/@tsconfig/node22/tsconfig.json']);
  });

  it('an outDir a package sets relative to itself lands in node_modules: set aside, never used', () => {
    const dir = project({
      'tsconfig.json': '{ "extends": "shared-tsconfig" }',
      'node_modules/shared-tsconfig/package.json': '{ "name": "shared-tsconfig" }',
      'node_modules/shared-tsconfig/tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
    });
    const ts = readTsConfigDirs(dir);
    assert.equal(ts.outDir, undefined);
    assert.equal(ts.rejectedOutDir?.value, 'dist');
    assert.equal(ts.rejectedOutDir?.origin.file, 'node_modules/shared-tsconfig/tsconfig.json');
  });

  it('a package base that is not installed: its settings are unknown, not guessed, unless a later file sets them', () => {
    const unknown = readTsConfigDirs(project({ 'tsconfig.json': '{ "extends": "@company/tsconfig-node" }' }));
    assert.equal(unknown.outDir, undefined);
    assert.equal(unknown.outDirUnknown, true);
    assert.match(unknown.unreadBases![0]!, /"@company\/tsconfig-node" .*not installed/);
    const known = readTsConfigDirs(
      project({ 'tsconfig.json': '{ "extends": "@tsconfig/node22/tsconfig.json", "compilerOptions": { "outDir": "dist", "rootDir": "src" } }' }),
    );
    assert.equal(known.outDir, 'dist');
    assert.equal(known.outDirUnknown, undefined);
    assert.equal(known.unreadBases?.length, 1, 'still named for the summary');
    // An unread base after the one that set outDir may override it: unknown again.
    const later = readTsConfigDirs(
      project({ 'tsconfig.json': '{ "extends": ["./base.json", "@company/strict"] }', 'base.json': '{ "compilerOptions": { "outDir": "dist" } }' }),
    );
    assert.equal(later.outDir, undefined);
    assert.equal(later.outDirUnknown, true);
  });

  it('bases outside the project, absolute, or with ".." are not read', () => {
    for (const spec of ['../outside.json', '/etc/tsconfig.json', 'C:\\\\x.json', 'pkg/../../../etc/passwd', './a/../../x.json']) {
      const ts = readTsConfigDirs(project({ 'tsconfig.json': `{ "extends": ${JSON.stringify(spec)} }` }));
      assert.equal(ts.outDir, undefined, spec);
      assert.equal(ts.outDirUnknown, true, spec);
      assert.equal(ts.files!.length, 1, spec);
    }
    assert.deepEqual(resolveExtends('/nowhere', 'tsconfig.json', '../x.json'), { unread: '"../x.json" (in tsconfig.json) is outside the project' });
  });

  it('a symbolic link out of the project is not followed (neither a base file nor a node_modules package)', () => {
    const outside = tempDir('tsconfig-outside-');
    made.push(outside);
    fs.writeFileSync(path.join(outside, 'tsconfig.json'), '{ "compilerOptions": { "outDir": "stolen" } }');
    fs.writeFileSync(path.join(outside, 'package.json'), '{ "name": "evil" }');
    const dir = project({ 'tsconfig.json': '{ "extends": ["./base.json", "evil"] }' });
    fs.symlinkSync(path.join(outside, 'tsconfig.json'), path.join(dir, 'base.json'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(outside, path.join(dir, 'node_modules/evil'));
    const ts = readTsConfigDirs(dir);
    assert.equal(ts.outDir, undefined);
    assert.equal(ts.outDirUnknown, true);
    assert.equal(ts.unreadBases!.length, 2);
  });

  it('a loop ends; a chain deeper than the limit stops with the rest unknown', () => {
    const loop = readTsConfigDirs(project({ 'tsconfig.json': '{ "extends": "./a.json" }', 'a.json': '{ "extends": "./tsconfig.json" }' }));
    assert.equal(loop.outDirUnknown, true);
    assert.match(loop.unreadBases![0]!, /loops back/);
    const files: Record<string, string> = { 'tsconfig.json': '{ "extends": "./c1.json" }' };
    for (let i = 1; i <= MAX_DEPTH + 3; i++) files[`c${i}.json`] = `{ "extends": "./c${i + 1}.json" }`;
    files[`c${MAX_DEPTH + 4}.json`] = '{ "compilerOptions": { "outDir": "deep" } }';
    const deep = readTsConfigDirs(project(files));
    assert.equal(deep.outDir, undefined);
    assert.equal(deep.outDirUnknown, true);
    assert.ok(deep.files!.length <= MAX_DEPTH + 1);
    // A base that is a folder, or too large, is not read either (readProjectFile's rules).
    const folder = readTsConfigDirs(project({ 'tsconfig.json': '{ "extends": "./base.json" }', 'base.json/x': '' }));
    assert.equal(folder.outDirUnknown, true);
    const big = readTsConfigDirs(
      project({
        'tsconfig.json': '{ "extends": "./base.json" }',
        'base.json': `{ "compilerOptions": { "outDir": "x" }, "pad": "${'a'.repeat(1024 * 1024 + 10)}" }`,
      }),
    );
    assert.equal(big.outDirUnknown, true);
  });

  it('an outDir of the project folder itself or with ".." from a base is set aside with its file and line', () => {
    const dir = project({ 'tsconfig.json': '{ "extends": "./sub/base.json" }', 'sub/base.json': '{\n "compilerOptions": {\n  "outDir": "../.."\n }\n}' });
    const ts = readTsConfigDirs(dir);
    assert.equal(ts.outDir, undefined);
    assert.equal(ts.rejectedOutDir?.value, '../..');
    assert.deepEqual(ts.rejectedOutDir?.origin, { file: 'sub/base.json', field: '"compilerOptions.outDir"', line: 3 });
    const self = readTsConfigDirs(
      project({ 'tsconfig.json': '{ "extends": "./sub/base.json" }', 'sub/base.json': '{ "compilerOptions": { "outDir": ".." } }' }),
    );
    assert.equal(self.rejectedOutDir?.value, '..');
  });

  it('rootDir "." is kept: tsc then keeps each source folder under outDir', () => {
    const ts = readTsConfigDirs(project({ 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "." } }' }));
    assert.equal(ts.rootDir, '.');
  });
});

describe('start scripts that build first, and TypeScript start commands mapped onto outDir', () => {
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('splits `npm run build:ts && fastify start ...` (fastify-cli --lang=ts) into its build script and the server', () => {
    const scripts = { 'build:ts': 'npm run clean && tsc', clean: 'rm -rf dist', start: '', migrate: 'x', build: 'tsc' };
    assert.deepEqual(splitScriptChain('npm run build:ts && fastify start -l info dist/app.js', scripts), {
      build: 'build:ts',
      command: 'fastify start -l info dist/app.js',
    });
    assert.deepEqual(splitScriptChain('npm run clean && npm run build && node dist/x.js', scripts), { build: 'build', command: 'node dist/x.js' });
    assert.deepEqual(splitScriptChain('yarn build && node dist/x.js', scripts), { build: 'build', command: 'node dist/x.js' });
    assert.equal(splitScriptChain('node dist/x.js', scripts), undefined, 'not a chain');
    assert.equal(splitScriptChain('npm run migrate && node dist/x.js', scripts), undefined, 'a migration needs the running environment');
    assert.equal(splitScriptChain('npm run nope && node dist/x.js', scripts), undefined, 'no such script');
    assert.equal(splitScriptChain('tsc && node dist/x.js', scripts), undefined, 'only scripts are moved to the build stage');
    assert.equal(splitScriptChain('npm run build -- --x && node x.js', scripts), undefined);
    assert.equal(splitScriptChain('npm run build && node "a && b.js', scripts), undefined, 'unbalanced quote');
    assert.deepEqual(splitScriptChain('npm run build && node "a && b.js"', scripts), { build: 'build', command: 'node "a && b.js"' });
  });

  it('fastify-cli --lang=ts: the build stage runs build:ts, the image runs the compiled app with fastify-cli', () => {
    const dir = project({
      'package.json': JSON.stringify({
        name: 'fastify-ts',
        main: 'app.ts',
        scripts: { start: 'npm run build:ts && fastify start -l info dist/app.js', 'build:ts': 'npm run clean && tsc', clean: 'node -e "x"' },
        dependencies: { fastify: '^5.0.0', 'fastify-cli': '^8.0.2' },
        devDependencies: { typescript: '~6.0.2', 'fastify-tsconfig': '^3.0.0' },
      }),
      'tsconfig.json': '{ "extends": "fastify-tsconfig", "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
      'src/app.ts': 'export default {}',
    });
    const pkg = readPackageJson(dir);
    assert.deepEqual(detectBuildCommand(pkg, 'npm').value, ['npm', 'run', 'build:ts']);
    const plan = planStart(dir, pkg);
    assert.deepEqual(plan.detected.value, ['node', 'node_modules/fastify-cli/cli.js', 'start', '-l', 'info', 'dist/app.js']);
    assert.ok(plan.env.includes('FASTIFY_ADDRESS=0.0.0.0'));
  });

  it('`tsx src/server.ts` as the start script, outDir from an extended base: node <outDir>/server.js', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'koa-ts', main: 'index.js', scripts: { build: 'tsc', start: 'tsx src/server.ts' }, dependencies: { koa: '3' } }),
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "include": ["src"] }',
      'tsconfig.base.json':
        '{\n  // Node 22 defaults\n  "extends": "@tsconfig/node22/tsconfig.json",\n  "compilerOptions": { "rootDir": "./src", "outDir": "./dist", },\n}\n',
      'src/server.ts': 'app.listen(3000)',
    });
    assert.deepEqual(planStart(dir, readPackageJson(dir)).detected.value, ['node', 'dist/server.js']);
    // The same app whose base is not readable: no guess, --yes stops and names --start-command.
    fs.rmSync(path.join(dir, 'tsconfig.base.json'));
    const stop = planStart(dir, readPackageJson(dir)).detected;
    assert.deepEqual(stop.value, []);
    assert.match(stop.source, /tsconfig "outDir" \(not known: "tsconfig\.base\.json" \(extended by tsconfig\.json\): it does not exist\)/);
  });
});

describe('the tsconfig the build gives tsc (-p / --project)', () => {
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads tscProjectArg forms', () => {
    assert.equal(tscProjectArg('tsc -p tsconfig.build.json'), 'tsconfig.build.json');
    assert.equal(tscProjectArg('rimraf dist && tsc --project config/ && cp x y'), 'config/');
    assert.equal(tscProjectArg('tsc -p=tsconfig.app.json'), 'tsconfig.app.json');
    assert.equal(tscProjectArg('node_modules/.bin/tsc -p a.json'), 'a.json');
    assert.equal(tscProjectArg('tsc && node x -p y.json'), undefined, 'the -p of another command');
    assert.equal(tscProjectArg('vite build -p x.json'), undefined);
  });

  it("`tsc -p tsconfig.build.json` (extending tsconfig.json) decides outDir; ${configDir} is that file's folder", () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', scripts: { build: 'tsc -p tsconfig.build.json', start: 'node build/index.js' } }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
      'tsconfig.build.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "outDir": "build" }, "exclude": ["test"] }',
    });
    assert.equal(buildTsConfigFile(dir), 'tsconfig.build.json');
    assert.equal(readTsConfigDirs(dir).outDir, 'build');
    assert.equal(readTsConfigDirs(dir).rootDir, 'src');
    const nested = project({
      'package.json': JSON.stringify({ name: 'x', scripts: { build: 'tsc --project config' } }),
      'config/tsconfig.json': '{ "compilerOptions": { "outDir": "${configDir}/../out", "rootDir": "../src" } }',
    });
    assert.equal(buildTsConfigFile(nested), 'config/tsconfig.json');
    assert.equal(readTsConfigDirs(nested).outDir, 'out');
    assert.equal(readTsConfigDirs(nested).rootDir, 'src');
  });

  it('a -p outside the project, missing, or not a file falls back to tsconfig.json', () => {
    for (const arg of ['../x.json', '/etc/x.json', 'missing.json', '.', 'a b.json']) {
      const dir = project({
        'package.json': JSON.stringify({ name: 'x', scripts: { build: `tsc -p ${arg}` } }),
        'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" } }',
      });
      assert.equal(buildTsConfigFile(dir), 'tsconfig.json', arg);
      assert.equal(readTsConfigDirs(dir).outDir, 'dist', arg);
    }
  });
});
