/** Templates, subscriptions, consent, workspace and operational endpoints over real HTTP against the sandbox. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };
type Template = { id: string; name: string; language: string; category: string; status: string; label: string; inputs: Array<{ key: string }> };

describe('the /v1 resources', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  it('GET /v1/me and /v1/phone-numbers describe the workspace and its sandbox number', async () => {
    const me = (await (await kaiku.api('/v1/me')).json()) as { workspace: { id: string }; phone_numbers: Array<{ id: string }> };
    expect(me.workspace.id).toBe(kaiku.workspaceId);
    expect(me.phone_numbers).toEqual([{ id: kaiku.phoneNumberId, display_phone_number: '15550001234', verified_name: expect.any(String) }]);
    const numbers = (await (await kaiku.api('/v1/phone-numbers')).json()) as { data: Array<{ waba_id: string }> };
    expect(numbers.data[0]?.waba_id).toBe('102290129340398');
  });

  it('lists approved templates with labels and inputs, one by id, and its input schema', async () => {
    const list = (await (await kaiku.api('/v1/templates')).json()) as { data: Template[] };
    expect(list.data.length).toBeGreaterThanOrEqual(8);
    expect(list.data.every((t) => t.status === 'APPROVED')).toBe(true);
    const orderUpdate = list.data.find((t) => t.name === 'order_update' && t.language === 'en_US');
    expect(orderUpdate?.label).toBe('order_update (en_US) — UTILITY');
    expect(orderUpdate?.inputs.map((i) => i.key)).toEqual(expect.arrayContaining(['first_name', 'order_id', 'delivery_date']));

    const one = await kaiku.api(`/v1/templates/${orderUpdate?.id}`);
    expect(await one.json()).toMatchObject({ id: orderUpdate?.id, name: 'order_update' });
    const schema = (await (await kaiku.api(`/v1/templates/${orderUpdate?.id}/schema`)).json()) as { type: string; properties: Record<string, unknown> };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['first_name', 'order_id', 'delivery_date']));

    const unknown = await kaiku.api('/v1/templates/999999');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('not_found');
  });

  it('creates a subscription with 201 and an absolute Location, lists it, and deletes it once', async () => {
    const created = await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: 'http://127.0.0.1:9/hook', secret: `whsec_${Buffer.alloc(32, 5).toString('base64')}` }) });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; event: string; target_url: string };
    expect(subscription).toMatchObject({ event: 'inbound_message', target_url: 'http://127.0.0.1:9/hook' });
    expect((await kaiku.store.getSubscription(kaiku.workspaceId, subscription.id))?.source).toBe('api');
    expect(JSON.stringify(subscription)).not.toContain('a-long-enough-secret');
    const location = created.headers.get('location');
    expect(location).toBe(`${kaiku.proxyUrl}/v1/subscriptions/${subscription.id}`);

    const list = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((s) => s.id)).toContain(subscription.id);

    const deleted = await fetch(location ?? '', { method: 'DELETE', headers: { 'X-API-Key': kaiku.apiKey } });
    expect(deleted.status).toBe(204);
    const again = await fetch(location ?? '', { method: 'DELETE', headers: { 'X-API-Key': kaiku.apiKey } });
    expect(again.status).toBe(404);
  });

  it('offers one subscribe path per Power Automate trigger', async () => {
    const inbound = await kaiku.api('/v1/subscriptions/inbound_message', { method: 'POST', body: JSON.stringify({ target_url: 'http://127.0.0.1:9/flow', filter: { type: 'text' } }) });
    expect(inbound.status).toBe(201);
    const trigger = (await inbound.json()) as { id: string };
    expect(trigger).toMatchObject({ event: 'inbound_message', filter: { type: 'text' } });
    expect((await kaiku.store.getSubscription(kaiku.workspaceId, trigger.id))?.source).toBe('power_automate');
    const status = await kaiku.api('/v1/subscriptions/message_status', { method: 'POST', body: JSON.stringify({ target_url: 'http://127.0.0.1:9/flow2' }) });
    expect(status.status).toBe(201);
    expect(await status.json()).toMatchObject({ event: 'message_status' });
    const wrong = await kaiku.api('/v1/subscriptions/message_status', { method: 'POST', body: JSON.stringify({ target_url: 'http://127.0.0.1:9/x', event: 'inbound_message' }) });
    expect(wrong.status).toBe(400);
  });

  it('records consent with the time set by the proxy and keeps the history', async () => {
    const before = (await (await kaiku.api('/v1/contacts/+358403330001/consent')).json()) as Record<string, unknown>;
    expect(before).toEqual({ wa_id: '358403330001', status: 'unknown', updated_at: null, history: [] });
    await kaiku.api('/v1/contacts/+358403330001/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_in', source: 'web form', proof: 'submission 1' }) });
    const put = await kaiku.api('/v1/contacts/00358403330001/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_out', source: 'phone call' }) });
    expect(put.status).toBe(200);
    const after = (await put.json()) as { status: string; updated_at: string; history: Array<{ status: string; source: string; proof: string | null }> };
    expect(after.status).toBe('opted_out');
    expect(Number.isNaN(Date.parse(after.updated_at))).toBe(false);
    expect(after.history.map((h) => h.status)).toEqual(['opted_out', 'opted_in']);
    expect(after.history[1]).toMatchObject({ source: 'web form', proof: 'submission 1' });

    const bad = await kaiku.api('/v1/contacts/+358403330001/consent', { method: 'PUT', body: JSON.stringify({ status: 'maybe', source: 'x' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.details.field).toBe('status');
    const badPhone = await kaiku.api('/v1/contacts/not-a-number/consent');
    expect(badPhone.status).toBe(422);
  });

  it('lists inbound messages newest first, with limit, since and type filters', async () => {
    const first = await kaiku.customer.send('358403330009', { type: 'text', text: { body: 'one' }, profile_name: 'Aino' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await kaiku.customer.send('358403330009', { type: 'text', text: { body: 'two' } });
    const third = await kaiku.customer.send('358403330009', { type: 'location', location: { latitude: 60.17, longitude: 24.94, name: 'Kauppatori' } });
    type Inbound = { id: string; type: string; text: string | null; received_at: string; window_expires_at: string; profile_name: string | null };
    const list = async (query: string) => ((await (await kaiku.api(`/v1/messages/inbound${query}`)).json()) as { data: Inbound[] }).data;
    const all = await eventually(async () => {
      const data = await list('?limit=100');
      return [first.id, second.id, third.id].every((id) => data.some((m) => m.id === id)) ? data : undefined;
    }, 10_000, 'three inbound messages');
    const mine = all.filter((m) => [first.id, second.id, third.id].includes(m.id));
    expect(mine.map((m) => m.id).indexOf(first.id)).toBe(mine.length - 1);
    expect(mine.find((m) => m.id === first.id)).toMatchObject({ type: 'text', text: 'one', profile_name: 'Aino' });
    const firstRecord = mine.find((m) => m.id === first.id);
    expect(Date.parse(firstRecord?.window_expires_at ?? '') - Date.parse(firstRecord?.received_at ?? '')).toBe(24 * 3600 * 1000);

    expect(await list('?limit=1')).toHaveLength(1);
    const afterFirst = new Date(Date.parse(firstRecord?.received_at ?? '') + 1000).toISOString();
    const since = await list(`?since=${encodeURIComponent(afterFirst)}&limit=100`);
    expect(since.map((m) => m.id)).not.toContain(first.id);
    expect(since.map((m) => m.id)).toEqual(expect.arrayContaining([second.id, third.id]));
    expect((await list('?type=location')).map((m) => m.id)).toEqual([third.id]);
    const bad = await kaiku.api('/v1/messages/inbound?since=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.details.field).toBe('since');
    expect((await kaiku.api('/v1/messages/inbound?limit=1000')).status).toBe(400);
  });

  it('lists the latest status updates of sent messages newest first, shaped as the status trigger delivers them', async () => {
    expect(await (await kaiku.api('/v1/messages/statuses')).json()).toEqual({ data: [] });
    await kaiku.customer.send('358403330010', { type: 'text', text: { body: 'status please' } });
    const sent = (await (await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358403330010', text: 'On its way' }) })).json()) as { id: string };
    type Status = Record<string, unknown> & { id: string; status: string; timestamp: string };
    const list = async (query = '') => ((await (await kaiku.api(`/v1/messages/statuses${query}`)).json()) as { data: Status[] }).data;
    const statuses = await eventually(async () => {
      const data = await list();
      return data.some((s) => s.status === 'read') ? data : undefined;
    }, 10_000, 'the read status');
    expect(statuses.map((s) => s.status)).toEqual(['read', 'delivered', 'sent']);
    expect(Object.keys(statuses[0] ?? {}).sort()).toEqual(Object.keys(loadSample('message-status') as object).sort());
    expect(statuses[0]).toMatchObject({ id: sent.id, phone_number_id: kaiku.phoneNumberId, recipient_id: '358403330010', error_code: null });
    expect(await list('?limit=1')).toHaveLength(1);
    expect(await list('?phone_number_id=999')).toEqual([]);
    expect((await kaiku.api('/v1/messages/statuses?limit=0')).status).toBe(400);
  });

  it('reads an unknown message id as 404 and lists no dead deliveries yet', async () => {
    const missing = await kaiku.api('/v1/messages/wamid.nothing');
    expect(missing.status).toBe(404);
    expect(await (await kaiku.api('/v1/deliveries/dead')).json()).toEqual({ data: [] });
  });

  it('serves /healthz, /metrics and /v1/openapi.json without a key', async () => {
    expect(await (await fetch(`${kaiku.proxyUrl}/healthz`)).json()).toEqual({ status: 'ok', store: 'sqlite' });
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    for (const name of ['kaiku_webhook_received_total', 'kaiku_sends_total', 'kaiku_deliveries_total', 'kaiku_delivery_queue_depth', 'kaiku_send_seconds']) {
      expect(metrics).toContain(name);
    }
    const openapi = (await (await fetch(`${kaiku.proxyUrl}/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown>; servers: Array<{ url: string }> };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(openapi.servers[0]?.url).toBe(kaiku.proxyUrl);
    expect(Object.keys(openapi.paths)).toContain('/v1/messages/template');
  });
});
