/**
 * Helpers for the hostile-repository corpus (test/hostile-cli.test.ts): the secret files a
 * repository commonly holds, a snapshot of a folder tree that sees every change (contents, links,
 * modes, times), and the list of what a build context really holds, taken by a real build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { docker } from './docker.js';

/** Marker every planted secret holds; a file holding it in an image or context is a leak. */
export const SECRET_MARKER = 'HOSTILE-SECRET';

/**
 * 52 secret files as repositories hold them (the classes the issue found in /app), at the top
 * level and nested. Fake contents, each with the marker and its own path.
 */
export const SECRET_FILES: readonly string[] = [
  '.env',
  '.env.local',
  '.envrc',
  'prod.env',
  'config/staging.env',
  'web/.env.production',
  'src/config/.env',
  '.ssh/id_rsa',
  '.ssh/id_ecdsa',
  '.ssh/id_ed25519',
  '.ssh/config',
  'deploy/.ssh/id_ed25519',
  '.aws/credentials',
  '.aws/config',
  '.azure/msal_token_cache.json',
  '.docker/config.json',
  '.kube/config',
  'deploy/kubeconfig',
  '.npmrc',
  'packages/api/.npmrc',
  '.netrc',
  'tools/.netrc',
  '_netrc',
  '.pypirc',
  'pip.conf',
  '.config/pip/pip.conf',
  '.git-credentials',
  '.gitconfig',
  'infra/terraform.tfstate',
  'infra/terraform.tfstate.backup',
  'infra/prod.tfvars',
  'infra/secrets.auto.tfvars.json',
  'service-account.json',
  'deploy/gcp-service-account-key.json',
  'deploy/firebase-credentials.json',
  'credentials.json',
  '.config/gcloud/application_default_credentials.json',
  'config/application_default_credentials.json',
  'client_secret_1234.apps.googleusercontent.com.json',
  'secrets/db-password.txt',
  'config/secrets/api-key.txt',
  '.pgpass',
  '.vault-token',
  'keystore.jks',
  'android/app/release.keystore',
  'db.sqlite3',
  'data/app.sqlite',
  'certs/server.key',
  'certs/server.pem',
  'certs/client.p12',
  '.my.cnf',
  '.htpasswd',
];

export function plantSecrets(dir: string): void {
  for (const file of SECRET_FILES) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${SECRET_MARKER} ${file}\n`);
  }
}

export interface Entry {
  type: 'file' | 'dir' | 'link' | 'other';
  mode: number;
  mtimeMs: number;
  size: number;
  /** sha256 of a file's bytes, or a link's target. */
  content: string;
}

/**
 * Every entry under `root` (links not followed; `skip` names relative folders left out),
 * with what would show any change to it.
 */
export function snapshot(root: string, skip: readonly string[] = []): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const walk = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full);
    const type = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
    const content = type === 'link' ? fs.readlinkSync(full) : type === 'file' ? createHash('sha256').update(fs.readFileSync(full)).digest('hex') : '';
    entries.set(relative || '.', { type, mode: stat.mode, mtimeMs: stat.mtimeMs, size: stat.size, content });
    if (type === 'dir') {
      for (const name of fs.readdirSync(full).sort()) {
        const child = relative ? `${relative}/${name}` : name;
        if (!skip.includes(child)) walk(child);
      }
    }
  };
  walk('');
  return entries;
}

/** What changed between two snapshots: added, removed and changed paths. */
export function snapshotChanges(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const changes: string[] = [];
  for (const [p, entry] of after) {
    const old = before.get(p);
    if (!old) changes.push(`added ${p}`);
    else if (JSON.stringify(old) !== JSON.stringify(entry)) changes.push(`changed ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) changes.push(`removed ${p}`);
  return changes;
}

export interface ContextListing {
  /** Every file the build context holds, relative to its root, sorted. */
  files: string[];
  /** Files of the context holding the secret marker. */
  leaks: string[];
}

/**
 * What `docker build` really sends for `contextDir` with its .dockerignore: a build from the
 * debian stand-in that copies the whole context and lists it; the list is exported with
 * `--output type=local`, so no image is left behind. The Dockerfile lives outside the context.
 */
export function listBuildContext(contextDir: string, work: string): ContextListing {
  const dockerfile = path.join(work, 'Dockerfile.context-list');
  fs.writeFileSync(
    dockerfile,
    [
      'FROM local/debian:bookworm-slim AS list',
      'COPY . /ctx',
      `RUN cd /ctx && find . -type f | sed 's|^\\./||' | sort > /files.txt && (grep -rl ${SECRET_MARKER} . || true) | sed 's|^\\./||' | sort > /leaks.txt`,
      'FROM scratch',
      'COPY --from=list /files.txt /leaks.txt /',
      '',
    ].join('\n'),
  );
  const out = path.join(work, `context-list-${path.basename(contextDir)}`);
  fs.rmSync(out, { recursive: true, force: true });
  docker(['build', '--progress=plain', '--no-cache', '-f', dockerfile, '--output', `type=local,dest=${out}`, contextDir]);
  const lines = (file: string) => fs.readFileSync(path.join(out, file), 'utf8').split('\n').filter(Boolean);
  return { files: lines('files.txt'), leaks: lines('leaks.txt') };
}
