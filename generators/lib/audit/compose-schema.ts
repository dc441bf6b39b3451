/**
 * R21: the compose file against the Compose Specification JSON schema (ajv, compiled once).
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument, LineCounter } from 'yaml';

import type { Finding } from './checklist.js';
import { COMPOSE_SPEC_SCHEMA } from './compose-spec-schema.js';
import { yamlPathLine } from './yaml-util.js';

let validator: ValidateFunction | null = null;

function getValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = { ...COMPOSE_SPEC_SCHEMA };
  delete schema.$schema;
  delete schema.id;
  // strictTypes/strictTuples off: the upstream schema has e.g. additionalProperties without
  // type: object inside oneOf, which ajv's strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
  validator = ajv.compile(schema);
  return validator;
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the top level';
  if (e.keyword === 'additionalProperties') return `${where}: unknown key "${String(params.additionalProperty)}"`;
  if (e.keyword === 'required') return `${where}: missing "${String(params.missingProperty)}"`;
  if (e.keyword === 'enum')
    return `${where}: ${e.message ?? 'not an allowed value'} (${(params.allowedValues as unknown[] | undefined)?.map(String).join(', ') ?? ''})`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/** Schema errors of a compose file that parses as YAML (parse errors are the checklist's). */
export function checkComposeSchema(text: string, file = 'compose.yaml'): Finding[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: lc });
  if (doc.errors.length > 0) return [];
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const validate = getValidator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // oneOf/anyOf report every branch; keep the deepest error per path and drop the combinators.
  const kept = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const byPath = new Map<string, ErrorObject>();
  for (const e of kept.length > 0 ? kept : errors) if (!byPath.has(e.instancePath)) byPath.set(e.instancePath, e);
  const paths = [...byPath.keys()];
  const leaves = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
  return leaves.map((p) => {
    const e = byPath.get(p)!;
    const segs = p
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const detail = `does not follow the Compose Specification: ${describe(e)}`;
    const line = yamlPathLine(
      doc,
      lc,
      segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    );
    const f: Finding = { tool: 'compose-schema', rule: 'R21', message: `${file}: ${detail}`, file, detail };
    if (line !== undefined) f.line = line;
    return f;
  });
}
