/**
 * The HEALTHCHECK probe: compiled once with javac in its own stage (it depends on nothing in the
 * project, so it stays cached) and run by the runtime's java from /opt/healthcheck: the JRE has
 * no curl to rely on, and `java HealthCheck.java` would compile the source on every check.
 */

/** Where the runtime stage keeps the compiled probe class. */
export const PROBE_DIR = '/opt/healthcheck';
export const PROBE_CLASS = 'HealthCheck';
/** The probe's last argument for liveness (no health route was found): any answer below 500 passes. */
export const PROBE_ANY_STATUS = 'any-status';
/**
 * JVM options for the probe: a small heap, no JIT tiers beyond C1, no perf-data file in /tmp:
 * it starts in a fraction of a second and uses little memory every 10 s.
 */
export const PROBE_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx16m', '-XX:-UsePerfData'] as const;

/** HEALTHCHECK argv: the port comes from the framework's port variable when set, else the number. */
export function javaHealthProbe(healthPath: string, portEnv: string, port: number, anyStatus = false): string[] {
  return ['java', ...PROBE_JVM_OPTIONS, '-cp', PROBE_DIR, PROBE_CLASS, healthPath, portEnv, String(port), ...(anyStatus ? [PROBE_ANY_STATUS] : [])];
}

/**
 * The probe's source, one line per printf argument in the Dockerfile: no single quotes, `%`,
 * `$`, backslashes or tabs (each line is a single-quoted shell word printed with '%s').
 * Java 8 compatible; the path arrives as an argument, never spliced into code.
 */
export const PROBE_SOURCE: readonly string[] = [
  '// Health probe: GET http://127.0.0.1:PORT/path, PORT from the variable named by argument 2, else argument 3;',
  '// exit 0 on 2xx/3xx (with a fourth argument any-status: on any answer below 500).',
  'import java.net.HttpURLConnection;',
  'import java.net.URI;',
  'public final class HealthCheck {',
  '  public static void main(String[] args) {',
  '    if (args.length < 3 || args.length > 4) System.exit(2);',
  '    int limit = args.length == 4 && args[3].equals("any-status") ? 499 : 399;',
  '    String port = System.getenv(args[1]);',
  '    if (port == null || port.isEmpty()) port = args[2];',
  '    try {',
  '      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + args[0]).toURL().openConnection();',
  '      c.setConnectTimeout(4000);',
  '      c.setReadTimeout(4000);',
  '      c.setInstanceFollowRedirects(false);',
  '      int status = c.getResponseCode();',
  '      System.exit(status >= 200 && status <= limit ? 0 : 1);',
  '    } catch (Exception e) {',
  '      System.exit(1);',
  '    }',
  '  }',
  '}',
];
