/** Reading one send-time template parameter (text, currency, date_time, media, location). */
import { GraphError, invalidValue, missingParameter } from '../graph-error.js';
import { isObject } from '../messages/fields.js';

/** The display value of a body/header text parameter and its `parameter_name`. */
export function parameterValue(part: string, param: unknown): { value: string; name: string | undefined } {
  if (!isObject(param)) throw invalidValue(`${part}: each parameter must be a JSON object.`);
  const name = typeof param.parameter_name === 'string' ? param.parameter_name : undefined;
  const type = param.type;
  if (type === 'text') {
    if (typeof param.text !== 'string') throw missingParameter(`${part}: a parameter of type text requires 'text'.`);
    return { value: param.text, name };
  }
  if (part === 'body' && (type === 'currency' || type === 'date_time')) {
    const inner = param[type];
    if (!isObject(inner) || typeof inner.fallback_value !== 'string') throw missingParameter(`${part}: a ${type} parameter requires '${type}.fallback_value'.`);
    return { value: inner.fallback_value, name };
  }
  throw new GraphError(132012, 'Parameter format does not match format in the created template', {
    status: 400,
    details: `${part}: Format mismatch, expected TEXT, received ${String(type ?? 'UNKNOWN').toUpperCase()}`,
  });
}

/** Parameter text may not contain newlines, tabs or more than 4 consecutive spaces (132018). */
export function checkParameterText(part: string, value: string): void {
  if (/[\n\t]/.test(value) || / {5,}/.test(value)) {
    throw new GraphError(132018, 'There was an issue with the parameters in your template.', {
      status: 400,
      details: `${part}: Param text cannot have new-line/tab characters or more than 4 consecutive spaces`,
    });
  }
}

/** Checks a media/location header parameter against the template's header format; returns its display text. */
export function mediaParameter(param: unknown, format: string): string {
  const expected = format.toLowerCase();
  const type = isObject(param) && typeof param.type === 'string' ? param.type : 'UNKNOWN';
  if (!isObject(param) || type !== expected) {
    throw new GraphError(132012, 'Parameter format does not match format in the created template', {
      status: 400,
      details: `header: Format mismatch, expected ${format}, received ${type.toUpperCase()}`,
    });
  }
  const inner = param[expected];
  if (!isObject(inner)) throw missingParameter(`header: a ${expected} parameter requires '${expected}'.`);
  if (format === 'LOCATION') {
    if (inner.latitude === undefined || inner.longitude === undefined) throw missingParameter('header: a location parameter requires latitude and longitude.');
    return `[location] ${[inner.name, inner.address].filter(Boolean).join(', ')} (${String(inner.latitude)}, ${String(inner.longitude)})`;
  }
  if ((inner.id === undefined) === (inner.link === undefined)) throw missingParameter(`header: a ${expected} parameter requires exactly one of 'id' or 'link'.`);
  return `[${expected}]`;
}
