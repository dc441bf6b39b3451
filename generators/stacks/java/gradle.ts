/**
 * Reading a Gradle build script (build.gradle or build.gradle.kts). A build script is a program
 * (Groovy or Kotlin), so it is not evaluated: comments are blanked and a few declarative forms are
 * looked for with linear-time patterns. What is not found this way falls back to defaults that
 * the summary names, and every value can be given as a flag.
 */
import { blankComments } from '../../lib/health-routes.js';

export interface GradleBuild {
  file: string;
  /** Plugin ids applied in `plugins { }` (id("x") / id 'x' / kotlin("jvm")), with versions when given. */
  plugins: Map<string, string>;
  /** `group:artifact` of dependencies declared as strings ("org.example:lib:1.0"). */
  dependencies: string[];
  /** `JavaLanguageVersion.of(N)` (the toolchain), as written. */
  toolchain: string | undefined;
  /** `sourceCompatibility` / `targetCompatibility` / `jvmTarget` major, as written. */
  compatibility: string | undefined;
}

const PLUGIN = /\bid\s*\(?\s*["']([A-Za-z0-9._-]{1,100})["']\s*\)?(?:\s*version\s*\(?\s*["']([A-Za-z0-9._+-]{1,50})["'])?/g;
const DEPENDENCY = /["']([A-Za-z0-9._-]{1,100}):([A-Za-z0-9._-]{1,100})(?::[A-Za-z0-9._+${}-]{0,60})?["']/g;
const TOOLCHAIN = /JavaLanguageVersion\s*\.\s*of\s*\(\s*["']?(\d{1,3})["']?\s*\)/;
const COMPATIBILITY = /\b(?:sourceCompatibility|targetCompatibility)\s*=\s*(?:JavaVersion\s*\.\s*VERSION_(?:1_)?(\d{1,3})|["']?(?:1\.)?(\d{1,3})["']?)/;

export function parseGradleBuild(source: string, file: string): GradleBuild {
  const code = blankComments(source, 'c');
  const plugins = new Map<string, string>();
  for (const m of code.matchAll(PLUGIN)) {
    if (plugins.size >= 200) break;
    if (!plugins.has(m[1]!)) plugins.set(m[1]!, m[2] ?? '');
  }
  const dependencies: string[] = [];
  for (const m of code.matchAll(DEPENDENCY)) {
    if (dependencies.length >= 2000) break;
    dependencies.push(`${m[1]}:${m[2]}`);
  }
  const compat = COMPATIBILITY.exec(code);
  return {
    file,
    plugins,
    dependencies,
    toolchain: TOOLCHAIN.exec(code)?.[1],
    compatibility: compat ? (compat[1] ?? compat[2]) : undefined,
  };
}
