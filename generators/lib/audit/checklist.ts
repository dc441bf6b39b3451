// The project's own checklist checker: the rows no linter covers. The tests run it on the
// generator's output (with the port and health path the generator was given); the audit
// (yo docker-prod:audit, generators/lib/audit/audit.ts) runs it on any project's files, where
// the port comes from EXPOSE and the health path is unknown (those comparisons are skipped).
//
//  checkDockerfile(text, {port, healthPath})       R03 R04 R06 R11 R12 R18 (+ X-port: EXPOSE)
//  checkDockerignore(ignoreText, dockerfileText)   R19
//  checkCompose(text, {port, healthPath, dockerfileHealthcheck?})
//                                                  R04 R06 R21-R31 (+ X-image, X-port)
//  checkAll({dockerfile, compose, dockerignore, port, healthPath})
//                                                  all of the above + cross-file checks
//  checkPublishedPorts(compose, dockerfile)        X-port: published ports the Dockerfile does not EXPOSE
//
// Every finding has tool "checklist", rule "Rnn" (a checklist row) or "X-..." (a
// cross-check), a line in the file concerned when known, and a message that
// starts with the file name.
import { isIP } from 'node:net';
import { parseDocument, LineCounter } from 'yaml';
import type { Document } from 'yaml';

import { parseDockerfile, stageChain, stageEnv, expandVars, shellWords, type DockerfileModel, type DfInstruction, type Stage } from './dockerfile-model.js';
import { parseDockerignore, isExcluded, globMatch, cleanPath, type IgnorePattern } from './dockerignore.js';
import { yamlPathLine } from './yaml-util.js';

/** One problem found. `message` is `detail` prefixed with the file name. */
export interface Finding {
  tool: string;
  /** checklist row (R01-R33) or cross-check (X-...) */
  rule: string;
  line?: number;
  message: string;
  /** the file concerned, as named in messages (Dockerfile, .dockerignore, compose.yaml, ...) */
  file?: string;
  /** the message without the file name */
  detail?: string;
}

/** What the output should agree with; unknown (undefined) values are not compared. */
export interface Expect {
  port?: number;
  healthPath?: string;
  /**
   * Whether the final stage must have its own CMD (the generator's output: yes, the default).
   * The audit passes false: an exec-form ENTRYPOINT or the base image's CMD is enough there.
   */
  requireCmd?: boolean;
  /**
   * Whether a health probe that names no port at all is a finding (the generator's output: yes,
   * the default). The audit passes false: a probe script may know the port itself.
   */
  probePortMustAppear?: boolean;
}

const TOOL = 'checklist';
const DF = 'Dockerfile';
const DI = '.dockerignore';
const DC = 'compose.yaml';

function finding(file: string, rule: string, message: string, line?: number): Finding {
  const f: Finding = { tool: TOOL, rule, message: `${file}: ${message}`, file, detail: message };
  if (line !== undefined) f.line = line;
  return f;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function basename(p: string): string {
  const s = p.replace(/\/+$/, '');
  return s.slice(s.lastIndexOf('/') + 1);
}

// ------------------------------------------------------------------ tables

/** ARG / ENV / environment names that look like they hold a secret. */
export const SECRET_NAME_RE = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)KEY$)/i;
/**
 * Names that point at a secret instead of holding one (Docker secrets convention), or that ask
 * for a placeholder instead of a secret (SECRET_KEY_BASE_DUMMY=1: Rails builds assets with a
 * throw-away key).
 */
export const SECRET_NAME_ALLOWED_RE = /_(FILE|PATH|DUMMY)$/i;

