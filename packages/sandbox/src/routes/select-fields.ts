/** Graph's `fields` parameter. */

/** Keeps only the requested `fields` (and always `id`), as Graph does. */
export function selectFields(object: Record<string, unknown>, fields: unknown): Record<string, unknown> {
  if (typeof fields !== 'string' || fields === '') return object;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  wanted.add('id');
  return Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key)));
}
