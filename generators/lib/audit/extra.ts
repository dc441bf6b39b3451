/**
 * Audit checks beyond the checklist checker (which the tests also run on the generator's output):
 * pinned base images (R01), COPY not ADD (R05), a single-stage build that installs or builds
 * (R12), consecutive RUNs (X-layers), an init as PID 1 (X-init), and dockerfile-utils' parser
 * diagnostics (R16). Pure functions of the file texts.
 */
import { validate as validateDockerfile, ValidationCode, ValidationSeverity } from 'dockerfile-utils';
import { parseDocument, LineCounter } from 'yaml';

import { INSTALL_PATTERNS, interpolate, type Finding } from './checklist.js';
import { expandVars, parseDockerfile, stageChain, type DfInstruction, type DockerfileModel } from './dockerfile-model.js';
import { yamlPathLine } from './yaml-util.js';

const TOOL = 'audit';

function finding(file: string, rule: string, detail: string, line?: number): Finding {
  const f: Finding = { tool: TOOL, rule, message: `${file}: ${detail}`, file, detail };
  if (line !== undefined) f.line = line;
  return f;
}

/** Splits an image reference into repository, tag and digest (`registry:5000/a/b:tag@sha256:...`). */
export function parseImageRef(ref: string): { repository: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

/** R01 on one image reference; null when it is pinned. */
function unpinned(ref: string): string | null {
  const { tag, digest } = parseImageRef(ref);
  if (digest) return null;
  if (tag === undefined || tag === '') return 'has no version tag (it means latest)';
  if (tag.toLowerCase() === 'latest') return 'uses the latest tag';
  return null;
}

function globalArgValues(m: DockerfileModel): Map<string, string> {
  const vars = new Map<string, string>();
  for (const a of m.globalArgs) for (const p of a.properties) vars.set(p.name, p.value ?? '');
  return vars;
}

function checkBaseImages(m: DockerfileModel, file: string): Finding[] {
  const out: Finding[] = [];
  const vars = globalArgValues(m);
  for (const s of m.stages) {
    if (s.parent) continue;
    const raw = s.image;
    if (raw === '' || raw.toLowerCase() === 'scratch') continue;
    const missing = [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((x) => x[1]).filter((n) => !vars.get(n));
    if (missing.length > 0) {
      out.push(
        finding(
          file,
          'R01',
          `FROM ${raw}: the image comes from ARG ${missing.join(', ')}, which has no default, so a plain build fails or picks an unknown version`,
          s.from.line,
        ),
      );
      continue;
    }
    const ref = expandVars(raw, vars);
    const problem = unpinned(ref);
    if (problem) out.push(finding(file, 'R01', `FROM ${raw} ${problem}`, s.from.line));
  }
  return out;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

function checkAdd(m: DockerfileModel, file: string): Finding[] {
  const out: Finding[] = [];
  for (const ins of m.stages.flatMap((s) => s.instructions)) {
    if (ins.keyword !== 'ADD') continue;
    const words = ins.exec ?? ins.words;
    const sources = words.slice(0, -1);
    const local = sources.filter((src) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(src) && !src.startsWith('git@') && !ARCHIVE.test(src));
    if (local.length > 0) out.push(finding(file, 'R05', `ADD ${local.join(' ')} copies local files; use COPY`, ins.line));
  }
  return out;
}

const BUILD_STEP = /\b((npm|yarn|pnpm|bun)\s+(run\s+)?build|go\s+build|cargo\s+build|mvn\s|gradle\s|tsc\b|make\b)/;

function runText(ins: DfInstruction): string {
  return ins.exec ? ins.exec.join(' ') : ins.text;
}

function checkSingleStage(m: DockerfileModel, file: string): Finding[] {
  if (m.stages.length !== 1) return [];
  const stage = m.stages[0]!;
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const segments = runText(ins)
      .split(/&&|\|\||;|\n/)
      .map((x) => x.trim().replace(/^([A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, ''));
    const install = segments.some((seg) => INSTALL_PATTERNS.some((p) => p.detect.test(seg) && !(p.skip && p.skip.test(seg))));
    if (install || BUILD_STEP.test(runText(ins))) {
      return [
        finding(
          file,
          'R12',
          'single-stage build: the image that ships also installs dependencies or builds the app, so package caches, build tools and dev dependencies ship with it; install and build in an earlier stage and copy only the result',
          ins.line,
        ),
      ];
    }
  }
  return [];
}

function checkLayers(m: DockerfileModel, file: string): Finding[] {
  const out: Finding[] = [];
  for (const s of m.stages) {
    for (let i = 1; i < s.instructions.length; i++) {
      const prev = s.instructions[i - 1]!;
      const cur = s.instructions[i]!;
      if (prev.keyword === 'RUN' && cur.keyword === 'RUN' && cur.flags.length === 0 && prev.flags.length === 0) {
        out.push(finding(file, 'X-layers', `RUN follows the RUN at line ${prev.line}; join them with && into one layer`, cur.line));
      }
    }
  }
  return out;
}

const INITS = /(^|\/)(tini|tini-static|dumb-init|catatonit|s6-svscan|init)$/;

/** Whether the final stage's ENTRYPOINT (own or inherited) starts an init. */
/**
 * Servers that handle docker stop's signal themselves as PID 1 (they install their own SIGTERM /
 * SIGQUIT handlers and stop their workers): no init is needed in front of them.
 */
const SIGNAL_HANDLING_SERVERS = /(^|\/)(nginx|caddy|haproxy|httpd|apache2-foreground|gunicorn|uvicorn|hypercorn|envoy|traefik)$/;

/** Whether PID 1 is an init, or a server that handles its own stop signal. */
export function dockerfileHasInit(m: DockerfileModel): boolean {
  const final = m.final;
  if (!final) return false;
  let entrypoint: DfInstruction | undefined;
  let cmd: DfInstruction | undefined;
  for (const s of stageChain(final)) {
    entrypoint ??= s.instructions.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
    cmd ??= s.instructions.filter((i) => i.keyword === 'CMD').at(-1);
  }
  const program = (i: DfInstruction | undefined) => (i ? ((i.exec ?? i.words)[0] ?? '') : '');
  if (entrypoint) return INITS.test(program(entrypoint)) || SIGNAL_HANDLING_SERVERS.test(program(entrypoint));
  return SIGNAL_HANDLING_SERVERS.test(program(cmd));
}

/** Dockerfile-only checks. `composeNames`: compose files present (X-init is then checked there). */
export function checkDockerfileExtra(text: string, file = 'Dockerfile', opts: { composePresent: boolean } = { composePresent: false }): Finding[] {
  const m = parseDockerfile(text);
  if (!m.final) return [];
  const out = [...checkBaseImages(m, file), ...checkAdd(m, file), ...checkSingleStage(m, file), ...checkLayers(m, file)];
  if (!opts.composePresent && !dockerfileHasInit(m)) {
    const cmd = [...m.final.instructions].reverse().find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
    out.push(
      finding(
        file,
        'X-init',
        'no init runs as PID 1 (no tini or dumb-init ENTRYPOINT, no server that handles its own stop signal, and no compose file that sets init: true); start it with docker run --init or add one',
        (cmd ?? m.final.from).line,
      ),
    );
  }
  return out;
}

/** dockerfile-utils' diagnostics (R16); multiple CMD/ENTRYPOINT/HEALTHCHECK are R11/R04's. */
export function checkDockerfileSyntax(text: string, file = 'Dockerfile'): Array<Finding & { severity: 'error' | 'warning' }> {
  const diags = validateDockerfile(text, {
    instructionCmdMultiple: ValidationSeverity.IGNORE,
    instructionEntrypointMultiple: ValidationSeverity.IGNORE,
    instructionHealthcheckMultiple: ValidationSeverity.IGNORE,
    deprecatedMaintainer: ValidationSeverity.WARNING,
  });
  return diags.map((d) => {
    const code = typeof d.code === 'number' ? (ValidationCode[d.code] ?? String(d.code)) : String(d.code ?? '');
    const f = finding(file, 'R16', `${d.message}${code ? ` (${code})` : ''}`, d.range.start.line + 1);
    return { ...f, severity: d.severity === 1 ? 'error' : 'warning' };
  });
}

/** The compose file's services as plain objects, with a line finder; null when it does not parse. */
function composeServices(text: string): { services: Array<[string, Record<string, unknown>]>; line: (p: Array<string | number>) => number | undefined } | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: lc });
  if (doc.errors.length > 0) return null;
  const top = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!top || typeof top !== 'object' || Array.isArray(top)) return null;
  const services = (top as Record<string, unknown>).services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) return null;
  const entries = Object.entries(services as Record<string, unknown>).filter(
    (e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1]),
  );
  return { services: entries, line: (p) => yamlPathLine(doc, lc, p) };
}

