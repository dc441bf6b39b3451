/**
 * The .dockerignore lines every stack shares, decided here (templates/common/dockerignore.ejs
 * only prints them, then the stack's own groups). Secret files are matched at any depth (`**`):
 * a nested `.npmrc`, `deploy/.kube/config` or `infra/prod.tfvars` is as secret as a top-level one,
 * and for a plain static site the build context is the folder nginx serves.
 */

export interface IgnoreGroup {
  comment: string;
  patterns: string[];
}

/** Secret and credential files, by kind: none of them is ever needed inside an image. */
export const SECRET_IGNORE: IgnoreGroup[] = [
  {
    comment: 'Secrets: environment files (use runtime environment variables or secrets instead)',
    patterns: ['**/.env', '**/.env.*', '**/*.env', '**/.envrc'],
  },
  {
    comment: 'Secrets: private keys, certificates and key stores',
    patterns: [
      '**/*.pem',
      '**/*.key',
      '**/*.p12',
      '**/*.pfx',
      '**/*.ppk',
      '**/*.jks',
      '**/*.keystore',
      '**/id_rsa*',
      '**/id_dsa*',
      '**/id_ecdsa*',
      '**/id_ed25519*',
      '**/.ssh',
      '**/.gnupg',
    ],
  },
  {
    comment: 'Secrets: cloud, cluster and container-registry credentials',
    patterns: [
      '**/.aws',
      '**/.azure',
      '**/.config/gcloud',
      '**/application_default_credentials.json',
      '**/credentials.json',
      '**/*-credentials.json',
      '**/*_credentials.json',
      '**/*service-account*.json',
      '**/*service_account*.json',
      '**/client_secret*.json',
      '**/.kube',
      '**/kubeconfig',
      '**/.docker/config.json',
    ],
  },
  {
    comment: 'Secrets: package-registry and tool credentials (mounted as build secrets when an install needs them)',
    patterns: [
      '**/.npmrc',
      '**/.yarnrc',
      '**/.netrc',
      '**/_netrc',
      '**/.pypirc',
      '**/pip.conf',
      '**/pip.ini',
      '**/.git-credentials',
      '**/.gitconfig',
      '**/.pgpass',
      '**/.my.cnf',
      '**/.vault-token',
      '**/.htpasswd',
    ],
  },
  {
    comment: 'Secrets: infrastructure state and variables (Terraform)',
    patterns: ['**/*.tfstate', '**/*.tfstate.*', '**/*.tfvars', '**/*.tfvars.json', '**/.terraform'],
  },
  {
    comment: 'Secrets: secret folders and local databases',
    patterns: ['**/secrets', '**/.secrets', '**/*.sqlite', '**/*.sqlite3', '**/*.sqlite-journal', '**/*.sqlite3-journal'],
  },
];

/** Everything every stack leaves out, secrets first. */
export const COMMON_IGNORE: IgnoreGroup[] = [
  {
    comment: 'Version control, editors and OS files',
    patterns: ['**/.git', '.gitignore', '.gitattributes', '.github', '.gitlab', '.gitlab-ci.yml', '.vscode', '.idea', '**/*.swp', '**/.DS_Store', 'Thumbs.db'],
  },
  ...SECRET_IGNORE,
  {
    comment: "Container files themselves, their docs and the CI scanners' settings",
    patterns: [
      'Dockerfile*',
      '.dockerignore',
      'README.Docker.md',
      '.hadolint.yaml',
      '.trivyignore',
      'compose*.yaml',
      'compose*.yml',
      'docker-compose*.yaml',
      'docker-compose*.yml',
    ],
  },
  {
    comment: 'Local dependency folders of any toolchain: dependencies are installed inside the image',
    patterns: ['**/node_modules', '**/.venv', '**/__pycache__'],
  },
  {
    comment: 'Logs, test and coverage output',
    patterns: ['**/*.log', 'logs', 'coverage', '.nyc_output', '.cache', 'tmp'],
  },
];
