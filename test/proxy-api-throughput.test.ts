/**
 * Sends under pressure: the per-number cap holds messages back with 429 + Retry-After instead of flooding
 * Meta; Meta's own throughput answer (130429) is backed off; a re-engagement error (131047) from Meta gets the
 * same answer as a closed window.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const TEMPLATE = { template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-1', 2: '1.00 EUR' } };

async function burst(kaiku: Kaiku, prefix: string, count: number): Promise<Array<{ status: number; retryAfter: string | null; code?: string }>> {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) =>
    kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: `+35840${prefix}${String(i).padStart(3, '0')}`, ...TEMPLATE }) })));
  return Promise.all(responses.map(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), ...(r.status === 200 ? {} : { code: ((await r.json()) as { error: { code: string } }).error.code }) })));
}

async function delivered(kaiku: Kaiku, prefix: string, count: number): Promise<number> {
  const counts = await Promise.all(Array.from({ length: count }, async (_, i) => (await kaiku.customer.messages(`35840${prefix}${String(i).padStart(3, '0')}`)).length));
  return counts.reduce((a, b) => a + b, 0);
}

describe('throughput', () => {
  let kaiku: Kaiku | undefined;
  afterEach(async () => {
    await kaiku?.stop();
    kaiku = undefined;
  });

  it('holds sends above the per-number cap back with 429 and Retry-After, and sends the rest exactly once', async () => {
    kaiku = await startKaiku({ config: { sendsPerSecond: 1 } });
    const answers = await burst(kaiku, '7770', 8);
    const sent = answers.filter((a) => a.status === 200).length;
    const held = answers.filter((a) => a.status === 429);
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(held.length).toBeGreaterThanOrEqual(1);
    expect(held.every((a) => a.code === 'throughput_limited' && Number(a.retryAfter) >= 1)).toBe(true);
    expect(await delivered(kaiku, '7770', 8)).toBe(sent);
    expect(await (await fetch(`${kaiku.proxyUrl}/metrics`)).text()).toMatch(/kaiku_send_throttled_total\{reason="local_cap"\} [1-9]/);
  });

  it('backs off when Meta answers 130429 and never sends one message twice', async () => {
    let throttledByMeta = 0;
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.status >= 400 && (await response.clone().text()).includes('130429')) throttledByMeta += 1;
      return response;
    };
    kaiku = await startKaiku({ sandbox: { throughputPerSecond: 2 }, fetch: counting });
    const answers = await burst(kaiku, '7771', 6);
    expect(throttledByMeta).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || (a.status === 429 && Number(a.retryAfter) >= 1))).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(await delivered(kaiku, '7771', 6)).toBe(answers.filter((a) => a.status === 200).length);
  });

  it('answers Meta\'s 131047 like a closed window, or sends the fallback template', async () => {
    const reengagement = { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, fbtrace_id: 'Atrace' } };
    const metaSays131047: typeof fetch = async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      if (String(input).endsWith('/messages') && body.startsWith('{') && (JSON.parse(body) as { type?: string }).type === 'text') {
        return new Response(JSON.stringify(reengagement), { status: 400, headers: { 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
    kaiku = await startKaiku({ fetch: metaSays131047 });
    const k = kaiku;
    const { id } = await k.customer.send('358407772001', { type: 'text', text: { body: 'Hello?' } });
    await eventually(async () => ((await (await k.api('/v1/messages/inbound')).json()) as { data: Array<{ id: string }> }).data.some((m) => m.id === id), 10_000, 'the inbound message');

    const refused = await k.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358407772001', text: 'Hi!' }) });
    expect(refused.status).toBe(409);
    const error = ((await refused.json()) as { error: { code: string; details: { closed_at: string } } }).error;
    expect(error.code).toBe('window_closed');
    expect(Number.isNaN(Date.parse(error.details.closed_at))).toBe(false);

    const fallback = await k.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358407772001', text: 'Hi!', fallback_template: TEMPLATE }) });
    expect(fallback.status).toBe(200);
    expect(await fallback.json()).toMatchObject({ sent_as: 'fallback_template' });
  });
});
