/** Python's build secret: a .netrc for a private package index (generators/lib/secrets.ts has the shared parts). */
import fs from 'node:fs';
import { readSourceFile } from '../../lib/project-files.js';
import type { BuildSecret, Detected } from '../../lib/stack.js';
import { isTable, parseToml, tomlGet, type TomlTable } from './toml.js';

const read = (dir: string, file: string): string => readSourceFile(dir, file) ?? '';

/** PyPI itself, through its simple index or its upload/JSON host: no credentials. */
const PYPI = /^https:\/\/pypi\.org\//;

/** URLs of `[[tool.poetry.source]]`, `[[tool.uv.index]]` and `[[tool.pdm.source]]` (a table without a URL counts as private). */
function pyprojectIndexes(text: string): string[] {
  if (!/^[ \t]*\[\[tool\.(poetry\.source|uv\.index|pdm\.source)\]\]/m.test(text)) return [];
  let doc: TomlTable;
  try {
    doc = parseToml(text);
  } catch {
    return ['(unreadable)'];
  }
  return (['poetry.source', 'uv.index', 'pdm.source'] as const).flatMap((key) => {
    const list = tomlGet(doc, 'tool', ...key.split('.'));
    return Array.isArray(list) ? list.map((entry) => (isTable(entry) && typeof entry['url'] === 'string' ? entry['url'] : '(no url)')) : [];
  });
}

/** On when the project installs from an index other than PyPI. */
export function detectPythonIndexSecret(dir: string): Detected<string> {
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^requirements.*\.(txt|in)$/.test(f)) : []) {
    if (/^[ \t]*(--index-url|--extra-index-url|-i[ \t])/m.test(read(dir, file))) return { value: 'yes', source: `${file} (--index-url / --extra-index-url)` };
  }
  if (pyprojectIndexes(read(dir, 'pyproject.toml')).some((url) => !PYPI.test(url)))
    return { value: 'yes', source: 'pyproject.toml (a package index besides PyPI)' };
  if (/^[ \t]*url[ \t]*=[ \t]*["'](?!https:\/\/pypi\.org\/)/m.test(read(dir, 'Pipfile'))) return { value: 'yes', source: 'Pipfile [[source]] besides PyPI' };
  return { value: 'no', source: 'default (PyPI only)' };
}

export const PYTHON_NETRC_SECRET: BuildSecret = {
  id: 'netrc',
  target: '/root/.netrc',
  source: '$HOME/.netrc',
  what: 'a .netrc with the private index credentials (`machine pypi.example.com login USER password TOKEN`); the index URL itself stays in the project files',
  flag: '--netrc-secret',
};
