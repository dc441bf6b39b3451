/**
 * PHP health routes: Laravel's `health: '/up'` (bootstrap/app.php, Laravel 11+) and
 * `Route::get('/health', ...)`, Symfony `#[Route('/health')]` attributes and `path: /health` in
 * config/routes*.yaml, a plain app's path comparisons (`=== '/health'`, `case '/health':`) and
 * health scripts in the document root (`health.php` → `/health.php`). Comments, vendor/ and
 * tests are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';
import { projectEntryExists } from '../../lib/project-files.js';

const STRING = `(?:"([^"\\n]{0,200})"|'([^'\\n]{0,200})')`;
const LARAVEL_HEALTH = new RegExp(`\\bhealth\\s*:\\s*${STRING}`, 'g');
const LARAVEL_ROUTE = new RegExp(`\\bRoute::(?:get|any|match\\([^)]{0,80}\\)\\s*,?)\\s*\\(?\\s*${STRING}`, 'g');
const SYMFONY_ATTRIBUTE = new RegExp(`#\\[Route\\(\\s*(?:path\\s*:\\s*)?${STRING}`, 'g');
const YAML_PATH = /^\s+path:\s*['"]?(\/[A-Za-z0-9_\-./~]{0,200})['"]?\s*$/gm;
const COMPARISON = new RegExp(`(?:===?\\s*|\\bcase\\s+)${STRING}`, 'g');

export function scanPhpRoutes(dir: string, documentRoot: string): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.php', '.yaml', '.yml'])) {
    if (file.startsWith('storage/') || file.startsWith('var/') || file.startsWith('database/')) continue;
    const raw = reader.read(file);
    if (raw === undefined) continue;
    if (file.endsWith('.yaml') || file.endsWith('.yml')) {
      if (!file.startsWith('config/routes')) continue;
      const code = blankComments(raw, 'hash');
      for (const m of code.matchAll(YAML_PATH)) found.add(m[1]!, file, code, m.index!);
      continue;
    }
    // PHP comments are C style (and #); strings are left alone by both passes.
    const code = raw.replace(/^[ \t]*#(?!\[).*$/gm, (c) => ' '.repeat(c.length));
    const clean = blankComments(code, 'c');
    for (const re of [LARAVEL_HEALTH, LARAVEL_ROUTE, SYMFONY_ATTRIBUTE, COMPARISON]) {
      for (const m of clean.matchAll(re)) {
        const route = (m[1] ?? m[2])!;
        const pathOnly = route.startsWith('/') ? route : re === LARAVEL_ROUTE ? joinRoute(route) : undefined;
        if (pathOnly !== undefined) found.add(pathOnly, file, clean, m.index!);
      }
    }
  }
  // A health script served as a file by Apache.
  for (const name of ['health.php', 'healthz.php', 'ping.php', 'status.php']) {
    const rel = documentRoot === '.' ? name : `${documentRoot}/${name}`;
    if (found.health.length < 100 && projectEntryExists(dir, rel)) found.health.push({ path: `/${name}`, file: rel, line: 1 });
  }
  return found.result();
}

export function detectPhpHealthPath(dir: string, documentRoot: string): Detected<string> {
  return healthPathFrom(scanPhpRoutes(dir, documentRoot));
}
