/**
 * JSON Schema 2020-12 (the shared schemas' dialect) → the Swagger 2.0 schema dialect Power Platform reads:
 * `null` in a type list becomes `x-nullable`, `const` an enum, `examples` one `example`, every `title`
 * an `x-ms-summary`, and every `$ref` is inlined (the designer shows a property's summary only when it
 * sits on the property itself). Keywords Swagger 2.0 lacks are dropped, except a `oneOf`/`anyOf` that
 * changes the shape, which stops the build: it needs a human decision.
 */
import { isObject } from './definition-walk.js';

/** A JSON object read as a schema. */
export type Schema = Record<string, unknown>;

const kept = new Set([
  'description', 'default', 'multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'enum', 'readOnly',
]);

/** The formats Microsoft's connector schema accepts; others (e.g. `uri-reference`) are left out. */
const formats = new Set([
  'int32', 'int64', 'float', 'double', 'byte', 'binary', 'date', 'date-time', 'password', 'date-no-tz',
  'email', 'html', 'uri', 'uuid',
]);

const componentPrefix = '#/components/schemas/';

/** `first_name` → `First Name`: the summary of a property that has no title. */
export function titleCase(key: string): string {
  return key.split(/[_\s-]+/).filter(Boolean).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

/** Whether a `oneOf`/`anyOf` branch only adds constraints (e.g. "exactly one of text or media"). */
function constraintOnly(branch: unknown): boolean {
  return isObject(branch) && !('type' in branch) && !('properties' in branch) && !('$ref' in branch) && !('items' in branch);
}

/** Splits `type: ['string', 'null']` (or a null branch) into the one real type and nullability. */
function singleType(type: unknown, where: string): { type?: string; nullable: boolean } {
  if (type === undefined) return { nullable: false };
  const types = (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null') as string[];
  const nullable = Array.isArray(type) ? type.includes('null') : type === 'null';
  if (types.length > 1) throw new Error(`${where}: Swagger 2.0 cannot say "one of ${types.join(', ')}"; pick one type.`);
  return { ...(types[0] ? { type: types[0] } : {}), nullable };
}

/** The schemas `$ref`s may name (`#/components/schemas/<name>`). */
export type Components = Record<string, Schema>;

function resolve(node: Schema, components: Components, where: string): Schema {
  if (typeof node.$ref !== 'string') return node;
  const name = node.$ref.startsWith(componentPrefix) ? node.$ref.slice(componentPrefix.length) : '';
  const target = components[name];
  if (!target) throw new Error(`${where}: unknown $ref ${node.$ref}.`);
  const { $ref: _ref, ...siblings } = node;
  return { ...resolve(target, components, `${where}→${name}`), ...siblings };
}

/** Folds a `oneOf`/`anyOf` into its node when Swagger 2.0 can say the same; throws when it cannot. */
function foldAlternatives(node: Schema, where: string, components: Components): Schema {
  const { oneOf, anyOf, ...rest } = node;
  const branches = [oneOf, anyOf].filter(Array.isArray).flat() as unknown[];
  if (branches.length === 0) return node;
  const nullBranch = branches.some((b) => isObject(b) && b.type === 'null');
  const shaped = branches.filter((b) => !(isObject(b) && b.type === 'null') && !constraintOnly(b));
  if (shaped.length > 1) throw new Error(`${where}: Swagger 2.0 has no oneOf/anyOf for differently shaped values.`);
  const merged = shaped.length === 1 ? { ...resolve(shaped[0] as Schema, components, where), ...rest } : rest;
  if (!nullBranch) return merged;
  const type = merged.type;
  return { ...merged, ...(type === undefined ? {} : { type: Array.isArray(type) ? [...type, 'null'] : [type, 'null'] }) };
}

/** Converts one schema with every `$ref` inlined; `where` names it in errors. */
export function toSwaggerSchema(input: Schema, where: string, components: Components): Schema {
  const node = foldAlternatives(resolve(input, components, where), where, components);
  if (where.split('.').length > 12) throw new Error(`${where}: the schema nests too deeply (a $ref cycle?).`);
  const out: Schema = {};
  const { type, nullable } = singleType(node.type, where);
  if (type) out.type = type;
  if (typeof node.title === 'string') out['x-ms-summary'] = node.title;
  for (const [key, value] of Object.entries(node)) if (kept.has(key)) out[key] = value;
  if ('const' in node) out.enum = [node.const];
  if (typeof node.format === 'string' && formats.has(node.format)) out.format = node.format;
  if (Array.isArray(node.examples) && node.examples.length > 0 && !('example' in node)) out.example = node.examples[0];
  if ('example' in node) out.example = node.example;
  if (typeof node.exclusiveMinimum === 'number') Object.assign(out, { minimum: node.exclusiveMinimum, exclusiveMinimum: true });
  if (typeof node.exclusiveMaximum === 'number') Object.assign(out, { maximum: node.exclusiveMaximum, exclusiveMaximum: true });
  if (Array.isArray(node.required) && node.required.length > 0) out.required = node.required;
  if (isObject(node.items)) out.items = toSwaggerSchema(node.items, `${where}[]`, components);
  if (isObject(node.additionalProperties)) out.additionalProperties = toSwaggerSchema(node.additionalProperties, `${where}{}`, components);
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  if (isObject(node.properties)) out.properties = convertProperties(node.properties, where, components);
  if (nullable) out['x-nullable'] = true;
  return out;
}

function convertProperties(properties: Schema, where: string, components: Components): Schema {
  const out: Schema = {};
  for (const [key, child] of Object.entries(properties)) {
    if (!isObject(child)) continue;
    const converted = toSwaggerSchema(child, `${where}.${key}`, components);
    converted['x-ms-summary'] ??= titleCase(key);
    out[key] = converted;
  }
  return out;
}
