/**
 * Test helpers: the app tester with a loose signature (method paths or functions), a nock scope for
 * the proxy that insists on the API key, and the readable parts of a thrown Zapier error.
 */
import nock from 'nock';
import zapier from 'zapier-platform-core';
import app from '../src/index.js';

/** The proxy address the unit tests' connection points at (nock answers; nothing leaves the process). */
export const BASE_URL = 'http://127.0.0.1:4010';

/** The API key the unit tests' connection holds. */
export const API_KEY = 'kaiku_test_0123456789abcdef';

/** A connection's auth data. */
export const authData = { base_url: BASE_URL, api_key: API_KEY };

const tester = zapier.createAppTester(app) as unknown as (method: unknown, bundle?: unknown) => Promise<unknown>;

/** Runs a method of the app (a function of it, or a path like `creates.x.operation.inputFields`) as Zapier would. */
export function run<T>(method: unknown, bundle: Record<string, unknown> = {}): Promise<T> {
  return tester(method, { authData, inputData: {}, ...bundle }) as Promise<T>;
}

/** A nock scope for the proxy that only matches requests carrying the connection's API key. */
export function proxy(): nock.Scope {
  return nock(BASE_URL, { reqheaders: { authorization: `Bearer ${API_KEY}` } });
}

export { failure } from './seen-error.js';
export type { SeenError } from './seen-error.js';
