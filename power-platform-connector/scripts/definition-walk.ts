/** Walking a Swagger 2.0 definition: its operations and the properties of its schemas. */
import type { Schema } from './swagger-schema.js';

/** One readable line per problem. */
export type Problems = string[];

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
/** Whether a JSON value is an object (not an array). */
export const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every operation of the document with its path and method. */
export function operations(doc: Schema): { path: string; method: string; op: Schema; item: Schema }[] {
  const out: { path: string; method: string; op: Schema; item: Schema }[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Schema>)) {
    for (const method of methods) if (isObject(item[method])) out.push({ path, method, op: item[method] as Schema, item });
  }
  return out;
}

/** Every property of a schema, however deep, with a readable path. */
export function eachProperty(schema: unknown, where: string, visit: (property: Schema, where: string) => void): void {
  if (!isObject(schema)) return;
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    visit(property, `${where}.${name}`);
    eachProperty(property, `${where}.${name}`, visit);
  }
  eachProperty(schema.items, `${where}[]`, visit);
}
