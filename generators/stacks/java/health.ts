/**
 * Java health endpoints: the framework's own (Spring Boot Actuator, Quarkus SmallRye Health,
 * Micronaut management) when the project depends on it, else routes registered in the sources
 * (`HttpServer.createContext("/health", …)`, Spring `@GetMapping("/health")`, JAX-RS
 * `@Path("/health")`, Micronaut `@Get("/health")`, Javalin/Spark `get("/health", …)`).
 * Comments and src/test are not looked at.
 */
import type { Detected } from '../../lib/stack.js';
import { BoundedReader, blankComments, healthPathFrom, listSourceFiles, RouteCollector, type RouteScan } from '../../lib/health-routes.js';
import { configValue, type Framework, type JavaProject } from './detect.js';

const STRING = '"([^"\\n]{0,200})"';
const REGISTRATION = new RegExp(
  `(?:\\bcreateContext\\s*\\(\\s*|@(?:GetMapping|RequestMapping|Get|Path)\\s*\\(\\s*(?:(?:value|path|uri)\\s*=\\s*)?\\{?\\s*|\\.\\s*get\\s*\\(\\s*)${STRING}`,
  'g',
);

/** Finds route registrations in the project's Java and Kotlin sources. */
export function scanJavaRoutes(dir: string): RouteScan {
  const reader = new BoundedReader(dir);
  const found = new RouteCollector();
  for (const file of listSourceFiles(dir, ['.java', '.kt'])) {
    const raw = reader.read(file);
    if (raw === undefined) continue;
    const code = blankComments(raw, 'c');
    for (const m of code.matchAll(REGISTRATION)) {
      const route = m[1]!.startsWith('/') ? m[1]! : `/${m[1]!}`;
      found.add(route, file, code, m.index!);
    }
  }
  return found.result();
}

const cleanPath = (p: string) => `/${p.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');

/** The framework's own health endpoint, when the project has the module that serves it. */
export function frameworkHealth(dir: string, project: JavaProject, framework: Framework, springBootVersion: string | undefined): Detected<string> | undefined {
  const file = project.pom ? 'pom.xml' : project.gradle!.file;
  const dep = (name: string) => project.dependencies.some((d) => d.endsWith(`:${name}`));
  if (framework === 'spring-boot' && dep('spring-boot-starter-actuator')) {
    const base = configValue(dir, 'management.endpoints.web.base-path');
    const basePath = base && /^\/?[A-Za-z0-9._~/-]{0,100}$/.test(base.value) ? cleanPath(base.value) : '/actuator';
    const probes = configValue(dir, 'management.endpoint.health.probes.enabled');
    const major = Number(/^(\d+)\./.exec(springBootVersion ?? '')?.[1] ?? NaN);
    // Liveness group: on by the property, or by default from Spring Boot 4 (and on Kubernetes).
    const liveness = probes ? probes.value === 'true' : !(major < 4);
    const where = `${file} spring-boot-starter-actuator${probes ? ` + ${probes.file} management.endpoint.health.probes.enabled=${probes.value}` : ''}`;
    return {
      value: `${basePath}/health${liveness ? '/liveness' : ''}`,
      source: liveness
        ? `${where} (liveness group)`
        : `${where} (Spring Boot ${springBootVersion} has no liveness group unless management.endpoint.health.probes.enabled=true)`,
    };
  }
  if (framework === 'quarkus' && dep('quarkus-smallrye-health')) {
    const root = configValue(dir, 'quarkus.http.non-application-root-path');
    const rootPath = root && /^\/?[A-Za-z0-9._~/-]{1,100}$/.test(root.value) ? cleanPath(root.value) : '/q';
    return { value: `${rootPath}/health/live`, source: `${file} quarkus-smallrye-health` };
  }
  if (framework === 'micronaut' && dep('micronaut-management')) {
    return { value: '/health', source: `${file} micronaut-management` };
  }
  return undefined;
}

export function detectJavaHealthPath(dir: string, project: JavaProject, framework: Framework, springBootVersion: string | undefined): Detected<string> {
  return frameworkHealth(dir, project, framework, springBootVersion) ?? healthPathFrom(scanJavaRoutes(dir));
}
