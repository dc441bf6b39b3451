/**
 * Reading a Java project: build tool and wrapper, Java version, framework, port and health
 * endpoint. Every function here is pure over the folder's files and says where a value came from.
 */
import { parse as parseYaml } from 'yaml';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { DetectedValueError, ProjectError } from '../../lib/errors.js';
import { projectEntryExists, readProjectFile, tryReadProjectFile } from '../../lib/project-files.js';
import { PINS } from '../../lib/versions.js';
import { parseGradleBuild, type GradleBuild } from './gradle.js';
import { parsePom, pluginSetting, resolveProperty, type Pom } from './pom.js';

export const BUILD_TOOLS = ['maven', 'gradle'] as const;
export type BuildTool = (typeof BUILD_TOOLS)[number];
export type Framework = 'spring-boot' | 'quarkus' | 'micronaut' | 'plain';

/** The Java feature release used when the project states none (the newest LTS). */
export const JAVA_DEFAULT_VERSION: string = PINS.javaDefaultMajor;
/** Oldest Java release with an eclipse-temurin image line. */
export const JAVA_MIN_VERSION = 8;
/** Spring Boot, Quarkus and Micronaut all listen on 8080 unless told otherwise. */
export const JAVA_DEFAULT_PORT = 8080;

export const GRADLE_FILES = ['build.gradle.kts', 'build.gradle'] as const;

export interface JavaProject {
  tool: BuildTool;
  pom: Pom | undefined;
  gradle: GradleBuild | undefined;
  /** `group:artifact` of the declared dependencies. */
  dependencies: string[];
}

/** The file that makes the folder a Maven or Gradle build, or undefined. */
export function javaMarker(dir: string): string | undefined {
  if (projectEntryExists(dir, 'pom.xml')) return 'pom.xml';
  return GRADLE_FILES.find((f) => projectEntryExists(dir, f));
}

/** pom.xml → maven, build.gradle(.kts) → gradle (pom.xml first when both are there). */
export function detectBuildTool(dir: string): Detected<BuildTool> {
  if (projectEntryExists(dir, 'pom.xml')) {
    const gradle = GRADLE_FILES.find((f) => projectEntryExists(dir, f));
    return { value: 'maven', source: gradle ? `pom.xml (${gradle} is there too: pass --package-manager gradle to build with Gradle)` : 'pom.xml' };
  }
  const gradle = GRADLE_FILES.find((f) => projectEntryExists(dir, f));
  if (gradle) return { value: 'gradle', source: gradle };
  return { value: 'maven', source: 'default (no pom.xml or build.gradle found)' };
}

/** The wrapper script and its properties file: the build uses the project's own Maven/Gradle version. */
export function hasWrapper(dir: string, tool: BuildTool): boolean {
  return tool === 'maven'
    ? projectEntryExists(dir, 'mvnw') && projectEntryExists(dir, '.mvn/wrapper/maven-wrapper.properties')
    : projectEntryExists(dir, 'gradlew') &&
        projectEntryExists(dir, 'gradle/wrapper/gradle-wrapper.properties') &&
        projectEntryExists(dir, 'gradle/wrapper/gradle-wrapper.jar');
}

function readBuildFile(dir: string, file: string): string | undefined {
  const read = tryReadProjectFile(dir, file);
  if (read.ok) return read.text;
  if (read.problem === 'missing') return undefined;
  throw new ProjectError(`${file}: ${read.detail}; fix it and run again`);
}

export function readJavaProject(dir: string, tool: BuildTool): JavaProject {
  if (tool === 'maven') {
    const text = readBuildFile(dir, 'pom.xml');
    if (text === undefined) throw new ProjectError('--package-manager maven needs a pom.xml in the project folder; found none');
    const pom = parsePom(text);
    if (pom.modules.length > 0) {
      throw new ProjectError(
        `pom.xml is a multi-module build (<modules>: ${pom.modules.slice(0, 5).join(', ')}): run the generator in the folder of the module that is the app; it builds one module`,
      );
    }
    return { tool, pom, gradle: undefined, dependencies: pom.dependencies.map((d) => `${d.groupId}:${d.artifactId}`) };
  }
  const file = GRADLE_FILES.find((f) => projectEntryExists(dir, f));
  if (!file) throw new ProjectError('--package-manager gradle needs a build.gradle or build.gradle.kts in the project folder; found none');
  const gradle = parseGradleBuild(readBuildFile(dir, file) ?? '', file);
  return { tool, pom: undefined, gradle, dependencies: gradle.dependencies };
}

// ---------------------------------------------------------------- Java version