/** Whether a service builds the Dockerfile of the folder being audited. */
export function buildsLocalDockerfile(svc: Record<string, unknown>): boolean {
  const b = svc.build;
  const dot = (x: unknown) => x === undefined || x === '.' || x === './';
  if (typeof b === 'string') return dot(b);
  if (b && typeof b === 'object') {
    const o = b as Record<string, unknown>;
    if (dot(o.context)) return o.dockerfile === undefined || o.dockerfile === 'Dockerfile' || o.dockerfile === './Dockerfile';
    // A workspace app: the context N folders up, the Dockerfile N folders down from there
    // (`context: ../..`, `dockerfile: apps/api/Dockerfile`), i.e. the compose file's own folder
    // when its path in the workspace is that one (the audit reads one folder and cannot see above it).
    if (typeof o.context === 'string' && typeof o.dockerfile === 'string') {
      const up = o.context.replace(/\/+$/, '').split('/');
      const down = o.dockerfile.split('/');
      return (
        up.every((part) => part === '..') &&
        down.length === up.length + 1 &&
        down.at(-1) === 'Dockerfile' &&
        down.slice(0, -1).every((part) => /^[\w.@+-]+$/.test(part) && part !== '..' && part !== '.')
      );
    }
  }
  return false;
}

/** Whether any service of the compose file builds the audited folder's Dockerfile. */
export function composeBuildsLocalDockerfile(text: string): boolean {
  return composeServices(text)?.services.some(([, s]) => buildsLocalDockerfile(s)) ?? false;
}