/** Values that look like a credential whatever their name. */
export const SECRET_VALUE_PATTERNS: Array<{ what: string; re: RegExp }> = [
  { what: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { what: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'Slack token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { what: 'Stripe key', re: /\b[rs]k_live_[A-Za-z0-9]{16,}\b/ },
  { what: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'JWT', re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  // scheme://user:password@host with a literal password (not ${...} / $VAR). Bounded and anchored
  // at a scheme boundary so a long untrusted line cannot make it quadratic.
  { what: 'URL with a password', re: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^/\s:@]{1,256}:(?!\$)[^/\s@]{1,256}@/i },
];

/** File names that must never be COPY/ADD-ed into an image. */
export const SECRET_FILE_PATTERNS: RegExp[] = [
  /^\.env(\..+)?$/,
  /\.(pem|key|p12|pfx|jks|keystore)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)$/,
  /^\.(npmrc|pypirc|netrc|git-credentials|dockercfg)$/,
];
const SECRET_FILE_ALLOWED = /^\.env\.(example|sample|template|dist|defaults)$/;
/** Concrete names tried against glob sources (COPY .env* ./ copies .env). */
const SECRET_FILE_SAMPLES = ['.env', '.env.local', '.env.production', 'server.pem', 'server.key', 'id_rsa', 'id_ed25519', '.npmrc', '.pypirc', '.netrc'];

/**
 * Dependency installs (R18). A RUN command segment (split on && || ; |) that
 * matches `detect` installs dependencies; it must match `exact` (install exactly
 * what the lockfile says) and one of `lockfiles` must be COPY'd (or bind-mounted)
 * into the stage before it. Add a row to support a new stack.
 */
export interface InstallPattern {
  id: string;
  detect: RegExp;
  /** segments that match detect but are not dependency installs (e.g. global tool installs) */
  skip?: RegExp;
  exact: RegExp;
  lockfiles: string[];
  hint: string;
}

export const INSTALL_PATTERNS: InstallPattern[] = [
  {
    id: 'npm',
    detect: /^npm\s+(ci|clean-install|install|i|add)\b/,
    skip: /\s(-g|--global)\b/,
    exact: /^npm\s+(ci|clean-install)\b/,
    lockfiles: ['package-lock.json', 'npm-shrinkwrap.json'],
    hint: 'npm ci',
  },
  {
    id: 'yarn',
    detect: /^yarn(\s+install)?(\s+-\S+)*$/,
    exact: /\s--(frozen-lockfile|immutable)\b/,
    lockfiles: ['yarn.lock'],
    hint: 'yarn install --immutable (berry) / --frozen-lockfile (v1)',
  },
  {
    id: 'bun',
    detect: /^bun\s+(install|i)\b/,
    skip: /\s(-g|--global)\b/,
    exact: /\s--frozen-lockfile\b/,
    lockfiles: ['bun.lock', 'bun.lockb'],
    hint: 'bun install --frozen-lockfile',
  },
  {
    id: 'pnpm',
    detect: /^pnpm\s+(install|i)\b/,
    skip: /\s(-g|--global)\b/,
    exact: /\s--frozen-lockfile\b/,
    lockfiles: ['pnpm-lock.yaml'],
    hint: 'pnpm install --frozen-lockfile',
  },
  // general options may come before the subcommand (pip --python /opt/venv/bin/python install ...)
  {
    id: 'pip',
    detect: /^(python3?\s+-m\s+)?pip3?\s+(--?[a-z][\w-]*(=\S+|\s+[^-\s]\S*)?\s+)*install\b.*(\s-r\s*|\s--requirement[=\s])/,
    exact: /\s--require-hashes\b/,
    lockfiles: ['requirements*.txt'],
    hint: 'pip install --require-hashes -r requirements.txt',
  },
  {
    id: 'uv',
    detect: /^uv\s+(sync|pip\s+(install|sync))\b/,
    exact: /^uv\s+(sync\b.*\s--(frozen|locked)\b|pip\s+(install|sync)\b.*\s--require-hashes\b)/,
    lockfiles: ['uv.lock', 'requirements*.txt'],
    hint: 'uv sync --frozen',
  },
  // poetry install always installs from poetry.lock when it is present
  { id: 'poetry', detect: /^poetry\s+install\b/, exact: /^poetry\s+install\b/, lockfiles: ['poetry.lock'], hint: 'poetry install (with poetry.lock)' },
  // pipenv install --deploy fails when Pipfile.lock is out of date; pipenv sync installs the lock as is
  {
    id: 'pipenv',
    detect: /^pipenv\s+(install|sync)\b/,
    exact: /^pipenv\s+(install\b.*\s--deploy\b|sync\b)/,
    lockfiles: ['Pipfile.lock'],
    hint: 'pipenv install --deploy',
  },
  // pdm sync installs pdm.lock as is; pdm install re-locks an outdated lock unless --frozen-lockfile
  {
    id: 'pdm',
    detect: /^pdm\s+(install|sync)\b/,
    exact: /^pdm\s+(sync\b|install\b.*\s--frozen-lockfile\b)/,
    lockfiles: ['pdm.lock'],
    hint: 'pdm sync (or pdm install --frozen-lockfile)',
  },
  // go.sum pins and verifies every module
  { id: 'go-mod', detect: /^go\s+mod\s+download\b/, exact: /^go\s+mod\s+download\b/, lockfiles: ['go.sum'], hint: 'go mod download' },
  { id: 'go-get', detect: /^go\s+get\b/, exact: /$^/, lockfiles: ['go.sum'], hint: 'go mod download (go get changes go.mod)' },
];

/** Stacks: how to recognise them in a Dockerfile and what .dockerignore must leave out. */
export interface StackRule {
  id: string;
  /** FROM image names (any stage) */
  image: RegExp;
  /** RUN text */
  run: RegExp;
  /** local dependency folders that must be excluded */
  dependencyDirs: string[];
  /** build output folders; when none can be inferred from COPY --from, one of these must be excluded */
  buildOutputs: string[];
}

export const STACKS: StackRule[] = [
  { id: 'node', image: /(^|\/)node(:|@|$)/, run: /\b(npm|yarn|pnpm)\b/, dependencyDirs: ['node_modules'], buildOutputs: ['dist', 'build'] },
  {
    id: 'python',
    image: /(^|\/)python(:|@|$)/,
    run: /\b(pip3?|uv|poetry|pipenv|pdm)\s/,
    dependencyDirs: ['.venv', '__pycache__'],
    buildOutputs: ['build', 'dist'],
  },
  { id: 'go', image: /(^|\/)golang(:|@|$)/, run: /\bgo\s+(build|mod)\b/, dependencyDirs: [], buildOutputs: ['bin'] },
];

/** Final-stage base images that carry a compiler toolchain (R12). */
export const TOOLCHAIN_IMAGES: Array<{ re: RegExp; why: string }> = [
  { re: /(^|\/)(golang|rust|gcc|maven|gradle|buildpack-deps)(:|@|$)/, why: 'an SDK/toolchain image' },
  // a JDK ships javac; Java apps run on the JRE variant
  { re: /(^|\/)(eclipse-temurin|amazoncorretto|ibm-semeru-runtimes):[^@]*jdk/, why: 'a JDK (compiler) image; run on the JRE variant' },
  // full Debian variants of language images ship gcc/make; -slim and -alpine do not
  // (python's slim tags put the suite last: python:3.13-slim-bookworm is slim)
  { re: /(^|\/)(node|python|ruby):(?![^@]*(^|[:-])slim-)([^@]*-)?(bookworm|bullseye|buster|trixie)$/, why: 'a full (non-slim) image with build tools' },
  { re: /(^|\/)(node|python|ruby)(:[0-9.]*|:latest|:lts|:current)?$/, why: 'a full (non-slim) image with build tools' },
];

/** Packages that are compilers / dev toolchains (R12: not in the final stage). */
const TOOLCHAIN_PACKAGES = /^(gcc|g\+\+|make|cmake|clang|build-essential|build-base|libc6?-dev|musl-dev|python3?-dev|[a-z0-9.+-]+-dev)(=.*)?$/;

const PROBE_FORBIDDEN = new Set(['curl', 'wget']);

/**
 * Final-stage base images that really ship a probe tool otherwise forbidden above (R04: "a tool
 * the final image really has"). Matched against the final stage's FROM as written (ARGs not
 * expanded). Add a row only with the image's recipe as evidence.
 */
export const IMAGE_PROBE_TOOLS: Array<{ image: RegExp; tools: string[]; evidence: string }> = [
  // nginxinc/docker-nginx-unprivileged <line>/debian/Dockerfile: apt-get install ... gettext-base curl
  { image: /(^|\/)nginx-unprivileged:[^@\s]*-(bookworm|trixie)(@|$)/, tools: ['curl'], evidence: 'official nginx Debian images install curl' },
];
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'npx', 'corepack']);

// ------------------------------------------------------------------ helpers

function isSecretName(name: string): boolean {
  return SECRET_NAME_RE.test(name) && !SECRET_NAME_ALLOWED_RE.test(name);
}

function secretValueKind(value: string): string | null {
  for (const p of SECRET_VALUE_PATTERNS) if (p.re.test(value)) return p.what;
  return null;
}

