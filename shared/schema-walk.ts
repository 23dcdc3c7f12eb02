/**
 * Reading the shared JSON Schemas as the connectors that derive fields from them do (the Zapier app, the n8n
 * node): one property's shape, a local `$ref` resolved, a nullable `anyOf`/`oneOf` folded into its real branch.
 */
import type { JsonSchema } from './index.js';

/** One JSON Schema property as the shared schemas write it. */
export interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  examples?: unknown[];
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  default?: unknown;
  properties?: Record<string, PropertySchema>;
  required?: string[];
  items?: PropertySchema;
  $ref?: string;
  anyOf?: PropertySchema[];
  oneOf?: PropertySchema[];
}

/** Resolves a local `$ref` (`#/$defs/x`) and folds a nullable `anyOf`/`oneOf` into its one real branch. */
export function resolveProperty(root: JsonSchema, property: PropertySchema): PropertySchema {
  if (property.$ref?.startsWith('#/')) {
    const target = property.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], root);
    const { $ref: _ref, ...rest } = property;
    return resolveProperty(root, { ...(target as PropertySchema), ...rest });
  }
  const alternatives = property.anyOf ?? property.oneOf ?? [];
  const branches = alternatives.filter((branch) => branch.type !== 'null');
  if (alternatives.length === 2 && branches.length === 1 && branches[0]) {
    const { anyOf: _a, oneOf: _o, ...rest } = property;
    return resolveProperty(root, { ...branches[0], ...rest });
  }
  return property;
}

/** The first non-null JSON type of a property (`["string","null"]` → `string`). */
export function primaryType(property: PropertySchema): string | undefined {
  const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
  return types.find((type) => type !== 'null');
}
