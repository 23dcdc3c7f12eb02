/** Shared test helpers: one ajv (draft 2020-12 + formats) holding every operation schema. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSchema, schemaNames } from '../index.js';
import type { JsonSchema, SchemaName } from '../index.js';

// ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** An ajv instance in strict mode with every operation schema added under their `$id`. */
export function schemaAjv(): Ajv2020 {
  // strictRequired is off: "exactly one of" is written as oneOf: [{required: [text]}, …] over the parent's properties.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const name of schemaNames) ajv.addSchema(loadSchema(name));
  return ajv;
}

/** The `$id` of a schema, e.g. for `${id}#/$defs/output`. */
export function schemaId(name: SchemaName): string {
  return String(loadSchema(name).$id);
}

// Conditions (`oneOf: [{required}]`, `if`/`then`) restate properties as rules, not as fields a user sees.
const conditions = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'examples']);

/** Every property schema a user sees (at any depth, `$defs` included), with its JSON pointer. */
export function propertySchemas(schema: JsonSchema, pointer = ''): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (typeof value !== 'object' || value === null || conditions.has(key)) continue;
    const here = `${pointer}/${key}`;
    if (key === 'properties' && !Array.isArray(value)) {
      for (const [name, sub] of Object.entries(value as Record<string, JsonSchema>)) found.push([`${here}/${name}`, sub]);
    }
    found.push(...propertySchemas(value as JsonSchema, here));
  }
  return found;
}

/** ajv's errors as short readable lines, for failure messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
