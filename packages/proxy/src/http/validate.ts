/**
 * Request validation with ajv against the shared JSON Schemas (and the proxy's own small body schemas).
 * A failure is a 400 that names the field and says what to change; unknown fields are rejected.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import { ApiError } from './errors.js';

type JsonObject = Record<string, unknown>;

const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as FormatsPlugin;

/** One ajv instance for the app; schemas are compiled once. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false });
  addFormats(ajv);
  return ajv;
}

/** The input part of a shared operation schema: the root, closed to unknown fields, without `$defs.output`. */
export function inputSchema(schema: JsonObject): JsonObject {
  const copy: JsonObject = { ...schema };
  if (copy.additionalProperties === undefined && copy.unevaluatedProperties === undefined) copy.unevaluatedProperties = false;
  delete copy.$id;
  return copy;
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  const extra = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  if (typeof extra === 'string') return path ? `${path}.${extra}` : extra;
  return path || '(body)';
}

function describe(error: ErrorObject, field: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `The field "${field}" is required.`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `The field "${field}" is not known here; remove it or check its spelling.`;
    case 'enum':
      return `The field "${field}" must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'type':
      return `The field "${field}" must be ${String(params.type)}.`;
    default:
      return `The field "${field}" ${error.message ?? 'is not valid'}.`;
  }
}

/** Ranks errors so that the most actionable one leads the message (oneOf noise last). */
function rank(error: ErrorObject): number {
  if (['oneOf', 'anyOf', 'not', 'if'].includes(error.keyword)) return 2;
  if (error.keyword === 'required' || error.keyword.endsWith('Properties')) return 0;
  return 1;
}

/** Turns ajv's errors into one 400 that names every field. */
export function validationError(errors: ErrorObject[]): ApiError {
  const sorted = [...errors].sort((a, b) => rank(a) - rank(b));
  const fields = sorted.map((error) => {
    const field = fieldOf(error);
    return { field, message: describe(error, field) };
  });
  const unique = fields.filter((item, index) => fields.findIndex((other) => other.message === item.message) === index);
  const first = unique[0] ?? { field: '(body)', message: 'The request body is not valid.' };
  return new ApiError('validation_failed', first.message, { field: first.field, fields: unique });
}

/** A typed validator: returns the body as `T` or throws the 400. */
export type Validator<T> = (body: unknown) => T;

/** Compiles a schema into a validator. */
export function validator<T>(ajv: Ajv2020, schema: JsonObject): Validator<T> {
  const validate: ValidateFunction = ajv.compile(schema);
  return (body) => {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ApiError('validation_failed', 'Send a JSON object as the request body, with Content-Type: application/json.', { field: '(body)' });
    }
    if (!validate(body)) throw validationError(validate.errors ?? []);
    return body as T;
  };
}
