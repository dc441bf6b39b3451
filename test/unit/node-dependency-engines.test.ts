import assert from 'node:assert/strict';
import { readPackageJson } from '../../generators/stacks/node/detect.js';
import { dependencyEngineWarnings } from '../../generators/stacks/node/dependency-engines.js';
import { makeProject } from '../support/project.js';

const lock = (packages: Record<string, unknown>) =>
  JSON.stringify({ name: 'a', lockfileVersion: 3, requires: true, packages: { '': { name: 'a' }, ...packages } });

describe('Node.js versions the dependencies require (package-lock.json engines)', () => {
  const files = {
    'package.json': JSON.stringify({ name: 'a', dependencies: { astro: '^7.3.5', '@astrojs/node': '^11.1.6' }, devDependencies: { typescript: '^5' } }),
    'package-lock.json': lock({
      'node_modules/astro': { version: '7.3.5', engines: { node: '>=22.12.0', npm: '>=9.6.5' } },
      'node_modules/@astrojs/node': { version: '11.1.6' },
      'node_modules/typescript': { version: '5.9.3', engines: { node: '>=14.17' } },
      // Not a direct dependency: not reported (its parent's own range is what matters).
      'node_modules/vite': { version: '8.3.8', engines: { node: '^20.19.0 || >=22.12.0' } },
    }),
  };

  it('names a direct dependency whose locked version needs a newer Node.js than the image', () => {
    const dir = makeProject(files);
    const warnings = dependencyEngineWarnings(dir, readPackageJson(dir), 20, '.nvmrc');
    assert.deepEqual(warnings, [
      '"astro" 7.3.5 (package-lock.json) requires Node.js ">=22.12.0", but the image uses Node.js 20 (.nvmrc): the build or the app will fail; raise that version or pass --runtime-version',
    ]);
    assert.deepEqual(dependencyEngineWarnings(dir, readPackageJson(dir), 22, '.nvmrc'), [], 'some 22.x satisfies >=22.12.0');
    assert.deepEqual(dependencyEngineWarnings(dir, readPackageJson(dir), 26, 'default'), []);
  });

  it('no lockfile, a broken or odd one: no warning', () => {
    for (const text of [undefined, '{', '[]', '{"packages": 3}', lock({ 'node_modules/astro': { engines: { node: 42 } } })]) {
      const dir = makeProject({ 'package.json': files['package.json'], ...(text === undefined ? {} : { 'package-lock.json': text }) });
      assert.deepEqual(dependencyEngineWarnings(dir, readPackageJson(dir), 20, 'x'), [], String(text));
    }
  });
});
