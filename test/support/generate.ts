/** Running the pure pipeline (resolve → render) the way `yo docker-prod --yes` does. */
import { renderFiles, type GeneratedFile } from '../../generators/lib/render.js';
import { resolveAnswers, type Resolution, type TextValues } from '../../generators/lib/resolve.js';

export async function generate(dir: string, flags: TextValues = {}): Promise<{ resolution: Resolution; files: GeneratedFile[] }> {
  const resolution = await resolveAnswers({ dir, flags, stored: {} });
  return { resolution, files: renderFiles(resolution.answers, resolution.profile, dir) };
}

export function fileContent(files: readonly GeneratedFile[], name: string): string {
  // A workspace app's files sit in its folder (apps/x/Dockerfile), its ignore file is the
  // Dockerfile's own (Dockerfile.dockerignore): the one such file stands for the name.
  const inFolder = (f: GeneratedFile) => f.path.endsWith(`/${name}`) || (name === '.dockerignore' && f.path.endsWith('/Dockerfile.dockerignore'));
  // Its CI workflow is the app's own at the workspace root (.github/workflows/docker-<service>.yml).
  const dot = name.indexOf('.', name.lastIndexOf('/') + 1);
  const perApp = (f: GeneratedFile) =>
    name.includes('/') &&
    dot > name.lastIndexOf('/') + 1 &&
    f.path.startsWith(`${name.slice(0, dot)}-`) &&
    f.path.endsWith(name.slice(dot)) &&
    !f.path.slice(dot + 1).includes('/');
  const one = (match: (f: GeneratedFile) => boolean) => (files.filter(match).length === 1 ? files.find(match) : undefined);
  const file = files.find((f) => f.path === name) ?? one(inFolder) ?? one(perApp);
  if (!file) throw new Error(`${name} was not generated`);
  return file.content;
}