function isSecretFile(name: string): boolean {
  const base = basename(name);
  if (SECRET_FILE_ALLOWED.test(base)) return false;
  if (SECRET_FILE_PATTERNS.some((re) => re.test(base))) return true;
  if (/[*?[]/.test(base)) return SECRET_FILE_SAMPLES.some((s) => globMatch(base, s));
  return false;
}

/** Splits shell text into command segments on && || ; | and newlines, dropping leading VAR=x assignments. */
function commandSegments(text: string): string[] {
  return (
    text
      .split(/&&|\|\||;|\||\n/)
      // shell keywords that start a command (if ...; then npm ci; else ...) are not the command
      .map((s) => s.trim().replace(/^((then|else|do|!|\{|\()\s+)+/, ''))
      .map((s) =>
        s
          .trim()
          .replace(/^(\s*[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|\S*)\s+)+/, '')
          .trim(),
      )
      .filter(Boolean)
  );
}

function flag(ins: DfInstruction, name: string): string | null | undefined {
  const f = ins.flags.find((x) => x.name === name);
  return f ? f.value : undefined;
}

function mounts(ins: DfInstruction): Array<Record<string, string>> {
  return ins.flags.filter((f) => f.name === 'mount').map((f) => f.options);
}

/** COPY/ADD sources and destination (exec or shell form); heredoc sources are skipped. */
function copyParts(ins: DfInstruction): { sources: string[]; dest: string } | null {
  const words = ins.exec ?? shellWords(ins.text);
  if (words.length < 2 || words.some((w) => w.startsWith('<<'))) return null;
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

function isFullSourceCopy(ins: DfInstruction): boolean {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return false;
  if (flag(ins, 'from') !== undefined) return false;
  const parts = copyParts(ins);
  return !!parts && parts.sources.some((s) => ['.', './', '*', './*'].includes(s.trim()));
}

/** Last WORKDIR in effect at the end of the stage (following FROM <stage> parents). */
function stageWorkdir(stage: Stage): string {
  let wd = '/';
  for (const s of stageChain(stage).reverse()) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'WORKDIR') {
        const p = expandVars(ins.text.trim(), stageEnv(s));
        wd = p.startsWith('/') ? cleanPath(p) : cleanPath(`${wd}/${p}`);
      }
    }
  }
  return wd;
}

/** ENV/ARG values in effect just before `ins` in `stage`. */
function envAt(stage: Stage, ins: DfInstruction): Map<string, string> {
  const env = stage.parent ? stageEnv(stage.parent) : new Map<string, string>();
  for (const i of stage.instructions) {
    if (i === ins) break;
    if (i.keyword === 'ENV' || i.keyword === 'ARG') for (const p of i.properties) env.set(p.name, p.value ?? env.get(p.name) ?? '');
  }
  return env;
}

function own(stage: Stage, keyword: string): DfInstruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

// ------------------------------------------------------------------ probe (HEALTHCHECK) analysis

const ENV_REF_PATTERNS: RegExp[] = [
  /process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /process\.env\[\s*['"`]([^'"`]+)['"`]\s*\]/g,
  /os\.environ\.get\(\s*['"]([^'"]+)['"]/g,
  /os\.environ\[\s*['"]([^'"]+)['"]\s*\]/g,
  /os\.getenv\(\s*['"]([^'"]+)['"]/g,
  /os\.Getenv\(\s*"([^"]+)"/g,
  /Deno\.env\.get\(\s*['"]([^'"]+)['"]/g,
];

function envRefs(text: string): string[] {
  const names = new Set<string>();
  for (const re of ENV_REF_PATTERNS) for (const m of text.matchAll(re)) names.add(m[1]);
  return [...names];
}

/**
 * Checks an exec-form health probe: not curl/wget, not a shell, mentions the
 * health path and the port (literally, or through an env var the image/service
 * sets to that port).
 */
function checkProbe(
  argv: string[],
  ctx: {
    file: string;
    port?: number;
    healthPath?: string;
    portMustAppear?: boolean;
    env: Map<string, string>;
    line?: number;
    what: string;
    imageTools?: string[];
  },
): Finding[] {
  const out: Finding[] = [];
  const add = (msg: string) => out.push(finding(ctx.file, 'R04', `${ctx.what} ${msg}`, ctx.line));
  if (argv.length === 0) {
    add('has an empty command');
    return out;
  }
  const prog = basename(argv[0]);
  const forbidden = (name: string) => PROBE_FORBIDDEN.has(name) && !(ctx.imageTools ?? []).includes(name);
  if (forbidden(prog) || argv.slice(1, 2).some((a) => forbidden(basename(a)))) {
    add(`uses ${prog === 'busybox' ? argv[1] : prog}; probe with the runtime (node/python) or a probe binary, the slim image has no curl/wget`);
  }
  if (SHELLS.has(prog)) add(`runs through a shell (${prog}); use exec form with the probe program itself`);
  const joined = argv.join(' ');
  if (ctx.healthPath !== undefined && !new RegExp(`${escapeRe(ctx.healthPath)}(?![A-Za-z0-9_\\-./~])`).test(joined)) {
    add(`does not request the health path ${ctx.healthPath}`);
  }
  const shellRefs = [...joined.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((n) => /PORT/i.test(n));
  for (const n of shellRefs) add(`uses $${n}, which is not expanded in exec form (no shell); read it from the environment in the probe`);
  if (ctx.port === undefined) return out;
  const literal = new RegExp(`(?<![0-9])${ctx.port}(?![0-9])`).test(joined);
  const portRefs = envRefs(joined).filter((n) => /PORT/i.test(n));
  const viaEnv = portRefs.some((n) => ctx.env.get(n) === String(ctx.port));
  if (!literal && !viaEnv) {
    const wrong = portRefs.find((n) => ctx.env.has(n));
    if (wrong) add(`reads ${wrong}, which is set to ${ctx.env.get(wrong) ?? ''}, not ${ctx.port}`);
    else if (portRefs.length > 0) add(`reads ${portRefs.join(', ')}, which is not set, and has no literal fallback ${ctx.port}`);
    else if (ctx.portMustAppear ?? true) add(`does not mention port ${ctx.port}`);
  } else if (portRefs.length > 0) {
    for (const n of portRefs) {
      const v = ctx.env.get(n);
      if (v !== undefined && v !== String(ctx.port)) add(`reads ${n}, which is set to ${v}, not ${ctx.port}`);
    }
  }
  return out;
}

// ------------------------------------------------------------------ Dockerfile

/** The exec-form argv of the final stage's (last) HEALTHCHECK CMD, or null. */
export function dockerfileHealthcheckArgv(text: string): string[] | null {
  const m = parseDockerfile(text);
  if (!m.final) return null;
  const hcs = own(m.final, 'HEALTHCHECK');
  const last = hcs[hcs.length - 1];
  return last && last.subcommand === 'CMD' ? last.exec : null;
}

/** Ports the final stage EXPOSEs (variables expanded). */
export function dockerfileExposedPorts(text: string): number[] {
  const m = parseDockerfile(text);
  return m.final ? exposedPorts(m.final) : [];
}

function exposedPorts(stage: Stage): number[] {
  const env = stageEnv(stage);
  const ports: number[] = [];
  for (const s of stageChain(stage).reverse()) {
    for (const ins of own(s, 'EXPOSE')) {
      for (const w of expandVars(ins.text, env).split(/\s+/).filter(Boolean)) {
        const n = Number(w.split('/')[0].split('-')[0]);
        if (Number.isInteger(n)) ports.push(n);
      }
    }
  }
  return ports;
}

function checkUser(final: Stage): { findings: Finding[]; uid: string | null } {
  const out: Finding[] = [];
  const env = stageEnv(final);
  // USER is inherited through FROM <earlier stage>; the final stage's own USER wins.
  let users: DfInstruction[] = own(final, 'USER');
  if (users.length === 0)
    users = stageChain(final)
      .slice(1)
      .flatMap((s) => own(s, 'USER'));
  const last = users[users.length - 1];
  if (!last) {
    out.push(finding(DF, 'R03', 'final stage sets no USER, so it runs as the base image user (root); add USER 10001:10001', final.from.line));
    return { findings: out, uid: null };
  }
  const value = expandVars(last.text.trim(), env);
  const numeric = /^(\d+)(?::(\d+))?$/.exec(value);
  let uid: string | null = null;
  if (/^(root|0)(:|$)/i.test(value)) {
    const earlier = users
      .slice(0, -1)
      .reverse()
      .find((u) => /^[1-9]\d*(:\d+)?$/.test(expandVars(u.text.trim(), env)));
    out.push(
      finding(
        DF,
        'R03',
        earlier ? `USER ${value} after USER ${earlier.text.trim()} switches the final stage back to root` : `final stage runs as root (USER ${value})`,
        last.line,
      ),
    );
  } else if (!numeric) {
    out.push(finding(DF, 'R03', `final stage USER "${last.text.trim()}" must be a numeric uid[:gid] (e.g. 10001:10001), not a name`, last.line));
  } else {
    uid = numeric[1];
  }
  return { findings: out, uid };
}

function checkAppFilesNotWritable(final: Stage, uid: string | null): Finding[] {
  const out: Finding[] = [];
  const env = stageEnv(final);
  for (const ins of final.instructions) {
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const chown = flag(ins, 'chown');
      if (chown) {
        const owner = expandVars(chown, env).split(':')[0];
        if ((uid !== null && owner === uid) || (!/^\d+$/.test(owner) && owner !== 'root')) {
          out.push(
            finding(DF, 'R03', `${ins.keyword} --chown=${chown} makes app files owned by the runtime user (writable by it); leave them root-owned`, ins.line),
          );
        }
      }
      const chmod = flag(ins, 'chmod');
      if (chmod && grantsOtherWrite(chmod)) {
        out.push(finding(DF, 'R03', `${ins.keyword} --chmod=${chmod} makes app files writable by others`, ins.line));
      }
    } else if (ins.keyword === 'RUN') {
      for (const seg of commandSegments(ins.exec ? ins.exec.join(' ') : ins.text)) {
        const words = shellWords(seg);
        if (words[0] === 'chown' && uid !== null && words.slice(1).some((w) => w.split(':')[0] === uid)) {
          out.push(finding(DF, 'R03', `RUN chown to the runtime uid ${uid} makes app files writable by it`, ins.line));
        }
        if (words[0] === 'chmod' && words.slice(1).some((w) => !w.startsWith('-') && grantsOtherWrite(w))) {
          out.push(finding(DF, 'R03', `RUN ${seg} makes files writable by others`, ins.line));
        }
      }
    }
  }
  return out;
}

function grantsOtherWrite(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return (Number(mode[mode.length - 1]) & 2) !== 0;
  return mode.split(',').some((clause) => {
    const c = /^([ugoa]*)([+=])([rwxXst]*)$/.exec(clause);
    return !!c && c[3].includes('w') && (c[1] === '' || c[1].includes('o') || c[1].includes('a'));
  });
}

function checkHealthcheck(final: Stage, expect: Expect): Finding[] {
  const out: Finding[] = [];
  const hcs = own(final, 'HEALTHCHECK');
  if (hcs.length === 0) {
    out.push(finding(DF, 'R04', 'final stage has no HEALTHCHECK', final.from.line));
    return out;
  }
  if (hcs.length > 1) out.push(finding(DF, 'R04', `final stage has ${hcs.length} HEALTHCHECK instructions; exactly one is allowed`, hcs[1].line));
  for (const hc of hcs) {
    if (hc.subcommand === 'NONE') out.push(finding(DF, 'R04', 'HEALTHCHECK NONE disables the health check', hc.line));
  }
  const hc = hcs[hcs.length - 1];
  if (hc.subcommand !== 'CMD') return out;
  if (!hc.exec) {
    out.push(finding(DF, 'R04', 'HEALTHCHECK must use exec form CMD ["prog", "arg", ...]', hc.line));
    const tool = hc.words.find((w) => PROBE_FORBIDDEN.has(basename(w)));
    if (tool) out.push(finding(DF, 'R04', `HEALTHCHECK uses ${basename(tool)}; probe with the runtime (node/python) or a probe binary`, hc.line));
    return out;
  }
  const baseImage = stageChain(final).slice(-1)[0].image;
  const imageTools = IMAGE_PROBE_TOOLS.filter((row) => row.image.test(baseImage)).flatMap((row) => row.tools);
  out.push(
    ...checkProbe(hc.exec, {
      file: DF,
      port: expect.port,
      healthPath: expect.healthPath,
      portMustAppear: expect.probePortMustAppear,
      env: stageEnv(final),
      line: hc.line,
      what: 'HEALTHCHECK',
      imageTools,
    }),
  );
  return out;
}

function checkSecretsDockerfile(m: DockerfileModel): Finding[] {
  const out: Finding[] = [];
  const argEnv = [...m.globalArgs, ...m.stages.flatMap((s) => s.instructions)].filter((i) => i.keyword === 'ARG' || i.keyword === 'ENV');
  for (const ins of argEnv) {
    for (const p of ins.properties) {
      if (isSecretName(p.name)) {
        out.push(
          finding(
            DF,
            'R06',
            `${ins.keyword} ${p.name} looks like a secret; build args and ENV end up in the image metadata: use RUN --mount=type=secret (build) or runtime secrets`,
            ins.line,
          ),
        );
      } else if (p.value) {
        const kind = secretValueKind(p.value);
        if (kind) out.push(finding(DF, 'R06', `${ins.keyword} ${p.name} holds what looks like a ${kind}`, ins.line));
      }
    }
  }
  for (const stage of m.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'RUN') {
        if (mounts(ins).some((o) => o.type === 'secret')) continue;
        const text = ins.exec ? ins.exec.join(' ') : ins.text;
        const kind = secretValueKind(text);
        if (kind) out.push(finding(DF, 'R06', `RUN contains what looks like a ${kind}; use RUN --mount=type=secret`, ins.line));
        for (const a of text.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]*)/g)) {
          const val = a[2].replace(/^["']|["']$/g, '');
          if (isSecretName(a[1]) && val !== '' && !val.startsWith('$')) {
            out.push(finding(DF, 'R06', `RUN sets ${a[1]} to a literal; use RUN --mount=type=secret`, ins.line));
          }
        }
      } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const parts = copyParts(ins);
        for (const src of parts?.sources ?? []) {
          if (isSecretFile(src)) out.push(finding(DF, 'R06', `${ins.keyword} ${src} copies a secret file into the image`, ins.line));
        }
      }
    }
  }
  return out;
}

function checkCmd(final: Stage, requireCmd: boolean): Finding[] {
  const out: Finding[] = [];
  const cmds = own(final, 'CMD');
  if (cmds.length === 0 && requireCmd) out.push(finding(DF, 'R11', 'final stage has no CMD', final.from.line));
  if (cmds.length > 1) out.push(finding(DF, 'R11', `final stage has ${cmds.length} CMD instructions; exactly one is allowed`, cmds[1].line));
  const checkArgv = (ins: DfInstruction, kw: string) => {
    if (!ins.exec) {
      out.push(
        finding(DF, 'R11', `${kw} must be JSON exec form ["prog", "arg", ...] (shell form runs under /bin/sh -c, which does not forward signals)`, ins.line),
      );
      return;
    }
    const prog = basename(ins.exec[0] ?? '');
    if (ins.exec.length === 0) out.push(finding(DF, 'R11', `${kw} is empty`, ins.line));
    else if (PACKAGE_MANAGERS.has(prog))
      out.push(finding(DF, 'R11', `${kw} starts the app through ${prog}; run the runtime directly (e.g. ["node", "dist/server.js"])`, ins.line));
    else if (SHELLS.has(prog) && ins.exec.slice(1).some((a) => /^-[a-z]*c[a-z]*$/.test(a)))
      out.push(finding(DF, 'R11', `${kw} runs the app through ${prog} -c`, ins.line));
  };
  if (cmds.length > 0) checkArgv(cmds[cmds.length - 1], 'CMD');
  for (const ep of own(final, 'ENTRYPOINT')) checkArgv(ep, 'ENTRYPOINT');
  return out;
}

function devInstallProblems(ins: DfInstruction, env: Map<string, string>): string[] {
  const problems: string[] = [];
  if (ins.keyword !== 'RUN') return problems;
  const prodEnv = env.get('NODE_ENV') === 'production';
  for (const seg of commandSegments(ins.exec ? ins.exec.join(' ') : ins.text)) {
    const words = shellWords(seg);
    if (
      /^npm\s+(ci|clean-install|install|i)\b/.test(seg) &&
      !/\s(-g|--global)\b/.test(seg) &&
      !prodEnv &&
      !/\s(--omit=dev|--production|--only=prod(uction)?)\b/.test(seg)
    ) {
      problems.push(`"${seg}" installs devDependencies (add --omit=dev)`);
    }
    if (/^yarn(\s+install)?(\s+-\S+)*$/.test(seg) && !prodEnv && !/\s--production\b/.test(seg) && !/workspaces\s+focus.*--production/.test(seg)) {
      problems.push(`"${seg}" installs devDependencies`);
    }
    if (/^pnpm\s+(install|i)\b/.test(seg) && !prodEnv && !/\s(--prod|-P)\b/.test(seg)) problems.push(`"${seg}" installs devDependencies (add --prod)`);
    const isApt = (words[0] === 'apt-get' || words[0] === 'apt') && words.includes('install');
    const isApk = words[0] === 'apk' && words.includes('add');
    if (isApt || isApk) {
      const pkgs = words.slice(words.indexOf(isApt ? 'install' : 'add') + 1).filter((w) => !w.startsWith('-'));
      const tools = pkgs.filter((p) => TOOLCHAIN_PACKAGES.test(p));
      if (tools.length) problems.push(`installs compiler/dev packages ${tools.join(', ')}`);
    }
  }
  return problems;
}

function checkStages(m: DockerfileModel): Finding[] {
  const out: Finding[] = [];
  const seen = new Map<string, Stage>();
  for (const s of m.stages) {
    if (s.name === null) continue;
    if (s.name !== s.name.toLowerCase()) out.push(finding(DF, 'R12', `stage name "${s.name}" must be lowercase`, s.from.line));
    const key = s.name.toLowerCase();
    const prev = seen.get(key);
    if (prev) out.push(finding(DF, 'R12', `stage name "${s.name}" is already used at line ${prev.from.line}`, s.from.line));
    else seen.set(key, s);
  }
  for (const s of m.stages) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const from = flag(ins, 'from');
      if (from === undefined) continue;
      if (!from) {
        out.push(finding(DF, 'R12', `${ins.keyword} --from has no value`, ins.line));
        continue;
      }
      if (/^\d+$/.test(from)) {
        if (Number(from) >= s.index) out.push(finding(DF, 'R12', `${ins.keyword} --from=${from} does not refer to an earlier stage`, ins.line));
        continue;
      }
      const target = m.stages.find((x) => x.name !== null && x.name.toLowerCase() === from.toLowerCase());
      if (target) {
        if (target.index >= s.index)
          out.push(finding(DF, 'R12', `${ins.keyword} --from=${from} refers to ${target === s ? 'its own stage' : 'a later stage'}`, ins.line));
        continue;
      }
      if (/[:@/]/.test(from)) {
        const lastPart = from.slice(from.lastIndexOf('/') + 1);
        if (!from.includes('@sha256:') && !lastPart.includes(':'))
          out.push(finding(DF, 'R12', `${ins.keyword} --from=${from} copies from an unpinned external image`, ins.line));
        continue;
      }
      out.push(finding(DF, 'R12', `${ins.keyword} --from=${from} does not name an earlier stage`, ins.line));
    }
  }
  const final = m.final;
  if (final) {
    const root = stageChain(final).slice(-1)[0];
    for (const t of TOOLCHAIN_IMAGES) {
      if (t.re.test(root.image))
        out.push(finding(DF, 'R12', `final stage is based on ${root.image}, ${t.why}; use a slim/distroless runtime image`, final.from.line));
    }
    for (const s of stageChain(final)) {
      for (const ins of s.instructions) {
        for (const p of devInstallProblems(ins, envAt(s, ins))) {
          out.push(finding(DF, 'R12', `final stage${s === final ? '' : ` (inherited from stage ${s.name ?? s.index})`} ${p}`, ins.line));
        }
      }
    }
  }
  return out;
}

function checkInstallOrder(m: DockerfileModel): Finding[] {
  const out: Finding[] = [];
  for (const stage of m.stages) {
    const prior: DfInstruction[] = stageChain(stage)
      .slice(1)
      .reverse()
      .flatMap((s) => s.instructions);
    const seen: DfInstruction[] = [...prior];
    // Installers that already installed the dependencies before any whole-source COPY: a later
    // run of the same installer installs the project itself (its dependency layer stays cached).
    const installedFirst = new Set<string>();
    for (const ins of stage.instructions) {
      if (ins.keyword === 'RUN') {
        const text = ins.exec ? ins.exec.join(' ') : ins.text;
        for (const seg of commandSegments(text)) {
          const pat = INSTALL_PATTERNS.find((p) => p.detect.test(seg) && !(p.skip && p.skip.test(seg)));
          if (!pat) continue;
          if (!pat.exact.test(seg)) out.push(finding(DF, 'R18', `"${seg}" does not install exactly what the lockfile says; use ${pat.hint}`, ins.line));
          if (!mounts(ins).some((o) => o.type === 'cache')) out.push(finding(DF, 'R18', `dependency install "${seg}" has no RUN --mount=type=cache`, ins.line));
          const full = seen.find(isFullSourceCopy);
          if (!full) installedFirst.add(pat.id);
          if (full && !installedFirst.has(pat.id))
            out.push(
              finding(
                DF,
                'R18',
                `COPY of the whole source (line ${full.line}) comes before dependency install "${seg}"; copy the manifests and lockfile first`,
                ins.line,
              ),
            );
          // From the build context, or from an earlier stage of this Dockerfile that prepared it
          // (a monorepo's pruned lockfile: `COPY --from=prune /app/out/pnpm-lock.yaml ./`).
          const lockCopied = seen.some((c) => {
            const from = flag(c, 'from');
            if ((c.keyword !== 'COPY' && c.keyword !== 'ADD') || (from !== undefined && !m.stages.some((st) => st.name === from))) return false;
            const parts = copyParts(c);
            return !!parts && parts.sources.some((src) => pat.lockfiles.some((l) => globMatch(basename(src), l) || globMatch(l, basename(src))));
          });
          const lockMounted = mounts(ins).some((o) => o.type === 'bind' && pat.lockfiles.some((l) => globMatch(l, basename(o.source ?? o.src ?? ''))));
          if (!lockCopied && !lockMounted)
            out.push(finding(DF, 'R18', `no lockfile (${pat.lockfiles.join(' or ')}) is copied before dependency install "${seg}"`, ins.line));
        }
      }
      seen.push(ins);
    }
  }
  return out;
}

export function checkDockerfile(text: string, expect: Expect): Finding[] {
  const m = parseDockerfile(text);
  const final = m.final;
  if (!final) return [finding(DF, 'R03', 'no FROM instruction: nothing to check')];
  const out: Finding[] = [];
  const { findings: userFindings, uid } = checkUser(final);
  out.push(...userFindings);
  out.push(...checkAppFilesNotWritable(final, uid));
  out.push(...checkHealthcheck(final, expect));
  out.push(...checkSecretsDockerfile(m));
  out.push(...checkCmd(final, expect.requireCmd ?? true));
  out.push(...checkStages(m));
  out.push(...checkInstallOrder(m));
  const ports = exposedPorts(final);
  if (expect.port !== undefined && !ports.includes(expect.port)) {
    out.push(
      finding(
        DF,
        'X-port',
        ports.length ? `final stage EXPOSEs ${ports.join(', ')}, not ${expect.port}` : `final stage does not EXPOSE ${expect.port}`,
        final.from.line,
      ),
    );
  }
  return out;
}

// ------------------------------------------------------------------ .dockerignore

function detectStacks(m: DockerfileModel): StackRule[] {
  const images = m.stages.map((s) => stageChain(s).slice(-1)[0].image);
  const runs = m.stages
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'RUN')
    .map((i) => (i.exec ? i.exec.join(' ') : i.text))
    .join('\n');
  return STACKS.filter((st) => images.some((i) => st.image.test(i)) || st.run.test(runs));
}

/**
 * Folders that hold sources in the common layouts (Next.js public/, src/, ...): copied out of a
 * build stage as they are, not produced by the build, so .dockerignore must not leave them out.
 */
const SOURCE_FOLDERS = new Set(['public', 'src', 'assets', 'config', 'prisma', 'locales', 'views', 'templates']);
/** Folder names build tools write to. */
const OUTPUT_NAMES = new Set(['dist', 'build', 'out', '.next', '.output', '.nuxt', '.svelte-kit', 'target', 'bin']);

/** Context-relative build output folders the Dockerfile copies out of a build stage. */
function inferredBuildOutputs(m: DockerfileModel, dependencyDirs: string[]): string[] {
  const outs = new Set<string>();
  for (const s of m.stages) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const from = flag(ins, 'from');
      if (!from) continue;
      const src = m.stages.find((x) => (x.name !== null && x.name.toLowerCase() === from.toLowerCase()) || String(x.index) === from);
      if (!src || !stageChain(src).some((x) => x.instructions.some(isFullSourceCopy))) continue;
      const wd = stageWorkdir(src);
      for (const p of copyParts(ins)?.sources ?? []) {
        const abs = p.startsWith('/') ? cleanPath(p) : cleanPath(`${wd}/${p}`);
        const prefix = wd === '/' ? '/' : `${wd}/`;
        if (!abs.startsWith(prefix)) continue;
        const segments = abs.slice(prefix.length).split('/').filter(Boolean);
        const first = segments[0];
        if (!first || dependencyDirs.includes(first) || SOURCE_FOLDERS.has(first) || /[*?[]/.test(first)) continue;
        if (segments.length === 1) {
          outs.add(first);
          continue;
        }
        // A nested path (a workspace app's apps/api/dist, .next/standalone): up to the first
        // folder named like build output; none (a workspace package's sources): not known as output.
        const at = segments.findIndex((segment) => OUTPUT_NAMES.has(segment));
        if (at >= 0 && !segments.slice(0, at).some((segment) => dependencyDirs.includes(segment) || SOURCE_FOLDERS.has(segment)))
          outs.add(segments.slice(0, at + 1).join('/'));
      }
    }
  }
  return [...outs];
}

const KNOWN_CONTEXT_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  '.yarnrc.yml',
  '.npmrc',
  'requirements.txt',
  'requirements-dev.txt',
  'pyproject.toml',
  'uv.lock',
  'poetry.lock',
  'go.mod',
  'go.sum',
  'tsconfig.json',
];

/** Concrete paths to test for a COPY source (a glob stands for the files it would pick up). */
function sourceCandidates(src: string, original: string): string[] {
  if (!/[*?[]/.test(src)) {
    const c = [src];
    if (original.endsWith('/') || !basename(src).includes('.')) c.push(`${src}/__probe__`);
    return c;
  }
  const slash = src.lastIndexOf('/');
  const dir = slash >= 0 ? src.slice(0, slash + 1) : '';
  const base = src.slice(slash + 1);
  const c = new Set<string>();
  for (const known of KNOWN_CONTEXT_FILES) if (globMatch(base, known)) c.add(dir + known);
  for (const fill of ['', 'x']) {
    const concrete = src
      .replace(/\[[^\]]*\]/g, 'x')
      .replace(/\*/g, fill)
      .replace(/\?/g, 'x');
    if (globMatch(src, concrete) && basename(concrete) !== '') c.add(concrete);
  }
  return [...c];
}

export function checkDockerignore(ignoreText: string, dockerfileText: string): Finding[] {
  const out: Finding[] = [];
  const patterns = parseDockerignore(ignoreText);
  for (const p of patterns) if (p.error) out.push(finding(DI, 'R19', `${p.error}: ${p.source}`, p.line));
  const m = parseDockerfile(dockerfileText);
  const describe = (p: IgnorePattern | undefined) => (p ? `pattern "${p.source}" (line ${p.line})` : 'a pattern');

  // 1. never exclude a path the Dockerfile copies by name
  for (const stage of m.stages) {
    const env = new Map([...m.globalArgs.flatMap((a) => a.properties.map((p) => [p.name, p.value ?? ''] as [string, string])), ...stageEnv(stage)]);
    for (const ins of stage.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || flag(ins, 'from') !== undefined) continue;
      for (const original of copyParts(ins)?.sources ?? []) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(original) || original.startsWith('git@')) continue;
        const src = cleanPath(expandVars(original, env).replace(/^\/+/, ''));
        if (src === '.' || src === '*') continue;
        for (const c of sourceCandidates(src, original)) {
          const d = isExcluded(patterns, c);
          if (d.excluded) {
            out.push(
              finding(
                DI,
                'R19',
                `excludes ${c === src ? `"${original}"` : `"${c}" (matched by ${original})`}, which ${DF} line ${ins.line} copies: ${describe(d.by)}`,
                d.by?.line,
              ),
            );
            break;
          }
        }
      }
    }
  }

  // 2. required exclusions
  const stacks = detectStacks(m);
  const required: Array<{ what: string; paths: string[] }> = [
    { what: '.git', paths: ['.git', '.git/HEAD'] },
    { what: '.env files (.env, .env.*)', paths: ['.env', '.env.local', '.env.production'] },
    { what: 'private keys (*.pem, *.key, id_rsa)', paths: ['server.pem', 'server.key', 'id_rsa', 'id_ed25519'] },
    { what: 'package-registry credentials (.npmrc, .pypirc, .netrc)', paths: ['.npmrc', '.pypirc', '.netrc'] },
    { what: 'SSH and cloud credential folders (.ssh, .aws)', paths: ['.ssh/id_rsa', '.aws/credentials'] },
    { what: 'credential files (credentials.json)', paths: ['credentials.json'] },
    { what: 'logs (*.log)', paths: ['app.log', 'npm-debug.log'] },
  ];
  for (const st of stacks) {
    for (const d of st.dependencyDirs) required.push({ what: `${d} (${st.id} dependencies)`, paths: [d, `${d}/__probe__/file`] });
    const inferred = inferredBuildOutputs(m, st.dependencyDirs);
    for (const o of inferred) required.push({ what: `${o} (build output)`, paths: [o, `${o}/file`] });
    // Build output only exists where a build runs: a stage before the final one that copies the
    // whole source. A Dockerfile without one (plain JS copied as is) has no output to exclude,
    // and a committed dist/ may then be the app itself.
    const builds = m.stages.slice(0, -1).some((x) => x.instructions.some(isFullSourceCopy));
    if (builds && inferred.length === 0 && st.buildOutputs.length > 0 && !st.buildOutputs.some((o) => isExcluded(patterns, o).excluded)) {
      out.push(finding(DI, 'R19', `does not exclude any ${st.id} build output folder (${st.buildOutputs.join(', ')})`));
    }
  }
  for (const r of required) {
    const missing = r.paths.filter((p) => !isExcluded(patterns, p).excluded);
    if (missing.length) out.push(finding(DI, 'R19', `does not exclude ${r.what}: ${missing.join(', ')} would be sent to the build`));
  }
  return out;
}

// ------------------------------------------------------------------ compose

/** Compose interpolation with every variable unset: defaults are used, anything else is unresolved. */
export function interpolate(s: string): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    if (s[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (s[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      while (j < s.length && depth > 0) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}') depth--;
        j++;
      }
      const inner = s.slice(i + 2, j - 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
      if (m && (m[2] === ':-' || m[2] === '-')) {
        const d = interpolate(m[3] ?? '');
        out += d.value;
        unresolved.push(...d.unresolved);
      } else if (m && (m[2] === ':+' || m[2] === '+')) {
        // unset -> empty
      } else {
        unresolved.push(m ? m[1] : inner);
      }
      i = j;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
    if (m) {
      unresolved.push(m[0]);
      i += 1 + m[0].length;
    } else {
      out += '$';
      i++;
    }
  }
  return { value: out, unresolved };
}

interface PortSpec {
  raw: string;
  hostIp?: string;
  published?: string;
  target?: string;
  unresolved: string[];
}

function parsePort(entry: unknown): PortSpec | null {
  if (typeof entry === 'number') return { raw: String(entry), target: String(entry), unresolved: [] };
  if (typeof entry === 'string') {
    const { value, unresolved } = interpolate(entry);
    const v = value.split('/')[0];
    let hostIp: string | undefined;
    let rest = v;
    const v6 = /^\[([^\]]*)\]:(.*)$/.exec(v);
    if (v6) {
      hostIp = v6[1];
      rest = v6[2];
    }
    const parts = rest.split(':');
    if (!v6 && parts.length > 3) {
      hostIp = parts.slice(0, -2).join(':');
      return { raw: entry, hostIp, published: parts[parts.length - 2], target: parts[parts.length - 1], unresolved };
    }
    if (!v6 && parts.length === 3) return { raw: entry, hostIp: parts[0], published: parts[1], target: parts[2], unresolved };
    if (parts.length === 2) return { raw: entry, hostIp, published: parts[0], target: parts[1], unresolved };
    return { raw: entry, hostIp, target: parts[0], unresolved };
  }
  if (entry && typeof entry === 'object') {
    const o = entry as Record<string, unknown>;
    const unresolved: string[] = [];
    const str = (x: unknown): string | undefined => {
      if (x === undefined || x === null) return undefined;
      const r = interpolate(String(x));
      unresolved.push(...r.unresolved);
      return r.value;
    };
    return { raw: JSON.stringify(entry), hostIp: str(o.host_ip), published: str(o.published), target: str(o.target), unresolved };
  }
  return null;
}

function asList(x: unknown): unknown[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}

function envEntries(x: unknown): Array<[string, string | null]> {
  if (Array.isArray(x)) {
    return x.map((e) => {
      const s = String(e);
      const eq = s.indexOf('=');
      return eq < 0 ? [s, null] : [s.slice(0, eq), s.slice(eq + 1)];
    });
  }
  if (x && typeof x === 'object') {
    return Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]);
  }
  return [];
}

const DANGEROUS_HOST_PATHS = ['/etc', '/proc', '/sys', '/var/run', '/run', '/root', '/home', '/Users', '/dev', '/boot', '/var/lib/docker'];

function dangerousMount(source: string): string | null {
  if (source.includes('docker.sock')) return 'the Docker socket';
  if (/^(~|\$HOME\b|\$\{HOME[}:])/.test(source)) return 'the host home directory';
  if (!source.startsWith('/')) return null;
  const p = cleanPath(source);
  if (p === '/') return 'the host root filesystem';
  for (const d of DANGEROUS_HOST_PATHS) if (p === d || p.startsWith(`${d}/`)) return `host ${d}`;
  return null;
}

function truthy(x: unknown): boolean {
  return x === true || x === 'true';
}

interface ComposeCtx {
  file: string;
  doc: Document;
  lc: LineCounter;
  line(path: Array<string | number>): number | undefined;
}

function checkService(name: string, svc: Record<string, unknown>, ctx: ComposeCtx, app: boolean, expect: ComposeExpect): Finding[] {
  const out: Finding[] = [];
  const base = ['services', name];
  const at = (...p: Array<string | number>) => ctx.line([...base, ...p]);
  const add = (rule: string, msg: string, line?: number) => out.push(finding(ctx.file, rule, `service "${name}": ${msg}`, line));
  const ports = asList(svc.ports)
    .map(parsePort)
    .filter((p): p is PortSpec => p !== null);

  // R22
  if (truthy(svc.privileged)) add('R22', 'privileged: true', at('privileged'));
  // R23
  const capDrop = asList(svc.cap_drop).map((c) => String(c).toUpperCase());
  if (!capDrop.includes('ALL') && !capDrop.includes('CAP_ALL')) add('R23', 'cap_drop must include ALL', at('cap_drop') ?? at());
  const capAdd = asList(svc.cap_add).map((c) => String(c).toUpperCase().replace(/^CAP_/, ''));
  if (capAdd.length > 0) {
    const lowPort = ports.some((p) => Number(p.target) > 0 && Number(p.target) < 1024) || (app && expect.port !== undefined && expect.port < 1024);
    const extra = capAdd.filter((c) => !(lowPort && c === 'NET_BIND_SERVICE'));
    if (extra.length > 0)
      add(
        'R23',
        `cap_add ${extra.join(', ')} is not allowed${lowPort ? ' (only NET_BIND_SERVICE, for a port < 1024)' : ' (the app listens on a port >= 1024)'}`,
        at('cap_add'),
      );
  }
  // R24
  const secOpt = asList(svc.security_opt).map(String);
  if (!secOpt.some((o) => /^no-new-privileges([:=]true)?$/.test(o))) add('R24', 'security_opt must include no-new-privileges:true', at('security_opt') ?? at());
  for (const o of secOpt) {
    if (/unconfined/.test(o) || /^label[:=]disable$/.test(o)) add('R24', `security_opt "${o}" turns off confinement`, at('security_opt'));
  }
  // R25
  if (!truthy(svc.read_only)) add('R25', 'read_only: true is missing', at('read_only') ?? at());
  const tmpfs = asList(svc.tmpfs).map((t) => String(t).split(':')[0]);
  const tmpfsVolume = asList(svc.volumes).some(
    (v) => !!v && typeof v === 'object' && (v as Record<string, unknown>).type === 'tmpfs' && (v as Record<string, unknown>).target === '/tmp',
  );
  if (!tmpfs.includes('/tmp') && !tmpfsVolume) add('R25', 'tmpfs must include /tmp (the root filesystem is read-only)', at('tmpfs') ?? at());
  // R26
  const limits = (((svc.deploy as Record<string, unknown> | undefined)?.resources as Record<string, unknown> | undefined)?.limits ?? {}) as Record<
    string,
    unknown
  >;
  const cpus = limits.cpus ?? svc.cpus;
  const memory = limits.memory ?? svc.mem_limit;
  const pids = limits.pids ?? svc.pids_limit;
  if (cpus === undefined || !(Number(cpus) > 0))
    add(
      'R26',
      cpus === undefined ? 'no CPU limit (deploy.resources.limits.cpus or cpus)' : `CPU limit ${String(cpus)} is not a positive number`,
      at('deploy') ?? at(),
    );
  if (memory === undefined || /^(0|-1)$/.test(String(memory).trim()))
    add(
      'R26',
      memory === undefined ? 'no memory limit (deploy.resources.limits.memory or mem_limit)' : `memory limit ${String(memory)} is unlimited`,
      at('deploy') ?? at(),
    );
  if (pids === undefined || !(Number(pids) > 0))
    add(
      'R26',
      pids === undefined ? 'no pids limit (deploy.resources.limits.pids or pids_limit)' : `pids limit ${String(pids)} is unlimited`,
      at('deploy') ?? at(),
    );
  // R27
  if (svc.restart === undefined) add('R27', 'restart is not set', at());
  else if (!/^(always|unless-stopped|on-failure(:\d+)?)$/.test(String(svc.restart)))
    add('R27', `restart: ${String(svc.restart)} does not restart the service`, at('restart'));
  // R28
  for (const key of ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode', 'cgroup']) {
    if (svc[key] === 'host') add('R28', `${key}: host shares the host's namespace`, at(key));
  }
  if (asList(svc.devices).length > 0) add('R28', 'devices gives the container host devices', at('devices'));
  // R29
  asList(svc.volumes).forEach((v, i) => {
    let source: string | null = null;
    if (typeof v === 'string') {
      const parts = v.split(':');
      if (parts.length >= 2) source = parts[0];
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === undefined || o.type === 'bind') && typeof o.source === 'string') source = o.source;
    }
    if (source === null) return;
    const what = dangerousMount(source);
    if (what) add('R29', `volume ${typeof v === 'string' ? v : source} mounts ${what}`, at('volumes', i));
  });
  // R30
  ports.forEach((p, i) => {
    if (p.unresolved.length > 0 && (p.published === undefined || !/\d/.test(p.published))) {
      add('R30', `published port ${p.raw} comes from ${p.unresolved.join(', ')} without a default`, at('ports', i));
      return;
    }
    if (p.published === undefined || p.published === '') return; // ephemeral host port
    const host = Number(p.published.split('-')[0]);
    if (!Number.isInteger(host)) add('R30', `published port ${p.raw} is not a number`, at('ports', i));
    else if (host < 1024) add('R30', `published host port ${host} is below 1024`, at('ports', i));
    if (p.hostIp !== undefined && p.hostIp !== '' && isIP(p.hostIp) === 0)
      add('R30', `host interface "${p.hostIp}" in ${p.raw} is not an IP address`, at('ports', i));
  });
  // R31
  const logging = (svc.logging ?? {}) as Record<string, unknown>;
  const driver = logging.driver;
  const opts = (logging.options ?? {}) as Record<string, unknown>;
  if (driver !== 'json-file' && driver !== 'local')
    add(
      'R31',
      driver === undefined ? 'logging.driver is not set (json-file or local)' : `logging.driver ${String(driver)} is not json-file or local`,
      at('logging') ?? at(),
    );
  for (const [k, want] of [
    ['max-size', '10m'],
    ['max-file', '3'],
  ] as const) {
    const v = opts[k];
    if (v !== want)
      add(
        'R31',
        v === undefined ? `logging.options.${k} is not set (want "${want}")` : `logging.options.${k} is ${JSON.stringify(v)}, want the string "${want}"`,
        at('logging', 'options', k) ?? at('logging') ?? at(),
      );
  }
  // R06
  const checkEnv = (entries: Array<[string, string | null]>, where: string, path: Array<string | number>) => {
    for (const [k, v] of entries) {
      if (v === null || v === '') continue;
      const literal = interpolate(v).value;
      if (isSecretName(k) && literal !== '') add('R06', `${where} ${k} has a literal value; use \${${k}} (or a secret)`, at(...path));
      else {
        const kind = secretValueKind(v);
        if (kind) add('R06', `${where} ${k} holds what looks like a ${kind}`, at(...path));
      }
    }
  };
  checkEnv(envEntries(svc.environment), 'environment', ['environment']);
  if (svc.build && typeof svc.build === 'object') checkEnv(envEntries((svc.build as Record<string, unknown>).args), 'build.args', ['build', 'args']);

  if (app) {
    // X-image
    if (typeof svc.image !== 'string' || svc.image === '') add('X-image', 'image is not set, so the built image has no stable name', at());
    // X-port
    if (expect.port !== undefined && !ports.some((p) => Number(p.target) === expect.port))
      add('X-port', `does not publish container port ${expect.port}`, at('ports') ?? at());
    // R04
    out.push(...checkComposeHealthcheck(name, svc, at, ctx.file, expect));
  }
  return out;
}

