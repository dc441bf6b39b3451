/** Unit tests for a Bun app's registry settings and credentials (generators/stacks/bun/registry.ts), no Yeoman. */
import assert from 'node:assert/strict';
import { bunfigHasCredentials, bunRegistry, bunTokenSecretDefault } from '../../generators/stacks/bun/registry.js';
import { makeProject } from '../support/project.js';

describe('Bun registry credentials (bunfig.toml, .npmrc)', () => {
  it('a token or password in [install] registry or a scope, or a URL with a user: credentials', () => {
    assert.equal(bunfigHasCredentials('[install.scopes]\n"@acme" = { token = "npm_abc", url = "https://npm.acme.example/" }\n'), true);
    assert.equal(bunfigHasCredentials('[install]\nregistry = { url = "https://r.example/", username = "me", password = "pw" }\n'), true);
    assert.equal(bunfigHasCredentials('[install]\nregistry = "https://me:pw@r.example/"\n'), true);
    assert.equal(bunfigHasCredentials('[install.scopes]\nacme = "https://:npm_abc@r.example/"\n'), true);
  });

  it('settings only, or tokens read from the environment ($NPM_TOKEN): no credentials in the file', () => {
    assert.equal(bunfigHasCredentials('[install]\nexact = true\nregistry = "https://registry.npmjs.org/"\n'), false);
    assert.equal(bunfigHasCredentials('[install.scopes]\n"@acme" = { token = "$NPM_TOKEN", url = "https://npm.acme.example/" }\n'), false);
    assert.equal(bunfigHasCredentials('preload = ["./setup.ts"]\n[test]\ncoverage = true\n'), false);
    assert.equal(bunfigHasCredentials(''), false);
  });

  it('text that does not parse counts as holding credentials (kept out)', () => {
    assert.equal(bunfigHasCredentials('[install\ntoken = "x"\n'), true);
  });

  it('a bunfig.toml with a token: never copied, left out of the context, the secret "bunfig" when --npm-token-secret yes (the default)', () => {
    const dir = makeProject({
      'package.json': '{"name":"a"}',
      'bunfig.toml': '[install.scopes]\n"@acme" = { token = "npm_abc", url = "https://r.example/" }\n',
    });
    assert.equal(bunTokenSecretDefault(dir).value, 'yes');
    const on = bunRegistry(dir, 'yes');
    assert.equal(on.copyBunfig, false);
    assert.equal(on.secret?.id, 'bunfig');
    assert.deepEqual(on.installMounts, ['--mount=type=secret,id=bunfig,target=/root/.bunfig.toml']);
    assert.ok(on.ignore.some((g) => g.patterns.includes('bunfig.toml')));
    const off = bunRegistry(dir, 'no');
    assert.equal(off.copyBunfig, false, 'still never copied');
    assert.equal(off.secret, undefined);
  });

  it('a credential-free bunfig.toml is copied; a credential-free .npmrc is bind-mounted at the install; one with a token is the secret "npmrc"', () => {
    const plain = makeProject({ 'package.json': '{"name":"a"}', 'bunfig.toml': '[install]\nexact = true\n', '.npmrc': 'save-exact=true\n' });
    const r = bunRegistry(plain, 'no');
    assert.equal(r.copyBunfig, true);
    assert.deepEqual(r.installMounts, ['--mount=type=bind,source=.npmrc,target=/app/.npmrc']);
    assert.equal(bunTokenSecretDefault(plain).value, 'no');
    const token = makeProject({ 'package.json': '{"name":"a"}', '.npmrc': '//registry.example.com/:_authToken=abc\n' });
    assert.equal(bunTokenSecretDefault(token).value, 'yes');
    assert.equal(bunRegistry(token, 'yes').secret?.id, 'npmrc');
    assert.equal(bunRegistry(token, 'yes').secret?.source, '.npmrc');
  });
});
