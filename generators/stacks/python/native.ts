/**
 * Common packages that compile C code when pip finds no wheel for the image's Python: what the
 * builder needs to compile them and which shared libraries the runtime stage needs to load
 * them. Debian trixie package names (python:<v>-slim-trixie). Applied only when the lock has no
 * wheel for the chosen Python, or (locks without file names) when the package publishes no
 * Linux wheels at all.
 */
import { hasWheelFor, type LockedPackage } from './locks.js';

export interface NativePackage {
  /** Debian packages the builder installs to compile it (compiler, headers). */
  buildDeps: readonly string[];
  /** Debian packages with the shared libraries the compiled module loads at run time. */
  runtimeLibs: readonly string[];
  /** Whether PyPI carries Linux wheels for it (false: it always compiles from source). */
  linuxWheels: boolean;
}

const C = ['gcc', 'libc6-dev'] as const;

export const NATIVE_PACKAGES: ReadonlyMap<string, NativePackage> = new Map<string, NativePackage>([
  ['psycopg2', { buildDeps: [...C, 'libpq-dev'], runtimeLibs: ['libpq5'], linuxWheels: false }],
  ['mysqlclient', { buildDeps: [...C, 'pkg-config', 'default-libmysqlclient-dev'], runtimeLibs: ['libmariadb3'], linuxWheels: false }],
  ['python-ldap', { buildDeps: [...C, 'libldap2-dev', 'libsasl2-dev'], runtimeLibs: ['libldap2', 'libsasl2-2'], linuxWheels: false }],
  ['pyodbc', { buildDeps: ['g++', 'libc6-dev', 'unixodbc-dev'], runtimeLibs: ['libodbc2'], linuxWheels: true }],
  ['lxml', { buildDeps: [...C, 'libxml2-dev', 'libxslt1-dev'], runtimeLibs: ['libxml2', 'libxslt1.1'], linuxWheels: true }],
  ['pillow', { buildDeps: [...C, 'libjpeg62-turbo-dev', 'zlib1g-dev'], runtimeLibs: ['libjpeg62-turbo', 'zlib1g'], linuxWheels: true }],
  ['cffi', { buildDeps: [...C, 'libffi-dev'], runtimeLibs: ['libffi8'], linuxWheels: true }],
  ['psutil', { buildDeps: [...C], runtimeLibs: [], linuxWheels: true }],
  ['uwsgi', { buildDeps: [...C], runtimeLibs: [], linuxWheels: false }],
]);

export interface NativeNeeds {
  buildDeps: string[];
  runtimeLibs: string[];
  /** The packages that need them (`psycopg2 2.9.10`), for the Dockerfile comment and the summary. */
  packages: string[];
}

/** What the locked packages without a usable wheel for Python 3.<minor> need; undefined when none. */
export function nativeNeeds(packages: readonly LockedPackage[], minor: string): NativeNeeds | undefined {
  const n = Number(minor.split('.')[1]);
  const build = new Set<string>();
  const runtime = new Set<string>();
  const names: string[] = [];
  for (const pkg of packages) {
    const entry = NATIVE_PACKAGES.get(pkg.name);
    if (!entry) continue;
    const wheel = hasWheelFor(pkg, n);
    const compiles = wheel === undefined ? !entry.linuxWheels : !wheel;
    if (!compiles) continue;
    entry.buildDeps.forEach((d) => build.add(d));
    entry.runtimeLibs.forEach((d) => runtime.add(d));
    names.push(pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name);
  }
  if (names.length === 0) return undefined;
  return { buildDeps: [...build].sort(), runtimeLibs: [...runtime].sort(), packages: names };
}
