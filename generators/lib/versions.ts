/**
 * Every version the generated files pin, in one place: base and backing-service images, the
 * Actions and tools of the generated CI, installer versions and the init. Nothing else in
 * generators/ or templates/ names a version (test/unit/versions.test.ts scans for strays).
 *
 * Renovate updates these entries through the regex managers in renovate.json: each entry is ONE
 * line `name: '<value>',` right under a `// renovate:` comment naming its upstream
 * (datasource, depName and, where needed, versioning and registryUrl). Keep that shape: the
 * unit test runs renovate.json's regexes over this file and fails when an entry is not matched
 * exactly once. By hand: edit the value, `npm run golden:update`, review the golden diff.
 *
 * Values: images are `repository:tag` (the tag is what Renovate updates); Actions are
 * `owner/repo[/path]@<commit SHA> # <release>` (Renovate updates the release and the SHA
 * together); everything else is the bare version.
 */
export const PINS = {
  // --- Base images of the generated Dockerfiles -------------------------------------------
  /** Node.js major used when the project states none: the current LTS line (node:<this>-bookworm-slim). */
  // renovate: datasource=node-version depName=node versioning=node
  nodeLtsMajor: '26',
  /** Python minor used when the project states none: newest stable with a mature ecosystem (python:<this>-slim-trixie). */
  // renovate: datasource=docker depName=python
  pythonDefaultMinor: '3.13',
  /** Go release line used when go.mod states none (golang:<this>-bookworm). */
  // renovate: datasource=docker depName=golang
  goDefaultLine: '1.26',
  /** Rust release line used when no rust-toolchain file names one (rust:<this>-slim-bookworm). */
  // renovate: datasource=docker depName=rust
  rustDefault: '1.95',
  /** Bun line of the bun stack's image when the project states none (oven/bun:<this>-slim). */
  // renovate: datasource=docker depName=oven/bun
  bunImageDefault: '1',
  /** Deno release of the deno stack's image when the project states none (denoland/deno:debian-<this>). */
  // renovate: datasource=docker depName=denoland/deno
  denoDefault: '2.9.6',
  /** Ruby line used when the project states none (ruby:<this>-slim-bookworm). */
  // renovate: datasource=docker depName=ruby
  rubyDefaultLine: '3.4',
  /** Debian bookworm's libjemalloc2 (the Ruby runtime installs `libjemalloc2=<this>` with --jemalloc yes). */
  // renovate: datasource=deb depName=libjemalloc2 versioning=deb registryUrl=https://deb.debian.org/debian?suite=bookworm&components=main&binaryArch=amd64
  jemallocDeb: '5.3.0-1',
  /** PHP line used when composer.json states none (php:<this>-apache-bookworm). */
  // renovate: datasource=docker depName=php
  phpDefaultLine: '8.4',
  /** Composer image the PHP builder installs dependencies with (composer:<this>). */
  // renovate: datasource=docker depName=composer
  composerImage: 'composer:2.8',
  /** .NET channel used when the project states none (mcr.microsoft.com/dotnet/sdk and aspnet:<this>). */
  // renovate: datasource=docker depName=mcr.microsoft.com/dotnet/aspnet
  dotnetDefaultChannel: '10.0',
  /** Java feature release used when the project states none: the newest LTS (eclipse-temurin:<this>-jdk / -jre). */
  // renovate: datasource=docker depName=eclipse-temurin versioning=docker
  javaDefaultMajor: '25',
  /** Maven of the build stage when the project has no Maven wrapper (maven:<this>-eclipse-temurin-<java>; the image's tag <this> is the Maven release). */
  // renovate: datasource=docker depName=maven
  mavenVersion: '3.9.16',
  /** Gradle of the build stage when the project has no Gradle wrapper (gradle:<this>-jdk<java>); not checked against the registry here (services.gradle.org is unreachable). */
  // renovate: datasource=docker depName=gradle
  gradleVersion: '9.2.1',
  /** nginx stable line of the static runtime (nginxinc/nginx-unprivileged:<this>-bookworm). */
  // renovate: datasource=docker depName=nginxinc/nginx-unprivileged
  nginxLine: '1.28',
  /** Go runtime without cgo: CA certificates, tzdata, /etc/passwd; no libc. */
  // renovate: datasource=docker depName=gcr.io/distroless/static-debian12
  distrolessStatic: 'gcr.io/distroless/static-debian12:nonroot',
  /** Go runtime with cgo (glibc, libssl). */
  // renovate: datasource=docker depName=gcr.io/distroless/base-debian12
  distrolessBase: 'gcr.io/distroless/base-debian12:nonroot',
  /** Go runtime with cgo and C++ (adds libgcc, libstdc++). */
  // renovate: datasource=docker depName=gcr.io/distroless/cc-debian12
  distrolessCc: 'gcr.io/distroless/cc-debian12:nonroot',
  /** The tini stage: the same Debian release as the slim and distroless runtimes. */
  // renovate: datasource=docker depName=debian
  tiniStageImage: 'debian:bookworm-slim',
  /** Debian bookworm's tini package (the stage installs `tini=<this>`: a rebuild gets the same binary). */
  // renovate: datasource=deb depName=tini versioning=deb registryUrl=https://deb.debian.org/debian?suite=bookworm&components=main&binaryArch=amd64
  tiniDeb: '0.19.0-1+b3',

  // --- Installers the Dockerfiles fetch ---------------------------------------------------
  /** uv image the Python builder copies uv from (ghcr.io/astral-sh/uv:<this>). */
  // renovate: datasource=docker depName=ghcr.io/astral-sh/uv
  uv: '0.9',
  // renovate: datasource=pypi depName=poetry
  poetry: '2.1.3',
  // renovate: datasource=pypi depName=pipenv
  pipenv: '2024.4.1',
  // renovate: datasource=pypi depName=pdm
  pdm: '2.29.4',
  /** pnpm major for corepack when neither packageManager nor the lockfile says. */
  // renovate: datasource=npm depName=pnpm
  pnpmDefault: '10',
  /** Yarn classic for corepack when the project states no version. */
  // renovate: datasource=npm depName=yarn
  yarnClassicDefault: '1.22.22',
  /** Yarn Berry major when a Berry project states no version. */
  // renovate: datasource=npm depName=@yarnpkg/cli-dist
  yarnBerryDefault: '4',
  /** Bun major when the project states no version. */
  // renovate: datasource=npm depName=bun
  bunDefault: '1',

  // --- Backing services in compose.yaml (--services) --------------------------------------
  // renovate: datasource=docker depName=postgres
  postgres: 'postgres:17-bookworm',
  // renovate: datasource=docker depName=mariadb
  mariadb: 'mariadb:11.8',
  // renovate: datasource=docker depName=mongo
  mongo: 'mongo:8.0',
  // renovate: datasource=docker depName=redis
  redis: 'redis:7.4-bookworm',
  // renovate: datasource=docker depName=rabbitmq
  rabbitmq: 'rabbitmq:4.1-management',

  // --- Generated CI: GitHub Actions, pinned to commit SHAs (release in the comment) ------------
  // renovate: datasource=github-tags depName=actions/checkout
  actionCheckout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  // renovate: datasource=github-tags depName=hadolint/hadolint-action
  actionHadolint: 'hadolint/hadolint-action@54c9adbab1582c2ef04b2016b760714a4bfde3cf # v3.1.0',
  // renovate: datasource=github-tags depName=docker/setup-buildx-action
  actionSetupBuildx: 'docker/setup-buildx-action@b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2 # v3.10.0',
  // renovate: datasource=github-tags depName=docker/build-push-action
  actionBuildPush: 'docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83 # v6.18.0',
  // renovate: datasource=github-tags depName=docker/login-action
  actionLogin: 'docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # v3.4.0',
  // renovate: datasource=github-tags depName=docker/metadata-action
  actionMetadata: 'docker/metadata-action@902fa8ec7d6ecbf8d84d538b9b233a880e428804 # v5.7.0',
  /** 0.35.0 is the first release after the March 2026 tag-poisoning incident (CVE-2026-33634); its tags are immutable. */
  // renovate: datasource=github-tags depName=aquasecurity/trivy-action
  actionTrivy: 'aquasecurity/trivy-action@57a97c7e7821a5776cebc9bb87c984fa69cba8f1 # 0.35.0',
  // renovate: datasource=github-tags depName=github/codeql-action
  actionUploadSarif: 'github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f # v3.28.18',

  // --- Generated CI: tools and job images -----------------------------------------------------
  /**
   * Trivy (the Action's `version: v<this>` and GitLab's aquasec/trivy:<this>). 0.69.3 is the last
   * release before the compromised 0.69.4 binary; renovate.json refuses 0.69.4.
   */
  // renovate: datasource=docker depName=aquasec/trivy
  trivy: '0.69.3',
  // renovate: datasource=docker depName=hadolint/hadolint
  hadolintImage: 'hadolint/hadolint:v2.12.0-debian',
  /** GitLab's docker job image (and `<this>-dind` as its service). */
  // renovate: datasource=docker depName=docker
  dockerImage: 'docker:27.5.1',
  /** GitLab's drift job: Node.js for npx (GitHub's runners have Node.js installed). */
  // renovate: datasource=docker depName=node
  driftNodeImage: 'node:22.12.0-slim',
} as const;

