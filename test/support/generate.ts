/** Running the pure pipeline (resolve → render) the way `yo docker-prod --yes` does. */
import { renderFiles, type GeneratedFile } from '../../generators/lib/render.js';
import { resolveAnswers, type Resolution, type TextValues } from '../../generators/lib/resolve.js';

export async function generate(dir: string, flags: TextValues = {}): Promise<{ resolution: Resolution; files: GeneratedFile[] }> {
  const resolution = await resolveAnswers({ dir, flags, stored: {} });
  return { resolution, files: renderFiles(resolution.answers, resolution.profile, dir) };
}

export function fileContent(files: readonly GeneratedFile[], name: string): string {
  const file = files.find((f) => f.path === name);
  if (!file) throw new Error(`${name} was not generated`);
  return file.content;
}
