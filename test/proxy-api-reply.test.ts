/** POST /v1/messages/reply over real HTTP: the 24-hour window decides free-form, fallback template or 409. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

describe('POST /v1/messages/reply', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const reply = (body: Record<string, unknown>) => kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify(body) });

  async function customerWrites(waId: string, text: string): Promise<string> {
    const { id } = await kaiku.customer.send(waId, { type: 'text', text: { body: text }, profile_name: 'Aino' });
    await eventually(async () => {
      const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=50')).json()) as { data: Array<{ id: string }> };
      return inbound.data.some((m) => m.id === id);
    }, 10_000, 'the inbound message to reach the proxy');
    return id;
  }

  const refusedCount = async () => {
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    return Number(/^kaiku_sends_total\{result="refused"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
  };

  it('refuses a free-form reply to a customer who never wrote, with 409 window_closed, and counts it as refused', async () => {
    const before = await refusedCount();
    const response = await reply({ to: '+358402220001', text: 'Hello!' });
    expect(await refusedCount()).toBe(before + 1);
    expect(response.status).toBe(409);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('window_closed');
    expect(body.error.details).toHaveProperty('closed_at', null);
    expect(body.error.message).toMatch(/template/);
    expect(await kaiku.customer.messages('358402220001')).toHaveLength(0);
  });

  it('sends the fallback template when the window is closed and says so', async () => {
    const response = await reply({
      to: '+358402220002', text: 'Hello!',
      fallback_template: { template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-9', 2: '9.90 EUR' } },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ wa_id: '358402220002', sent_as: 'fallback_template' });
    const received = await kaiku.customer.messages('358402220002');
    expect(received).toHaveLength(1);
    expect(String(received[0]?.text)).toContain('KA-9');
  });

  it('sends free-form text within 24 hours of the customer\'s message, quoting it', async () => {
    const inboundId = await customerWrites('358402220003', 'Where is my order?');
    const response = await reply({ to: '358402220003', text: 'On its way!', reply_to: inboundId, fallback_template: { template: 'order_confirmation', language: 'en_US', variables: { 1: 'x', 2: 'y' } } });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { id: string; sent_as: string };
    expect(answer.sent_as).toBe('free_form');
    const received = await kaiku.customer.messages('358402220003');
    expect(received.find((m) => m.id === answer.id)).toMatchObject({ direction: 'outbound', text: 'On its way!' });
  });

  it('sends buttons and media within the window, and refuses two kinds of message at once', async () => {
    await customerWrites('358402220005', 'Can I change my delivery?');
    const buttons = await reply({ to: '+358402220005', buttons: { body: 'Pick a day', choices: [{ id: 'mon', title: 'Monday' }, { title: 'Tuesday' }] } });
    expect(buttons.status).toBe(200);
    const media = await reply({ to: '+358402220005', media: { type: 'image', url: 'https://cdn.example.com/map.png', caption: 'Our pickup point' } });
    expect(media.status).toBe(200);
    const ids = await Promise.all([buttons, media].map(async (r) => ((await r.json()) as { id: string }).id));
    const phone = await kaiku.customer.messages('358402220005');
    expect(phone.find((m) => m.id === ids[0])).toMatchObject({ direction: 'outbound', type: 'interactive' });
    expect(phone.find((m) => m.id === ids[1])).toMatchObject({ direction: 'outbound', type: 'image' });

    const both = await reply({ to: '+358402220005', text: 'Hi', media: { type: 'image', url: 'https://cdn.example.com/a.png' } });
    expect(both.status).toBe(400);
    expect(((await both.json()) as ErrorBody).error.code).toBe('validation_failed');
  });

  it('honours STOP at once: no reply after it, until the customer writes again', async () => {
    await customerWrites('358402220006', 'Where is my parcel?');
    await customerWrites('358402220006', 'STOP');
    await eventually(async () => {
      const consent = (await (await kaiku.api('/v1/contacts/358402220006/consent')).json()) as { status: string };
      return consent.status === 'opted_out';
    }, 10_000, 'the STOP keyword to be recorded');
    const refused = await reply({ to: '+358402220006', text: 'Your parcel is on its way' });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('opted_out');
    expect(body.error.message).toMatch(/opted out.*START/);
    const before = (await kaiku.customer.messages('358402220006')).filter((m) => m.direction === 'outbound');

    // Meta's timestamps are whole seconds: the next message must come in a later second than the STOP.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await customerWrites('358402220006', 'Actually, where is my parcel?');
    const answered = await reply({ to: '+358402220006', text: 'Arriving tomorrow' });
    expect(answered.status).toBe(200);
    const after = (await kaiku.customer.messages('358402220006')).filter((m) => m.direction === 'outbound');
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ text: 'Arriving tomorrow' });
  });

  it('rejects a reply with no message, naming what is missing', async () => {
    const response = await reply({ to: '+358402220004' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('validation_failed');
  });
});
