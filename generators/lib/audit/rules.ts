/**
 * The audit's rule catalogue: every id `yo docker-prod:audit` can report, with its name, default
 * severity, what it checks, why it matters and a fix. The ids are the rows of the project's
 * production checklist (R01-R33; the README's rule table lists them) plus a few cross-file and
 * housekeeping checks (X-...). README.md documents every id here; a test keeps the two in step.
 */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
/** Higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export type AuditFileKind = 'Dockerfile' | '.dockerignore' | 'compose';

export interface AuditRule {
  id: string;
  /** short kebab-case name */
  name: string;
  severity: Severity;
  files: AuditFileKind[];
  /** what the rule checks, one sentence */
  checks: string;
  /** why the practice matters */
  why: string;
  /** a concrete fix, as it would appear in the file */
  fix: string;
}

export const RULES: readonly AuditRule[] = [
  {
    id: 'R01',
    name: 'base-image-pinned',
    severity: 'warning',
    files: ['Dockerfile', 'compose'],
    checks: 'Every FROM image (and every compose image that is pulled, not built) names an explicit version tag, not latest or no tag.',
    why: 'An image without a version tag changes under you: the next build or pull can bring a new major version and break or weaken the app without any change on your side.',
    fix: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-bookworm-slim AS runtime',
  },
  {
    id: 'R03',
    name: 'non-root-numeric-user',
    severity: 'error',
    files: ['Dockerfile'],
    checks: 'The final stage ends with USER set to a numeric, non-zero uid (and gid), and app files are not handed to that user or made writable by others.',
    why: 'A container running as root turns any bug in the app into root inside the container, one step from the host. A numeric uid lets Kubernetes runAsNonRoot verify it; root-owned app files cannot be changed by an attacker who takes over the app.',
    fix: '# after the last COPY of the final stage:\nUSER 10001:10001',
  },
  {
    id: 'R04',
    name: 'healthcheck',
    severity: 'warning',
    files: ['Dockerfile', 'compose'],
    checks:
      'The final stage has exactly one exec-form HEALTHCHECK whose probe uses a program the image really has (not curl or wget on slim and distroless images, not a shell), aimed at the port the app listens on; the compose app service has a healthcheck that repeats it.',
    why: 'Without a health check Docker and Compose only know that the process exists, not that it answers: restarts, rolling updates and depends_on: service_healthy cannot work. curl and wget are missing from slim images, so such a probe always fails there.',
    fix: 'HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \\\n  CMD ["node", "-e", "require(\'http\').get(\'http://127.0.0.1:3000/health\',r=>process.exit(r.statusCode<400?0:1)).on(\'error\',()=>process.exit(1))"]',
  },
  {
    id: 'R05',
    name: 'copy-not-add',
    severity: 'warning',
    files: ['Dockerfile'],
    checks: 'Local files are copied with COPY; ADD is used only for what COPY cannot do.',
    why: 'ADD silently unpacks archives and can fetch URLs, so what ends up in the image depends on the file type; COPY copies exactly what it names.',
    fix: 'COPY package.json package-lock.json ./',
  },
  {
    id: 'R06',
    name: 'no-secrets-in-image',
    severity: 'error',
    files: ['Dockerfile', 'compose'],
    checks:
      'No ARG or ENV named like a secret or holding a credential, no RUN with a literal token, no COPY/ADD of secret files (.env, keys, .npmrc ...), no literal secrets in compose environment or build args.',
    why: 'Build arguments and ENV are stored in the image metadata and copied files in its layers: anyone who can pull the image can read them, even if a later step deletes them.',
    fix: '# build time: a secret mounted for one RUN only\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n# run time (compose): DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}',
  },
  {
    id: 'R11',
    name: 'exec-form-command',
    severity: 'warning',
    files: ['Dockerfile'],
    checks: 'The final stage has one CMD, in JSON exec form, starting the app itself (not through npm/yarn or sh -c); ENTRYPOINT likewise.',
    why: 'Shell form and package-manager wrappers put a shell or npm between Docker and the app: SIGTERM from docker stop never reaches the app, which is killed after the grace period instead of shutting down cleanly.',
    fix: 'CMD ["node", "dist/server.js"]',
  },
  {
    id: 'R12',
    name: 'multi-stage-minimal-runtime',
    severity: 'warning',
    files: ['Dockerfile'],
    checks:
      'Dependencies are installed or the app is built in an earlier stage; the final stage is a slim or distroless image without compilers or dev dependencies; stage names are unique and lowercase and COPY --from names an earlier stage or a pinned image.',
    why: 'Compilers, dev dependencies and package caches make the image larger, slower to pull and give an attacker tools; a separate build stage keeps them out of what ships.',
    fix: 'FROM node:22-bookworm-slim AS deps\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n\nFROM node:22-bookworm-slim AS runtime\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY . .',
  },
  {
    id: 'R16',
    name: 'dockerfile-syntax',
    severity: 'error',
    files: ['Dockerfile'],
    checks:
      'The Dockerfile parses: known instructions, valid flags and arguments, no deprecated instructions (as reported by dockerfile-utils; deprecations are warnings).',
    why: 'A Dockerfile the builder rejects, or reads differently from what was meant, fails the build or builds something else.',
    fix: '# e.g. replace MAINTAINER with a label\nLABEL org.opencontainers.image.authors="team@example.com"',
  },
  {
    id: 'R18',
    name: 'cache-friendly-install',
    severity: 'warning',
    files: ['Dockerfile'],
    checks:
      'Dependency manifests and the lockfile are copied and installed before the rest of the source, with a lockfile-exact command (npm ci, --frozen-lockfile, uv sync --frozen ...) and a BuildKit cache mount.',
    why: 'Copying the whole source first makes every code change reinstall all dependencies; installs that ignore the lockfile build something other than what was tested.',
    fix: 'COPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\nCOPY . .',
  },
  {
    id: 'R19',
    name: 'dockerignore-coverage',
    severity: 'warning',
    files: ['.dockerignore'],
    checks:
      'A .dockerignore exists and leaves out .git, .env files, private keys, registry credentials (.npmrc, .pypirc, .netrc), .ssh and .aws folders, credentials.json, local dependency folders, build output and logs, and never a file the Dockerfile copies.',
    why: 'Everything not ignored is sent to the builder and lands in the image with COPY . .: secrets, the git history and host-built dependencies included.',
    fix: '.git\n**/.env\n**/.env.*\n**/*.pem\n**/*.key\n.npmrc\n.pypirc\n.netrc\n.ssh\n.aws\n**/credentials.json\n**/node_modules\n**/*.log',
  },
  {
    id: 'R21',
    name: 'compose-valid',
    severity: 'error',
    files: ['compose'],
    checks: 'The compose file is valid YAML, valid against the Compose Specification schema, has services and no obsolete version: key.',
    why: 'An invalid compose file fails at docker compose up, or one Compose version reads it differently from another.',
    fix: 'services:\n  app:\n    build: .',
  },
  {
    id: 'R22',
    name: 'no-privileged',
    severity: 'error',
    files: ['compose'],
    checks: 'No service runs privileged.',
    why: 'A privileged container has every capability and all host devices: it can take over the host.',
    fix: '# remove: privileged: true',
  },
  {
    id: 'R23',
    name: 'cap-drop-all',
    severity: 'warning',
    files: ['compose'],
    checks: 'Every service drops all Linux capabilities (cap_drop: [ALL]) and adds back only NET_BIND_SERVICE, and only for a port below 1024.',
    why: 'Docker grants a default set of capabilities (raw sockets, chown, setuid ...) that a web app does not need and an attacker can use.',
    fix: 'cap_drop:\n  - ALL',
  },
  {
    id: 'R24',
    name: 'no-new-privileges',
    severity: 'warning',
    files: ['compose'],
    checks: 'Every service sets security_opt no-new-privileges:true and turns no confinement off (no seccomp/apparmor unconfined).',
    why: 'Without it a setuid binary in the image can give a process more privileges than the container started with.',
    fix: 'security_opt:\n  - "no-new-privileges:true"',
  },
  {
    id: 'R25',
    name: 'read-only-root',
    severity: 'warning',
    files: ['compose'],
    checks: 'Every service has read_only: true with a tmpfs for /tmp.',
    why: 'A writable root filesystem lets an attacker drop and run tools or change the app; a read-only one limits writes to the tmpfs you choose.',
    fix: 'read_only: true\ntmpfs:\n  - /tmp',
  },
  {
    id: 'R26',
    name: 'resource-limits',
    severity: 'warning',
    files: ['compose'],
    checks: 'Every service has CPU, memory and pids limits.',
    why: 'Without limits one leaking or attacked container can starve the host and every other container on it (a fork bomb, a memory leak).',
    fix: 'deploy:\n  resources:\n    limits:\n      cpus: "1.0"\n      memory: 512M\npids_limit: 256',
  },
  {
    id: 'R27',
    name: 'restart-policy',
    severity: 'info',
    files: ['compose'],
    checks: 'Every service has a restart policy that restarts it (unless-stopped, always, on-failure).',
    why: 'Without one a crashed service stays down until someone notices.',
    fix: 'restart: unless-stopped',
  },
  {
    id: 'R28',
    name: 'no-host-namespaces',
    severity: 'error',
    files: ['compose'],
    checks: 'No service shares the host network, pid, ipc, uts, userns or cgroup namespace or gets host devices.',
    why: 'Sharing a host namespace removes the isolation between the container and the host.',
    fix: '# remove: network_mode: host  (publish ports instead)\nports:\n  - "127.0.0.1:8080:8080"',
  },
  {
    id: 'R29',
    name: 'no-sensitive-mounts',
    severity: 'error',
    files: ['compose'],
    checks: 'No service mounts the Docker socket, the host root, /etc, /proc, /sys, /root, home folders or other sensitive host paths.',
    why: 'The Docker socket is root on the host; host system folders let the container read or change the host.',
    fix: 'volumes:\n  - app-data:/data',
  },
  {
    id: 'R30',
    name: 'published-ports',
    severity: 'info',
    files: ['compose'],
    checks: 'Published host ports are numbers of 1024 or more (with a default when interpolated) on an IP address interface.',
    why: 'Low host ports need privileges; a port without a default fails at start-up; a host name instead of an IP is not accepted.',
    fix: 'ports:\n  - "127.0.0.1:${HOST_PORT:-8080}:8080"',
  },
  {
    id: 'R31',
    name: 'log-rotation',
    severity: 'warning',
    files: ['compose'],
    checks: 'Every service logs with json-file (or local) and rotates at max-size "10m", max-file "3".',
    why: 'Docker keeps json-file logs forever by default: a chatty service fills the disk.',
    fix: 'logging:\n  driver: json-file\n  options:\n    max-size: "10m"\n    max-file: "3"',
  },
  {
    id: 'X-port',
    name: 'published-port-exposed',
    severity: 'warning',
    files: ['compose'],
    checks: 'The container ports the built service publishes are the ones the Dockerfile EXPOSEs.',
    why: 'A published port the app does not listen on answers nothing; it usually means one of the two files was changed without the other.',
    fix: '# Dockerfile\nEXPOSE 8080\n# compose\nports:\n  - "127.0.0.1:8080:8080"',
  },
  {
    id: 'X-image',
    name: 'built-image-named',
    severity: 'info',
    files: ['compose'],
    checks: 'A service that is built also names its image (image: with a tag).',
    why: 'Without a name Compose invents one from the folder, so the image cannot be pushed, scanned or referred to reliably.',
    fix: 'image: "myapp:${IMAGE_TAG:-local}"\nbuild: .',
  },
  {
    id: 'X-init',
    name: 'init-process',
    severity: 'warning',
    files: ['Dockerfile', 'compose'],
    checks: 'Something reaps zombies and forwards signals as PID 1: init: true on the built compose service or an init (tini, dumb-init) in the ENTRYPOINT.',
    why: 'A runtime like node or python running as PID 1 ignores SIGTERM unless the app installs a handler, so docker stop waits and then kills it; it also never reaps zombie processes.',
    fix: '# compose\ninit: true\n# or in the Dockerfile\nENTRYPOINT ["/usr/bin/tini", "--"]',
  },
  {
    id: 'X-layers',
    name: 'few-layers',
    severity: 'info',
    files: ['Dockerfile'],
    checks: 'A stage has no run of consecutive RUN instructions that could be one.',
    why: 'Each RUN adds a layer: files removed by a later RUN still weigh in the earlier layer, and more layers mean slower pulls.',
    fix: 'RUN apt-get update \\\n && apt-get install -y --no-install-recommends tini \\\n && rm -rf /var/lib/apt/lists/*',
  },
  {
    id: 'X-ignore',
    name: 'ignore-needs-reason',
    severity: 'warning',
    files: ['Dockerfile', 'compose'],
    checks: 'Every docker-prod-ignore comment or .docker-prod.json ignore names known rule ids and gives a reason.',
    why: 'An ignore without a reason cannot be reviewed later: nobody knows whether the risk was accepted on purpose.',
    fix: '# docker-prod-ignore R25: the app writes its cache to /app/cache, mounted as a volume',
  },
];

const BY_ID = new Map(RULES.map((r) => [r.id.toUpperCase(), r]));

export function ruleById(id: string): AuditRule | undefined {
  return BY_ID.get(id.toUpperCase());
}
