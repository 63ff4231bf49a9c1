import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// The official Adaptive Cards 1.5 schema (vendored in ./schema with its licence), compiled with Ajv
// (its draft-06 `id` moved to `$id`, with the formats it uses).
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let validate: ValidateFunction | undefined;

export function cardValidator(): ValidateFunction {
  if (validate) return validate;
  const schema = JSON.parse(readFileSync(join(here, 'schema/adaptive-card-1.5.0.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  addFormats(ajv);
  validate = ajv.compile(schema);
  return validate;
}

/** Schema errors of a card, as readable lines; empty when it is valid. */
export function cardErrors(card: unknown): string[] {
  const v = cardValidator();
  return v(card) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
