import assert from 'node:assert/strict';

import {
  checkDockerfile,
  checkCompose,
  checkDockerignore,
  checkAll,
  dockerfileHealthcheckArgv,
  interpolate,
  INSTALL_PATTERNS,
  type Finding,
} from './support/checklist.js';
import { parseDockerignore, isExcluded } from './support/dockerignore.js';
import { loadSample, edit } from './support/samples.js';

const good = loadSample('node');
const EXPECT = { port: 3000, healthPath: '/healthz' } as const;

const HC_LINE = `  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]`;
const HC_BLOCK = `HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\\n${HC_LINE}\n`;
const RUNTIME_USER = 'USER 10001:10001\n';
const RUNTIME_COPY = 'COPY package.json ./\n';
const BUILD_INSTALL = 'RUN --mount=type=cache,target=/root/.npm \\\n    npm ci --no-audit --no-fund\n';

function show(findings: Finding[]): string {
  return findings.map((f) => `${f.rule}@${f.line ?? '-'}: ${f.message}`).join('\n') || '(no findings)';
}

function rules(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

function assertFires(findings: Finding[], rule: string, message?: RegExp): void {
  const hits = findings.filter((f) => f.rule === rule && (!message || message.test(f.message)));
  assert.ok(hits.length > 0, `expected ${rule}${message ? ` matching ${message}` : ''}, got:\n${show(findings)}`);
  for (const h of hits) assert.equal(h.tool, 'checklist');
  // each bad sample breaks one row: no other rule may fire (catches false positives)
  assert.deepEqual(rules(findings), [rule], `only ${rule} should fire, got:\n${show(findings)}`);
}

function assertQuiet(findings: Finding[], rule?: string): void {
  const hits = rule ? findings.filter((f) => f.rule === rule) : findings;
  assert.deepEqual(hits, [], `expected no ${rule ?? ''} findings, got:\n${show(hits)}`);
}

const df = (text: string) => checkDockerfile(text, EXPECT);
const dc = (text: string, extra: Partial<{ port: number; healthPath: string; dockerfileHealthcheck: string[] }> = {}) =>
  checkCompose(text, { ...EXPECT, ...extra });
const di = (ignore: string, dockerfile = good.dockerfile) => checkDockerignore(ignore, dockerfile);

describe('checklist checker', () => {
  describe('good Node sample', () => {
    it('passes every check', () => {
      assertQuiet(df(good.dockerfile));
      assertQuiet(dc(good.compose));
      assertQuiet(dc(good.compose, { dockerfileHealthcheck: dockerfileHealthcheckArgv(good.dockerfile) ?? [] }));
      assertQuiet(di(good.dockerignore));
      assertQuiet(checkAll({ ...good, ...EXPECT }));
    });

    it('extracts the exec-form HEALTHCHECK across a line continuation', () => {
      const argv = dockerfileHealthcheckArgv(good.dockerfile);
      assert.ok(argv);
      assert.equal(argv[0], 'node');
      assert.equal(argv.length, 3);
      assert.match(argv[2], /\/healthz/);
    });
  });

  describe('Dockerfile', () => {
    // [title, rule, edit of the good Dockerfile, optional message pattern]
    const cases: Array<[string, string, (t: string) => string, RegExp?]> = [
      // R03
      ['R03 USER given by name', 'R03', (t) => edit(t, RUNTIME_USER, 'USER node\n'), /numeric/],
      ['R03 USER 0', 'R03', (t) => edit(t, RUNTIME_USER, 'USER 0:0\n'), /root/],
      ['R03 USER root after the runtime user', 'R03', (t) => edit(t, RUNTIME_USER, `${RUNTIME_USER}USER root\n`), /back to root/],
      ['R03 no USER in the final stage', 'R03', (t) => edit(t, RUNTIME_USER, ''), /no USER/],
      ['R03 COPY --chown to the runtime uid', 'R03', (t) => edit(t, RUNTIME_COPY, 'COPY --chown=10001:10001 package.json ./\n'), /--chown/],
      ['R03 COPY --chown to a user name', 'R03', (t) => edit(t, RUNTIME_COPY, 'COPY --chown=node:node package.json ./\n'), /--chown/],
      ['R03 COPY --chmod writable by others', 'R03', (t) => edit(t, RUNTIME_COPY, 'COPY --chmod=0777 package.json ./\n'), /--chmod/],
      ['R03 RUN chown to the runtime uid', 'R03', (t) => edit(t, RUNTIME_USER, `RUN chown -R 10001:10001 /app\n${RUNTIME_USER}`), /chown/],
      // R04
      ['R04 no HEALTHCHECK', 'R04', (t) => edit(t, HC_BLOCK, ''), /no HEALTHCHECK/],
      ['R04 HEALTHCHECK NONE', 'R04', (t) => edit(t, HC_BLOCK, `${HC_BLOCK}HEALTHCHECK NONE\n`), /NONE/],
      ['R04 two HEALTHCHECKs', 'R04', (t) => edit(t, HC_BLOCK, HC_BLOCK + HC_BLOCK), /exactly one/],
      ['R04 shell-form HEALTHCHECK', 'R04', (t) => edit(t, HC_LINE, '  CMD node -e "fetch(\'http://127.0.0.1:3000/healthz\')"'), /exec form/],
      ['R04 curl probe', 'R04', (t) => edit(t, HC_LINE, '  CMD ["curl", "-fsS", "http://127.0.0.1:3000/healthz"]'), /curl/],
      ['R04 wget via busybox', 'R04', (t) => edit(t, HC_LINE, '  CMD ["busybox", "wget", "-q", "-O-", "http://127.0.0.1:3000/healthz"]'), /wget/],
      ['R04 probe through sh -c', 'R04', (t) => edit(t, HC_LINE, '  CMD ["sh", "-c", "node probe.js http://127.0.0.1:3000/healthz"]'), /shell/],
      ['R04 wrong health path', 'R04', (t) => edit(t, "'/healthz'", "'/status'"), /health path/],
      ['R04 health path prefix only', 'R04', (t) => edit(t, "'/healthz'", "'/healthz2'"), /health path/],
      [
        'R04 port via env set to another port',
        'R04',
        (t) => edit(edit(t, 'PORT=3000', 'PORT=8080'), 'process.env.PORT||3000', 'process.env.PORT||8080'),
        /8080/,
      ],
      ['R04 port via env that is never set', 'R04', (t) => edit(edit(t, ' \\\n    PORT=3000', ''), 'process.env.PORT||3000', 'process.env.PORT'), /not set/],
      ['R04 $PORT in exec form', 'R04', (t) => edit(t, HC_LINE, '  CMD ["/usr/local/bin/probe", "http://127.0.0.1:$PORT/healthz"]'), /not expanded/],
      ['R04 no port at all', 'R04', (t) => edit(t, "'http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz'", "'http://127.0.0.1/healthz'"), /port 3000/],
      // R06
      ['R06 ENV with a token name', 'R06', (t) => edit(t, 'ENV NODE_ENV=production', 'ENV NPM_TOKEN=abc123 NODE_ENV=production'), /NPM_TOKEN/],
      ['R06 ARG with a secret name', 'R06', (t) => edit(t, 'FROM base AS build\n', 'FROM base AS build\nARG GITHUB_TOKEN\n'), /GITHUB_TOKEN/],
      ['R06 ARG ending in _KEY', 'R06', (t) => edit(t, 'FROM base AS build\n', 'FROM base AS build\nARG STRIPE_KEY=x\n'), /STRIPE_KEY/],
      ['R06 ENV value that is an AWS key', 'R06', (t) => edit(t, 'ENV NODE_ENV=production', 'ENV UPLOAD_ID=AKIAIOSFODNN7EXAMPLE NODE_ENV=production'), /AWS/],
      ['R06 COPY .env', 'R06', (t) => edit(t, RUNTIME_COPY, `${RUNTIME_COPY}COPY .env ./\n`), /\.env/],
      [
        'R06 COPY .npmrc',
        'R06',
        (t) =>
          edit(
            t,
            'COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit',
            'COPY package.json package-lock.json .npmrc ./\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit',
          ),
        /\.npmrc/,
      ],
      ['R06 COPY a key by glob', 'R06', (t) => edit(t, RUNTIME_COPY, `${RUNTIME_COPY}COPY certs/*.pem ./certs/\n`), /\.pem/],
      [
        'R06 RUN with a literal token',
        'R06',
        (t) => edit(t, BUILD_INSTALL, 'RUN --mount=type=cache,target=/root/.npm \\\n    NPM_TOKEN=s3cr3t npm ci --no-audit --no-fund\n'),
        /literal/,
      ],
      // R11
      ['R11 npm start', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]', 'CMD ["npm", "start"]'), /npm/],
      ['R11 shell-form CMD', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]', 'CMD node dist/server.js'), /exec form/],
      ['R11 sh -c', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]', 'CMD ["/bin/sh", "-c", "node dist/server.js"]'), /-c/],
      ['R11 two CMDs', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]', 'CMD ["node", "a.js"]\nCMD ["node", "dist/server.js"]'), /exactly one/],
      ['R11 no CMD', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]\n', ''), /no CMD/],
      ['R11 yarn ENTRYPOINT', 'R11', (t) => edit(t, 'CMD ["node", "dist/server.js"]', 'ENTRYPOINT ["yarn", "start"]\nCMD ["node", "dist/server.js"]'), /yarn/],
      // R12
      ['R12 COPY --from a later stage', 'R12', (t) => edit(t, 'COPY . .\n', 'COPY . .\nCOPY --from=runtime /app/x /x\n'), /later stage/],
      ['R12 COPY --from an unknown stage', 'R12', (t) => edit(t, '--from=build', '--from=bulid'), /earlier stage/],
      [
        'R12 COPY --from an unpinned image',
        'R12',
        (t) => edit(t, RUNTIME_COPY, `${RUNTIME_COPY}COPY --from=ghcr.io/acme/probe /probe /usr/local/bin/probe\n`),
        /unpinned/,
      ],
      ['R12 upper-case stage name', 'R12', (t) => edit(edit(t, 'AS build', 'AS Build'), '--from=build', '--from=Build'), /lowercase/],
      ['R12 duplicate stage name', 'R12', (t) => edit(t, 'FROM base AS build', 'FROM base AS deps'), /already used/],
      ['R12 final stage on a full image', 'R12', (t) => edit(t, 'FROM node:20-bookworm-slim AS runtime', 'FROM node:20-bookworm AS runtime'), /non-slim/],
      [
        'R12 final stage on a full Python image',
        'R12',
        (t) => edit(t, 'FROM node:20-bookworm-slim AS runtime', 'FROM python:3.13-bookworm AS runtime'),
        /non-slim/,
      ],
      [
        'R12 final stage built FROM the build stage',
        'R12',
        (t) => edit(t, 'FROM node:20-bookworm-slim AS runtime', 'FROM build AS runtime'),
        /devDependencies/,
      ],
      [
        'R12 compilers in the final stage',
        'R12',
        (t) =>
          edit(
            t,
            'WORKDIR /app\nENV',
            'RUN apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nENV',
          ),
        /gcc, make/,
      ],
      // R18
      [
        'R18 npm install instead of npm ci',
        'R18',
        (t) => edit(t, BUILD_INSTALL, 'RUN --mount=type=cache,target=/root/.npm \\\n    npm install --no-audit --no-fund\n'),
        /npm ci/,
      ],
      ['R18 no cache mount', 'R18', (t) => edit(t, BUILD_INSTALL, 'RUN npm ci --no-audit --no-fund\n'), /cache/],
      [
        'R18 full source copied before install',
        'R18',
        (t) => edit(edit(t, 'COPY . .\n', ''), 'FROM base AS build\n', 'FROM base AS build\nCOPY . .\n'),
        /before dependency install/,
      ],
      [
        'R18 lockfile not copied',
        'R18',
        (t) => edit(t, 'FROM base AS build\nCOPY package.json package-lock.json ./', 'FROM base AS build\nCOPY package.json ./'),
        /lockfile/,
      ],
      // X-port
      ['X-port EXPOSE another port', 'X-port', (t) => edit(t, 'EXPOSE 3000', 'EXPOSE 8080'), /8080/],
    ];
    for (const [title, rule, mutate, message] of cases) {
      it(`fires: ${title}`, () => assertFires(df(mutate(good.dockerfile)), rule, message));
    }

    it('R04 curl: allowed only on a final image that really ships it (IMAGE_PROBE_TOOLS)', () => {
      const nginx = [
        'ARG NGINX_VERSION=1.28',
        'FROM nginxinc/nginx-unprivileged:${NGINX_VERSION}-bookworm AS runtime',
        'COPY nginx.conf /etc/nginx/nginx.conf',
        'USER 101',
        'EXPOSE 8080',
        'HEALTHCHECK CMD ["curl", "--fail", "http://127.0.0.1:8080/healthz"]',
        'CMD ["nginx", "-g", "daemon off;"]',
        '',
      ].join('\n');
      const expect = { port: 8080, healthPath: '/healthz' };
      assert.deepEqual(checkDockerfile(nginx, expect), [], 'the official nginx Debian image has curl');
      const alpine = nginx.replace('-bookworm AS', '-alpine-slim AS');
      assert.ok(
        checkDockerfile(alpine, expect).some((f) => f.rule === 'R04' && /curl/.test(f.message)),
        'not on an image without a row',
      );
      const wget = nginx.replace('"curl", "--fail"', '"wget", "-q"');
      assert.ok(
        checkDockerfile(wget, expect).some((f) => f.rule === 'R04' && /wget/.test(f.message)),
        'only the tools the row names',
      );
    });

    it('quiet: --chmod without write for others, root-owned --chown', () => {
      assertQuiet(df(edit(good.dockerfile, RUNTIME_COPY, 'COPY --chmod=0755 --chown=0:0 package.json ./\n')));
    });

    it('quiet: port read only from an env var the image sets to the port', () => {
      assertQuiet(df(edit(good.dockerfile, 'process.env.PORT||3000', 'process.env.PORT')), 'R04');
    });

    it('quiet: USER root earlier in the final stage, numeric user last', () => {
      assertQuiet(df(edit(good.dockerfile, RUNTIME_USER, `USER root\nRUN mkdir -p /app/tmp\n${RUNTIME_USER}`)));
    });

    it('quiet: secrets through RUN --mount=type=secret, *_FILE pointers, .env.example', () => {
      let t = edit(
        good.dockerfile,
        BUILD_INSTALL,
        'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npm_token,env=NPM_TOKEN \\\n    npm ci --no-audit --no-fund\n',
      );
      t = edit(t, 'ENV NODE_ENV=production', 'ENV DB_PASSWORD_FILE=/run/secrets/db_password NODE_ENV=production');
      t = edit(t, RUNTIME_COPY, `${RUNTIME_COPY}COPY .env.example ./\n`);
      assertQuiet(df(t));
    });

    it('quiet: lockfile by glob, and manifests bind-mounted instead of copied', () => {
      assertQuiet(df(edit(good.dockerfile, 'FROM base AS build\nCOPY package.json package-lock.json ./', 'FROM base AS build\nCOPY package*.json ./')));
      const bind = edit(
        good.dockerfile,
        'COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit=dev',
        'RUN --mount=type=bind,source=package.json,target=package.json \\\n    --mount=type=bind,source=package-lock.json,target=package-lock.json \\\n    --mount=type=cache,target=/root/.npm \\\n    npm ci --omit=dev',
      );
      assertQuiet(df(bind));
    });

    it('quiet: slim Python tags with the suite last (python:3.13-slim-bookworm) are slim', () => {
      assertQuiet(df(edit(good.dockerfile, 'FROM node:20-bookworm-slim AS runtime', 'FROM python:3.13-slim-bookworm AS runtime')), 'R12');
      assertQuiet(df(edit(good.dockerfile, 'FROM node:20-bookworm-slim AS runtime', 'FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime')), 'R12');
    });

    it('quiet: a global tool install is not a dependency install', () => {
      assertQuiet(df(edit(good.dockerfile, 'FROM base AS build\n', 'FROM base AS build\nRUN npm install -g corepack@0.31.0\n')), 'R18');
    });

    it('R18: after the dependencies were installed from the lockfile, the same installer may install the project from the full source; a different one may not', () => {
      const base = [
        'FROM python:3.13-slim AS builder',
        'WORKDIR /app',
        'COPY pyproject.toml uv.lock ./',
        'RUN --mount=type=cache,target=/root/.cache/uv \\',
        '    uv sync --frozen --no-dev --no-install-project',
        'COPY . .',
      ].join('\n');
      const stageFindings = (after: string) => df(`${base}\n${after}\n`).filter((f) => f.rule === 'R18' && /COPY of the whole source/.test(f.message));
      assert.deepEqual(stageFindings('RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --frozen --no-dev --no-editable'), []);
      assert.equal(stageFindings('RUN --mount=type=cache,target=/root/.npm \\\n    npm ci').length, 1, 'npm never installed before the copy');
    });

    it('R18 install-pattern table: lockfile-exact installs per stack', () => {
      const exact = (cmd: string) => {
        const p = INSTALL_PATTERNS.find((x) => x.detect.test(cmd) && !(x.skip && x.skip.test(cmd)));
        assert.ok(p, `no install pattern detects ${cmd}`);
        return p.exact.test(cmd);
      };
      for (const ok of [
        'npm ci',
        'npm ci --omit=dev',
        'yarn install --immutable',
        'yarn --frozen-lockfile',
        'pnpm install --frozen-lockfile --prod',
        'pip install --require-hashes -r requirements.txt',
        'pip --python /opt/venv/bin/python install --require-hashes -r requirements.txt',
        'uv sync --frozen --no-dev',
        'uv sync --locked',
        'poetry install --no-root --only main',
        'pipenv install --deploy',
        'pipenv sync',
        'pdm sync --prod --no-self',
        'pdm install --frozen-lockfile',
        'go mod download',
      ]) {
        assert.ok(exact(ok), `${ok} should be accepted`);
      }
      for (const bad of [
        'npm install',
        'npm i',
        'yarn install',
        'yarn',
        'pnpm install',
        'pip install -r requirements.txt',
        'pip --python /opt/venv/bin/python install -r requirements.txt',
        'python -m pip -q install -r req.txt',
        'uv sync',
        'pipenv install',
        'pipenv install flask',
        'pdm install --prod',
        'go get ./...',
      ]) {
        assert.ok(!exact(bad), `${bad} should be rejected`);
      }
    });
  });

  describe('.dockerignore', () => {
    const cases: Array<[string, (t: string) => string, RegExp, string?]> = [
      ['.git not excluded', (t) => edit(t, '.git\n.gitignore', '.gitignore'), /\.git/],
      ['.env.* not excluded', (t) => edit(t, '.env.*\n', ''), /\.env\.local/],
      ['.env not excluded', (t) => edit(t, '.env\n.env.*\n', ''), /\.env files/],
      ['*.pem not excluded', (t) => edit(t, '*.pem\n', ''), /server\.pem/],
      ['*.key not excluded', (t) => edit(t, '*.key\n', ''), /server\.key/],
      ['node_modules not excluded', (t) => edit(t, 'node_modules\n', ''), /node_modules/],
      ['build output dist not excluded', (t) => edit(t, 'dist\n', ''), /dist/],
      ['logs not excluded', (t) => edit(t, '*.log\n', ''), /app\.log/],
      ['excludes a file COPY names', (t) => `${t}package.json\n`, /"package\.json".*line 5/],
      ['excludes a lockfile through a glob', (t) => `${t}*.json\n`, /package-lock\.json/],
      ['an exception before the exclusion loses (later lines win)', (t) => `${t}!package-lock.json\n*.json\n`, /package-lock\.json/],
      ['excludes with **', (t) => `${t}**/package-lock.json\n`, /package-lock\.json/],
      ['excludes the contents of a copied directory', (t) => `${t}public/*\n`, /public/, 'FROM node:20-bookworm-slim AS x\nCOPY public ./public\n'],
    ];
    for (const [title, mutate, message, dockerfile] of cases) {
      it(`fires R19: ${title}`, () => assertFires(di(mutate(good.dockerignore), dockerfile ?? good.dockerfile), 'R19', message));
    }

    it("a workspace app's nested build output: up to the output folder (apps/api/dist), not the workspace's top folder; a package's sources copied from the build stage are not output", () => {
      const workspaceDf = [
        'FROM node:22-bookworm-slim AS build',
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npx nx run api:prune',
        'FROM node:22-bookworm-slim',
        'WORKDIR /app',
        'COPY --from=build /app/packages/shared/ ./packages/shared/',
        'COPY --from=build /app/apps/api/dist/ ./',
        'USER 10001',
        'CMD ["node", "main.js"]',
        '',
      ].join('\n');
      const ignore = good.dockerignore.replace('dist\n', '');
      assertQuiet(di(`${ignore}apps/api/dist\n`, workspaceDf), 'R19');
      assertFires(di(ignore, workspaceDf), 'R19', /apps\/api\/dist \(build output\)/);
    });

    it('quiet: a later exception re-includes what COPY names', () => {
      assertQuiet(di(`${good.dockerignore}*.json\n!package*.json\n`));
    });

    it('quiet: COPY . . may lose ignored files; allow-list style ignore files work', () => {
      assertQuiet(di(good.dockerignore, `${good.dockerfile}`));
      const allowList = '*\n!package.json\n!package-lock.json\n!src\n!tsconfig.json\n';
      assertQuiet(di(allowList));
    });

    it('matches like Docker (moby/patternmatcher)', () => {
      const m = (patterns: string, p: string) => isExcluded(parseDockerignore(patterns), p).excluded;
      assert.equal(m('*.md', 'README.md'), true);
      assert.equal(m('*.md', 'docs/a.md'), false, '* does not cross directories');
      assert.equal(m('**/*.md', 'docs/a/b.md'), true);
      assert.equal(m('**/*.md', 'b.md'), true, '**/ matches zero directories');
      assert.equal(m('docs', 'docs/a/b.md'), true, 'a matching parent directory excludes its contents');
      assert.equal(m('/docs/', 'docs/x'), true, 'leading and trailing slashes are cleaned');
      assert.equal(m('./docs', 'docs'), true);
      assert.equal(m('dir/**', 'dir/a/b'), true);
      assert.equal(m('dir/**', 'other/dir/a'), false);
      assert.equal(m('a?c', 'abc'), true);
      assert.equal(m('a?c', 'a/c'), false);
      assert.equal(m('[ab].txt', 'b.txt'), true);
      assert.equal(m('[ab].txt', 'c.txt'), false);
      assert.equal(m('*.md\n!README.md', 'README.md'), false, 'exception re-includes');
      assert.equal(m('!README.md\n*.md', 'README.md'), true, 'later line wins');
      assert.equal(m('node_modules\n!node_modules/keep', 'node_modules/keep/x.js'), false);
      assert.equal(m('# *.md', 'README.md'), false, 'comments are ignored');
      assert.equal(m('  *.md  ', 'README.md'), true, 'surrounding whitespace is trimmed');
      assert.equal(m('a.b', 'aXb'), false, '. is literal');
    });
  });

  describe('compose', () => {
    const cases: Array<[string, string, (t: string) => string, RegExp?, Partial<{ port: number; healthPath: string }>?]> = [
      ['R21 version key', 'R21', (t) => `version: "3.8"\n${t}`, /version/],
      ['R21 no services', 'R21', () => 'name: myapp\nvolumes:\n  data: {}\n', /no services/],
      ['R22 privileged', 'R22', (t) => edit(t, '    read_only: true\n', '    privileged: true\n    read_only: true\n')],
      ['R23 cap_drop without ALL', 'R23', (t) => edit(t, '      - ALL', '      - NET_RAW'), /ALL/],
      ['R23 cap_add on a high port', 'R23', (t) => edit(t, '    cap_drop:', '    cap_add:\n      - NET_BIND_SERVICE\n    cap_drop:'), /NET_BIND_SERVICE/],
      ['R23 cap_add SYS_ADMIN', 'R23', (t) => edit(t, '    cap_drop:', '    cap_add:\n      - SYS_ADMIN\n    cap_drop:'), /SYS_ADMIN/],
      ['R24 no no-new-privileges', 'R24', (t) => edit(t, '      - no-new-privileges:true', '      - apparmor:docker-default'), /no-new-privileges/],
      [
        'R24 seccomp unconfined',
        'R24',
        (t) => edit(t, '      - no-new-privileges:true', '      - no-new-privileges:true\n      - seccomp:unconfined'),
        /unconfined/,
      ],
      ['R25 not read-only', 'R25', (t) => edit(t, 'read_only: true', 'read_only: false'), /read_only/],
      ['R25 no tmpfs /tmp', 'R25', (t) => edit(t, '      - /tmp:size=64m,mode=1777', '      - /run'), /tmpfs/],
      ['R26 no memory limit', 'R26', (t) => edit(t, '          memory: 512M\n', ''), /memory/],
      ['R26 no cpu limit', 'R26', (t) => edit(t, '          cpus: "1.0"\n', ''), /CPU/],
      ['R26 no pids limit', 'R26', (t) => edit(t, '    pids_limit: 256\n', ''), /pids/],
      ['R26 unlimited pids', 'R26', (t) => edit(t, 'pids_limit: 256', 'pids_limit: -1'), /unlimited/],
      ['R27 restart no', 'R27', (t) => edit(t, 'restart: unless-stopped', 'restart: "no"'), /does not restart/],
      ['R27 no restart', 'R27', (t) => edit(t, '    restart: unless-stopped\n', ''), /not set/],
      ['R28 network_mode host', 'R28', (t) => edit(t, '    restart:', '    network_mode: host\n    restart:'), /network_mode/],
      ['R28 pid host', 'R28', (t) => edit(t, '    read_only: true\n', '    pid: host\n    read_only: true\n'), /pid/],
      ['R28 devices', 'R28', (t) => edit(t, '    read_only: true\n', '    devices:\n      - /dev/fuse:/dev/fuse\n    read_only: true\n'), /devices/],
      [
        'R29 docker.sock',
        'R29',
        (t) => edit(t, '    environment:', '    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n    environment:'),
        /Docker socket/,
      ],
      ['R29 host root', 'R29', (t) => edit(t, '    environment:', '    volumes:\n      - /:/host:ro\n    environment:'), /root filesystem/],
      [
        'R29 host /etc (long syntax)',
        'R29',
        (t) => edit(t, '    environment:', '    volumes:\n      - type: bind\n        source: /etc/ssl\n        target: /etc/ssl\n    environment:'),
        /\/etc/,
      ],
      ['R29 host home', 'R29', (t) => edit(t, '    environment:', '    volumes:\n      - ~/.aws:/home/app/.aws:ro\n    environment:'), /home/],
      ['R30 host port 80', 'R30', (t) => edit(t, "'127.0.0.1:${HOST_PORT:-3000}:3000'", "'127.0.0.1:80:3000'"), /below 1024/],
      ['R30 default below 1024', 'R30', (t) => edit(t, '${HOST_PORT:-3000}', '${HOST_PORT:-443}'), /443/],
      ['R30 host port without a default', 'R30', (t) => edit(t, '${HOST_PORT:-3000}', '${HOST_PORT}'), /without a default/],
      ['R30 interface is not an IP', 'R30', (t) => edit(t, "'127.0.0.1:${HOST_PORT:-3000}:3000'", "'localhost:3000:3000'"), /not an IP/],
      ['R31 syslog driver', 'R31', (t) => edit(t, 'driver: json-file', 'driver: syslog'), /syslog/],
      [
        'R31 no logging',
        'R31',
        (t) => edit(t, '    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n', ''),
        /not set/,
      ],
      ['R31 max-file as a number', 'R31', (t) => edit(t, 'max-file: "3"', 'max-file: 3'), /string/],
      ['R31 other max-size', 'R31', (t) => edit(t, 'max-size: "10m"', 'max-size: "100m"'), /max-size/],
      ['R06 literal password', 'R06', (t) => edit(t, '${DATABASE_PASSWORD:?set DATABASE_PASSWORD}', 'hunter2'), /DATABASE_PASSWORD/],
      [
        'R06 literal default for a secret',
        'R06',
        (t) => edit(t, '${DATABASE_PASSWORD:?set DATABASE_PASSWORD}', '${DATABASE_PASSWORD:-hunter2}'),
        /DATABASE_PASSWORD/,
      ],
      [
        'R06 list-form API_KEY',
        'R06',
        (t) =>
          edit(t, '    environment:\n      NODE_ENV: production\n', '    environment:\n      - API_KEY=abc\n').replace(
            /      PORT: "3000"\n      DATABASE_PASSWORD: .*\n/,
            '      - PORT=3000\n',
          ),
        /API_KEY/,
      ],
      [
        'R06 URL with a password',
        'R06',
        (t) => edit(t, '      NODE_ENV: production\n', '      NODE_ENV: production\n      DATABASE_URL: postgres://app:hunter2@db:5432/app\n'),
        /URL/,
      ],
      ['R04 no healthcheck', 'R04', (t) => edit(t, t.slice(t.indexOf('    healthcheck:'), t.indexOf('    logging:')), ''), /missing/],
      ['R04 string test (shell)', 'R04', (t) => t.replace(/      test: \[.*\]/, '      test: node /app/probe.js'), /string/],
      ['R04 CMD-SHELL', 'R04', (t) => t.replace(/      test: \["CMD", /, '      test: ["CMD-SHELL", '), /CMD-SHELL/],
      ['R04 curl probe', 'R04', (t) => t.replace(/      test: \[.*\]/, '      test: ["CMD", "curl", "-f", "http://127.0.0.1:3000/healthz"]'), /curl/],
      [
        'R04 unescaped $ interpolation',
        'R04',
        (t) => t.replace(/      test: \[.*\]/, '      test: ["CMD", "/probe", "http://127.0.0.1:${PORT}/healthz"]'),
        /\$\$/,
      ],
      ['R04 disabled', 'R04', (t) => edit(t, '      interval: 30s', '      disable: true\n      interval: 30s'), /disable/],
      ['R04 wrong path', 'R04', (t) => edit(t, "'/healthz'", "'/ready'"), /health path/],
      ['X-image no image', 'X-image', (t) => edit(t, '    image: myapp:0.1.0\n', ''), /image/],
      ['X-port wrong container port', 'X-port', (t) => edit(t, ":3000'", ":8080'"), /3000/],
    ];
    for (const [title, rule, mutate, message, extra] of cases) {
      it(`fires: ${title}`, () => assertFires(dc(mutate(good.compose), extra), rule, message));
    }

    it('fires R04 when the test differs from the Dockerfile HEALTHCHECK', () => {
      const argv = dockerfileHealthcheckArgv(good.dockerfile) ?? [];
      assertFires(dc(good.compose, { dockerfileHealthcheck: [...argv.slice(0, -1), 'process.exit(0)'] }), 'R04', /differs/);
    });

    it('quiet: service-level limits, default interface, ephemeral and long-syntax ports, named and relative volumes, *_FILE env', () => {
      let t = edit(
        good.compose,
        '    deploy:\n      resources:\n        limits:\n          cpus: "1.0"\n          memory: 512M\n',
        '    cpus: 1.5\n    mem_limit: 512m\n',
      );
      t = edit(
        t,
        "      - '127.0.0.1:${HOST_PORT:-3000}:3000'",
        "      - '3000'\n      - target: 3000\n        published: 8080\n        host_ip: 127.0.0.1\n      - '0.0.0.0:${HOST_PORT:-3001}:3000'",
      );
      t = edit(t, '    environment:', '    volumes:\n      - data:/data\n      - ./config:/app/config:ro\n    environment:');
      t = edit(
        t,
        '      NODE_ENV: production\n',
        '      NODE_ENV: production\n      DATABASE_PASSWORD_FILE: /run/secrets/db_password\n      DATABASE_URL: postgres://app:${DATABASE_PASSWORD}@db:5432/app\n',
      );
      t = `${t}volumes:\n  data: {}\n`;
      assertQuiet(dc(t));
    });

    it('quiet: all three limits under deploy.resources.limits', () => {
      const t = edit(edit(good.compose, '    pids_limit: 256\n', ''), '          memory: 512M\n', '          memory: 512M\n          pids: 256\n');
      assertQuiet(dc(t));
    });

    it('quiet: NET_BIND_SERVICE for a port below 1024', () => {
      const t = edit(edit(good.compose, '    cap_drop:', '    cap_add:\n      - NET_BIND_SERVICE\n    cap_drop:'), ":3000'", ":80'");
      const f = dc(t, { port: 80 });
      assertQuiet(f, 'R23');
      assertQuiet(f, 'X-port');
    });

    it('interpolates like Compose with every variable unset', () => {
      assert.deepEqual(interpolate('${A:-3000}'), { value: '3000', unresolved: [] });
      assert.deepEqual(interpolate('${A-${B:-80}}'), { value: '80', unresolved: [] });
      assert.deepEqual(interpolate('$$PORT'), { value: '$PORT', unresolved: [] });
      assert.deepEqual(interpolate('${A:?required}x$B'), { value: 'x', unresolved: ['A', 'B'] });
    });

    it('reports lines in the compose file', () => {
      const t = edit(good.compose, 'restart: unless-stopped', 'restart: "no"');
      const f = dc(t).find((x) => x.rule === 'R27');
      assert.ok(f);
      assert.equal(f.line, t.split('\n').findIndex((l) => l.includes('restart:')) + 1);
    });
  });

  describe('checkAll cross-checks', () => {
    it('fires R04 when compose and Dockerfile health checks differ', () => {
      const dockerfile = edit(good.dockerfile, 'r.ok?0:1', 'r.status===200?0:1');
      assertFires(checkAll({ ...good, dockerfile, ...EXPECT }), 'R04', /differs/);
    });

    it('fires X-port when compose publishes a container port the Dockerfile does not EXPOSE', () => {
      const dockerfile = edit(good.dockerfile, 'EXPOSE 3000', 'EXPOSE 3000 9229');
      const compose = edit(
        good.compose,
        "      - '127.0.0.1:${HOST_PORT:-3000}:3000'",
        "      - '127.0.0.1:${HOST_PORT:-3000}:3000'\n      - '127.0.0.1:9230:9230'",
      );
      const f = checkAll({ ...good, dockerfile, compose, ...EXPECT });
      assertFires(f, 'X-port', /9230/);
      assert.deepEqual(rules(f), ['X-port'], show(f));
    });

    it('fires X-image and the per-file rules through checkAll', () => {
      const compose = edit(good.compose, '    image: myapp:0.1.0\n', '');
      const dockerignore = edit(good.dockerignore, 'node_modules\n', '');
      const dockerfile = edit(good.dockerfile, RUNTIME_USER, 'USER node\n');
      const f = checkAll({ dockerfile, compose, dockerignore, ...EXPECT });
      assert.deepEqual(rules(f), ['R03', 'R19', 'X-image'], show(f));
    });
  });
});
