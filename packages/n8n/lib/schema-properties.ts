/**
 * n8n node parameters derived from the shared JSON Schemas, so that labels, descriptions, placeholders,
 * types and required flags are written once (in `shared/schemas`) and never retyped here: the same source
 * the Zapier app, the HubSpot actions and the Power Platform connector use.
 */
import type { JsonSchema } from '@kaiku/shared';
import type { INodeProperties, INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';

/** One JSON Schema property as the shared schemas write it. */
export interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  examples?: unknown[];
  enum?: unknown[];
  format?: string;
  default?: unknown;
  properties?: Record<string, PropertySchema>;
  required?: string[];
  items?: PropertySchema;
  $ref?: string;
  anyOf?: PropertySchema[];
  oneOf?: PropertySchema[];
}

/** Resolves a local `$ref` and folds a nullable `anyOf`/`oneOf` into its one real branch. */
function resolve(root: JsonSchema, property: PropertySchema): PropertySchema {
  if (property.$ref?.startsWith('#/')) {
    const target = property.$ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
    const { $ref: _ref, ...rest } = property;
    return resolve(root, { ...(target as PropertySchema), ...rest });
  }
  const alternatives = property.anyOf ?? property.oneOf ?? [];
  const real = alternatives.filter((branch) => branch.type !== 'null');
  if (alternatives.length === 2 && real.length === 1 && real[0]) {
    const { anyOf: _a, oneOf: _o, ...rest } = property;
    return resolve(root, { ...real[0], ...rest });
  }
  return property;
}

function primaryType(property: PropertySchema): string | undefined {
  const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
  return types.find((type) => type !== 'null');
}

/**
 * The property at a dotted path (`buttons.choices.title`; an array's items are stepped through), with
 * whether it is required where it sits. Throws when the schema has no such property, so that a renamed
 * field breaks the build, not a user's workflow.
 */
export function propertyAt(root: JsonSchema, path: string): { property: PropertySchema; required: boolean } {
  let node = root as PropertySchema;
  let required = false;
  for (const key of path.split('.')) {
    if (primaryType(node) === 'array' && node.items) node = resolve(root, node.items);
    const next = node.properties?.[key];
    if (!next) throw new Error(`The shared schema has no property ${path}.`);
    required = (node.required ?? []).includes(key);
    node = resolve(root, next);
  }
  return { property: node, required };
}

/** "button_reply" → "Button Reply": a readable name for an enum value. */
export function humanize(value: string): string {
  return value.split(/[_\s-]+/).filter(Boolean).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

/**
 * A description as n8n writes them: one sentence has no final period (n8n's lint rule), several keep theirs.
 */
export function n8nDescription(text: string): string {
  const trimmed = text.trim();
  const sentences = trimmed.split(/(?<=[.!?])\s+(?=[A-Z0-9])/);
  return sentences.length === 1 ? trimmed.replace(/\.$/, '') : trimmed;
}

/** The label of a property: its title, without an "(optional)" that n8n's layout already says. */
export function labelOf(property: PropertySchema, fallback: string): string {
  return (property.title ?? humanize(fallback)).replace(/\s*\(optional\)$/i, '');
}

function typeOf(property: PropertySchema): NodePropertyTypes {
  if (property.enum) return 'options';
  const type = primaryType(property);
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'object') return 'json';
  if (property.format === 'date-time') return 'dateTime';
  return 'string';
}

function defaultOf(type: NodePropertyTypes, property: PropertySchema): INodeProperties['default'] {
  if (typeof property.default === 'string' || typeof property.default === 'boolean' || typeof property.default === 'number') return property.default;
  if (type === 'boolean') return false;
  if (type === 'number') return 0;
  if (type === 'json') return '{}';
  if (type === 'options') return String(property.enum?.[0] ?? '');
  return '';
}

/** The options of an enum property: "Button Reply" shows, `button_reply` is stored; sorted by name as n8n asks. */
export function enumOptions(property: PropertySchema): INodePropertyOptions[] {
  return (property.enum ?? [])
    .map((value) => ({ name: humanize(String(value)), value: String(value) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The n8n parameter `name` for the schema property at `path`: label from `title`, description from
 * `description`, placeholder from the first example, type and required flag from the schema. `extra` adds
 * what only n8n has (display options, dropdown methods) and may override the rest.
 */
export function schemaParameter(root: JsonSchema, path: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
  const { property, required } = propertyAt(root, path);
  const type = typeOf(property);
  const parameter: INodeProperties = { displayName: labelOf(property, name), name, type, default: defaultOf(type, property) };
  if (required) parameter.required = true;
  if (property.description) parameter.description = n8nDescription(property.description);
  const example = property.examples?.[0];
  if ((typeof example === 'string' || typeof example === 'number') && type === 'string') parameter.placeholder = `e.g. ${String(example)}`;
  if (type === 'options') parameter.options = enumOptions(property);
  return { ...parameter, ...extra } as INodeProperties;
}

/** The same as `schemaParameter` for a property inside a collection or fixed collection (no `required`, no display options). */
export function schemaOption(root: JsonSchema, path: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties {
  const { required: _required, displayOptions: _display, ...rest } = schemaParameter(root, path, name, extra);
  return { ...rest, ...extra } as INodeProperties;
}