/** Compose checks beyond the checklist: R01 for pulled images, X-init for built services. */
export function checkComposeExtra(text: string, file: string, dockerfileText: string | undefined): Finding[] {
  const parsed = composeServices(text);
  if (!parsed) return [];
  const out: Finding[] = [];
  const initInImage = dockerfileText !== undefined && dockerfileHasInit(parseDockerfile(dockerfileText));
  for (const [name, svc] of parsed.services) {
    const built = svc.build !== undefined;
    if (!built && typeof svc.image === 'string') {
      const { value, unresolved } = interpolate(svc.image);
      const problem = unresolved.length > 0 && !/:[^/]*$|@/.test(value) ? `takes its tag from ${unresolved.join(', ')} without a default` : unpinned(value);
      if (problem) out.push(finding(file, 'R01', `service "${name}": image ${svc.image} ${problem}`, parsed.line(['services', name, 'image'])));
    }
    if (built) {
      const local = buildsLocalDockerfile(svc);
      const init = svc.init === true || svc.init === 'true';
      if (!init && !(local && initInImage)) {
        out.push(
          finding(
            file,
            'X-init',
            `service "${name}": init: true is not set${local ? ' and the Dockerfile starts neither an init nor a server that handles its own stop signal' : ''}, so the app runs as PID 1`,
            parsed.line(['services', name]),
          ),
        );
      }
    }
  }
  return out;
}
