/**
 * Golden files: the generated output of every fixture, and of the declared variants (a fixture
 * with flags other than the defaults, test/golden/variants.json), as reviewed diffs. Each case is
 * stored in test/golden/<fixture>/ or test/golden/<fixture>@<variant>/.
 *
 * The comparison goes both ways: every generated file must have its golden file with the same
 * content, and every file in the golden folder must still be generated (a stale file fails).
 * `.yo-rc.json` is not part of it: the pure pipeline (resolve → render) never writes it (Yeoman's
 * config writer does, and test/cli.test.ts checks it).
 *
 * Refresh after an intended change with `npm run golden:update`, then read `git diff test/golden`:
 * the refresh rewrites every case's folder from scratch and deletes folders of cases that no
 * longer exist, so a removed file or variant shows up in the diff as a deletion.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { imageRegistry, trustedRegistries } from '../generators/lib/ci.js';
import { allQuestions, settingByFlag } from '../generators/lib/settings.js';
import type { GeneratedFile } from '../generators/lib/render.js';
import { copyFixture, FIXTURES_DIR, GOLDEN_DIR, REPO_ROOT } from './support/project.js';
import { parseDockerfile } from './support/dockerfile-model.js';
import { generate } from './support/generate.js';

const update = process.env.UPDATE_GOLDEN === '1';
export const FIXTURES = fs.readdirSync(FIXTURES_DIR).filter((name) => fs.statSync(path.join(FIXTURES_DIR, name)).isDirectory());

/** The declared variants' file, kept next to the folders it describes. */
export const VARIANTS_FILE = path.join(GOLDEN_DIR, 'variants.json');

export interface GoldenVariant {
  fixture: string;
  /** Folder suffix: test/golden/<fixture>@<name>/. */
  name: string;
  /** CLI flag names (without --) → values, as a user types them. */
  flags: Record<string, string>;
  /** Project files replaced or added in a temp copy of the fixture (inputs no flag reaches). */
  files?: Record<string, string>;
  /**
   * The folder of the fixture the generator runs in (a workspace's app folder), relative; the
   * golden files are stored by their path from the fixture's root (`packages/api/Dockerfile`).
   */
  runIn?: string;
}

export interface GoldenCase {
  /** Folder name under test/golden. */
  folder: string;
  fixture: string;
  variant?: GoldenVariant;
}

function loadVariants(): GoldenVariant[] {
  const parsed = JSON.parse(fs.readFileSync(VARIANTS_FILE, 'utf8')) as { variants?: unknown };
  if (!Array.isArray(parsed.variants)) throw new Error(`${VARIANTS_FILE}: "variants" must be a list`);
  return parsed.variants.map((v: GoldenVariant, i) => {
    const where = `${VARIANTS_FILE} variants[${i}]`;
    if (typeof v.fixture !== 'string' || !FIXTURES.includes(v.fixture))
      throw new Error(`${where}: fixture ${String(v.fixture)} is not a folder in test/fixtures`);
    if (typeof v.name !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(v.name)) throw new Error(`${where}: name must be lowercase letters, digits, "." and "-"`);
    if (typeof v.flags !== 'object' || v.flags === null) throw new Error(`${where}: flags must be an object`);
    for (const [flag, value] of Object.entries(v.flags)) {
      if (!settingByFlag(flag)) throw new Error(`${where}: --${flag} is not a flag of the generator`);
      if (typeof value !== 'string') throw new Error(`${where}: --${flag} needs a string value`);
    }
    if (v.runIn !== undefined) {
      const runIn = v.runIn;
      if (
        typeof runIn !== 'string' ||
        path.isAbsolute(runIn) ||
        runIn.split(/[\\/]/).includes('..') ||
        !fs.statSync(path.join(FIXTURES_DIR, v.fixture, runIn), { throwIfNoEntry: false })?.isDirectory()
      )
        throw new Error(`${where}: runIn must be a relative folder of the fixture`);
    }
    for (const [file, content] of Object.entries(v.files ?? {})) {
      if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..') || typeof content !== 'string')
        throw new Error(`${where}: files.${file} must be a relative path with text content`);
    }
    return v;
  });
}

