/**
 * n8n node parameters derived from the shared JSON Schemas, so that labels, descriptions, placeholders,
 * types and required flags are written once (in `shared/schemas`) and never retyped here: the same source
 * the Zapier app, the HubSpot actions and the Power Platform connector use.
 */
import type { JsonSchema } from '@kaiku/shared';
import { primaryType, resolveProperty } from '@kaiku/shared/schema-walk';
import type { PropertySchema } from '@kaiku/shared/schema-walk';
import type { INodeProperties, INodePropertyOptions, NodePropertyTypes } from 'n8n-workflow';

/**
 * The property at a dotted path (`buttons.choices.title`; an array's items are stepped through), with
 * whether it is required where it sits. Throws when the schema has no such property, so that a renamed
 * field breaks the build, not a user's workflow.
 */
export function propertyAt(root: JsonSchema, path: string): { property: PropertySchema; required: boolean } {
  let node = root as PropertySchema;
  let required = false;
  for (const key of path.split('.')) {
    if (primaryType(node) === 'array' && node.items) node = resolveProperty(root, node.items);
    const next = node.properties?.[key];
    if (!next) throw new Error(`The shared schema has no property ${path}.`);
    required = (node.required ?? []).includes(key);
    node = resolveProperty(root, next);
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
