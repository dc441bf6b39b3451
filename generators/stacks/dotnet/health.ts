/**
 * ASP.NET Core health routes: `MapHealthChecks("/healthz")` (the health-checks middleware),
 * minimal APIs `MapGet("/health", ...)`, controller attributes `[HttpGet("health")]` under
 * `[Route("api/[controller]")]` are not resolved (a literal `[Route("health")]` is). Comments,
 * bin/, obj/ and test projects are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, joinRoute, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';

const STRING = '@?"([^"\\n]{0,200})"';
const HEALTH_CHECKS = new RegExp(`\\.\\s*MapHealthChecks\\s*\\(\\s*${STRING}`, 'g');
const MAP_GET = new RegExp(`\\.\\s*Map(?:Get|Methods)\\s*\\(\\s*${STRING}`, 'g');
const ATTRIBUTE = new RegExp(`\\[\\s*(?:Route|HttpGet)\\s*\\(\\s*${STRING}\\s*\\)\\s*\\]`, 'g');

export function scanDotnetRoutes(dir: string): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.cs'])) {
    if (/(^|\/)(bin|obj)\//.test(file) || /Tests?(\/|\.cs$)/.test(file)) continue;
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    for (const m of code.matchAll(HEALTH_CHECKS)) {
      found.add(joinRoute(m[1]!), file, code, m.index!);
      found.framework ??= { path: joinRoute(m[1]!), source: `${file} (MapHealthChecks)` };
    }
    for (const m of code.matchAll(MAP_GET)) found.add(m[1]!.startsWith('/') ? m[1]! : joinRoute(m[1]!), file, code, m.index!);
    for (const m of code.matchAll(ATTRIBUTE)) if (!m[1]!.includes('[')) found.add(joinRoute(m[1]!), file, code, m.index!);
  }
  return found.result();
}

export function detectDotnetHealthPath(dir: string): Detected<string> {
  return healthPathFrom(scanDotnetRoutes(dir));
}