export const VARIANTS = loadVariants();

export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...FIXTURES.map((fixture) => ({ folder: fixture, fixture })),
  ...VARIANTS.map((variant) => ({ folder: `${variant.fixture}@${variant.name}`, fixture: variant.fixture, variant })),
];

/** Generate one case: the fixture itself, or a temp copy with the variant's files, with its flags. */
export async function generateCase(c: GoldenCase): Promise<GeneratedFile[]> {
  const flags: Record<string, string> = {};
  for (const [flag, value] of Object.entries(c.variant?.flags ?? {})) flags[settingByFlag(flag)!.key] = value;
  const runIn = c.variant?.runIn ?? '';
  // Paths from the fixture's root: a run in a sub-folder writes some files above it (`../../.github/...`).
  const fromRoot = (files: GeneratedFile[]) => (runIn === '' ? files : files.map((f) => ({ ...f, path: path.posix.normalize(`${runIn}/${f.path}`) })));
  if (!c.variant?.files) return fromRoot((await generate(path.join(FIXTURES_DIR, c.fixture, runIn), flags)).files);
  const dir = copyFixture(c.fixture);
  try {
    for (const [file, content] of Object.entries(c.variant.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    return fromRoot((await generate(path.join(dir, runIn), flags)).files);
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

/** Every file under `dir`, relative, with / separators (dotfiles included). */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

/** The folders (and files) directly under test/golden besides the cases' folders. */
function goldenEntries(): string[] {
  return fs.existsSync(GOLDEN_DIR) ? fs.readdirSync(GOLDEN_DIR).filter((name) => path.join(GOLDEN_DIR, name) !== VARIANTS_FILE) : [];
}

describe('golden files', () => {
  const folders = GOLDEN_CASES.map((c) => c.folder);

  it('every flag that can change a generated file is used by a golden variant', () => {
    // The generator's options that are not settings (yes, force, check, templates), read from its
    // source: the test fails when an option is added without a variant or an exemption below.
    const source = fs.readFileSync(path.join(REPO_ROOT, 'generators/app/index.ts'), 'utf8');
    const options = [...source.matchAll(/this\.option\('([a-z0-9-]+)'/g)].map((m) => m[1]!);
    assert.ok(options.includes('yes') && options.includes('force'), 'generators/app/index.ts: its this.option calls were not found');
    // Every shared setting's flag and every stack's own (lib/settings.ts, each profile's settings).
    const flags = [...new Set([...allQuestions().map((q) => q.flag), ...options])].sort();
    /**
     * Flags no variant needs, each with the reason it cannot change what is generated (or, for
     * --templates, where else its output is compared). Keep this list short and explained.
     */
    const noVariantNeeded: Record<string, string> = {
      // Asks nothing: the files are the same as with the answers it accepts.
      yes: 'accepts the detected or stored values; no value of its own',
      // Decides whether an existing file is overwritten, not what is written.
      force: 'overwrites without asking',
      // Writes nothing: prints the diff between the files and what would be generated.
      check: 'compares, writes nothing',
      // Replaces bundled templates with the project's own: not a setting (variants.json cannot
      // name it); test/templates.test.ts renders overrides and compares their output.
      templates: 'custom templates, covered by test/templates.test.ts',
    };
    for (const flag of Object.keys(noVariantNeeded)) assert.ok(flags.includes(flag), `noVariantNeeded lists --${flag}, which the generator no longer accepts`);
    const used = new Set(VARIANTS.flatMap((v) => Object.keys(v.flags)));
    for (const flag of Object.keys(noVariantNeeded)) assert.ok(!used.has(flag), `--${flag} has a variant: remove it from noVariantNeeded`);
    const missing = flags.filter((flag) => !used.has(flag) && !Object.hasOwn(noVariantNeeded, flag));
    assert.deepEqual(
      missing,
      [],
      `flags without a golden variant: add one to test/golden/variants.json (npm run golden:update) or, when the flag cannot change a generated file, to noVariantNeeded with the reason`,
    );
  });

  it('variants cover every flag the defaults leave out', () => {
    const used = (flag: string, value?: string) => VARIANTS.some((v) => v.flags[flag] !== undefined && (value === undefined || v.flags[flag] === value));
    for (const [flag, value] of [
      ['ci', 'gitlab'],
      ['ci', 'none'],
      ['ci-drift-check', 'yes'],
      ['npm-token-secret', 'yes'],
      ['netrc-secret', 'yes'],
      ['services', undefined],
      ['min-docker', '20.10'],
      ['output-dir', undefined],
    ] as const) {
      assert.ok(used(flag, value), `no golden variant uses --${flag}${value ? ` ${value}` : ''}`);
    }
    assert.ok(
      VARIANTS.some((v) => v.files?.['requirements.txt'] !== undefined && !v.files['requirements.txt'].includes('--hash')),
      'no golden variant has Python requirements without hashes',
    );
  });

  for (const c of GOLDEN_CASES) {
    const label = c.variant
      ? `${c.fixture} with ${
          Object.entries(c.variant.flags)
            .map(([f, v]) => `--${f} ${v}`)
            .join(' ') || (c.variant.runIn ? `no flags in ${c.variant.runIn}` : 'changed files')
        }`
      : c.fixture;
    it(`${label}: the generated files equal test/golden/${c.folder}`, async () => {
      const files = await generateCase(c);
      const folder = path.join(GOLDEN_DIR, c.folder);
      if (update) {
        fs.rmSync(folder, { recursive: true, force: true });
        for (const file of files) {
          fs.mkdirSync(path.dirname(path.join(folder, file.path)), { recursive: true });
          fs.writeFileSync(path.join(folder, file.path), file.content);
        }
      }
      const hint = '(npm run golden:update, then review git diff test/golden)';
      const generated = files.map((f) => f.path).sort();
      const stored = listFiles(folder).sort();
      assert.deepEqual(
        { missingFromGolden: generated.filter((f) => !stored.includes(f)), notGeneratedAnymore: stored.filter((f) => !generated.includes(f)) },
        { missingFromGolden: [], notGeneratedAnymore: [] },
        `test/golden/${c.folder} does not hold exactly the generated files ${hint}`,
      );
      for (const file of files) {
        assert.equal(file.content, fs.readFileSync(path.join(folder, file.path), 'utf8'), `${c.folder}/${file.path} differs from its golden file ${hint}`);
      }
      // The product takes .hadolint.yaml's registries from the typed images the profile decided;
      // here (and only here) the generated Dockerfile's FROM lines are read back to prove they agree.
      const dockerfile = files.find((f) => f.path === 'Dockerfile' || f.path.endsWith('/Dockerfile'))!;
      const pulled = parseDockerfile(dockerfile.content)
        .stages.filter((stage) => stage.parent === null)
        .map((stage) => stage.image);
      assert.ok(pulled.length > 0, `${c.folder}/Dockerfile pulls no image`);
      assert.deepEqual(
        trustedRegistries(dockerfile.notes?.baseImages ?? []),
        [...new Set(pulled.map(imageRegistry))].sort(),
        `${c.folder}: the registries of the profile's images differ from those of the Dockerfile's FROM lines`,
      );
    });
  }

  // Last: in update mode the cases above have written their folders by now.
  it('has a folder for every fixture and variant and nothing else', () => {
    assert.equal(new Set(folders).size, folders.length, 'two variants share a name');
    if (update) {
      for (const stale of goldenEntries().filter((name) => !folders.includes(name))) fs.rmSync(path.join(GOLDEN_DIR, stale), { recursive: true, force: true });
    }
    assert.deepEqual(
      goldenEntries().sort(),
      [...folders].sort(),
      'test/golden differs from the fixtures and test/golden/variants.json: run npm run golden:update and review the diff',
    );
  });
});
