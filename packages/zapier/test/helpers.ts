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

/** What a zap user would see of an error: its class and, for JSON-encoded messages, their fields. */
export interface SeenError {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** Awaits a promise that must fail and decodes Zapier's JSON-encoded error message. */
export async function failure(promise: Promise<unknown>): Promise<SeenError> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    try {
      const decoded = JSON.parse(message) as Omit<SeenError, 'name'>;
      return { name, ...decoded };
    } catch {
      return { name, message };
    }
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
