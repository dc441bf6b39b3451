import assert from 'node:assert/strict';
import { parsePom, resolveProperty } from '../../generators/stacks/java/pom.js';
import { parseGradleBuild } from '../../generators/stacks/java/gradle.js';
import {
  configValue,
  detectBuildTool,
  detectFramework,
  detectJavaVersion,
  hasWrapper,
  javaMajor,
  portValue,
  readJavaProject,
} from '../../generators/stacks/java/detect.js';
import { detectJavaHealthPath } from '../../generators/stacks/java/health.js';
import { defaultBuildCommand, gradleTask, javaProfile, javaStartCommandProblem, layoutFor, portInJavaSource } from '../../generators/stacks/java/profile.js';
import { javaHealthProbe, PROBE_SOURCE } from '../../generators/stacks/java/probe.js';
import { DetectedValueError, ProjectError } from '../../generators/lib/errors.js';
import { resolveAnswers } from '../../generators/lib/resolve.js';
import { sniffStack } from '../../generators/stacks/index.js';
import { makeProject } from '../support/project.js';

const pom = (body: string, parent = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n<modelVersion>4.0.0</modelVersion>${parent}\n<groupId>com.example</groupId><artifactId>demo</artifactId><version>1</version>\n${body}\n</project>\n`;
const BOOT_PARENT = '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>4.1.2</version></parent>';
const dep = (g: string, a: string) => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId></dependency>`;
const deps = (...d: string[]) => `<dependencies>${d.join('')}</dependencies>`;

describe('Java detection', () => {
  describe('pom.xml through an XML parser', () => {
    it('reads parent, properties, dependencies, plugins and modules', () => {
      const p = parsePom(
        pom(
          `<properties><java.version>21</java.version><x>\${java.version}</x></properties>${deps(dep('org.springframework.boot', 'spring-boot-starter-actuator'))}<build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>17</release></configuration></plugin></plugins></build>`,
          BOOT_PARENT,
        ),
      );
      assert.equal(p.parent?.artifactId, 'spring-boot-starter-parent');
      assert.equal(p.properties['java.version'], '21');
      assert.equal(resolveProperty(p, '${x}'), '21');
      assert.deepEqual(
        p.dependencies.map((d) => d.artifactId),
        ['spring-boot-starter-actuator'],
      );
      assert.equal(p.plugins[0]!.groupId, 'org.apache.maven.plugins');
      assert.equal(p.artifactId, 'demo');
    });

    it('refuses malformed XML with its line, and a document that is not a POM', () => {
      assert.throws(
        () => parsePom('<project>\n<dependencies>\n</project>'),
        (e: unknown) => e instanceof ProjectError && /pom\.xml line \d+: not well-formed XML/.test(e.message),
      );
      assert.throws(() => parsePom('<settings></settings>'), /no <project> element/);
      assert.throws(() => parsePom('not xml at all'), ProjectError);
    });

    it('survives hostile input: deep nesting, entities, a huge property list, a self-referencing property', () => {
      const deep = `<project>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</project>`;
      assert.throws(() => parsePom(deep), ProjectError);
      const entity = '<?xml version="1.0"?><!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]><project><artifactId>&x;</artifactId></project>';
      let artifact = '';
      try {
        artifact = parsePom(entity).artifactId;
      } catch (e) {
        assert.ok(e instanceof ProjectError);
      }
      assert.ok(!artifact.includes('root:'), 'external entities are never expanded');
      const many = pom(`<properties>${Array.from({ length: 20_000 }, (_, i) => `<p${i}>v</p${i}>`).join('')}</properties>`);
      assert.ok(Object.keys(parsePom(many).properties).length <= 2000);
      const loop = parsePom(pom('<properties><a>${b}</a><b>${a}</b></properties>'));
      assert.match(resolveProperty(loop, '${a}'), /\$\{/);
      assert.throws(() => parsePom(pom('<properties><__proto__>x</__proto__></properties>')), ProjectError);
      assert.throws(() => parsePom(pom('<properties><constructor>y</constructor></properties>')), /reserved JavaScript keyword/);
      assert.equal(Object.getPrototypeOf(parsePom(pom('<properties><a>1</a></properties>')).properties), null);
    });

    it('a huge, a malformed pom.xml and a YAML alias bomb stop the run with the file named', async () => {
      const huge = makeProject({ 'pom.xml': pom(`<description>${'x'.repeat(2 * 1024 * 1024)}</description>`) });
      await assert.rejects(resolveAnswers({ dir: huge, flags: {}, stored: {} }), (e: unknown) => e instanceof ProjectError && /^pom\.xml: /.test(e.message));
      const broken = makeProject({ 'pom.xml': '<project>\n  <artifactId>x</artifactId>\n  <dependencies>\n</project>\n' });
      await assert.rejects(resolveAnswers({ dir: broken, flags: {}, stored: {} }), /pom\.xml line 4: not well-formed XML/);
      const bomb = [
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
        ...Array.from(
          { length: 12 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
        ),
        'server:',
        '  port: 8081',
      ].join('\n');
      const yamlBomb = makeProject({ 'pom.xml': pom('', BOOT_PARENT), 'src/main/resources/application.yml': bomb });
      const started = Date.now();
      try {
        const { answers } = await resolveAnswers({ dir: yamlBomb, flags: {}, stored: {} });
        assert.equal(answers.port, 8081);
      } catch (e) {
        assert.ok(e instanceof ProjectError, String(e));
      }
      assert.ok(Date.now() - started < 5000, 'aliases are not expanded without bound');
    });

    it('stops on a multi-module build, naming the modules', () => {
      const dir = makeProject({ 'pom.xml': pom('<packaging>pom</packaging><modules><module>api</module><module>core</module></modules>') });
      assert.throws(() => readJavaProject(dir, 'maven'), /multi-module build \(<modules>: api, core\)/);
    });
  });

  describe('Gradle build scripts (not evaluated)', () => {
    it('reads plugins, string dependencies, toolchain and compatibility, skipping comments', () => {
      const g = parseGradleBuild(
        `plugins {\n  id("org.springframework.boot") version "3.5.0"\n  id 'io.quarkus'\n}\n// id("io.micronaut.application")\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\nsourceCompatibility = JavaVersion.VERSION_17\ndependencies { implementation("org.springframework.boot:spring-boot-starter-actuator") }\n`,
        'build.gradle.kts',
      );
      assert.equal(g.plugins.get('org.springframework.boot'), '3.5.0');
      assert.ok(g.plugins.has('io.quarkus'));
      assert.ok(!g.plugins.has('io.micronaut.application'));
      assert.equal(g.toolchain, '21');
      assert.equal(g.compatibility, '17');
      assert.deepEqual(g.dependencies, ['org.springframework.boot:spring-boot-starter-actuator']);
    });

    it('stays linear on a hostile script as large as a read allows (1 MiB)', () => {
      const started = Date.now();
      parseGradleBuild(`${'id("'.repeat(60_000)}${'"a:'.repeat(60_000)}${'JavaLanguageVersion.of('.repeat(10_000)}`.slice(0, 1024 * 1024), 'build.gradle');
      assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    });
  });

  describe('Java version', () => {
    it('reads the feature release from the forms projects use', () => {
      for (const [raw, want] of [
        ['21', '21'],
        ['1.8', '8'],
        ['21.0.2-tem', '21'],
        ['temurin-25.0.1', '25'],
        ['17.0.9+9', '17'],
      ] as const)
        assert.equal(javaMajor(raw), want, raw);
      for (const raw of ['7', 'latest', '', '21 && rm -rf /', '100']) assert.equal(javaMajor(raw), undefined, raw);
    });

    it('prefers the build file, then .java-version, then .sdkmanrc, then the default', () => {
      const maven = makeProject({ 'pom.xml': pom('<properties><maven.compiler.release>17</maven.compiler.release></properties>'), '.java-version': '21\n' });
      assert.deepEqual(detectJavaVersion(maven, readJavaProject(maven, 'maven')), { value: '17', source: 'pom.xml <maven.compiler.release>' });
      const plain = makeProject({ 'pom.xml': pom(''), '.sdkmanrc': '# sdk env\njava=21.0.5-tem\n' });
      assert.deepEqual(detectJavaVersion(plain, readJavaProject(plain, 'maven')), { value: '21', source: '.sdkmanrc "java=21.0.5-tem"' });
      const none = makeProject({ 'build.gradle': "plugins { id 'java' }\n" });
      assert.match(detectJavaVersion(none, readJavaProject(none, 'gradle')).source, /^default \(Java \d+/);
    });

    it('reports an unusable version against its file and names the flag', () => {
      const dir = makeProject({ 'pom.xml': pom('<properties><java.version>seven</java.version></properties>') });
      assert.throws(
        () => detectJavaVersion(dir, readJavaProject(dir, 'maven')),
        (e: unknown) => e instanceof DetectedValueError && /pom\.xml <java\.version>: "seven" cannot be used: .*--runtime-version/.test(e.message),
      );
    });
  });

  describe('framework, port and health endpoint', () => {
    it('Spring Boot with Actuator: liveness group, server.port from properties or YAML, base path', () => {
      const dir = makeProject({
        'pom.xml': pom(deps(dep('org.springframework.boot', 'spring-boot-starter-actuator')), BOOT_PARENT),
        'src/main/resources/application.yml': 'server:\n  port: ${PORT:9090}\nmanagement:\n  endpoints:\n    web:\n      base-path: /ops\n',
      });
      const project = readJavaProject(dir, 'maven');
      const facts = detectFramework(project);
      assert.equal(facts.framework.value, 'spring-boot');
      assert.equal(facts.springBootVersion, '4.1.2');
      assert.equal(detectJavaHealthPath(dir, project, 'spring-boot', facts.springBootVersion).value, '/ops/health/liveness');
      assert.equal(configValue(dir, 'server.port')?.value, '${PORT:9090}');
      assert.equal(portValue('${PORT:9090}'), 9090);
      assert.equal(portValue('${PORT}'), undefined);
    });

    it('Spring Boot 3 without the probes property: /actuator/health (no liveness group outside Kubernetes)', () => {
      const dir = makeProject({
        'pom.xml': pom(deps(dep('org.springframework.boot', 'spring-boot-starter-actuator')), BOOT_PARENT.replace('4.1.2', '3.5.0')),
      });
      const project = readJavaProject(dir, 'maven');
      assert.equal(detectJavaHealthPath(dir, project, 'spring-boot', '3.5.0').value, '/actuator/health');
      const on = makeProject({
        'pom.xml': pom(deps(dep('org.springframework.boot', 'spring-boot-starter-actuator')), BOOT_PARENT.replace('4.1.2', '3.5.0')),
        'src/main/resources/application.properties': 'management.endpoint.health.probes.enabled=true\n',
      });
      assert.equal(detectJavaHealthPath(on, readJavaProject(on, 'maven'), 'spring-boot', '3.5.0').value, '/actuator/health/liveness');
    });

    it('Quarkus with smallrye-health, Micronaut with management, plain apps from their sources', () => {
      const q = makeProject({ 'pom.xml': pom(deps(dep('io.quarkus', 'quarkus-rest'), dep('io.quarkus', 'quarkus-smallrye-health'))) });
      const qp = readJavaProject(q, 'maven');
      assert.equal(detectFramework(qp).framework.value, 'quarkus');
      assert.equal(detectJavaHealthPath(q, qp, 'quarkus', undefined).value, '/q/health/live');
      const m = makeProject({
        'build.gradle': 'plugins { id("io.micronaut.application") version "4.5.0" }\ndependencies { implementation("io.micronaut:micronaut-management") }\n',
      });
      const mp = readJavaProject(m, 'gradle');
      assert.equal(detectFramework(mp).framework.value, 'micronaut');
      assert.equal(detectJavaHealthPath(m, mp, 'micronaut', undefined).value, '/health');
      const plain = makeProject({
        'pom.xml': pom(''),
        'src/main/java/App.java': '// server.createContext("/status", h);\nclass App { void m() { server.createContext("/healthz", h); } }\n',
        'src/test/java/AppTest.java': 'class T { void m() { server.createContext("/ping", h); } }\n',
      });
      const health = detectJavaHealthPath(plain, readJavaProject(plain, 'maven'), 'plain', undefined);
      assert.deepEqual(health, { value: '/healthz', source: 'src/main/java/App.java:2' });
      assert.equal(portInJavaSource('int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));'), 9000);
      assert.equal(portInJavaSource('HttpServer.create(new InetSocketAddress(8088), 0)'), 8088);
    });

    it('a port that is not a number is reported against its file and line', () => {
      const dir = makeProject({ 'pom.xml': pom('', BOOT_PARENT), 'src/main/resources/application.properties': '# c\nserver.port=http\n' });
      return assert.rejects(resolveAnswers({ dir, flags: {}, stored: {} }), /application\.properties line 2 server\.port: "http" cannot be used: .*--port/);
    });
  });

  describe('build tool, wrapper and the commands', () => {
    it('pom.xml wins over build.gradle and says so; the wrapper needs its script and properties', () => {
      const dir = makeProject({ 'pom.xml': pom(''), 'build.gradle': '', mvnw: '#!/bin/sh\n' });
      assert.match(detectBuildTool(dir).source, /build\.gradle is there too: pass --package-manager gradle/);
      assert.equal(hasWrapper(dir, 'maven'), false);
      const wrapped = makeProject({ 'pom.xml': pom(''), mvnw: '#!/bin/sh\n', '.mvn/wrapper/maven-wrapper.properties': 'distributionUrl=x\n' });
      assert.equal(hasWrapper(wrapped, 'maven'), true);
    });

    it('Gradle builds only the runnable artifact (bootJar: not the plain jar)', () => {
      assert.equal(gradleTask('spring-boot', false), 'bootJar');
      assert.equal(gradleTask('micronaut', true), 'shadowJar');
      assert.deepEqual(defaultBuildCommand('gradle', true, 'spring-boot', false), ['sh', './gradlew', '--no-daemon', '--console=plain', 'bootJar']);
      assert.deepEqual(defaultBuildCommand('maven', false, 'plain', false), ['mvn', '--batch-mode', '--no-transfer-progress', '-DskipTests', 'package']);
    });

    it('Spring Boot layers: jarmode tools from 3.3, layertools and the old launcher before', () => {
      const facts = (v: string | undefined) => ({ framework: { value: 'spring-boot' as const, source: '' }, springBootVersion: v, shadow: false });
      assert.deepEqual(layoutFor('spring-boot', facts('3.3.0'), 'maven'), {
        kind: 'spring-layers',
        jarmode: 'tools',
        launcher: 'org.springframework.boot.loader.launch.JarLauncher',
        layers: ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'],
      });
      assert.equal((layoutFor('spring-boot', facts('3.2.5'), 'maven') as { jarmode: string }).jarmode, 'layertools');
      assert.equal((layoutFor('spring-boot', facts('2.7.18'), 'maven') as { launcher: string }).launcher, 'org.springframework.boot.loader.JarLauncher');
    });

    it('start command: java only (not the build tool), runtime version: a feature release', () => {
      assert.equal(javaStartCommandProblem(['java', '-jar', '/app/app.jar']), undefined);
      assert.match(javaStartCommandProblem(['sh', 'mvnw', 'spring-boot:run'])!, /not the build tool/);
      assert.match(javaStartCommandProblem(['mvn', 'exec:java'])!, /not the build tool/);
      assert.match(javaStartCommandProblem(['node', 'x'])!, /must start with java/);
      assert.equal(javaProfile.checkRuntimeVersion('21'), undefined);
      for (const bad of ['7', '21.0', 'latest', '21-jre']) assert.ok(javaProfile.checkRuntimeVersion(bad), bad);
    });
  });

  describe('probe and sniffing', () => {
    it('the probe source prints safely in single quotes; its argv carries path, port variable and port', () => {
      for (const line of PROBE_SOURCE) assert.doesNotMatch(line, /['%$\\\t]/);
      assert.deepEqual(javaHealthProbe('/q/health/live', 'QUARKUS_HTTP_PORT', 8080).slice(-4), ['HealthCheck', '/q/health/live', 'QUARKUS_HTTP_PORT', '8080']);
      assert.equal(javaHealthProbe('/', 'PORT', 8080, true).at(-1), 'any-status');
    });

    it('pom.xml next to package.json (a front-end build) is a Java app; build.gradle.kts too', () => {
      const dir = makeProject({
        'pom.xml': pom(''),
        'package.json': '{"scripts":{"build":"vite build"},"devDependencies":{"vite":"5"}}',
        'index.html': '<html></html>',
      });
      assert.equal(sniffStack(dir)?.stack.id, 'java');
      assert.equal(sniffStack(makeProject({ 'build.gradle.kts': '' }))?.evidence, 'build.gradle.kts');
    });

    it('--yes with a Spring Boot pom: every value with its source', async () => {
      const dir = makeProject({
        'pom.xml': pom(
          `<properties><java.version>21</java.version></properties>${deps(dep('org.springframework.boot', 'spring-boot-starter-actuator'))}`,
          BOOT_PARENT,
        ),
      });
      const { answers, sources } = await resolveAnswers({ dir, flags: {}, stored: {} });
      assert.equal(answers.language, 'java');
      assert.equal(answers.runtimeVersion, '21');
      assert.equal(answers.packageManager, 'maven');
      assert.equal(answers.healthPath, '/actuator/health/liveness');
      assert.deepEqual(answers.startCommand, ['java', '-XX:MaxRAMPercentage=75', 'org.springframework.boot.loader.launch.JarLauncher']);
      assert.equal(sources.runtimeVersion, 'pom.xml <java.version>');
    });

    it('flags are validated with the flag, the value and what is allowed', async () => {
      const dir = makeProject({ 'pom.xml': pom('') });
      await assert.rejects(
        resolveAnswers({ dir, flags: { runtimeVersion: '21-jre' }, stored: {} }),
        /--runtime-version: "21-jre" is not allowed: a Java feature release/,
      );
      await assert.rejects(
        resolveAnswers({ dir, flags: { packageManager: 'gradle' }, stored: {} }),
        /--package-manager: "gradle" is not allowed: gradle needs a build\.gradle/,
      );
      await assert.rejects(resolveAnswers({ dir, flags: { startCommand: 'sh mvnw spring-boot:run' }, stored: {} }), /--start-command: .* not the build tool/);
    });
  });
});
