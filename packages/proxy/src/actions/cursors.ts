/** Opaque page cursors: base64url JSON, checked on the way back in so a mangled one gets a clear 400. */
import { ApiError } from '../http/errors.js';

/** Encodes a cursor. */
export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor whose fields must have the types of `shape`; undefined when none was given. */
export function decodeCursor<T extends Record<string, string | number>>(field: string, value: string | undefined, shape: T): T | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    // Not base64url JSON: refused below like any other cursor without the fields.
  }
  const fields = parsed as Record<string, unknown> | null | undefined;
  const fits = Object.entries(shape).every(([key, example]) => typeof fields?.[key] === typeof example);
  if (!fits) throw new ApiError('validation_failed', `The field "${field}" is not a cursor this API gave out. Pass the next_cursor of the previous page unchanged, or leave it out to start at the newest.`, { field });
  return parsed as T;
}

/** A page size from the URL: `fallback` when absent, 1–`max` otherwise. */
export function pageLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (Number.isInteger(limit) && limit >= 1 && limit <= max) return limit;
  throw new ApiError('validation_failed', `The field "limit" must be a whole number from 1 to ${max}.`, { field: 'limit' });
}
