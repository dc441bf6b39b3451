/**
 * Reading a PHP project: composer.json (the PHP version it requires, the framework, extensions),
 * composer.lock, .php-version, the document root. Bounded reads; every value checked before it
 * reaches a template.
 */
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { projectEntryExists, readProjectFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';
import { ProjectError } from '../../lib/errors.js';

/** PHP lines with official `php:<v>-apache-bookworm` images. */
export const PHP_LINES = ['8.1', '8.2', '8.3', '8.4', '8.5'] as const;

export function phpVersionProblem(value: string): string | undefined {
  const m = /^(\d)\.(\d)(?:\.(\d{1,2}))?$/.exec(value);
  if (m && (PHP_LINES as readonly string[]).includes(`${m[1]}.${m[2]}`)) return undefined;
  return `a PHP version with an official php:<version>-apache-bookworm image: ${PHP_LINES.join(', ')} (the line, newest patch) or a full version such as "8.3.14"`;
}

export type PhpFramework = 'laravel' | 'symfony' | 'none';

export interface PhpProject {
  composer: Record<string, unknown> | undefined;
  hasLock: boolean;
  require: Record<string, string>;
  framework: PhpFramework;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readPhpProject(dir: string): PhpProject {
  const text = readProjectFile(dir, 'composer.json');
  let composer: Record<string, unknown> | undefined;
  if (text !== undefined) {
    const errors: ParseError[] = [];
    const parsed: unknown = parseJsonc(text, errors, { allowTrailingComma: false });
    if (errors.length > 0 || !isRecord(parsed))
      throw new ProjectError('composer.json is not a JSON object: fix it (composer validate) or pass --language to choose another stack');
    composer = parsed;
  }
  const require: Record<string, string> = Object.create(null) as Record<string, string>;
  const req = composer?.require;
  if (isRecord(req))
    for (const [k, v] of Object.entries(req)) if (typeof v === 'string' && /^[a-z0-9][a-z0-9_./-]{0,200}$/i.test(k)) require[k.toLowerCase()] = v;
  let framework: PhpFramework = 'none';
  if (require['laravel/framework'] !== undefined && projectEntryExists(dir, 'artisan')) framework = 'laravel';
  else if (require['symfony/framework-bundle'] !== undefined) framework = 'symfony';
  return { composer, hasLock: projectEntryExists(dir, 'composer.lock'), require, framework };
}

/** The lowest line a composer constraint allows (`^8.2`, `>=8.1 <8.4`, `~8.3.0`, `8.2.*`), if it names one. */
export function lineOfConstraint(constraint: string): string | undefined {
  const m = /(?:^|[\s|,])(?:\^|~|>=|=)?\s*v?(\d)\.(\d)/.exec(constraint.slice(0, 200));
  return m ? `${m[1]}.${m[2]}` : undefined;
}

export function detectPhpVersion(dir: string, project: PhpProject): Detected<string> {
  const file = readProjectFile(dir, '.php-version', 4096);
  if (file !== undefined && file.trim() !== '') return detectedFrom(file.trim(), '.php-version', { file: '.php-version' });
  const config = project.composer?.config;
  const platform = isRecord(config) && isRecord(config.platform) ? config.platform.php : undefined;
  if (typeof platform === 'string') {
    const line = /^(\d\.\d)/.exec(platform)?.[1] ?? platform;
    return detectedFrom(line, 'composer.json "config.platform.php"', { file: 'composer.json', field: '"config.platform.php"' });
  }
  const php = project.require.php;
  if (php !== undefined) {
    const line = lineOfConstraint(php);
    // An open range (>=8.1) gets the newest line: that is what the constraint lets Composer use.
    const open = /^\s*>=?\s*\d/.test(php) && !/</.test(php);
    if (line && !open) {
      // ^8.2 / ~8.2 allow newer minors; the image is the newest line the constraint allows.
      const caret = /^\s*\^/.test(php);
      // The default line when the constraint allows it, else the newest line it allows.
      const allowed = caret ? [...PHP_LINES].filter((l) => l.startsWith(line[0]!) && l >= line) : [];
      const pick = allowed.includes(PINS.phpDefaultLine) ? PINS.phpDefaultLine : (allowed.pop() ?? line);
      return detectedFrom(pick, `composer.json "require.php" (${php})`, { file: 'composer.json', field: '"require.php"' });
    }
    if (line && open) return { value: PINS.phpDefaultLine, source: `composer.json "require.php" (${php}): the default line` };
  }
  return { value: PINS.phpDefaultLine, source: 'default' };
}

/** The folder Apache serves: public/ for Laravel and Symfony (and any app with public/index.php), else the project root. */
export function detectDocumentRoot(dir: string, project: PhpProject): Detected<string> {
  if (project.framework !== 'none') return { value: 'public', source: `${project.framework === 'laravel' ? 'Laravel' : 'Symfony'} (public/)` };
  if (projectEntryExists(dir, 'public/index.php')) return { value: 'public', source: 'public/index.php' };
  if (projectEntryExists(dir, 'web/index.php')) return { value: 'web', source: 'web/index.php' };
  return { value: '.', source: projectEntryExists(dir, 'index.php') ? 'index.php' : 'default (the project folder)' };
}

/** Extensions the official image has built in (no docker-php-ext-install needed). */
export const BUILTIN_EXTENSIONS = new Set([
  'core',
  'ctype',
  'curl',
  'date',
  'dom',
  'fileinfo',
  'filter',
  'hash',
  'iconv',
  'json',
  'libxml',
  'mbstring',
  'mysqlnd',
  'openssl',
  'pcre',
  'pdo',
  'pdo_sqlite',
  'phar',
  'posix',
  'random',
  'readline',
  'reflection',
  'session',
  'simplexml',
  'sodium',
  'spl',
  'sqlite3',
  'standard',
  'tokenizer',
  'xml',
  'xmlreader',
  'xmlwriter',
  'zlib',
]);
/** Extensions docker-php-ext-install builds from PHP's own source with no extra library. */
export const SIMPLE_EXTENSIONS = new Set([
  'bcmath',
  'calendar',
  'exif',
  'mysqli',
  'opcache',
  'pcntl',
  'pdo_mysql',
  'shmop',
  'sockets',
  'sysvmsg',
  'sysvsem',
  'sysvshm',
]);

/** `ext-*` requirements of composer.json: those the image lacks, split by whether the Dockerfile can add them. */
export function requiredExtensions(project: PhpProject): { install: string[]; missing: string[] } {
  const install: string[] = [];
  const missing: string[] = [];
  for (const name of Object.keys(project.require).sort()) {
    if (!name.startsWith('ext-')) continue;
    const ext = name.slice(4).replace(/-/g, '_');
    if (!/^[a-z0-9_]{1,40}$/.test(ext) || BUILTIN_EXTENSIONS.has(ext)) continue;
    (SIMPLE_EXTENSIONS.has(ext) ? install : missing).push(ext);
  }
  return { install, missing };
}
