/**
 * The Rust stack (cargo): turns answers + the package's files into the facts that
 * `templates/rust/Dockerfile.ejs` prints. Every decision about the Dockerfile is made here.
 */
import path from 'node:path';
import { InputError } from '../../lib/errors.js';
import { ociLabels } from '../../lib/labels.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { projectEntryExists } from '../../lib/project-files.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import { stackQuestion, type SettingContext } from '../../lib/question.js';
import type { Answers, RuntimeNotes, RuntimeStageFacts, StackDetection, StackProfile, TemplateContext } from '../../lib/stack.js';
import { TINI_NOTE } from '../../lib/runtime.js';
import { PINS } from '../../lib/versions.js';
import { BINARY_NAME, detectBinary, detectFramework, detectRustPort, detectRustVersion, findBinaries, nativeLibraryCrates, readCargoToml } from './detect.js';
import { detectRustHealthPath } from './health.js';
import { rustServices } from './services.js';

/** distroless `nonroot`: the image's own numeric user. */
export const DISTROLESS_NONROOT_UID = 65532;
export const APP_DIR = '/app';
export const PROBE_PATH = '/usr/local/bin/healthcheck';
export const PROBE_ANY_STATUS = 'any-status';

/** The HEALTHCHECK probe: a static std-only Rust program built in its own stage. */
export function rustHealthProbe(port: number, healthPath: string, anyStatus = false): string[] {
  return [PROBE_PATH, healthPath, String(port), ...(anyStatus ? [PROBE_ANY_STATUS] : [])];
}

/**
 * The probe's source, one line per printf argument in the Dockerfile: the standard library only,
 * no single quotes, `%`, `$` or tabs (each line is a single-quoted shell word printed with '%s').
 */
export const PROBE_SOURCE: readonly string[] = [
  '// Health probe: GET http://127.0.0.1:PORT/path (PORT from the environment, else argument 2); exit 0 on 2xx/3xx',
  '// (with a third argument any-status: on any answer below 500, for a server without a health route).',
  'use std::io::{Read, Write};',
  'use std::net::{SocketAddr, TcpStream};',
  'use std::time::Duration;',
  'fn status(path: &str, port: &str) -> Option<u16> {',
  '    let addr: SocketAddr = format!("127.0.0.1:{}", port).parse().ok()?;',
  '    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(4)).ok()?;',
  '    stream.set_read_timeout(Some(Duration::from_secs(4))).ok()?;',
  '    write!(stream, "GET {} HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n", path).ok()?;',
  '    let mut head = [0u8; 32];',
  '    let mut len = 0;',
  '    while len < 12 {',
  '        let n = stream.read(&mut head[len..]).ok()?;',
  '        if n == 0 { break; }',
  '        len += n;',
  '    }',
  '    std::str::from_utf8(&head[..len]).ok()?.split(" ").nth(1)?.parse().ok()',
  '}',
  'fn main() {',
  '    let args: Vec<String> = std::env::args().collect();',
  '    if args.len() < 3 || args.len() > 4 { std::process::exit(2); }',
  '    let limit = if args.len() == 4 && args[3] == "any-status" { 499 } else { 399 };',
  '    let port = std::env::var("PORT").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| args[2].clone());',
  '    match status(&args[1], &port) {',
  '        Some(code) if (200..=limit).contains(&code) => {}',
  '        _ => std::process::exit(1),',
  '    }',
  '}',
];