export type PinName = keyof typeof PINS;

/**
 * Release lines the detectors know exist, to resolve open ranges (`>=3.9`, `engines.node: ">=18"`)
 * to an image tag. Not pins (nothing is installed from them) and not updated by Renovate: add a
 * line here when its official image exists.
 */
export const KNOWN_RELEASES = {
  /** Node.js majors with official `-bookworm-slim` images (bookworm images start at Node 18); even ones are LTS lines. */
  nodeMajors: [18, 20, 21, 22, 23, 24, 25, 26],
  /**
   * End of life of each Node.js major (nodejs/Release schedule), as YYYY-MM-DD: after it the line
   * gets no security fixes. A range is resolved to the newest major still maintained.
   */
  nodeEndOfLife: {
    18: '2025-04-30',
    19: '2023-06-01',
    20: '2026-04-30',
    21: '2024-06-01',
    22: '2027-04-30',
    23: '2025-06-01',
    24: '2028-04-30',
    25: '2026-06-01',
    26: '2029-04-30',
  } as Record<number, string>,
  /** `lts/<codename>` in .nvmrc. */
  nodeLtsCodenames: { hydrogen: 18, iron: 20, jod: 22, krypton: 24 } as Record<string, number>,
  /** Python minors with official slim-trixie images (3.9 has none). */
  pythonMinors: ['3.10', '3.11', '3.12', '3.13', '3.14'],
} as const;
