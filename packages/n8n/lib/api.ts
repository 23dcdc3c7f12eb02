/**
 * Calls to the Kaiku proxy with the "Kaiku API" credentials, and its error answers
 * (`{"error": {code, message, details}}`) turned into n8n's `NodeApiError`: the proxy's message (written
 * for a no-code user) as the message, its code and the fields at fault in the description.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IHookFunctions, IHttpRequestMethods, ILoadOptionsFunctions, INode, JsonObject } from 'n8n-workflow';

/** The name of the credentials type every Kaiku node uses. */
export const CREDENTIALS = 'kaikuApi';

/** The functions objects that can call the proxy. */
export type KaikuFunctions = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

/** The error body every proxy route answers with. */
export interface ProxyError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** One request to the proxy. */
export interface KaikuRequest {
  method: IHttpRequestMethods;
  /** Under `/v1`, e.g. `/templates`. */
  path: string;
  body?: IDataObject;
  qs?: IDataObject;
  itemIndex?: number;
  /** Answer null for a 404 instead of throwing (a subscription that is already gone). */
  ignoreNotFound?: boolean;
}

/** A path segment from user input (a phone number, a template id), escaped. */
export function segment(value: string): string {
  return encodeURIComponent(value.trim());
}

/** The proxy's error out of an answer body, or null when the body is no Kaiku error. */
export function proxyErrorOf(body: unknown): ProxyError | null {
  if (!body || typeof body !== 'object') return null;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return null;
  const { code, message, details } = error as Partial<ProxyError>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return { code, message, details: details && typeof details === 'object' ? details : {} };
}

function fieldsOf(details: Record<string, unknown>): string[] {
  const fields = Array.isArray(details.fields) ? details.fields : [];
  return fields
    .map((item: unknown) => (item && typeof item === 'object' ? (item as { field?: unknown; message?: unknown }) : {}))
    .filter((item) => typeof item.field === 'string' && typeof item.message === 'string')
    .map((item) => `${String(item.field)}: ${String(item.message)}`);
}

/** The `NodeApiError` for a proxy answer with status `status` and body `body`. */
export function kaikuApiError(node: INode, status: number, body: unknown, itemIndex?: number): NodeApiError {
  const error = proxyErrorOf(body) ?? {
    code: 'unexpected_answer',
    message: `Kaiku answered HTTP ${status} without a Kaiku error. Check that the credentials' URL points at your Kaiku server.`,
    details: {},
  };
  const fields = fieldsOf(error.details);
  const retryAfter = typeof error.details.retry_after_seconds === 'number' ? ` Try again in ${error.details.retry_after_seconds} s.` : '';
  const description = [`Kaiku error code: ${error.code} (HTTP ${status}).${retryAfter}`, ...fields].join('\n');
  const response: JsonObject = { code: error.code, message: error.message, details: error.details as JsonObject, httpCode: String(status) };
  return new NodeApiError(node, response, { message: error.message, description, httpCode: String(status), itemIndex });
}

function trimmedUrl(url: unknown): string {
  if (typeof url !== 'string' || url.trim() === '') throw new Error('The Kaiku API credentials have no URL. Enter your Kaiku server\'s address, such as https://kaiku.example.com.');
  return url.trim().replace(/\/+$/, '');
}

/** Calls the proxy and answers its JSON body; an error answer throws a `NodeApiError`. */
export async function kaikuRequest<T = IDataObject>(fns: KaikuFunctions, request: KaikuRequest & { ignoreNotFound: true }): Promise<T | null>;
export async function kaikuRequest<T = IDataObject>(fns: KaikuFunctions, request: KaikuRequest): Promise<T>;
export async function kaikuRequest<T = IDataObject>(fns: KaikuFunctions, request: KaikuRequest): Promise<T | null> {
  const credentials = await fns.getCredentials<{ url: string }>(CREDENTIALS);
  const options = {
    method: request.method,
    baseURL: `${trimmedUrl(credentials.url)}/v1`,
    url: request.path,
    qs: request.qs,
    body: request.body,
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  };
  let answer: { statusCode: number; body: unknown };
  try {
    answer = (await fns.helpers.httpRequestWithAuthentication.call(fns, CREDENTIALS, options)) as { statusCode: number; body: unknown };
  } catch (error) {
    throw new NodeApiError(fns.getNode(), { message: (error as Error).message } as JsonObject, {
      message: `Kaiku could not be reached at ${credentials.url}.`,
      description: `${(error as Error).message}. Check the URL in the Kaiku API credentials and that the server is running.`,
      itemIndex: request.itemIndex,
    });
  }
  if (answer.statusCode === 404 && request.ignoreNotFound) return null;
  if (answer.statusCode >= 400) throw kaikuApiError(fns.getNode(), answer.statusCode, answer.body, request.itemIndex);
  return answer.body as T;
}

/** Any error of an item as n8n's own kind: a `NodeApiError` or `NodeOperationError` stays as it is. */
export function nodeErrorOf(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
