/**
 * The bodies HubSpot POSTs to the action URL and the options URL, checked and typed at the edge.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions (execution, external options)
 * Execution sample (trimmed): {"callbackId":"ap-102-4-1-0","origin":{"portalId":102,"actionDefinitionId":2,
 * "actionDefinitionVersion":1},"context":{"source":"WORKFLOWS","workflowId":1},"object":{"objectId":4,
 * "objectType":"CONTACT","properties":{"mobilephone":"+358401234567"}},"inputFields":{"template":"123"}}
 */

/** An action execution request, as far as Kaiku reads it. */
export interface ExecutionRequest {
  callbackId: string;
  portalId: number;
  objectType: string;
  objectId: string;
  properties: Record<string, string>;
  inputs: Record<string, string>;
}

/** An options fetch for a dropdown field. */
export interface OptionsRequest {
  portalId: number;
  inputFieldName: string;
  /** Static values already chosen in other fields (object properties are not resolved at design time). */
  staticInputs: Record<string, string>;
  q: string;
  after: string | null;
}

/** A body that is not what HubSpot sends; answered with 400 and nothing is sent. */
export class MalformedRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRequestError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(raw: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new MalformedRequestError('The request body is not valid JSON.');
  }
  if (!isObject(body)) throw new MalformedRequestError('The request body must be a JSON object.');
  return body;
}

function portalIdOf(body: Record<string, unknown>): number {
  const origin = body.origin;
  const portalId = isObject(origin) ? Number(origin.portalId) : NaN;
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new MalformedRequestError('origin.portalId is missing or not a number.');
  return portalId;
}

/** Scalars become strings; null and empty values are dropped (HubSpot sends unset fields as null or ""). */
function stringValues(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && v.trim() !== '') out[key] = v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

/** Parses an execution request body; throws MalformedRequestError when it is not one. */
export function parseExecutionRequest(raw: Buffer): ExecutionRequest {
  const body = parseJson(raw);
  if (typeof body.callbackId !== 'string' || body.callbackId === '') throw new MalformedRequestError('callbackId is missing.');
  const portalId = portalIdOf(body);
  if (!isObject(body.inputFields)) throw new MalformedRequestError('inputFields is missing or not an object.');
  const object = isObject(body.object) ? body.object : {};
  return {
    callbackId: body.callbackId,
    portalId,
    objectType: typeof object.objectType === 'string' ? object.objectType : 'CONTACT',
    objectId: object.objectId === undefined ? '' : String(object.objectId),
    properties: stringValues(object.properties),
    inputs: stringValues(body.inputFields),
  };
}

/** Parses an options fetch body; throws MalformedRequestError when it is not one. */
export function parseOptionsRequest(raw: Buffer): OptionsRequest {
  const body = parseJson(raw);
  const portalId = portalIdOf(body);
  if (typeof body.inputFieldName !== 'string') throw new MalformedRequestError('inputFieldName is missing.');
  const staticInputs: Record<string, string> = {};
  if (isObject(body.inputFields)) {
    for (const [key, field] of Object.entries(body.inputFields)) {
      if (isObject(field) && field.type === 'STATIC_VALUE' && typeof field.value === 'string' && field.value !== '') staticInputs[key] = field.value;
    }
  }
  const fetch = isObject(body.fetchOptions) ? body.fetchOptions : {};
  return {
    portalId,
    inputFieldName: body.inputFieldName,
    staticInputs,
    q: typeof fetch.q === 'string' ? fetch.q.trim() : '',
    after: typeof fetch.after === 'string' && fetch.after !== '' ? fetch.after : null,
  };
}
