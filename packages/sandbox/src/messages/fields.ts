/** Small readers for untyped request JSON that fail with Meta's error codes. */
import { GraphError, invalidParameter, missingParameter } from '../graph-error.js';

/** A JSON object from a request body. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or 131008 naming the missing parameter. */
export function requireObject(parent: Json, key: string, path: string): Json {
  const value = parent[key];
  if (value === undefined) throw missingParameter(`The parameter ${path} is required.`);
  if (!isObject(value)) throw invalidParameter(`Param ${path} must be a JSON object.`);
  return value;
}

/** A non-empty string at `key`, at most `max` characters. */
export function requireString(parent: Json, key: string, path: string, max: number): string {
  const value = parent[key];
  if (value === undefined || value === null || value === '') throw missingParameter(`The parameter ${path} is required.`);
  if (typeof value !== 'string') throw invalidParameter(`Param ${path} must be a string.`);
  return checkLength(value, path, max);
}

/** An optional string at `key`, at most `max` characters. */
export function optionalString(parent: Json, key: string, path: string, max: number): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`Param ${path} must be a string.`);
  return checkLength(value, path, max);
}

function checkLength(value: string, path: string, max: number): string {
  if ([...value].length > max) throw invalidParameter(`Param ${path} must be at most ${max} characters long.`);
  return value;
}

/** An array at `key` with between `min` and `max` items. */
export function requireArray(parent: Json, key: string, path: string, min: number, max: number): unknown[] {
  const value = parent[key];
  if (value === undefined) throw missingParameter(`The parameter ${path} is required.`);
  if (!Array.isArray(value)) throw invalidParameter(`Param ${path} must be an array.`);
  if (value.length < min) throw invalidParameter(`Param ${path} must have at least ${min} element${min === 1 ? '' : 's'}.`);
  if (value.length > max) throw invalidParameter(`Param ${path} must have at most ${max} elements.`);
  return value;
}

/** A number (or numeric string, as Meta accepts for coordinates) within a range. */
export function requireCoordinate(parent: Json, key: string, path: string, limit: number): number {
  const raw = parent[key];
  if (raw === undefined || raw === '') throw missingParameter(`The parameter ${path} is required.`);
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new GraphError(100, 'Invalid parameter', { status: 400, details: `Param ${path} must be a number between -${limit} and ${limit}.` });
  }
  return value;
}
