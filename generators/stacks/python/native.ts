/**
 * Common packages that compile C code when pip finds no wheel for the image's Python: what the
 * builder needs to compile them and which shared libraries the runtime stage needs to load
 * them. Debian trixie package names and versions (python:<v>-slim-trixie). Applied only when the lock has no
 * wheel for the chosen Python, or (locks without file names) when the package publishes no
 * Linux wheels at all.
 */
import { hasWheelFor, type LockedPackage } from './locks.js';

/**
 * `name=version` with the version pinned to Debian trixie's upstream release and any Debian
 * revision (`libpq5=17.*`): apt accepts the wildcard, the linters (hadolint DL3008) see a pin,
 * and trixie's security updates (new Debian revisions) still install.
 */
export type DebPin = `${string}=${string}`;

export interface NativePackage {
  /** Debian packages the builder installs to compile it (compiler, headers). */
  buildDeps: readonly DebPin[];
  /** Debian packages with the shared libraries the compiled module loads at run time. */
  runtimeLibs: readonly DebPin[];
  /** Whether PyPI carries Linux wheels for it (false: it always compiles from source). */
  linuxWheels: boolean;
}

const C: readonly DebPin[] = ['gcc=4:14.*', 'libc6-dev=2.41-*'];

export const NATIVE_PACKAGES: ReadonlyMap<string, NativePackage> = new Map<string, NativePackage>([
  ['psycopg2', { buildDeps: [...C, 'libpq-dev=17.*'], runtimeLibs: ['libpq5=17.*'], linuxWheels: false }],
  ['mysqlclient', { buildDeps: [...C, 'pkg-config=1.8.*', 'default-libmysqlclient-dev=1.1.*'], runtimeLibs: ['libmariadb3=1:11.8.*'], linuxWheels: false }],
  ['python-ldap', { buildDeps: [...C, 'libldap2-dev=2.6.*', 'libsasl2-dev=2.1.*'], runtimeLibs: ['libldap2=2.6.*', 'libsasl2-2=2.1.*'], linuxWheels: false }],
  ['pyodbc', { buildDeps: ['g++=4:14.*', 'libc6-dev=2.41-*', 'unixodbc-dev=2.3.*'], runtimeLibs: ['libodbc2=2.3.*'], linuxWheels: true }],
  ['lxml', { buildDeps: [...C, 'libxml2-dev=2.12.*', 'libxslt1-dev=1.1.*'], runtimeLibs: ['libxml2=2.12.*', 'libxslt1.1=1.1.*'], linuxWheels: true }],
  [
    'pillow',
    { buildDeps: [...C, 'libjpeg62-turbo-dev=1:2.1.*', 'zlib1g-dev=1:1.3.*'], runtimeLibs: ['libjpeg62-turbo=1:2.1.*', 'zlib1g=1:1.3.*'], linuxWheels: true },
  ],
  ['cffi', { buildDeps: [...C, 'libffi-dev=3.4.*'], runtimeLibs: ['libffi8=3.4.*'], linuxWheels: true }],
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