/** `21`, `1.8`, `21.0.2-tem`, `temurin-21.0.2` → `21` / `8`; undefined when not a Java version. */
export function javaMajor(raw: string): string | undefined {
  const m = /^(?:[a-z]+-)?(?:1\.)?(\d{1,3})(?:[.+_-].*)?$/.exec(raw.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  return major >= JAVA_MIN_VERSION && major <= 99 ? String(major) : undefined;
}

function versionFrom(raw: string, source: string, origin: { file: string; field?: string }): Detected<string> {
  const major = javaMajor(raw);
  if (major === undefined) {
    throw new DetectedValueError(
      origin,
      raw,
      `a Java feature release from ${JAVA_MIN_VERSION} (e.g. 21 or 25) for the eclipse-temurin image tag`,
      'runtime-version',
    );
  }
  return detectedFrom(major, source, origin);
}

/** The Java release: the build file (what the code is compiled for), then .java-version, .sdkmanrc, then the default. */
export function detectJavaVersion(dir: string, project: JavaProject): Detected<string> {
  const pom = project.pom;
  if (pom) {
    const compiler = pom.plugins.find((p) => p.artifactId === 'maven-compiler-plugin');
    const candidates: [string | undefined, string][] = [
      [pluginSetting(compiler?.configuration, 'release'), 'maven-compiler-plugin <release>'],
      [pom.properties['maven.compiler.release'], '<maven.compiler.release>'],
      [pom.properties['java.version'], '<java.version>'],
      [pom.properties['maven.compiler.target'], '<maven.compiler.target>'],
    ];
    for (const [raw, field] of candidates) {
      if (raw === undefined) continue;
      const value = resolveProperty(pom, raw);
      if (value.includes('${')) continue;
      return versionFrom(value, `pom.xml ${field}`, { file: 'pom.xml', field });
    }
  }
  const gradle = project.gradle;
  if (gradle?.toolchain)
    return versionFrom(gradle.toolchain, `${gradle.file} java.toolchain JavaLanguageVersion.of(${gradle.toolchain})`, {
      file: gradle.file,
      field: 'java.toolchain',
    });
  if (gradle?.compatibility)
    return versionFrom(gradle.compatibility, `${gradle.file} sourceCompatibility`, { file: gradle.file, field: 'sourceCompatibility' });
  const javaVersion = readProjectFile(dir, '.java-version', 4096)?.trim().split(/\r?\n/)[0];
  if (javaVersion) return versionFrom(javaVersion, '.java-version', { file: '.java-version' });
  const sdkman = /^\s*java\s*=\s*(\S{1,60})\s*$/m.exec(readProjectFile(dir, '.sdkmanrc', 64 * 1024) ?? '');
  if (sdkman) return versionFrom(sdkman[1]!, `.sdkmanrc "java=${sdkman[1]}"`, { file: '.sdkmanrc', field: 'java' });
  return { value: JAVA_DEFAULT_VERSION, source: `default (Java ${JAVA_DEFAULT_VERSION}, the newest LTS)` };
}

// ---------------------------------------------------------------- framework

const has = (project: JavaProject, prefix: string) => project.dependencies.some((d) => d === prefix || d.startsWith(prefix));

export interface FrameworkFacts {
  framework: Detected<Framework>;
  /** Spring Boot's version when stated (parent or plugin), e.g. `4.1.2`. */
  springBootVersion: string | undefined;
  /** Gradle: the Shadow plugin is applied (Micronaut's runnable jar is the `-all.jar`). */
  shadow: boolean;
}

export function detectFramework(project: JavaProject): FrameworkFacts {
  const { pom, gradle } = project;
  const file = pom ? 'pom.xml' : gradle!.file;
  const shadow = gradle ? [...gradle.plugins.keys()].some((id) => id === 'com.gradleup.shadow' || id === 'com.github.johnrengelman.shadow') : false;
  const bootPlugin = pom?.plugins.find((p) => p.artifactId === 'spring-boot-maven-plugin');
  const bootParent = pom?.parent?.groupId === 'org.springframework.boot' ? pom.parent : undefined;
  const bootGradle = gradle?.plugins.get('org.springframework.boot');
  if (bootParent || bootPlugin || bootGradle !== undefined || has(project, 'org.springframework.boot:')) {
    const version = bootParent?.version || (bootPlugin?.version && pom ? resolveProperty(pom, bootPlugin.version) : '') || bootGradle || undefined;
    const evidence = bootParent
      ? 'pom.xml <parent> spring-boot-starter-parent'
      : bootPlugin
        ? 'pom.xml spring-boot-maven-plugin'
        : bootGradle !== undefined
          ? `${file} plugin org.springframework.boot`
          : `${file} org.springframework.boot dependencies`;
    return { framework: { value: 'spring-boot', source: evidence }, springBootVersion: version && /^\d+\.\d+/.test(version) ? version : undefined, shadow };
  }
  if (has(project, 'io.quarkus:') || pom?.plugins.some((p) => p.artifactId === 'quarkus-maven-plugin') || gradle?.plugins.has('io.quarkus')) {
    return { framework: { value: 'quarkus', source: `${file} io.quarkus` }, springBootVersion: undefined, shadow };
  }
  if (has(project, 'io.micronaut') || pom?.parent?.groupId === 'io.micronaut.platform' || gradle?.plugins.has('io.micronaut.application')) {
    return { framework: { value: 'micronaut', source: `${file} io.micronaut` }, springBootVersion: undefined, shadow };
  }
  return { framework: { value: 'plain', source: `${file} (no Spring Boot, Quarkus or Micronaut)` }, springBootVersion: undefined, shadow };
}

// ---------------------------------------------------------------- configuration files

export const CONFIG_FILES = ['src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml'] as const;

/** `key=value` / `key: value` lines of a .properties file (no continuation lines). */
export function parseProperties(text: string): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const m = /^([^=:\s]{1,200})\s*[=:\s]\s*(.{0,500})$/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, { value: m[2]!.trim(), line: i + 1 });
  });
  return out;
}

