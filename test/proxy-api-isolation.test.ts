/**
 * Two workspaces on one proxy: one workspace's API key can neither read nor send for the other (its ids answer
 * 404), and a webhook signed with one connection's app secret cannot inject events into the other's.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addConnection, createApiKey } from '@kaiku/proxy';
import { startSandbox } from '@kaiku/sandbox';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const OTHER_PHONE = { id: '106540352249999', display_phone_number: '15550009999', verified_name: 'Other Business' };
const OTHER_WABA = '102290129349999';
const OTHER_SECRET = 'other-app-secret';

function inboundPayload(wabaId: string, phone: { id: string; display_phone_number: string }, from: string, id: string): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: phone.display_phone_number, phone_number_id: phone.id },
      contacts: [{ profile: { name: 'Mallory' }, wa_id: from }],
      messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'injected' } }],
    } }] }],
  });
}

function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('workspace isolation', () => {
  let kaiku: Kaiku;
  let other: { workspaceId: string; apiKey: string; stopSandbox: () => Promise<void> };
  const otherApi = (path: string, init: RequestInit = {}) =>
    fetch(`${kaiku.proxyUrl}${path}`, { ...init, headers: { authorization: `Bearer ${other.apiKey}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    kaiku = await startKaiku();
    const sandbox = await startSandbox({ port: 0, wabaId: OTHER_WABA, phoneNumbers: [OTHER_PHONE], appSecret: OTHER_SECRET, accessToken: 'other-token' });
    const workspace = await kaiku.store.createWorkspace({ name: 'Other workspace' });
    await addConnection(kaiku.store, kaiku.secrets, {
      workspaceId: workspace.id, wabaId: OTHER_WABA, phoneNumberId: OTHER_PHONE.id, accessToken: 'other-token', appSecret: OTHER_SECRET,
      verifyToken: 'other-verify', graphBaseUrl: sandbox.config.graph_base_url, graphVersion: sandbox.config.graph_version, publicUrl: null,
    });
    const { key } = await createApiKey(kaiku.store, workspace.id, 'other');
    other = { workspaceId: workspace.id, apiKey: key, stopSandbox: () => sandbox.stop() };
  });
  afterAll(async () => {
    await other.stopSandbox();
    await kaiku.stop();
  });

  it('one key cannot read or send for the other workspace', async () => {
    const sent = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358404440001', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-1', 2: '12.50 EUR' } }) });
    expect(sent.status).toBe(200);
    const { id } = (await sent.json()) as { id: string };
    const subscription = (await (await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: 'http://127.0.0.1:9/a' }) })).json()) as { id: string };
    const templates = (await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ id: string }> };

    expect((await otherApi(`/v1/messages/${encodeURIComponent(id)}`)).status).toBe(404);
    expect((await otherApi(`/v1/subscriptions/${subscription.id}`, { method: 'DELETE' })).status).toBe(404);
    // Both sandboxes seed the same template ids: the other key must see its own WABA's copy, never this one's.
    expect(await (await otherApi(`/v1/templates/${templates.data[0]?.id}`)).json()).toMatchObject({ phone_number_id: OTHER_PHONE.id });
    const created = await fetch(`${kaiku.sandboxUrl}/v24.0/102290129340398/message_templates`, {
      method: 'POST', headers: { authorization: 'Bearer sandbox-access-token', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'only_in_first_waba', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your parcel is ready.' }] }),
    });
    const onlyFirst = (await created.json()) as { id: string };
    expect(created.status).toBe(200);
    expect((await otherApi(`/v1/templates/${onlyFirst.id}`)).status).toBe(404);
    expect(((await (await otherApi('/v1/subscriptions')).json()) as { data: unknown[] }).data).toEqual([]);
    expect(((await (await otherApi('/v1/messages/inbound')).json()) as { data: unknown[] }).data).toEqual([]);
    const sendAs = await otherApi('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358404440002', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-1', 2: '12.50 EUR' }, phone_number_id: kaiku.phoneNumberId }) });
    expect(sendAs.status).toBe(404);
    expect(await kaiku.customer.messages('358404440002')).toHaveLength(0);
    expect((await kaiku.api(`/v1/messages/${encodeURIComponent(id)}`)).status).toBe(200);
  });

  it('a webhook signed with the other connection\'s secret cannot inject into this one', async () => {
    const forged = inboundPayload('102290129340398', { id: kaiku.phoneNumberId, display_phone_number: '15550001234' }, '358404440003', 'wamid.FORGED1');
    const refused = await fetch(`${kaiku.proxyUrl}/webhooks/whatsapp`, { method: 'POST', body: forged, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(forged, OTHER_SECRET) } });
    expect(refused.status).toBe(401);

    const genuineOther = inboundPayload(OTHER_WABA, OTHER_PHONE, '358404440004', 'wamid.OTHER1');
    const accepted = await fetch(`${kaiku.proxyUrl}/webhooks/whatsapp`, { method: 'POST', body: genuineOther, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(genuineOther, OTHER_SECRET) } });
    expect(accepted.status).toBe(200);
    await eventually(async () => {
      const data = ((await (await otherApi('/v1/messages/inbound')).json()) as { data: Array<{ id: string }> }).data;
      return data.some((m) => m.id === 'wamid.OTHER1');
    }, 10_000, 'the other workspace to receive its own message');
    const mine = ((await (await kaiku.api('/v1/messages/inbound')).json()) as { data: Array<{ id: string }> }).data;
    expect(mine.map((m) => m.id)).not.toContain('wamid.FORGED1');
    expect(mine.map((m) => m.id)).not.toContain('wamid.OTHER1');
  });
});
