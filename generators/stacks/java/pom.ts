/**
 * Reading a Maven pom.xml with a real XML parser (fast-xml-parser): well-formedness is checked
 * first, entities are not expanded (no DOCTYPE tricks), and only the handful of fields the Java
 * stack needs leave this module, as plain strings copied into null-prototype objects. A file that
 * is not well-formed XML is reported with its line, never guessed at.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ProjectError } from '../../lib/errors.js';

export interface Coordinates {
  groupId: string;
  artifactId: string;
  version: string;
}

export interface Pom {
  /** `<parent>` coordinates, or undefined. */
  parent: Coordinates | undefined;
  artifactId: string;
  packaging: string;
  /** `<properties>`: name → text (non-string values dropped). */
  properties: Record<string, string>;
  /** `<dependencies>` (not dependencyManagement): `groupId:artifactId`, with the version when stated. */
  dependencies: Coordinates[];
  /** `<build><plugins>`: groupId (default org.apache.maven.plugins), artifactId, version, configuration. */
  plugins: (Coordinates & { configuration: Record<string, unknown> | undefined })[];
  /** `<modules>` entries (a multi-module build). */
  modules: string[];
}

const PARSER = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, jpath) =>
    typeof jpath === 'string' && ['project.dependencies.dependency', 'project.build.plugins.plugin', 'project.modules.module'].includes(jpath),
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const own = (node: Node, key: string): unknown => (Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined);

function coordinates(node: unknown, defaultGroup = ''): Coordinates | undefined {
  if (!isNode(node)) return undefined;
  return { groupId: text(own(node, 'groupId')) || defaultGroup, artifactId: text(own(node, 'artifactId')), version: text(own(node, 'version')) };
}

/** Parses pom.xml text; throws ProjectError (with the line) when it is not well-formed. */
export function parsePom(xml: string, file = 'pom.xml'): Pom {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ProjectError(`${file} line ${valid.err.line}: not well-formed XML (${valid.err.msg}); fix it (mvn validate shows the same) and run again`);
  }
  let doc: unknown;
  try {
    doc = PARSER.parse(xml);
  } catch (error) {
    throw new ProjectError(`${file}: cannot be read as XML (${String((error as Error).message ?? error).slice(0, 120)}); fix it and run again`);
  }
  const project = isNode(doc) ? own(doc, 'project') : undefined;
  if (!isNode(project)) throw new ProjectError(`${file}: no <project> element at the top; it is not a Maven POM`);
  const properties: Record<string, string> = Object.create(null);
  const props = own(project, 'properties');
  if (isNode(props)) {
    for (const [key, value] of Object.entries(props).slice(0, 2000)) {
      const t = text(value);
      if (t !== '' && /^[A-Za-z0-9._-]{1,100}$/.test(key)) properties[key] = t;
    }
  }
  const deps = own(project, 'dependencies');
  const dependencies = (isNode(deps) && Array.isArray(own(deps, 'dependency')) ? (own(deps, 'dependency') as unknown[]) : [])
    .slice(0, 2000)
    .map((d) => coordinates(d))
    .filter((d): d is Coordinates => d !== undefined && d.artifactId !== '');
  const build = own(project, 'build');
  const pluginList = isNode(build) && isNode(own(build, 'plugins')) ? own(own(build, 'plugins') as Node, 'plugin') : undefined;
  const plugins = (Array.isArray(pluginList) ? pluginList : [])
    .slice(0, 500)
    .filter(isNode)
    .map((p) => {
      const c = coordinates(p, 'org.apache.maven.plugins')!;
      const configuration = own(p, 'configuration');
      return { ...c, configuration: isNode(configuration) ? configuration : undefined };
    })
    .filter((p) => p.artifactId !== '');
  const mods = own(project, 'modules');
  const moduleList = isNode(mods) && Array.isArray(own(mods, 'module')) ? (own(mods, 'module') as unknown[]) : [];
  return {
    parent: coordinates(own(project, 'parent')),
    artifactId: text(own(project, 'artifactId')),
    packaging: text(own(project, 'packaging')) || 'jar',
    properties,
    dependencies,
    plugins,
    modules: moduleList.map(text).filter((m) => m !== ''),
  };
}

/** `${name}` references resolved from the pom's properties (a few levels; unknown ones stay). */
export function resolveProperty(pom: Pom, value: string): string {
  let out = value;
  for (let i = 0; i < 5 && /\$\{[^}]{1,100}\}/.test(out); i++) {
    out = out.replace(/\$\{([^}]{1,100})\}/g, (whole, name: string) => {
      if (name === 'project.version' || name === 'project.artifactId') return whole;
      return Object.prototype.hasOwnProperty.call(pom.properties, name) ? pom.properties[name]! : whole;
    });
  }
  return out;
}

/** A text value at `path` inside a plugin's `<configuration>` (e.g. ['release']). */
export function pluginSetting(configuration: Record<string, unknown> | undefined, ...path: string[]): string | undefined {
  let node: unknown = configuration;
  for (const key of path) {
    if (!isNode(node)) return undefined;
    node = own(node, key);
  }
  const t = text(node);
  return t === '' ? undefined : t;
}
