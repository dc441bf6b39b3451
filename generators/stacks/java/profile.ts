/**
 * The Java stack (Maven and Gradle): turns answers + the project's build files into the facts
 * that `templates/java/Dockerfile.ejs` prints. Every decision about the Dockerfile is made here.
 */
import { PINS } from '../../lib/versions.js';
import { InputError } from '../../lib/errors.js';
import { jsonArray, shellWord } from '../../lib/quote.js';
import { ociLabels } from '../../lib/labels.js';
import { serviceNameFrom } from '../../lib/naming.js';
import { readSourceFile } from '../../lib/project-files.js';
import { listSourceFiles } from '../../lib/health-routes.js';
import {
  detectedFrom,
  type Answers,
  type Detected,
  type RuntimeNotes,
  RuntimeStageFacts,
  type StackDetection,
  type StackProfile,
  type TemplateContext,
} from '../../lib/stack.js';
import {
  artifactName,
  BUILD_TOOLS,
  detectBuildTool,
  detectFramework,
  detectJavaVersion,
  detectPort,
  GRADLE_FILES,
  hasWrapper,
  javaMarker,
  PORT_SETTINGS,
  readJavaProject,
  type BuildTool,
  type Framework,
  type FrameworkFacts,
} from './detect.js';
import { detectJavaHealthPath } from './health.js';
import { javaHealthProbe, PROBE_CLASS, PROBE_DIR, PROBE_SOURCE } from './probe.js';
import { projectEntryExists } from '../../lib/project-files.js';

/** The app's numeric user (the Temurin images have no user of their own for it). */
export const RUNTIME_UID = 10001;
/** JVM options of the default start command: the heap follows the container's memory limit. */
export const JVM_OPTIONS = ['-XX:MaxRAMPercentage=75'] as const;
export const APP_JAR = '/app/app.jar';

/** How the build's output becomes the runtime's /app. */
export type Layout =
  /** Spring Boot's layered jar, extracted by its jarmode (dependencies change least, so they come first). */
  | { kind: 'spring-layers'; jarmode: 'tools' | 'layertools'; launcher: string; layers: string[] }
  /** Quarkus' fast-jar folder (quarkus-app/): lib/, the run jar, app/, quarkus/. */
  | { kind: 'quarkus'; dir: string }
  /** One runnable jar (a shaded/uber jar or a jar with Main-Class), copied to /app/app.jar. */
  | { kind: 'jar' };

const SPRING_LAYERS = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'];

function springLauncher(version: string | undefined): { jarmode: 'tools' | 'layertools'; launcher: string } {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  const [major, minor] = m ? [Number(m[1]), Number(m[2])] : [99, 0];
  const at = (a: number, b: number) => major > a || (major === a && minor >= b);
  return {
    // -Djarmode=tools from Spring Boot 3.3; layertools before (deprecated since).
    jarmode: at(3, 3) ? 'tools' : 'layertools',
    // The launcher moved to ...loader.launch in 3.2.
    launcher: at(3, 2) ? 'org.springframework.boot.loader.launch.JarLauncher' : 'org.springframework.boot.loader.JarLauncher',
  };
}

export function layoutFor(framework: Framework, facts: FrameworkFacts, tool: BuildTool): Layout {
  if (framework === 'spring-boot') return { kind: 'spring-layers', ...springLauncher(facts.springBootVersion), layers: SPRING_LAYERS };
  if (framework === 'quarkus') return { kind: 'quarkus', dir: tool === 'maven' ? 'target/quarkus-app' : 'build/quarkus-app' };
  return { kind: 'jar' };
}

/** The Gradle task that writes the runnable artifact (bootJar: only the boot jar, not the plain one). */
export function gradleTask(framework: Framework, shadow: boolean): string {
  if (framework === 'spring-boot') return 'bootJar';
  if (framework === 'quarkus') return 'quarkusBuild';
  return shadow ? 'shadowJar' : 'jar';
}

export function defaultBuildCommand(tool: BuildTool, wrapper: boolean, framework: Framework, shadow: boolean): string[] {
  if (tool === 'maven') return [...(wrapper ? ['sh', './mvnw'] : ['mvn']), '--batch-mode', '--no-transfer-progress', '-DskipTests', 'package'];
  return [...(wrapper ? ['sh', './gradlew'] : ['gradle']), '--no-daemon', '--console=plain', gradleTask(framework, shadow)];
}

