/**
 * Rust health routes, anywhere under src/: axum / actix-web `.route("/health", …)`, actix-web
 * `web::resource("/health")`, actix-web / Rocket attribute macros `#[get("/health")]`, warp
 * `warp::path("health")` / `path!("health")`, and hand-written servers matching the request path
 * (`"/healthz" =>`). Comments are blanked first; patterns are linear-time.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, RouteCollector, type RouteScan } from '../../lib/health-routes.js';
import { rustSourceFiles } from './detect.js';

const PATTERNS: RegExp[] = [
  /\.route\(\s*"(\/[^"\n]{0,200})"/g,
  /\bresource\(\s*"(\/[^"\n]{0,200})"/g,
  /#\[\s*(?:get|head|route)\(\s*"(\/[^"\n]{0,200})"/g,
  /"(\/[^"\n]{0,200})"\s*(?:\|\s*"[^"\n]{0,200}"\s*)*=>/g,
];
const WARP_PATH = /\bpath!?\(\s*"([A-Za-z0-9._~-]{1,100})"\s*\)/g;

export function scanRustRoutes(dir: string): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of rustSourceFiles(dir)) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    for (const pattern of PATTERNS) {
      for (const m of code.matchAll(pattern)) found.add(m[1]!.replace(/\?.*$/, ''), file, code, m.index!);
    }
    for (const m of code.matchAll(WARP_PATH)) found.add(`/${m[1]!}`, file, code, m.index!);
  }
  return found.result();
}

export function detectRustHealthPath(dir: string): Detected<string> {
  return healthPathFrom(scanRustRoutes(dir));
}
