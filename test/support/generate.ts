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
  const file = files.find((f) => f.path === name) ?? (files.filter(inFolder).length === 1 ? files.find(inFolder) : undefined);
  if (!file) throw new Error(`${name} was not generated`);
  return file.content;
}