export function defaultStartCommand(layout: Layout): string[] {
  if (layout.kind === 'spring-layers') return ['java', ...JVM_OPTIONS, layout.launcher];
  if (layout.kind === 'quarkus') return ['java', ...JVM_OPTIONS, '-jar', '/app/quarkus-run.jar'];
  return ['java', ...JVM_OPTIONS, '-jar', APP_JAR];
}

/** Why argv cannot be the production CMD, or undefined when it can. */
export function javaStartCommandProblem(argv: readonly string[]): string | undefined {
  const program = argv[0] ?? '';
  if (/^(?:\.\/)?(?:mvnw|gradlew)$|(?:^|\/)(?:mvn|gradle)$/.test(program) || (program === 'sh' && /^(?:\.\/)?(?:mvnw|gradlew)$/.test(argv[1] ?? ''))) {
    return 'must run the built application with java (e.g. "java -jar /app/app.jar"), not the build tool: the runtime image has only a JRE';
  }
  if (program !== 'java' && program !== '/opt/java/openjdk/bin/java') {
    return 'must start with java (the JRE in the runtime image), e.g. "java -XX:MaxRAMPercentage=75 -jar /app/app.jar"';
  }
  return undefined;
}

/** Runnable-jar selection: the jars a build writes that are not the app (Gradle's plain jar, shade's original, sources...). */
export function jarSelection(tool: BuildTool, framework: Framework, shadow: boolean): { dir: string; include: string; exclude: string[] } {
  const dir = tool === 'maven' ? 'target' : 'build/libs';
  const include = tool === 'gradle' && shadow ? '*-all.jar' : '*.jar';
  return { dir, include, exclude: ['*-plain.jar', '*-sources.jar', '*-javadoc.jar', '*-tests.jar', '*-test-fixtures.jar', 'original-*.jar'] };
}

// ---------------------------------------------------------------- plain apps: port in the source

