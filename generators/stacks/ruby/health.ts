/**
 * Ruby health routes: Rails `get "up" => "rails/health#show"` in config/routes.rb (Rails 7.1+
 * writes it; any route, with `namespace`/`scope` prefixes not followed), Sinatra / Roda / Hanami
 * `get "/health"`, Rack `map "/health"` in config.ru, and plain servers comparing the request
 * path (`when "/health"`, `path == "/health"`, `env["PATH_INFO"] == "/health"`). Comments, spec/,
 * test/ and vendor/ are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const STRING = `(?:"([^"\\n]{0,200})"|'([^'\\n]{0,200})')`;
/** Rails routes file: `get "up" => ...`, `get "/health", to: ...`, `root "home#index"`. */
const RAILS_ROUTE = new RegExp(`^[ \\t]*(?:get|match)[ \\t(]+${STRING}`, 'gm');
const RAILS_ROOT = /^[ \t]*root[ \t(]/gm;
/** Sinatra-style DSL and Rack `map`. */
const DSL_ROUTE = new RegExp(`^[ \\t]*(?:get|map)[ \\t(]+${STRING}`, 'gm');
/** A path comparison in a hand-written server. */
const COMPARISON = new RegExp(`(?:\\bwhen[ \\t]+|==[ \\t]*)${STRING}`, 'g');

export function scanRubyRoutes(dir: string): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.rb', '.ru'])) {
    if (file.startsWith('db/') || file.startsWith('spec/') || file.endsWith('_spec.rb') || file.endsWith('_test.rb')) continue;
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'hash');
    if (file === 'config/routes.rb') {
      for (const m of code.matchAll(RAILS_ROUTE)) found.add(joinRoute((m[1] ?? m[2])!), file, code, m.index!);
      for (const m of code.matchAll(RAILS_ROOT)) found.add('/', file, code, m.index!);
      continue;
    }
    for (const m of code.matchAll(DSL_ROUTE)) {
      const route = (m[1] ?? m[2])!;
      if (route.startsWith('/')) found.add(route, file, code, m.index!);
    }
    for (const m of code.matchAll(COMPARISON)) {
      const route = (m[1] ?? m[2])!;
      if (route.startsWith('/')) found.add(route, file, code, m.index!);
    }
  }
  return found.result();
}

export function detectRubyHealthPath(dir: string): Detected<string> {
  return healthPathFrom(scanRubyRoutes(dir));
}