// Resolved before the shared settings (`early`): the port and the start command are read from the chosen target.
const binarySetting = stackQuestion({
  key: 'cargoBin',
  flag: 'cargo-bin',
  early: true,
  description: 'Rust: the binary target to build and run (cargo build --bin <name>); detected when the package has one',
  prompt: {
    type: 'list',
    message: 'Binary to build and run',
    choices: (ctx) => {
      const found = ctx.dir ? findBinaries(ctx.dir) : [];
      return found.length > 0 ? found : ['app'];
    },
  },
  parse(raw: string, ctx: SettingContext) {
    const found = ctx.dir ? findBinaries(ctx.dir) : [];
    const value = raw.trim();
    if (value === '') {
      throw new InputError(
        'cargo-bin',
        raw,
        found.length > 1
          ? `one of this package's binary targets: ${found.join(', ')} (it has several, so pass --cargo-bin to choose; looked at Cargo.toml [[bin]], src/main.rs, src/bin/)`
          : 'a binary target of this package (found none in Cargo.toml [[bin]], src/main.rs or src/bin/): add src/main.rs or pass --cargo-bin <name>',
      );
    }
    if (!BINARY_NAME.test(value)) throw new InputError('cargo-bin', raw, 'a binary target name: letters, digits, "_" and "-", at most 64 characters');
    if (ctx.dir && found.length > 0 && !found.includes(value)) throw new InputError('cargo-bin', raw, `a binary target of this package: ${found.join(', ')}`);
    return value;
  },
});

export function rustStartCommandProblem(argv: readonly string[]): string | undefined {
  const program = argv[0] ?? '';
  if (['cargo', 'rustc'].includes(path.posix.basename(program))) {
    return 'must run the compiled binary (e.g. "/app/server"), not cargo: the runtime image has no Rust toolchain';
  }
  if (!program.startsWith(`${APP_DIR}/`) || !BINARY_NAME.test(program.slice(APP_DIR.length + 1))) {
    return `must start with the binary the build stage writes, ${APP_DIR}/<name> (e.g. "${APP_DIR}/server --flag"); the distroless runtime has no shell or other programs`;
  }
  return undefined;
}

/** The images the Dockerfile's FROM lines pull (the build tag is the RUST_VERSION ARG; the runtime is pinned in full): printed from here, and .hadolint.yaml trusts their registries. */
const RUST_IMAGE = 'rust';

export interface RustDockerfileFacts extends RuntimeStageFacts {
  images: { rust: string; runtime: string };
  rustVersion: string;
  probeSource: string[];
  /** The file name in the image (/app/<binary>), from the start command. */
  binary: string;
  /** The cargo binary target built (--cargo-bin). */
  target: string;
  /** `--bin <name>` as a shell word. */
  binArg: string;
  buildRun: string | undefined;
  hasLock: boolean;
  /** Cache mount arguments shared by every cargo step. */
  cacheMounts: string[];
  nativeCrates: string[];
}

/** BuildKit cache mounts: the crates.io registry (downloads) and target/ (compiled dependencies). */
export const CARGO_CACHE_MOUNTS = [
  '--mount=type=cache,id=cargo-registry,target=/usr/local/cargo/registry,sharing=locked',
  '--mount=type=cache,id=cargo-git,target=/usr/local/cargo/git,sharing=locked',
  '--mount=type=cache,target=/src/target,sharing=locked',
];

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    `Files stay owned by root: the app can run them but not change them. ${DISTROLESS_NONROOT_UID} is the image's`,
    'own "nonroot" user, given by number so Kubernetes runAsNonRoot accepts it.',
  ],
  healthcheck: ['Probes the health path with the probe built above; honours $PORT (the last argument is the', 'fallback when PORT is unset).'],
  init: TINI_NOTE,
  cmd: ['Exec form: no shell in between, the binary receives the signal itself.'],
};