const PORT_IN_SOURCE = [
  /getenv\(\s*"PORT"\s*\)[^;\n]{0,120}?"(\d{2,5})"/,
  /getenv\(\s*"PORT"\s*\)[^;\n]{0,120}?[:,]\s*(\d{2,5})\b/,
  /new\s+InetSocketAddress\(\s*(?:"[^"\n]{0,100}"\s*,\s*)?(\d{2,5})\s*\)/,
  /getOrDefault\(\s*"PORT"\s*,\s*"(\d{2,5})"\s*\)/,
];

export function portInJavaSource(source: string): number | undefined {
  for (const pattern of PORT_IN_SOURCE) {
    const m = pattern.exec(source);
    const port = m ? Number(m[1]) : NaN;
    if (port >= 1 && port <= 65535) return port;
  }
  return undefined;
}

function sourcePort(dir: string): Detected<number> | undefined {
  for (const file of listSourceFiles(dir, ['.java', '.kt']).slice(0, 500)) {
    const port = portInJavaSource(readSourceFile(dir, file, 256 * 1024) ?? '');
    if (port !== undefined) return detectedFrom(port, file, { file });
  }
  return undefined;
}

// ---------------------------------------------------------------- the profile

/** The images the Dockerfile's FROM lines pull (Temurin tagged by the JAVA_VERSION ARG; the build image in full): printed from here, and .hadolint.yaml trusts their registries. */
const TEMURIN_IMAGE = 'eclipse-temurin';

export interface JavaDockerfileFacts extends RuntimeStageFacts {
  images: { temurin: string; build: string };
  javaVersion: string;
  stages: string[];
  probeSource: string[];
  probeClass: string;
  probeDir: string;
  /** The build stage's image (JDK with the wrapper; Maven's or Gradle's image without). */
  buildComment: string;
  /** ENV of the build stage (GRADLE_USER_HOME for the cache mount). */
  buildEnv: string[];
  /** `--mount=type=cache,...` of the build step. */
  cacheMount: string;
  /** The build command (shell words). */
  buildRun: string;
  toolLabel: string;
  /** What the cache mount keeps (comment). */
  cacheComment: string;
  /** Runnable-jar selection (spring-layers and jar layouts). */
  jarDir: string;
  jarFind: string;
  layout: Layout;
  /** COPY lines from the build stage into /app (arguments after --from=build). */
  appCopies: string[];
}

function detectAll(dir: string, tool: BuildTool) {
  const project = readJavaProject(dir, tool);
  const facts = detectFramework(project);
  return { project, facts, framework: facts.framework.value };
}

/** Comment lines above USER, HEALTHCHECK, ENTRYPOINT and CMD (templates/common/runtime-tail.ejs). */
const RUNTIME_NOTES: RuntimeNotes = {
  user: [
    'Files stay owned by root: the app can read them but not change them. The user is given by',
    'number (it has no passwd entry), so Kubernetes runAsNonRoot accepts it. The JVM and the web',
    'server write only to /tmp (a tmpfs in compose.yaml), so a read-only root filesystem works.',
  ],
  healthcheck: [
    'Probes the health path with the class compiled above; the port comes from the variable the',
    'app reads (the last number is the fallback when it is unset).',
  ],
  init: [
    "tini is PID 1 and runs the command below as its child: docker stop's SIGTERM reaches the JVM,",
    'which runs its shutdown hooks and ends with 143 (128 + SIGTERM); tini reports that as 0.',
  ],
  cmd: ['Exec form: no shell in between, the JVM receives the signal itself.'],
};

export const javaProfile: StackProfile = {
  id: 'java',
  label: 'Java',
  packageManagers: BUILD_TOOLS,
  markers: ['pom.xml', 'build.gradle', 'build.gradle.kts'],
  settings: [],

  sniff(dir) {
    return javaMarker(dir);
  },

  checkPackageManager(name, dir) {
    if (name === 'maven' && !projectEntryExists(dir, 'pom.xml')) return 'maven needs a pom.xml in the project folder (found none)';
    if (name === 'gradle' && !GRADLE_FILES.some((f) => projectEntryExists(dir, f)))
      return 'gradle needs a build.gradle or build.gradle.kts in the project folder (found none)';
    return undefined;
  },

  detect(dir, chosen = {}): StackDetection {
    const tool = detectBuildTool(dir);
    const chosenTool = (chosen.packageManager || tool.value) as BuildTool;
    const { project, facts, framework } = detectAll(dir, chosenTool);
    const wrapper = hasWrapper(dir, chosenTool);
    const warnings: string[] = [];
    if (!wrapper) {
      const image = chosenTool === 'maven' ? `maven:${PINS.mavenVersion}` : `gradle:${PINS.gradleVersion}`;
      warnings.push(
        `no ${chosenTool === 'maven' ? 'Maven' : 'Gradle'} wrapper (${chosenTool === 'maven' ? 'mvnw and .mvn/wrapper/' : 'gradlew and gradle/wrapper/'}): the build uses ${image}; add the wrapper to pin the version your project is built with`,
      );
    }
    if (
      framework === 'plain' &&
      chosenTool === 'maven' &&
      !project.pom!.plugins.some((p) => ['maven-shade-plugin', 'maven-assembly-plugin', 'maven-jar-plugin'].includes(p.artifactId))
    ) {
      warnings.push(
        "pom.xml configures no maven-jar-plugin (Main-Class), shade or assembly plugin: `java -jar` needs a runnable jar, so set the manifest's mainClass or pass --start-command",
      );
    }
    const layout = layoutFor(framework, facts, chosenTool);
    const name = artifactName(dir, project);
    const service = serviceNameFrom(name?.name, dir);
    return {
      defaults: {
        runtimeVersion: detectJavaVersion(dir, project),
        packageManager: tool,
        port: detectPort(dir, framework, () => sourcePort(dir)),
        healthPath: detectJavaHealthPath(dir, project, framework, facts.springBootVersion),
        startCommand: {
          value: defaultStartCommand(layout),
          source:
            layout.kind === 'spring-layers'
              ? `Spring Boot's launcher over the extracted layers (${facts.framework.source})`
              : layout.kind === 'quarkus'
                ? 'Quarkus fast-jar (quarkus-app/quarkus-run.jar)'
                : 'the runnable jar the build writes',
        },
        buildCommand: {
          value: defaultBuildCommand(chosenTool, wrapper, framework, facts.shadow),
          source: wrapper
            ? `the ${chosenTool === 'maven' ? 'Maven' : 'Gradle'} wrapper (${chosenTool === 'maven' ? 'mvnw' : 'gradlew'})`
            : `${chosenTool === 'maven' ? 'mvn' : 'gradle'} of the build image`,
        },
        serviceName: name ? { ...service, source: name.source } : service,
      },
      warnings,
    };
  },

  checkRuntimeVersion(value) {
    const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
    return n >= 8 && n <= 99
      ? undefined
      : 'a Java feature release for the eclipse-temurin image tags (<version>-jdk, <version>-jre): a whole number from 8, e.g. "21" or "25"';
  },

  checkStartCommand(argv) {
    return javaStartCommandProblem(argv);
  },

  plan(answers: Answers, dir: string): TemplateContext {
    const tool = answers.packageManager as BuildTool;
    if (answers.buildCommand.length === 0) {
      throw new InputError(
        'build-command',
        '',
        `a command that builds the app: a Java app is compiled in the image (e.g. ${JSON.stringify(defaultBuildCommand(tool, false, 'plain', false).join(' '))})`,
      );
    }
    const { facts, framework } = detectAll(dir, tool);
    // The build image follows the program the build command runs: the wrapper (or anything
    // else) on the plain JDK, mvn / gradle on the image that has them.
    const program = answers.buildCommand[0]!;
    const wrapper = program !== 'mvn' && program !== 'gradle';
    const layout = layoutFor(framework, facts, tool);
    const portEnv = PORT_SETTINGS[framework].env;
    const healthcheck = javaHealthProbe(answers.healthPath, portEnv, answers.port, answers.healthAnyStatus);
    const jars = jarSelection(tool, framework, facts.shadow);
    const cache = tool === 'maven' ? '/root/.m2' : '/root/.gradle';
    const javaArg = '${JAVA_VERSION}';
    const buildImage = wrapper
      ? `${TEMURIN_IMAGE}:${javaArg}-jdk`
      : program === 'mvn'
        ? `maven:${PINS.mavenVersion}-eclipse-temurin-${javaArg}`
        : `gradle:${PINS.gradleVersion}-jdk${javaArg}`;
    const buildComment = wrapper
      ? hasWrapper(dir, tool)
        ? `the Temurin JDK; the project's own ${tool === 'maven' ? 'Maven (mvnw)' : 'Gradle (gradlew)'} is downloaded by its wrapper into the cache mount`
        : 'the Temurin JDK, running the build command'
      : program === 'mvn'
        ? `Maven ${PINS.mavenVersion} on the Temurin JDK${hasWrapper(dir, 'maven') ? '' : ' (the project has no Maven wrapper)'}`
        : `Gradle ${PINS.gradleVersion} on the Temurin JDK${hasWrapper(dir, 'gradle') ? '' : ' (the project has no Gradle wrapper)'}`;
    const appCopies =
      layout.kind === 'spring-layers'
        ? layout.layers.map((l) => `/out/${l}/ ./`)
        : layout.kind === 'quarkus'
          ? ['lib/', 'quarkus-run.jar', 'app/', 'quarkus/'].map((p) => `/src/${layout.dir}/${p} ./${p.endsWith('/') ? p : ''}`)
          : [`/out/app.jar ${APP_JAR}`];
    const dockerfile: JavaDockerfileFacts = {
      images: { temurin: TEMURIN_IMAGE, build: buildImage },
      javaVersion: answers.runtimeVersion,
      stages: ['healthcheck', 'tini', 'build', 'runtime'],
      probeSource: PROBE_SOURCE.map(shellWord),
      probeClass: PROBE_CLASS,
      probeDir: PROBE_DIR,
      buildComment,
      buildEnv: tool === 'gradle' ? [`GRADLE_USER_HOME=${cache}`] : [],
      cacheMount: `--mount=type=cache,target=${cache}`,
      buildRun: answers.buildCommand.map(shellWord).join(' '),
      toolLabel: tool === 'maven' ? 'Maven' : 'Gradle',
      cacheComment:
        wrapper && hasWrapper(dir, tool)
          ? `Downloaded dependencies and the wrapper's ${tool === 'maven' ? 'Maven' : 'Gradle'}`
          : 'Downloaded dependencies and plugins',
      jarDir: jars.dir,
      jarFind: [`find ${jars.dir} -maxdepth 1 -type f -name ${shellWord(jars.include)}`, ...jars.exclude.map((p) => `! -name ${shellWord(p)}`)].join(' '),
      layout,
      appCopies,
      labels: ociLabels(answers.serviceName),
      env: [`${portEnv}=${answers.port}`],
      user: `${RUNTIME_UID}:${RUNTIME_UID}`,
      port: answers.port,
      healthcheck: jsonArray(healthcheck),
      cmd: jsonArray(answers.startCommand),
      notes: RUNTIME_NOTES,
    };
    return {
      dockerfile,
      dockerignore: [
        {
          comment: 'Java: build output and IDE files; the image builds from source',
          patterns: ['target', 'build', '.gradle', 'out', '*.class', '*.iml', '.idea', 'bin'],
        },
        { comment: 'Java: a local Maven repository copied into the project', patterns: ['.m2'] },
      ],
      environment: { [portEnv]: String(answers.port) },
      healthcheck,
      signals: 'tini',
      healthStartPeriod: 60,
    };
  },
};
