/**
 * Reading a .NET project: the project file to publish (*.csproj in the root, listed in a *.sln,
 * or one folder down), its target framework (the csproj or Directory.Build.props), the SDK
 * global.json pins, the assembly name, packages.lock.json, ProjectReferences (copied before the
 * restore) and InvariantGlobalization (chiseled images have no ICU). Bounded reads; every path
 * checked before it reaches a template.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { detectedFrom, type Detected } from '../../lib/stack.js';
import { projectEntryExists, readProjectFile } from '../../lib/project-files.js';
import { contextPathProblem, normaliseRelative } from '../../lib/quote.js';
import { PINS } from '../../lib/versions.js';

/** .NET channels with mcr.microsoft.com/dotnet/aspnet and sdk images (and -noble-chiseled variants). */
export const DOTNET_CHANNELS = ['8.0', '9.0', '10.0'] as const;

export function dotnetVersionProblem(value: string): string | undefined {
  const m = /^(\d{1,2})\.0(?:\.(\d{1,3}))?$/.exec(value);
  if (m && (DOTNET_CHANNELS as readonly string[]).includes(`${m[1]}.0`)) return undefined;
  return `a .NET version with official aspnet/sdk images: ${DOTNET_CHANNELS.join(', ')} (the channel, newest patch) or a runtime version such as "8.0.11"`;
}

export interface CsProject {
  /** Relative path, `/`-separated. */
  file: string;
  text: string;
  web: boolean;
}

const MAX_PROJECTS = 200;

function readCsproj(dir: string, file: string): CsProject | undefined {
  if (contextPathProblem(file) !== undefined) return undefined;
  const text = readProjectFile(dir, file);
  if (text === undefined) return undefined;
  return { file, text, web: /<Project\s+Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.test(text) };
}

function listDir(dir: string, rel: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, rel)).sort().slice(0, 1000);
  } catch {
    return [];
  }
}

/** Project files: those a root *.sln lists, else *.csproj in the root, else one and two folders down (src/Name/Name.csproj). */
export function findProjects(dir: string): CsProject[] {
  const found = new Map<string, CsProject>();
  const add = (file: string) => {
    if (found.size >= MAX_PROJECTS || found.has(file)) return;
    const p = readCsproj(dir, file);
    if (p) found.set(file, p);
  };
  for (const sln of listDir(dir, '').filter((f) => f.endsWith('.sln'))) {
    const text = readProjectFile(dir, sln) ?? '';
    for (const m of text.matchAll(/^Project\("\{[0-9A-Fa-f-]{36}\}"\)\s*=\s*"[^"\n]{0,200}",\s*"([^"\n]{1,300}\.csproj)"/gm))
      add(normaliseRelative(m[1]!.replace(/\\/g, '/')));
  }
  if (found.size === 0) {
    for (const f of listDir(dir, '').filter((n) => n.endsWith('.csproj'))) add(f);
  }
  if (found.size === 0) {
    for (const top of ['', 'src']) {
      for (const sub of listDir(dir, top)) {
        const rel = top ? `${top}/${sub}` : sub;
        // lstat: a link is never followed (it may loop, or lead out of the project).
        if (sub.startsWith('.') || !fs.lstatSync(path.join(dir, rel), { throwIfNoEntry: false })?.isDirectory()) continue;
        for (const f of listDir(dir, rel).filter((n) => n.endsWith('.csproj'))) add(`${rel}/${f}`);
      }
    }
  }
  return [...found.values()];
}

/** The projects that can be published as the app: web projects first (Microsoft.NET.Sdk.Web), else every project. */
export function appProjects(dir: string): string[] {
  const all = findProjects(dir);
  const web = all.filter((p) => p.web);
  return (web.length > 0 ? web : all).map((p) => p.file);
}

function property(text: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>\\s*([^<]{1,200}?)\\s*</${name}>`).exec(text);
  return m ? m[1] : undefined;
}

/** ProjectReferences of a project, recursively (paths relative to the project folder, resolved to the root). */
export function referencedProjects(dir: string, file: string): string[] {
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length > 0 && seen.size < MAX_PROJECTS) {
    const current = queue.shift()!;
    const text = readProjectFile(dir, current) ?? '';
    for (const m of text.matchAll(/<ProjectReference\s+Include\s*=\s*"([^"\n]{1,300})"/g)) {
      const rel = normaliseRelative(path.posix.join(path.posix.dirname(current), m[1]!.replace(/\\/g, '/')));
      if (contextPathProblem(rel) !== undefined || seen.has(rel) || !projectEntryExists(dir, rel)) continue;
      seen.add(rel);
      queue.push(rel);
    }
  }
  return [...seen];
}

/** The target framework's channel: `net8.0` → `8.0`; TargetFrameworks → the newest. */
export function detectDotnetVersion(dir: string, file: string | undefined): Detected<string> {
  const sources: [string, string | undefined][] = [
    [file ?? '', file && readProjectFile(dir, file)],
    ['Directory.Build.props', readProjectFile(dir, 'Directory.Build.props')],
  ];
  for (const [name, text] of sources) {
    if (!text) continue;
    const tfm = property(text, 'TargetFramework') ?? property(text, 'TargetFrameworks');
    if (!tfm) continue;
    const channels = [...tfm.matchAll(/net(\d{1,2})\.0/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const newest = channels.pop();
    if (newest !== undefined) return detectedFrom(`${newest}.0`, `${name} "TargetFramework" (${tfm})`, { file: name, field: '"TargetFramework"' });
  }
  return { value: PINS.dotnetDefaultChannel, source: 'default (the current LTS)' };
}

/** global.json "sdk.version": the SDK image tag, when the project pins one. */
export function globalJsonSdk(dir: string): { version: string } | { problem: string } | undefined {
  const text = readProjectFile(dir, 'global.json');
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const parsed: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || typeof parsed !== 'object' || parsed === null) return { problem: 'global.json is not a JSON object' };
  const sdk = (parsed as Record<string, unknown>).sdk;
  const version = typeof sdk === 'object' && sdk !== null && Object.hasOwn(sdk, 'version') ? (sdk as Record<string, unknown>).version : undefined;
  if (version === undefined) return undefined;
  if (typeof version !== 'string' || !/^\d{1,2}\.\d\.\d{3}$/.test(version))
    return { problem: `global.json "sdk.version" ${JSON.stringify(version).slice(0, 60)} is not an SDK version such as "8.0.404"` };
  return { version };
}

/** The published entry assembly: AssemblyName, else the project file's name. */
export function assemblyName(dir: string, file: string): string {
  const text = readProjectFile(dir, file) ?? '';
  const name = property(text, 'AssemblyName');
  if (name && /^[A-Za-z0-9_.-]{1,100}$/.test(name)) return name;
  return path.posix.basename(file, '.csproj');
}

export function invariantGlobalization(dir: string, file: string): boolean {
  const text = `${readProjectFile(dir, file) ?? ''}\n${readProjectFile(dir, 'Directory.Build.props') ?? ''}`;
  return /<InvariantGlobalization>\s*true\s*<\/InvariantGlobalization>/i.test(text);
}
