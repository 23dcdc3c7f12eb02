/** Sends over HTTP to a running sandbox, each to a fresh customer, and the check of Meta's envelope for a refused one. */
import { expect } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { graph, PHONE } from './graph.js';

const TITLES: Record<number, string> = { 100: 'Invalid parameter', 131008: 'Required parameter is missing', 131051: 'Unsupported message type' };

export interface SendResult {
  status: number;
  /** What the customer's phone shows for an accepted send. */
  text?: string;
  error?: Record<string, unknown>;
}

/**
 * `send` posts a message (merged into the envelope) to a new customer numbered after `prefix`, so no pair rate limit
 * is ever near; `expectRejected` checks a 400 with the code, its title, the details and no subcode.
 */
export function sendChecks(sandbox: () => RunningSandbox, prefix: string) {
  let customers = 0;
  async function send(message: Record<string, unknown>): Promise<SendResult> {
    customers += 1;
    const to = `${prefix}${String(customers).padStart(4, '0')}`;
    const response = await graph(sandbox().url, 'POST', `/${PHONE}/messages`, { messaging_product: 'whatsapp', to, ...message });
    if (response.status !== 200) return { status: response.status, error: response.body.error };
    const id = (response.body.messages as Array<{ id: string }>)[0]?.id;
    const shown = (await (await fetch(`${sandbox().url}/_sandbox/customers/${to}/messages`)).json()) as { data: Array<{ id: string; text: string }> };
    return { status: 200, text: shown.data.find((m) => m.id === id)?.text };
  }
  async function expectRejected(message: Record<string, unknown>, code: number, details: string): Promise<void> {
    const result = await send(message);
    expect(result.status).toBe(400);
    expect(result.error).toMatchObject({ code, message: `(#${code}) ${TITLES[code]}`, type: 'OAuthException', error_data: { messaging_product: 'whatsapp', details } });
    expect(result.error).not.toHaveProperty('error_subcode');
  }
  return { send, expectRejected };
}
