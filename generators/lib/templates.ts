/**
 * Where templates come from: the bundled ones (templates/), or a team's own overrides in the
 * repository (`.docker-prod/templates/<same path as under templates/>`) or in a folder given by
 * `--templates <dir>`.
 *
 * An EJS template runs JavaScript while generating, so overrides found in the repository are
 * used only with consent: an interactive "yes" to a question naming them, or `--templates <dir>`
 * typed on the command line (with `--yes` that is the only way). A consent stored in
 * `.yo-rc.json` is not accepted: that file comes with the repository, so it would be the cloned
 * code consenting for itself. `--templates none` ignores overrides.
 *
 * Overrides get the same facts and quoting helpers as the bundled templates (the facts are
 * documented in docs/template-facts.md), and every template renders strictly (renderStrict):
 * EJS strict mode, and reading a fact that does not exist (`f.prot` for `f.port`) fails naming
 * the template file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { InputError, ProjectError } from './errors.js';
import { TEMPLATES_DIR } from './paths.js';
import { composeString, dockerfileString, jsonArray, jsonString, nginxString, shellWord, yamlSingleQuoted } from './quote.js';

/** Overrides in the repository, relative to the project folder. */
export const REPO_TEMPLATES = '.docker-prod/templates';
/** `--templates none`: use the bundled templates even when the repository has overrides. */
export const NO_OVERRIDES = 'none';

/** Bounds on what is read from an overrides folder. */
const MAX_TEMPLATE_BYTES = 256 * 1024;
const MAX_ENTRIES = 500;
const MAX_DEPTH = 6;

/** The quoting helpers every template receives as `q` (generators/lib/quote.ts). */
export const QUOTE_HELPERS = { composeString, dockerfileString, jsonArray, jsonString, nginxString, shellWord, yamlSingleQuoted } as const;

/** Every bundled template, as a path relative to templates/ with `/` separators. */
export function bundledTemplates(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(TEMPLATES_DIR, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ejs')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

export interface Overrides {
  /** Absolute, real path of the overrides folder. */
  root: string;
  /** As the user sees it: `.docker-prod/templates` or the --templates value. */
  label: string;
  /** Template paths (relative to templates/) that the folder overrides. */
  files: string[];
  /** True when --templates named the folder: consent given on the command line. */
  fromFlag: boolean;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The overrides to consider: `--templates <dir>` (relative to the project), else
 * `.docker-prod/templates` when the repository has one. Undefined when there are none.
 * Every file must resolve inside the folder (a symlink or `..` leading out is refused), be an
 * `.ejs` file with the path of a bundled template, and be at most 256 KiB.
 */
export function findOverrides(dir: string, flag: string | undefined): Overrides | undefined {
  if (flag === NO_OVERRIDES) return undefined;
  const fromFlag = flag !== undefined;
  const label = fromFlag ? flag : REPO_TEMPLATES;
  const given = path.resolve(dir, label);
  if (!fromFlag && !fs.existsSync(given)) return undefined;
  let root: string;
  try {
    root = fs.realpathSync(given);
  } catch {
    throw new InputError('templates', flag, 'a folder of template overrides (it does not exist), or "none" for the bundled templates');
  }
  if (!fs.statSync(root).isDirectory()) throw new InputError('templates', flag ?? label, 'a folder of template overrides, or "none" for the bundled templates');
  // The repository's own folder must stay inside the repository (no symlink to elsewhere).
  if (!fromFlag && !isInside(root, fs.realpathSync(dir))) {
    throw new ProjectError(`${REPO_TEMPLATES} leads outside the project (to ${root}); remove the link, or pass --templates none`);
  }
  const bundled = new Set(bundledTemplates());
  const files: string[] = [];
  let entries = 0;
  const walk = (rel: string, depth: number) => {
    if (depth > MAX_DEPTH) throw new ProjectError(`${label}/${rel}: folders nested too deep (at most ${MAX_DEPTH} levels)`);
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (++entries > MAX_ENTRIES) throw new ProjectError(`${label}: more than ${MAX_ENTRIES} entries; it should hold only template overrides`);
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(root, child);
      const real = fs.realpathSync(full);
      if (!isInside(real, root)) {
        throw new ProjectError(`${label}/${child} leads outside ${label} (to ${real}); template overrides must be files inside the folder`);
      }
      const stat = fs.statSync(real);
      if (stat.isDirectory()) {
        if (entry.isSymbolicLink()) throw new ProjectError(`${label}/${child} is a link to a folder; put the templates in the folder itself`);
        walk(child, depth + 1);
        continue;
      }
      if (!child.endsWith('.ejs')) continue; // notes, READMEs: not templates
      if (!bundled.has(child)) {
        throw new ProjectError(`${label}/${child} overrides no template; the paths that can be overridden are: ${[...bundled].join(', ')}`);
      }
      if (!stat.isFile() || stat.size > MAX_TEMPLATE_BYTES)
        throw new ProjectError(`${label}/${child} is not a regular file of at most ${MAX_TEMPLATE_BYTES / 1024} KiB`);
      files.push(child);
    }
  };
  walk('', 0);
  return files.length === 0 ? undefined : { root, label, files: files.sort(), fromFlag };
}

/** The question asked interactively before repository overrides are used. */
export function consentQuestion(overrides: Overrides): string {
  return `This repository has its own templates for: ${overrides.files.join(', ')} (in ${overrides.label}). They run code while generating. Use them?`;
}

/** Thrown under --yes (and --check) when the repository has overrides but no flag chose them. */
export function consentRequired(overrides: Overrides): ProjectError {
  return new ProjectError(
    `this repository has its own templates in ${overrides.label}: ${overrides.files.join(', ')}. ` +
      `Templates run code while generating, so they are used only when you choose them: pass --templates ${overrides.label} to use them, ` +
      `or --templates ${NO_OVERRIDES} for the bundled templates (nothing was written)`,
  );
}

/** The objects strictFacts returned: wrapped once, so an error names the fact by where it came from. */
const STRICT = new WeakSet<object>();

/** Reading a fact that does not exist throws, naming it (a typo must not print "undefined"). */
function strictFacts<T>(value: T, name: string): T {
  if (value === null || typeof value !== 'object' || STRICT.has(value)) return value;
  const strict = new Proxy(value as object, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop in target || prop === 'toJSON' || prop === 'then') {
        return strictFacts(Reflect.get(target, prop, receiver), `${name}.${String(prop)}`);
      }
      throw new ReferenceError(`${name}.${prop} is not a fact this template receives (the facts are listed in docs/template-facts.md)`);
    },
  });
  STRICT.add(strict);
  return strict as T;
}