function checkComposeHealthcheck(
  name: string,
  svc: Record<string, unknown>,
  at: (...p: Array<string | number>) => number | undefined,
  file: string,
  expect: ComposeExpect,
): Finding[] {
  const out: Finding[] = [];
  const add = (msg: string, line?: number) => out.push(finding(file, 'R04', `service "${name}": ${msg}`, line));
  const hc = svc.healthcheck as Record<string, unknown> | undefined;
  if (!hc) {
    add('healthcheck is missing (it must repeat the Dockerfile HEALTHCHECK)', at());
    return out;
  }
  if (truthy(hc.disable)) add('healthcheck.disable turns the health check off', at('healthcheck', 'disable'));
  const test = hc.test;
  if (typeof test === 'string') {
    add('healthcheck.test is a string, which runs under a shell; use ["CMD", "prog", ...]', at('healthcheck', 'test'));
    return out;
  }
  if (!Array.isArray(test) || test.length === 0) {
    add('healthcheck.test is missing', at('healthcheck'));
    return out;
  }
  const head = String(test[0]);
  if (head !== 'CMD') {
    add(`healthcheck.test starts with ${head}; use ["CMD", "prog", ...]`, at('healthcheck', 'test'));
    return out;
  }
  const rawArgs = test.slice(1).map(String);
  for (const a of rawArgs) {
    if (/(^|[^$])\$(\{|[A-Za-z_])/.test(a.replace(/\$\$/g, ''))) {
      add(
        `healthcheck.test uses unescaped $ interpolation (${a.length > 60 ? a.slice(0, 60) + '...' : a}); Compose substitutes it from the host environment, write $$`,
        at('healthcheck', 'test'),
      );
      break;
    }
  }
  const argv = rawArgs.map((a) => a.replace(/\$\$/g, '$'));
  if (expect.dockerfileHealthcheck) {
    const want = expect.dockerfileHealthcheck[0] === 'CMD' ? expect.dockerfileHealthcheck.slice(1) : expect.dockerfileHealthcheck;
    if (JSON.stringify(argv) !== JSON.stringify(want)) {
      add(
        `healthcheck.test ${JSON.stringify(['CMD', ...argv])} differs from the Dockerfile HEALTHCHECK ${JSON.stringify(['CMD', ...want])}`,
        at('healthcheck', 'test'),
      );
    }
  } else {
    const env = new Map(
      envEntries(svc.environment)
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([k, v]) => [k, interpolate(v).value]),
    );
    out.push(
      ...checkProbe(argv, {
        file,
        port: expect.port,
        healthPath: expect.healthPath,
        portMustAppear: expect.probePortMustAppear,
        env,
        line: at('healthcheck', 'test'),
        what: `service "${name}": healthcheck.test`,
      }),
    );
  }
  return out;
}

