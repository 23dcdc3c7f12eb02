/**
 * Turns Zapier's flat `bundle.inputData` back into the nested request body the proxy expects,
 * using the same flattened schema the input fields were derived from.
 */
import type { FlatProperty } from './schema-fields.js';
import { primaryType } from '@kaiku/shared/schema-walk';

type Json = Record<string, unknown>;

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlank);
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Converts a Zapier string value to the JSON type the schema declares (Zapier sends most values as text). */
export function coerce(flat: FlatProperty, value: unknown): unknown {
  const type = primaryType(flat.property);
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (type === 'boolean') return ['true', 'yes', '1'].includes(text.toLowerCase());
  if (type === 'integer' || type === 'number') return Number(text);
  return flat.listAt === null ? text : value;
}

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((segment) => {
    if (typeof node[segment] !== 'object' || node[segment] === null) node[segment] = {};
    node = node[segment] as Json;
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value.split(',').map((item) => item.trim());
  return [value];
}

/** Builds the nested body from flat input: blank values are left out, list fields are zipped into arrays of objects. */
export function buildBody(properties: FlatProperty[], inputData: Record<string, unknown>): Json {
  const body: Json = {};
  const lists = new Map<string, Json[]>();
  properties.forEach((flat) => {
    const raw = inputData[flat.key];
    if (isBlank(raw)) return;
    const { listAt } = flat;
    if (listAt === null) {
      setPath(body, flat.path, coerce(flat, raw));
      return;
    }
    const arrayPath = flat.path.slice(0, listAt + 1);
    const items = lists.get(arrayPath.join('.')) ?? [];
    asList(raw).forEach((value, index) => {
      if (isBlank(value)) return;
      const item = items[index] ?? {};
      setPath(item, flat.path.slice(listAt + 1), coerce(flat, value));
      items[index] = item;
    });
    lists.set(arrayPath.join('.'), items);
    setPath(body, arrayPath, items);
  });
  lists.forEach((items, dotted) => setPath(body, dotted.split('.'), items.filter(Boolean)));
  return body;
}
