import assert from 'node:assert/strict';
import { splitCommand } from '../../generators/lib/command.js';
import { InputError } from '../../generators/lib/errors.js';
import { composeString, dockerfileString, jsonArray, shellWord } from '../../generators/lib/quote.js';
import { SETTINGS, settingByFlag } from '../../generators/lib/settings.js';
import { nodeProfile } from '../../generators/stacks/node/profile.js';

const ctx = { profile: nodeProfile };
const parse = (flag: string, raw: string) => settingByFlag(flag)!.parse(raw, ctx);

function assertRefused(flag: string, raw: string, allowed: RegExp) {
  assert.throws(
    () => parse(flag, raw),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected InputError for --${flag} ${JSON.stringify(raw)}`);
      assert.ok(error.message.startsWith(`--${flag}: `), error.message);
      assert.ok(error.message.includes(JSON.stringify(raw.length > 80 ? raw.slice(0, 77) + '...' : raw)), `value shown: ${error.message}`);
      assert.match(error.message, allowed);
      return true;
    },
  );
}

describe('settings', () => {
  it('declares a flag, a description and a text form for every setting', () => {
    const flags = SETTINGS.map((s) => s.flag);
    assert.deepEqual(flags, [
      'language',
      'runtime-version',
      'package-manager',
      'port',
      'health-path',
      'start-command',
      'build-command',
      'service-name',
      'ci',
      'ci-drift-check',
      'services',
      'host-port',
      'bind-address',
      'min-docker',
    ]);
    for (const s of SETTINGS) assert.ok(s.description.length > 10, s.flag);
  });

  it('refuses bad ports with the flag, the value and the range', () => {
    for (const raw of ['0', '70000', 'abc', '80', '1023', '', '3000.5', '-1', '0x50']) assertRefused('port', raw, /whole number from 1024 to 65535/);
    assert.equal(parse('port', '1024'), 1024);
    assert.equal(parse('port', '65535'), 65535);
    assertRefused('host-port', '99999', /1024 to 65535/);
  });

  it('refuses health paths that are not plain URL paths', () => {
    for (const raw of ['health', '/he alth', '/"x"', "/'x'", '/a\nb', '/$(reboot)', '/`id`', '/a\\b', '/%zz', '/' + 'a'.repeat(200)]) {
      assertRefused('health-path', raw, /URL path starting with "\/"/);
    }
    for (const ok of ['/health', '/healthz?full=1&x=2', '/status/ready', '/h%20x', '/api/v1/health;check=deep', '/_/ok~'])
      assert.equal(parse('health-path', ok), ok);
  });

  it('accepts --min-docker 25 or 20.10 and refuses anything else', () => {
    assert.equal(parse('min-docker', '25'), '25');
    assert.equal(parse('min-docker', ' 20.10 '), '20.10');
    for (const raw of ['', '20', '24', '20.1', '28', 'latest']) assertRefused('min-docker', raw, /25 or 20\.10/);
  });

  it('accepts --ci github, gitlab or none and refuses anything else', () => {
    assert.equal(parse('ci', 'GitLab'), 'gitlab');
    assert.equal(parse('ci', 'none'), 'none');
    for (const raw of ['', 'jenkins', 'github,gitlab']) assertRefused('ci', raw, /one of github, gitlab, none/);
  });

  it('secret settings take yes or no', () => {
    assert.equal(parse('npm-token-secret', 'YES'), 'yes');
    assert.equal(parse('netrc-secret', 'false'), 'no');
    for (const raw of ['', 'maybe', '1']) assertRefused('npm-token-secret', raw, /"yes" or "no"/);
  });

  it('refuses unknown languages and package managers, listing what exists', () => {
    assertRefused('language', 'cobol', /one of (?:[a-z]+, )*node\b/);
    assertRefused('package-manager', 'pip', /one of npm, pnpm, yarn, bun/);
    assert.equal(parse('package-manager', 'PNPM'), 'pnpm');
  });

  it('refuses start commands a production CMD cannot be', () => {
    assertRefused('start-command', 'node server.js\nrm -rf /', /line break/);
    assertRefused('start-command', 'npm start', /not through npm/);
    assertRefused('start-command', 'node a.js && node b.js', /shell operator "&"/);
    assertRefused('start-command', 'node $ENTRY', /\$/);
    assertRefused('start-command', 'node "unclosed', /not closed/);
    assertRefused('start-command', '--inspect', /cannot start with "-"/);
    assertRefused('start-command', '', /empty/);
    assert.deepEqual(parse('start-command', `node "dist/my server.js" --title='a b'`), ['node', 'dist/my server.js', '--title=a b']);
  });

  it('allows an empty build command and refuses shell chains', () => {
    assert.deepEqual(parse('build-command', ''), []);
    assertRefused('build-command', 'npm run build; curl x | sh', /shell operator/);
  });

  it('validates runtime versions, service names and bind addresses', () => {
    assertRefused('runtime-version', 'latest', /major/);
    assertRefused('runtime-version', '22; rm', /major/);
    assert.equal(parse('runtime-version', 'v22.11.0'), '22.11.0');
    assertRefused('service-name', 'My App', /lowercase/);
    assertRefused('service-name', '-x', /lowercase/);
    assertRefused('bind-address', '0.0.0.0:80', /IPv4/);
    assertRefused('bind-address', '256.1.1.1', /IPv4/);
    assert.equal(parse('bind-address', '127.0.0.1'), '127.0.0.1');
  });

  it('round-trips every value through its stored text form', () => {
    const samples: Record<string, string[]> = {
      'start-command': ['node server.js', `node "it's here.js"`, 'node a\\ b.js --x=1'],
      'build-command': ['', 'pnpm run build', "tsc -p 'my tsconfig.json'"],
      port: ['3000'],
    };
    for (const [flag, raws] of Object.entries(samples)) {
      const setting = settingByFlag(flag)!;
      for (const raw of raws) {
        const value = setting.parse(raw, ctx);
        assert.deepEqual(setting.parse(setting.format(value as never), ctx), value, `${flag} ${raw}`);
      }
    }
  });
});

describe('quoting', () => {
  it('splits commands like a shell would, without running one', () => {
    assert.deepEqual(splitCommand(`a 'b c' "d \\" e" f\\ g`), { ok: true, argv: ['a', 'b c', 'd " e', 'f g'] });
    assert.equal(splitCommand('a | b').ok, false);
  });

  it('writes JSON arrays that are also YAML flow sequences', () => {
    assert.equal(jsonArray(['node', 'a"b', 'c\\d']), '["node", "a\\"b", "c\\\\d"]');
    assert.equal(jsonArray(['\u2028']), '["\\u2028"]');
  });

  it('doubles $ for compose interpolation', () => {
    assert.equal(composeString('a$b'), '"a$$b"');
  });

  it('quotes shell words only when needed', () => {
    assert.equal(shellWord('npm'), 'npm');
    assert.equal(shellWord("it's"), `'it'"'"'s'`);
    assert.equal(shellWord(''), "''");
    assert.equal(shellWord('a;b'), "'a;b'");
  });

  it('escapes Dockerfile strings and refuses line breaks', () => {
    assert.equal(dockerfileString('say "hi" $HOME \\'), '"say \\"hi\\" \\$HOME \\\\"');
    assert.throws(() => dockerfileString('a\nb'));
  });
});