export interface ComposeExpect extends Expect {
  /** the Dockerfile HEALTHCHECK argv the app service's healthcheck must repeat */
  dockerfileHealthcheck?: string[];
  /** the compose file's name in messages (compose.yaml) */
  file?: string;
}

export function checkCompose(text: string, expect: ComposeExpect): Finding[] {
  const DC = expect.file ?? 'compose.yaml';
  const lc = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: lc });
  if (doc.errors.length > 0) return [finding(DC, 'R21', `is not valid YAML: ${doc.errors[0].message}`, doc.errors[0].linePos?.[0]?.line)];
  const ctx: ComposeCtx = { doc, lc, file: DC, line: (p) => yamlPathLine(doc, lc, p) };
  const content = doc.toJS() as unknown;
  if (!content || typeof content !== 'object' || Array.isArray(content)) return [finding(DC, 'R21', 'top level is not a mapping')];
  const top = content as Record<string, unknown>;
  const out: Finding[] = [];
  if ('version' in top) out.push(finding(DC, 'R21', 'has a version: key (obsolete in the Compose Specification)', ctx.line(['version'])));
  const services = top.services;
  if (!services || typeof services !== 'object' || Array.isArray(services) || Object.keys(services).length === 0) {
    out.push(finding(DC, 'R21', 'has no services'));
    return out;
  }
  const entries = Object.entries(services as Record<string, unknown>);
  const built = entries.filter(([, s]) => !!s && typeof s === 'object' && 'build' in (s as object)).map(([n]) => n);
  const appNames = new Set(built.length > 0 ? built : [entries[0][0]]);
  for (const [name, svc] of entries) {
    if (!svc || typeof svc !== 'object') {
      out.push(finding(DC, 'R21', `service "${name}" is not a mapping`, ctx.line(['services', name])));
      continue;
    }
    out.push(...checkService(name, svc as Record<string, unknown>, ctx, appNames.has(name), expect));
  }
  return out;
}