/**
 * Every template, bundled or a team's, renders the same way: EJS strict mode (no `with`, so a
 * name that is not a local is a ReferenceError) and facts behind strictFacts, so a renamed or
 * missing fact fails instead of printing nothing.
 */
export function renderStrict(file: string, facts: Readonly<Record<string, unknown>>): string {
  const locals = strictLocals({ ...facts, q: QUOTE_HELPERS });
  return renderWith(file, locals, Object.keys(locals));
}

function strictLocals(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, strictFacts(value, key)]));
}

/**
 * Renders one template whose locals are already behind strictFacts; `names` are the top-level
 * facts, locals of every template. Includes render the same way: the data an include adds
 * (`include('../common/install-run.ejs', { run: { ... } })`) goes behind strictFacts too, so
 * reading a key the caller did not pass (`run.comand`) fails like any other missing fact; the
 * included template reads it as `locals.run` (and `locals` itself is strict: `locals.runn` fails).
 * EJS's own include would hand the data over as a plain object: client mode lets us pass our
 * include function instead.
 */
function renderWith(file: string, locals: Record<string, unknown>, names: string[]): string {
  const template = ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, strict: true, client: true, destructuredLocals: names });
  const include = (name: string, data?: Record<string, unknown>) =>
    renderWith(ejs.resolveInclude(name, file), { ...locals, ...strictLocals(data ?? {}) }, names);
  return template(strictFacts(locals, 'locals'), undefined, include);
}

let knownTemplates: ReadonlySet<string> | undefined;

export class TemplateSource {
  /** Template paths rendered from an override so far (for the summary). */
  readonly used = new Set<string>();

  constructor(readonly overrides?: Overrides) {}

  isOverride(relative: string): boolean {
    return this.overrides?.files.includes(relative) ?? false;
  }

  /** Where a template comes from, for the summary: `templates/<path>` or `<overrides>/<path> (yours)`. */
  origin(relative: string): string {
    return this.isOverride(relative) ? `${this.overrides!.label}/${relative} (custom)` : `templates/${relative}`;
  }

  render(relative: string, facts: Record<string, unknown>): string {
    // Only templates the package ships are rendered: a path from anywhere else (a project file
    // reached through a polluted plan) never is.
    knownTemplates ??= new Set(bundledTemplates());
    if (typeof relative !== 'string' || !knownTemplates.has(relative))
      throw new Error(`internal: ${JSON.stringify(String(relative))} is not one of the package's templates`);
    if (!this.isOverride(relative)) {
      const file = path.join(TEMPLATES_DIR, relative);
      try {
        return renderStrict(file, facts);
      } catch (error) {
        throw new Error(`internal: templates/${relative} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    const file = path.join(this.overrides!.root, relative);
    const real = fs.realpathSync(file);
    if (!isInside(real, this.overrides!.root)) throw new ProjectError(`${this.overrides!.label}/${relative} leads outside ${this.overrides!.label}`);
    this.used.add(relative);
    try {
      return renderStrict(real, facts);
    } catch (error) {
      // EJS puts "<file>:<line>" and the lines around it in the message.
      const message = (error as Error).message;
      throw new ProjectError(`custom template ${this.overrides!.label}/${relative} failed: ${message.includes(real) ? message : `${real}: ${message}`}`);
    }
  }
}

export const BUNDLED = new TemplateSource();
