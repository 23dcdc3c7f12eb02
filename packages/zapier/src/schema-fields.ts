/**
 * Zapier fields derived from the shared JSON Schemas, so that labels, help text, examples and
 * required flags are written once (in `shared/schemas`) and never retyped here.
 * Nested objects become flat fields whose keys join the path with `__` (Zapier's own convention for
 * nested output); arrays of objects become `list: true` fields, one per item property.
 */
import type { JsonSchema } from '@kaiku/shared';
import { primaryType, resolveProperty } from '@kaiku/shared/schema-walk';
import type { PropertySchema } from '@kaiku/shared/schema-walk';
import type { PlainInputField, PlainOutputField } from 'zapier-platform-core';

/** A leaf of a schema, flattened: where it lives in the request body and how it is described. */
export interface FlatProperty {
  key: string;
  path: string[];
  /** Index in `path` of the array whose items hold this property, when it sits inside one. */
  listAt: number | null;
  property: PropertySchema;
  required: boolean;
}

/** Separator between path segments in a flat field key (`media__url`). */
export const PATH_SEPARATOR = '__';

/** Walks an object schema down to its leaves; objects nest, arrays of objects become list fields. */
export function flattenSchema(root: JsonSchema, node: PropertySchema = root as PropertySchema, prefix: string[] = [], parentRequired = true, listAt: number | null = null): FlatProperty[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).flatMap(([name, raw]) => {
    const property = resolveProperty(root, raw);
    const path = [...prefix, name];
    const isRequired = parentRequired && listAt === null && required.has(name);
    const type = primaryType(property);
    if (type === 'object' && property.properties) {
      return flattenSchema(root, property, path, isRequired, listAt);
    }
    if (type === 'array' && property.items && listAt === null) {
      const items = resolveProperty(root, property.items);
      if (primaryType(items) === 'object' && items.properties) {
        return flattenSchema(root, items, path, isRequired, path.length - 1);
      }
    }
    return [{ key: path.join(PATH_SEPARATOR), path, listAt, property, required: isRequired }];
  });
}

/** "button_reply" → "Button Reply": a readable label for an enum value. */
export function humanize(value: string): string {
  return value
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function inputType(property: PropertySchema): PlainInputField['type'] {
  const type = primaryType(property);
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'object') return undefined;
  if (property.format === 'date-time') return 'datetime';
  if ((property.maxLength ?? 0) > 1024) return 'text';
  return 'string';
}

function placeholderOf(property: PropertySchema): string | undefined {
  const example = property.examples?.[0];
  if (typeof example === 'string' || typeof example === 'number') return String(example);
  return undefined;
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'via', 'with']);

/** "Reply to message id" → "Reply to Message ID": Zapier wants labels in Title Case (check D018): small words stay small inside. */
export function titleCase(text: string): string {
  const words = text.split(' ');
  return words
    .map((word, index) => {
      if (/^(id|url|api)$/i.test(word)) return word.toUpperCase();
      const inside = index > 0 && index < words.length - 1;
      if (inside && SMALL_WORDS.has(word.toLowerCase())) return word.toLowerCase();
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}

/** A Zapier input field for one flat property: label from `title`, help from `description`, example as placeholder. */
export function toInputField(flat: FlatProperty): PlainInputField {
  const { property } = flat;
  // Zapier marks optional fields itself; a "(optional)" in the title would say it twice.
  const label = titleCase((property.title ?? humanize(flat.key)).replace(/\s*\(optional\)$/i, ''));
  const field: PlainInputField = { key: flat.key, label, required: flat.required };
  const type = inputType(property);
  if (type) field.type = type;
  if (primaryType(property) === 'object') field.dict = true;
  if (property.description && property.description !== label) field.helpText = property.description;
  const placeholder = placeholderOf(property);
  if (placeholder !== undefined && !property.enum) field.placeholder = placeholder;
  if (property.enum) {
    field.choices = property.enum.map((value) => ({ value: String(value), label: humanize(String(value)), sample: String(value) }));
  }
  if (typeof property.default === 'string' || typeof property.default === 'boolean' || typeof property.default === 'number') {
    field.default = String(property.default);
  }
  const isArray = primaryType(property) === 'array';
  if (flat.listAt !== null || isArray) field.list = true;
  return field;
}

/** Options for deriving an operation's input fields. */
export interface InputFieldOptions {
  /** Top-level properties left out (handled elsewhere, e.g. dynamic fields). */
  omit?: string[];
  /** Only these top-level properties, in this order. */
  only?: string[];
  /** Per-key additions: dynamic dropdowns, `altersDynamicFields`, a better `helpText`. */
  overrides?: Record<string, Partial<PlainInputField>>;
  /** Prefix for the keys, for a sub-schema (e.g. `media`). */
  prefix?: string[];
}

/** The flat properties of a schema, filtered by top-level name. */
export function selectProperties(root: JsonSchema, options: InputFieldOptions = {}, node?: PropertySchema): FlatProperty[] {
  const flat = flattenSchema(root, node ?? (root as PropertySchema), options.prefix ?? []);
  const depth = options.prefix?.length ?? 0;
  const top = (item: FlatProperty): string => item.path[depth] ?? '';
  const kept = flat.filter((item) => !(options.omit ?? []).includes(top(item)));
  if (!options.only) return kept;
  return options.only.flatMap((name) => kept.filter((item) => top(item) === name));
}

/** Zapier input fields for a schema with the overrides applied: in `only`'s order, else required ones first. */
export function inputFieldsFrom(root: JsonSchema, options: InputFieldOptions = {}, node?: PropertySchema): PlainInputField[] {
  const fields = selectProperties(root, options, node).map((flat) => ({ ...toInputField(flat), ...options.overrides?.[flat.key] }));
  if (options.only) return fields;
  return [...fields.filter((field) => field.required), ...fields.filter((field) => !field.required)];
}

function outputType(property: PropertySchema): PlainOutputField['type'] {
  const type = primaryType(property);
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'string') return property.format === 'date-time' ? 'datetime' : 'string';
  return undefined;
}

/** Zapier output fields for an output schema: every property labelled with its `title`. */
export function outputFieldsFrom(root: JsonSchema, node: PropertySchema = root as PropertySchema): PlainOutputField[] {
  return Object.entries(node.properties ?? {}).map(([key, raw]) => {
    const property = resolveProperty(root, raw);
    const field: PlainOutputField = { key, label: titleCase(property.title ?? humanize(key)) };
    const type = outputType(property);
    if (type) field.type = type;
    return field;
  });
}

/** The `$defs.<name>` sub-schema of a shared schema (e.g. `$defs.output`). */
export function definitionOf(root: JsonSchema, name: string): PropertySchema {
  const defs = root.$defs as Record<string, PropertySchema> | undefined;
  const definition = defs?.[name];
  if (!definition) throw new Error(`The shared schema has no $defs.${name}.`);
  return resolveProperty(root, definition);
}
