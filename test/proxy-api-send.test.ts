/** POST /v1/messages/template over real HTTP against the sandbox: consent, variables, idempotency, errors. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const ORDER_UPDATE = { template: 'order_update', language: 'en_US', variables: { first_name: 'Aino', order_id: 'KA-1042', delivery_date: '28.11.2026' } };

describe('POST /v1/messages/template', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify(body), headers });

  it('sends a utility template to a number in any common format and the customer reads it', async () => {
    const response = await send({ to: '+358 40 111 2222', ...ORDER_UPDATE });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, string>;
    expect(answer).toEqual({ id: expect.stringMatching(/^wamid\./), wa_id: '358401112222', status: 'accepted', preview: expect.stringContaining('KA-1042') });
    const received = await kaiku.customer.messages('358401112222');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: answer.id, direction: 'outbound' });
    expect(String(received[0]?.text)).toContain('Hi Aino, your order KA-1042 has shipped');

    const detail = await kaiku.api(`/v1/messages/${encodeURIComponent(answer.id ?? '')}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ id: answer.id, wa_id: '358401112222', type: 'template', template: 'order_update', sent_as: 'template' });
  });

  it('sends by template id too', async () => {
    const list = (await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ id: string; name: string; language: string }> };
    const template = list.data.find((t) => t.name === 'order_confirmation' && t.language === 'en_US');
    const response = await send({ to: '358401112223', template: template?.id, variables: { 1: 'KA-7', 2: '12.50 EUR' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { preview: string }).preview).toContain('KA-7');
  });

  it('sends once per idempotency key (header or field), and refuses the key for another message', async () => {
    const first = await send({ to: '+358401112224', ...ORDER_UPDATE }, { 'Idempotency-Key': 'zap-attempt-1' });
    const second = await send({ to: '+358401112224', ...ORDER_UPDATE }, { 'Idempotency-Key': 'zap-attempt-1' });
    const third = await send({ to: '+358401112224', ...ORDER_UPDATE, idempotency_key: 'zap-attempt-1' });
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const ids = await Promise.all([first, second, third].map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    expect(await kaiku.customer.messages('358401112224')).toHaveLength(1);

    const other = await send({ to: '+358401112225', ...ORDER_UPDATE }, { 'Idempotency-Key': 'zap-attempt-1' });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_conflict');
  });

  it('sends one message when the same key arrives concurrently', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => send({ to: '+358401112226', ...ORDER_UPDATE }, { 'Idempotency-Key': 'race-1' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(await kaiku.customer.messages('358401112226')).toHaveLength(1);
  });

  it('never messages a customer who opted out, and needs an opt-in for marketing', async () => {
    const optOut = await kaiku.api('/v1/contacts/+358401112227/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_out', source: 'phone call' }) });
    expect(optOut.status).toBe(200);
    const refused = await send({ to: '+358401112227', ...ORDER_UPDATE });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('opted_out');

    const marketing = { template: 'spring_sale', language: 'en_US', variables: { 1: 'Aino', 2: '20%', header_image: 'https://cdn.example.com/sale.jpg', button_0_url: 'spring' } };
    const noConsent = await send({ to: '+358401112228', ...marketing });
    expect(noConsent.status).toBe(403);
    expect(((await noConsent.json()) as { error: { code: string } }).error.code).toBe('no_consent');
    expect(await kaiku.customer.messages('358401112227')).toHaveLength(0);
    expect(await kaiku.customer.messages('358401112228')).toHaveLength(0);

    await kaiku.api('/v1/contacts/358401112228/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_in', source: 'checkout form', proof: 'order 991' }) });
    const allowed = await send({ to: '+358401112228', ...marketing });
    expect(allowed.status).toBe(200);
  });

  it('answers unknown templates, missing variables and bad numbers with the field to fix', async () => {
    const missing = await send({ to: '+358401112229', template: 'no_such_template', language: 'en_US' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('template_not_found');

    const variables = await send({ to: '+358401112229', template: 'order_update', language: 'en_US', variables: { first_name: 'Aino' } });
    expect(variables.status).toBe(422);
    const variablesError = ((await variables.json()) as { error: { code: string; details: { fields: unknown } } }).error;
    expect(variablesError.code).toBe('template_variables_invalid');
    expect(JSON.stringify(variablesError.details.fields)).toContain('order_id');

    const phone = await send({ to: 'call me maybe', ...ORDER_UPDATE });
    expect(phone.status).toBe(422);
    expect(((await phone.json()) as { error: { code: string; details: { field: string } } }).error).toMatchObject({ code: 'invalid_phone', details: { field: 'to' } });
    expect(await kaiku.customer.messages('358401112229')).toHaveLength(0);
  });

  it('counts sends by result and their latency in /metrics', async () => {
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? 'NaN');
    expect(value(/^kaiku_sends_total\{result="sent"\} (\d+)/m)).toBeGreaterThanOrEqual(5);
    expect(value(/^kaiku_sends_total\{result="refused"\} (\d+)/m)).toBeGreaterThanOrEqual(2);
    expect(value(/^kaiku_sends_total\{result="replayed"\} (\d+)/m)).toBeGreaterThanOrEqual(2);
    expect(value(/^kaiku_send_seconds_count (\d+)/m)).toBeGreaterThanOrEqual(5);
  });
});
