/**
 * /v1/automations end to end: bad rules refused saying what to fix, rules per business number, the sink that
 * feeds the runner kept only while rules exist, and a run that survives WhatsApp being down and a restart
 * (the durable queue) and answers exactly once. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';

describe.each(['sqlite', 'postgres'] as const)('/v1/automations (%s)', (store) => {
  let kaiku: Kaiku;
  let whatsappDown = false;
  let refusedSends = 0;

  beforeAll(async () => {
    // Meta answering 503 "temporarily unavailable" to sends while `whatsappDown`.
    const flaky: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (whatsappDown && init?.method === 'POST' && url.endsWith('/messages')) {
        refusedSends += 1;
        return new Response(JSON.stringify({ error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } }), { status: 503, headers: { 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
    kaiku = await startKaiku({ store, fetch: flaky, background: { delivery: { retry: { baseDelayMs: 200, maxDelayMs: 1000, retryForMs: 600_000 } } } });
  });
  afterAll(async () => kaiku.stop());

  const post = (body: unknown) => kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify(body) });
  const reply = { type: 'reply', reply: { text: 'Kiitos viestistä!' } };

  it('refuses rules that cannot work, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 'x', trigger: { type: 'out_of_hours', opening_hours: { mon: [{ from: '16:00', to: '08:00' }] } }, action: reply }, 'trigger.opening_hours.mon'],
      [{ name: 'x', trigger: { type: 'out_of_hours', time_zone: 'Europe/Helsingfors', opening_hours: {} }, action: reply }, 'trigger.time_zone'],
      [{ name: 'x', trigger: { type: 'keyword', keywords: ['  '] }, action: reply }, 'trigger.keywords'],
      [{ name: 'x', trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'a', media: { type: 'image', url: 'https://example.com/a.jpg' } } } }, 'text'],
      [{ name: 'x', trigger: { type: 'any_message' }, action: reply, phone_number_id: '999' }, 'phone_number_id'],
      [{ name: 'x', trigger: { type: 'sometimes' }, action: reply }, 'trigger.type'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      const error = ((await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;
      expect([res.status, JSON.stringify(error)]).toEqual([expect.any(Number), expect.stringContaining(field)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(((await (await kaiku.api('/v1/automations')).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('keeps rules per business number, and the runner subscribed only while rules exist', async () => {
    const sinks = async () => (await kaiku.store.listSubscriptions(kaiku.workspaceId)).filter((s) => s.sink === 'automations');
    const id = await createRule(kaiku, { name: 'Thanks', trigger: { type: 'any_message' }, action: reply });
    const created = (await (await kaiku.api(`/v1/automations/${id}`)).json()) as Record<string, unknown>;
    expect(created).toMatchObject({ id, name: 'Thanks', phone_number_id: kaiku.phoneNumberId, enabled: true, once_per_hours: null, trigger: { type: 'any_message' } });
    expect(((await (await kaiku.api(`/v1/automations?phone_number_id=${kaiku.phoneNumberId}`)).json()) as { data: Array<{ id: string }> }).data.map((r) => r.id)).toEqual([id]);
    expect(((await (await kaiku.api('/v1/automations?phone_number_id=123')).json()) as { data: unknown[] }).data).toEqual([]);
    expect(await sinks()).toHaveLength(1);
    // The runner's subscription is Kaiku's own, not one of the caller's.
    expect(((await (await kaiku.api('/v1/subscriptions')).json()) as { data: unknown[] }).data).toEqual([]);
    expect((await kaiku.api(`/v1/automations/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await kaiku.api(`/v1/automations/${id}`)).status).toBe(404);
    expect((await kaiku.api(`/v1/automations/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await sinks()).toEqual([]);
  });

  it('a run waits out WhatsApp being down and a restart, then answers exactly once', async () => {
    const id = await createRule(kaiku, { name: 'Thanks', trigger: { type: 'any_message' }, action: reply });
    whatsappDown = true;
    const { id: messageId } = await kaiku.customer.send('358401120001', { type: 'text', text: { body: 'Hei' } });
    await eventually(async () => refusedSends >= 3, 10_000, 'WhatsApp to refuse the reply');
    // Nothing was sent, so no run has ended: it waits for the runner (parked for a retry, or being tried right now).
    expect((await runsOf(kaiku, id)).filter((r) => r.outcome !== 'started')).toEqual([]);
    expect((await kaiku.store.automations.backlog()).waiting).toBeGreaterThan(0);
    await kaiku.restartProxy();
    whatsappDown = false;
    await eventually(async () => (await repliesTo(kaiku, '358401120001')).length > 0, 20_000, 'the reply after the restart');
    await eventually(async () => ((await kaiku.store.automations.backlog()).waiting) === 0, 10_000, 'the runner to catch up');
    expect(await repliesTo(kaiku, '358401120001')).toEqual(['Kiitos viestistä!']);
    expect(await runsOf(kaiku, id)).toMatchObject([{ message_id: messageId, outcome: 'replied', sent: { text: 'Kiitos viestistä!' } }]);
    await kaiku.api(`/v1/automations/${id}`, { method: 'DELETE' });
  });
});
