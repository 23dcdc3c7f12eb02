/**
 * The app's only way to the outside: calls to the Kaiku proxy's `/v1` API, with the API key added by
 * middleware and the base URL taken from the connection.
 */
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The connection's Kaiku address, checked and without trailing slashes; plain HTTP only for loopback. */
export function baseUrlOf(z: ZObject, authData: Record<string, string>): string {
  const raw = (authData.base_url ?? '').trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new z.errors.Error(`"${raw}" is not a web address. Enter your Kaiku server's address, for example https://kaiku.example.com.`, 'invalid_base_url', 400);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) {
    throw new z.errors.Error(`Kaiku's address must start with https:// so that your API key travels encrypted; "${raw}" does not.`, 'invalid_base_url', 400);
  }
  return url.toString().replace(/\/+$/, '');
}

/** `beforeRequest` middleware: the API key goes in the Authorization header, never in the URL. */
export function addApiKey(request: HttpRequestOptions & { url: string }, _z: ZObject, bundle: Bundle): HttpRequestOptions & { url: string } {
  const key = bundle.authData?.api_key;
  if (!key) return request;
  return { ...request, headers: { ...request.headers, Authorization: `Bearer ${key}`, Accept: 'application/json' } };
}

/** One call to the proxy. */
export interface ProxyCall {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under `/v1`, e.g. `/messages/template`. */
  path: string;
  params?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function definedParams(params: ProxyCall['params']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params ?? {})
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );
}

/** Calls the proxy and answers its parsed JSON body; error answers throw through `mapProxyErrors`. */
export async function callProxy<T>(z: ZObject, bundle: Bundle, call: ProxyCall): Promise<T> {
  const url = `${baseUrlOf(z, bundle.authData)}/v1${call.path}`;
  const options: HttpRequestOptions & { url: string } = { url, method: call.method ?? 'GET', params: definedParams(call.params) };
  if (call.body) options.json = call.body;
  if (call.headers) options.headers = call.headers;
  const response = await z.request<T>(options);
  return response.data;
}

/** `encodeURIComponent` for a path segment built from user data (ids from dropdowns or mapped fields). */
export function segment(value: unknown): string {
  return encodeURIComponent(String(value ?? ''));
}