export const rustProfile: StackProfile = {
  id: 'rust',
  label: 'Rust',
  packageManagers: [],
  markers: ['Cargo.toml'],
  settings: [binarySetting],
  services: rustServices,

  sniff(dir) {
    return projectEntryExists(dir, 'Cargo.toml') ? 'Cargo.toml' : undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const cargo = readCargoToml(dir);
    const binary = detectBinary(dir, cargo);
    const chosenBin = chosen.stack?.cargoBin ?? binary.value;
    const warnings: string[] = [];
    const hasLock = projectEntryExists(dir, 'Cargo.lock');
    if (!hasLock) warnings.push('no Cargo.lock: run `cargo generate-lockfile` and commit it (the build runs cargo with --locked)');
    const native = nativeLibraryCrates(dir);
    if (native.length > 0)
      warnings.push(
        `${native.join(', ')} in Cargo.lock link a C library: add its -dev package to the build stage and its runtime library to the image (distroless cc has glibc, libgcc and libssl only)`,
      );
    const framework = detectFramework(cargo);
    if (framework?.[0] === 'rocket') warnings.push('Rocket listens on 127.0.0.1 by default: the image sets ROCKET_ADDRESS=0.0.0.0 and ROCKET_PORT');
    const service = serviceNameFrom(cargo.name, dir);
    const binName = chosenBin || binary.value;
    return {
      defaults: {
        runtimeVersion: detectRustVersion(dir),
        packageManager: { value: '', source: 'none (cargo)' },
        port: detectRustPort(dir, cargo, chosenBin),
        healthPath: detectRustHealthPath(dir),
        startCommand: binName
          ? { value: [`${APP_DIR}/${binName}`], source: `the binary built from the "${binName}" target` }
          : { value: [`${APP_DIR}/${BINARY_NAME.test(cargo.name) ? cargo.name : 'app'}`], source: 'the binary, named after Cargo.toml [package] name' },
        buildCommand: { value: [], source: 'none (the Dockerfile runs cargo build)' },
        serviceName: { ...service, source: 'Cargo.toml [package] name' },
      },
      stackDefaults: { cargoBin: binary },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    const m = /^1\.(\d{1,3})(?:\.(\d{1,3}))?$/.exec(value);
    return m && Number(m[1]) >= 70
      ? undefined
      : 'a Rust version for the official rust image tag: "1.95" (the release line, newest patch) or "1.95.0"; 1.70 or later';
  },

  checkStartCommand(argv) {
    return rustStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const cargo = readCargoToml(dir);
    const framework = detectFramework(cargo);
    // The target --cargo-bin names is built; the image keeps it under the name the start command
    // runs (as the Go stack does): the start command's default is decided before --cargo-bin.
    const target = answers.stack.cargoBin!;
    const binary = answers.startCommand[0]!.slice(APP_DIR.length + 1);
    const healthcheck = rustHealthProbe(answers.port, answers.healthPath, answers.healthAnyStatus);
    const env = [`PORT=${answers.port}`];
    const environment: Record<string, string> = { PORT: String(answers.port) };
    if (framework?.[0] === 'rocket') {
      env.push('ROCKET_ADDRESS=0.0.0.0', `ROCKET_PORT=${answers.port}`);
      environment.ROCKET_ADDRESS = '0.0.0.0';
      environment.ROCKET_PORT = String(answers.port);
    }
    const dockerfile: RustDockerfileFacts = {
      images: { rust: RUST_IMAGE, runtime: PINS.distrolessCc },
      rustVersion: answers.runtimeVersion,
      probeSource: PROBE_SOURCE.map(shellWord),
      binary,
      target,
      binArg: `--bin ${shellWord(target)}`,
      buildRun: answers.buildCommand.length > 0 ? answers.buildCommand.map(shellWord).join(' ') : undefined,
      hasLock: projectEntryExists(dir, 'Cargo.lock'),
      cacheMounts: CARGO_CACHE_MOUNTS,
      nativeCrates: nativeLibraryCrates(dir),
      labels: ociLabels(answers.serviceName),
      env,
      user: `${DISTROLESS_NONROOT_UID}:${DISTROLESS_NONROOT_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    return {
      dockerfile,
      dockerignore: [
        { comment: 'Rust: build output is made inside the image, never copied in', patterns: ['target', '**/*.rs.bk'] },
        {
          comment: 'Rust toolchain files: the image tag already is that version (rustup would try to download the toolchain they name)',
          patterns: ['rust-toolchain', 'rust-toolchain.toml'],
        },
      ],
      environment,
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 30,
    };
  },
};
