/**
 * The typed client of the proxy's `/v1` API (openapi-fetch over the generated `schema.d.ts`). The session
 * cookie rides along by itself; every change carries the session's CSRF token.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken = '';

/** Remembers the signed-in session's CSRF token. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The current CSRF token, for requests made outside the client (uploads). */
export function currentCsrfToken(): string {
  return csrfToken;
}

/** The API client. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken !== '') request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

/** An API error with the proxy's message (written for people). */
export class ApiFailure extends Error {
  constructor(readonly status: number, message: string, readonly code: string) {
    super(message);
  }
}

/** The data of an openapi-fetch answer, or an ApiFailure carrying the proxy's message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const body = result.error as { error?: { message?: string; code?: string } } | undefined;
    throw new ApiFailure(result.response.status, body?.error?.message ?? result.response.statusText, body?.error?.code ?? 'error');
  }
  return result.data;
}
