/**
 * `--app <folder>`: which app of a workspace the files are for, when the generator runs at the
 * workspace root (npm / Yarn / pnpm / Bun workspaces, Turborepo, Nx; the Bun stack shares it). The value is untrusted (a flag,
 * `.yo-rc.json`): it must be the folder of one of the apps the workspace declares, found by the
 * bounded, link-free walk of workspaces.ts; `..`, absolute paths and links never match one.
 * In an app folder of a workspace the setting does not apply: that folder is the app.
 */
import path from 'node:path';
import { InputError, showValue } from '../../lib/errors.js';
import { stackQuestion, type SettingContext } from '../../lib/question.js';
import { rootAppChoice, type WorkspacePackage } from './workspaces.js';

const listApps = (apps: readonly WorkspacePackage[]) =>
  apps
    .slice(0, 20)
    .map((p) => `${p.folder}${p.name ? ` (${showValue(p.name)})` : ''}`)
    .join(', ');

/** The folder as typed, tidied (`./apps/web/` → `apps/web`); undefined when it cannot name a workspace folder. */
export function normaliseAppFolder(raw: string): string | undefined {
  const text = raw.trim().replace(/\\/g, '/');
  if (text === '' || text.length > 200 || text.startsWith('/') || /^[A-Za-z]:/.test(text)) return undefined;
  const parts = text
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/+$/, '')
    .split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return parts.join('/');
}

/** Why `value` is not one of the apps (undefined when it is). Pure: the apps are given. */
export function appProblem(value: string, apps: readonly WorkspacePackage[]): string | undefined {
  const folder = normaliseAppFolder(value);
  if (folder !== undefined && apps.some((a) => a.folder === folder)) return undefined;
  return `the folder of one of this workspace's apps: ${listApps(apps) || 'none found'}${folder === undefined && value.trim() !== '' ? ' (a relative folder inside the workspace, no "..")' : ''}`;
}

export const appSetting = stackQuestion({
  key: 'app',
  flag: 'app',
  description:
    'workspaces (npm, Yarn, pnpm, Bun): the app to generate for, as its folder relative to the workspace root (e.g. apps/web), when run at the root of a workspace with several apps; detected when there is one',
  early: true,
  appliesTo: (ctx: SettingContext) => ctx.dir !== undefined && rootAppChoice(ctx.dir) !== undefined,
  prompt: {
    type: 'list',
    message: 'App of the workspace to generate for',
    choices: (ctx) => (ctx.dir ? (rootAppChoice(ctx.dir)?.apps ?? []).map((a) => a.folder) : []),
  },
  detect(dir) {
    const choice = rootAppChoice(dir);
    const apps = choice?.apps ?? [];
    if (apps.length === 1) return { value: apps[0]!.folder, source: `the only app of the workspace (${choice!.ws.declaredIn})` };
    // No credible default: --yes stops naming --app and the apps; interactively, a list with no default.
    return {
      value: '',
      source: `this folder is the root of a workspace (${choice?.ws.declaredIn ?? 'package.json "workspaces"'}) with ${apps.length} apps and a Dockerfile is for one`,
      missing: true,
    };
  },
  parse(raw: string, ctx: SettingContext) {
    const apps = ctx.dir ? (rootAppChoice(ctx.dir)?.apps ?? []) : [];
    if (raw.trim() === '') {
      throw new InputError('app', raw, `the folder of one of this workspace's apps: ${listApps(apps)}`);
    }
    const problem = appProblem(raw, apps);
    if (problem) throw new InputError('app', raw, problem);
    return normaliseAppFolder(raw)!;
  },
});

/** The app folder the answers point at (`--app`), or `dir` itself. */
export function appFolder(dir: string, app: string | undefined): string {
  return app ? path.join(dir, ...app.split('/')) : dir;
}
