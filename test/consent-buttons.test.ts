/**
 * Consent inside WhatsApp, end to end against the sandbox: the seed template spring_sale's "Ei mainoksia"
 * button opts the customer out with proof, and an opt-in request's "yes" tap records the opt-in with proof
 * (template, message, button, time), its "no" records nothing or an opt-out as asked. Confirmations are in
 * the customer's language. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface ConsentView { status: string; history: Array<{ status: string; source: string; proof: string | null; recorded_at: string }> }

describe.each(['sqlite', 'postgres'] as const)('consent buttons (%s)', (store) => {
  let kaiku: Kaiku;

  beforeAll(async () => {
    kaiku = await startKaiku({ store, sandbox: { templateReviewMs: 0 } });
    await kaiku.store.updateWorkspaceSettings(kaiku.workspaceId, { confirmConsentChanges: true, requireMarketingOptIn: false });
    const graph = `${kaiku.sandboxUrl}/v24.0/${(await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json() as { waba_id: string }).waba_id}/message_templates`;
    const created = await fetch(graph, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-access-token' },
      body: JSON.stringify({
        name: 'marketing_consent', language: 'fi', category: 'MARKETING',
        components: [
          { type: 'BODY', text: 'Saammeko lähettää sinulle tarjouksia WhatsAppissa?' },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Kyllä kiitos' }, { type: 'QUICK_REPLY', text: 'Ei kiitos' }] },
        ],
      }),
    });
    expect(created.status).toBe(200);
  });
  afterAll(async () => kaiku.stop());

  const consent = async (waId: string) => (await (await kaiku.api(`/v1/contacts/${waId}/consent`)).json()) as ConsentView;
  const outbound = async (waId: string) => (await kaiku.customer.messages(waId)).filter((m) => m.direction !== 'inbound');

  async function sendSpringSale(waId: string, language: string): Promise<string> {
    const res = await kaiku.api('/v1/messages/template', {
      method: 'POST',
      body: JSON.stringify({ to: waId, template: 'spring_sale', language, variables: { header_image: 'https://example.com/sale.jpg', 1: 'Aino', 2: '20 %', button_0_url: 'kevat' } }),
    });
    const body = (await res.json()) as { id: string };
    if (res.status !== 200) throw new Error(JSON.stringify(body));
    return body.id;
  }

  it('"Ei mainoksia" on spring_sale opts the customer out with proof and confirms in Finnish', async () => {
    const waId = '358401230001';
    const templateMessage = await sendSpringSale(waId, 'fi');
    const tap = await kaiku.customer.send(waId, { type: 'button', button: { text: 'Ei mainoksia' }, context: { id: templateMessage } });
    const view = await eventually(async () => { const c = await consent(waId); return c.status === 'opted_out' ? c : undefined; }, 10_000, 'the opt-out');
    const [event] = view.history;
    expect(event?.source).toBe('whatsapp_opt_out_button');
    expect(event?.proof).toContain('"Ei mainoksia"');
    expect(event?.proof).toContain('template "spring_sale"');
    expect(event?.proof).toContain(templateMessage);
    expect(event?.proof).toContain(tap.id);
    await eventually(async () => (await outbound(waId)).some((m) => m.text === 'Et saa enää viestejämme WhatsAppissa. Vastaa ALOITA, jos haluat ne takaisin.'), 10_000, 'the Finnish confirmation');
    // Opted out: the next marketing template is refused.
    const again = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: waId, template: 'spring_sale', language: 'fi', variables: { header_image: 'https://example.com/sale.jpg', 1: 'Aino', 2: '20 %', button_0_url: 'kevat' } }) });
    expect(again.status).toBe(403);
  });

  it('"Stop promotions" opts an English-speaking customer out and confirms in English; another button does not', async () => {
    const waId = '447911123456';
    const update = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: `+${waId}`, template: 'order_update', language: 'en_US', variables: { first_name: 'Amara', order_id: 'A-1', delivery_date: '2026-12-01' } }),
    });
    const updateId = ((await update.json()) as { id: string }).id;
    expect(update.status).toBe(200);
    await kaiku.customer.send(waId, { type: 'button', button: { text: 'Thanks' }, context: { id: updateId } });
    await eventually(async () => (await (await kaiku.api('/v1/messages/inbound?limit=50')).json() as { data: Array<{ from: string }> }).data.some((m) => m.from === waId), 10_000, 'the tap applied');
    expect((await consent(waId)).status).toBe('unknown');
    const templateMessage = await sendSpringSale(`+${waId}`, 'en_US');
    await kaiku.customer.send(waId, { type: 'button', button: { text: 'Stop promotions' }, context: { id: templateMessage } });
    await eventually(async () => (await consent(waId)).status === 'opted_out', 10_000, 'the opt-out');
    await eventually(async () => (await outbound(waId)).some((m) => m.text === 'You will no longer receive messages from us on WhatsApp. Reply START to subscribe again.'), 10_000, 'the English confirmation');
  });

  it('an opt-in request: "Kyllä kiitos" records opted_in with template, message, button and time', async () => {
    const waId = '358401230002';
    const res = await kaiku.api(`/v1/contacts/${waId}/opt-in-request`, { method: 'POST', body: JSON.stringify({ template: 'marketing_consent', language: 'fi' }) });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as { id: string; agree_button: string; decline_button: string };
    expect(sent).toMatchObject({ agree_button: 'Kyllä kiitos', decline_button: 'Ei kiitos' });
    const tap = await kaiku.customer.send(waId, { type: 'button', button: { text: 'Kyllä kiitos' }, context: { id: sent.id } });
    const view = await eventually(async () => { const c = await consent(waId); return c.status === 'opted_in' ? c : undefined; }, 10_000, 'the opt-in');
    const [event] = view.history;
    expect(event?.source).toBe('whatsapp_opt_in_request');
    for (const part of ['"Kyllä kiitos"', 'template "marketing_consent"', sent.id, tap.id]) expect(event?.proof).toContain(part);
    expect(Date.parse(event?.recorded_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    await eventually(async () => (await outbound(waId)).some((m) => m.text === 'Saat taas viestejämme WhatsAppissa. Vastaa LOPETA, jos haluat lopettaa.'), 10_000, 'the Finnish confirmation');
  });

  it('"Ei kiitos" records nothing by default, and an opt-out when the request says so', async () => {
    const quiet = '358401230003';
    const first = (await (await kaiku.api(`/v1/contacts/${quiet}/opt-in-request`, { method: 'POST', body: JSON.stringify({ template: 'marketing_consent' }) })).json()) as { id: string };
    await kaiku.customer.send(quiet, { type: 'button', button: { text: 'Ei kiitos' }, context: { id: first.id } });
    await kaiku.customer.send(quiet, { type: 'text', text: { body: 'marker' } });
    await eventually(async () => (await (await kaiku.api('/v1/messages/inbound?limit=50')).json() as { data: Array<{ text: string; from: string }> }).data.some((m) => m.from === quiet && m.text === 'marker'), 10_000, 'both messages applied');
    expect((await consent(quiet)).history).toEqual([]);

    const strict = '358401230004';
    const second = (await (await kaiku.api(`/v1/contacts/${strict}/opt-in-request`, { method: 'POST', body: JSON.stringify({ template: 'marketing_consent', decline_opts_out: true }) })).json()) as { id: string };
    await kaiku.customer.send(strict, { type: 'button', button: { text: 'Ei kiitos' }, context: { id: second.id } });
    const view = await eventually(async () => { const c = await consent(strict); return c.status === 'opted_out' ? c : undefined; }, 10_000, 'the opt-out');
    expect(view.history[0]?.source).toBe('whatsapp_opt_in_request');
    // An opted-out customer is not asked again.
    const asked = await kaiku.api(`/v1/contacts/${strict}/opt-in-request`, { method: 'POST', body: JSON.stringify({ template: 'marketing_consent' }) });
    expect(asked.status).toBe(403);
  });

  it('refuses a template without quick replies, saying so', async () => {
    const res = await kaiku.api('/v1/contacts/358401230005/opt-in-request', { method: 'POST', body: JSON.stringify({ template: 'order_confirmation', language: 'fi' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no quick-reply buttons/);
  });
});