/** A nested YAML value by dotted key (`server.port`), also accepting the flat form (`server.port: 1`). */
function yamlValue(doc: unknown, key: string): string | undefined {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(doc)) return undefined;
  if (Object.prototype.hasOwnProperty.call(doc, key)) {
    const v = doc[key];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  for (let n = key.split('.').length - 1; n >= 1; n--) {
    const parts = key.split('.');
    const first = parts.slice(0, n).join('.');
    if (Object.prototype.hasOwnProperty.call(doc, first)) {
      const found = yamlValue(doc[first], parts.slice(n).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Reads a setting from application.properties / application.yml, with the file and line. */
export function configValue(dir: string, key: string): { value: string; file: string; line?: number } | undefined {
  for (const file of CONFIG_FILES) {
    const text = readProjectFile(dir, file);
    if (text === undefined) continue;
    if (file.endsWith('.properties')) {
      const hit = parseProperties(text).get(key);
      if (hit) return { value: hit.value, file, line: hit.line };
    } else {
      let doc: unknown;
      try {
        // Only the first document; aliases are bounded by the yaml library's maxAliasCount.
        doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
      } catch {
        throw new ProjectError(`${file}: not valid YAML; fix it and run again (or pass --port and --health-path)`);
      }
      const value = yamlValue(doc, key);
      if (value !== undefined) return { value, file };
    }
  }
  return undefined;
}

/** `8081`, `${PORT:8081}`, `${SERVER_PORT:8081}` → 8081; undefined when no number can be read. */
export function portValue(raw: string): number | undefined {
  const m = /^(?:\$\{[A-Za-z0-9_.]{1,100}:(\d{1,5})\}|(\d{1,5}))$/.exec(raw.trim());
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** The key each framework reads its HTTP port from, and the environment variable that overrides it. */
export const PORT_SETTINGS: Record<Framework, { key: string | undefined; env: string }> = {
  'spring-boot': { key: 'server.port', env: 'SERVER_PORT' },
  quarkus: { key: 'quarkus.http.port', env: 'QUARKUS_HTTP_PORT' },
  micronaut: { key: 'micronaut.server.port', env: 'MICRONAUT_SERVER_PORT' },
  plain: { key: undefined, env: 'PORT' },
};

export function detectPort(dir: string, framework: Framework, sourcePort: () => Detected<number> | undefined): Detected<number> {
  const key = PORT_SETTINGS[framework].key;
  if (key) {
    const hit = configValue(dir, key);
    if (hit) {
      const port = portValue(hit.value);
      const origin = { file: hit.file, field: key, ...(hit.line !== undefined ? { line: hit.line } : {}) };
      if (port === undefined || port < 1 || port > 65535) throw new DetectedValueError(origin, hit.value, 'a port number (or ${VAR:port})', 'port');
      return detectedFrom(port, `${hit.file}${hit.line !== undefined ? `:${hit.line}` : ''} ${key}`, origin);
    }
    const name = framework === 'spring-boot' ? 'Spring Boot' : framework === 'quarkus' ? 'Quarkus' : 'Micronaut';
    return { value: JAVA_DEFAULT_PORT, source: `default (${name}: ${JAVA_DEFAULT_PORT})` };
  }
  return sourcePort() ?? { value: JAVA_DEFAULT_PORT, source: `default (${JAVA_DEFAULT_PORT})` };
}

// ---------------------------------------------------------------- names

/** The compose service name: the artifactId (pom.xml), rootProject.name (settings.gradle[.kts]), else the folder. */
export function artifactName(dir: string, project: JavaProject): { name: string; source: string } | undefined {
  if (project.pom?.artifactId) return { name: project.pom.artifactId, source: 'pom.xml <artifactId>' };
  for (const file of ['settings.gradle.kts', 'settings.gradle']) {
    const m = /rootProject\.name\s*=\s*["']([A-Za-z0-9._-]{1,100})["']/.exec(readProjectFile(dir, file, 256 * 1024) ?? '');
    if (m) return { name: m[1]!, source: `${file} rootProject.name` };
  }
  return undefined;
}