/** Container ports the app service(s) publish. */
function composeAppTargets(text: string): Array<{ service: string; target: number; line?: number }> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: lc });
  if (doc.errors.length > 0) return [];
  const services = ((doc.toJS() as Record<string, unknown> | null)?.services ?? {}) as Record<string, Record<string, unknown>>;
  const entries = Object.entries(services).filter(([, s]) => s && typeof s === 'object');
  const built = entries.filter(([, s]) => 'build' in s);
  const apps = built.length > 0 ? built : entries.slice(0, 1);
  return apps.flatMap(([service, s]) =>
    asList(s.ports)
      .map((entry, i) => ({ p: parsePort(entry), i }))
      .filter((x): x is { p: PortSpec; i: number } => x.p !== null)
      .map(({ p, i }) => ({ service, target: Number(p.target), line: yamlPathLine(doc, lc, ['services', service, 'ports', i]) }))
      .filter((p) => Number.isInteger(p.target)),
  );
}

export function checkAll(input: { dockerfile: string; compose: string; dockerignore: string; port: number; healthPath: string }): Finding[] {
  const { dockerfile, compose, dockerignore, port, healthPath } = input;
  const hc = dockerfileHealthcheckArgv(dockerfile);
  const out: Finding[] = [
    ...checkDockerfile(dockerfile, { port, healthPath }),
    ...checkCompose(compose, { port, healthPath, dockerfileHealthcheck: hc ?? undefined }),
    ...checkDockerignore(dockerignore, dockerfile),
  ];
  if (hc === null) {
    out.push(finding(DC, 'X-healthcheck', 'cannot be compared with the Dockerfile HEALTHCHECK, which has no exec-form CMD'));
  }
  out.push(...checkPublishedPorts(compose, dockerfile));
  return out;
}

/** X-port: container ports the app service(s) publish that the Dockerfile does not EXPOSE. */
export function checkPublishedPorts(compose: string, dockerfile: string, file = DC): Finding[] {
  const out: Finding[] = [];
  const exposed = dockerfileExposedPorts(dockerfile);
  for (const t of composeAppTargets(compose)) {
    if (!exposed.includes(t.target)) {
      out.push(
        finding(
          file,
          'X-port',
          `service "${t.service}" publishes container port ${t.target}, which the Dockerfile does not EXPOSE (${exposed.join(', ') || 'none'})`,
          t.line,
        ),
      );
    }
  }
  return out;
}
