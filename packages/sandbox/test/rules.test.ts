/**
 * Each of Meta's rules produces Meta's error code through Meta's channel: request-shape problems and limits
 * synchronously, recipient and policy outcomes as 200 + wamid followed by a `failed` status webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import type { GraphResponse } from './graph.js';
import { graph, PHONE, text } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, statusDelaysMs: { sent: 5, delivered: 10, read: 15 }, templateReviewMs: 60_000 });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

function template(to: string, name: string, language: string, components: unknown[] = []): Record<string, unknown> {
  return { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: language }, components } };
}

const confirmation = (to: string) => template(to, 'order_confirmation', 'en_US', [{ type: 'body', parameters: [{ type: 'text', text: 'KA-1' }, { type: 'text', text: '10 EUR' }] }]);
const sale = (to: string) =>
  template(to, 'spring_sale', 'en_US', [
    { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/sale.jpg' } }] },
    { type: 'body', parameters: [{ type: 'text', text: 'Aino' }, { type: 'text', text: '20%' }] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'spring26' }] },
  ]);

async function customer(waId: string, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/customers/${waId}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(settings) });
  expect(response.status).toBe(200);
}

async function failure(response: GraphResponse): Promise<{ code?: number; title?: string; details?: string }> {
  expect(response.status).toBe(200);
  const id = (response.body.messages as Array<{ id: string }>)[0]?.id ?? '';
  await receiver.waitFor(() => receiver.statuses().some((s) => s.id === id && (s.status === 'failed' || s.status === 'sent')), `a status for ${id}`);
  const status = receiver.statuses().find((s) => s.id === id);
  const error = status?.errors?.[0];
  return { ...(error ? { code: error.code, title: error.title, details: error.error_data.details } : {}) };
}

describe('synchronous errors (Graph error envelope)', () => {
  const cases: Array<[string, () => Record<string, unknown>, number, number, RegExp]> = [
    ['unknown template', () => template('358400000001', 'no_such_template', 'en_US'), 404, 132001, /no_such_template/],
    ['template not in that language', () => template('358400000001', 'order_confirmation', 'de'), 404, 132001, /does not exist in de/],
    ['too few body parameters', () => template('358400000001', 'order_confirmation', 'en_US', [{ type: 'body', parameters: [{ type: 'text', text: 'KA-1' }] }]), 400, 132000, /body: number of localizable_params \(1\) does not match the expected number of params \(2\)/],
    ['named parameter that the template lacks', () => template('358400000001', 'order_update', 'en_US', [{ type: 'body', parameters: ['first_name', 'order_id', 'surname'].map((n) => ({ type: 'text', parameter_name: n, text: 'x' })) }]), 400, 132000, /surname/],
    ['image header missing', () => template('358400000001', 'spring_sale', 'en_US', [{ type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }]), 400, 132012, /header: Format mismatch, expected IMAGE, received UNKNOWN/],
    ['video given for an image header', () => template('358400000001', 'spring_sale', 'en_US', [{ type: 'header', parameters: [{ type: 'video', video: { link: 'https://e.com/v.mp4' } }] }]), 400, 132012, /expected IMAGE, received VIDEO/],
    ['URL button suffix missing', () => ({ ...sale('358400000001'), template: { ...(sale('358400000001').template as object), components: (sale('358400000001').template as { components: unknown[] }).components.slice(0, 2) } }), 400, 131008, /Button at index 0 of type Url requires a parameter/],
    ['button parameter with the wrong sub_type', () => template('358400000001', 'spring_sale', 'en_US', [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://e.com/a.jpg' } }] }, { type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }, { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'x' }] }]), 400, 131009, /sub_type 'url'/],
    ['unknown component type', () => template('358400000001', 'order_confirmation', 'en_US', [{ type: 'footer', parameters: [] }]), 400, 100, /header, body or button/],
    ['newline in a parameter', () => template('358400000001', 'order_confirmation', 'en_US', [{ type: 'body', parameters: [{ type: 'text', text: 'KA\n1' }, { type: 'text', text: 'x' }] }]), 400, 132018, /new-line/],
    ['unsupported message type', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'poll', poll: {} }), 400, 131051, /poll/],
    ['text over 4096 characters', () => text('358400000001', 'x'.repeat(4097)), 400, 100, /4096/],
    ['four reply buttons', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } } }), 400, 100, /at most 3/],
    ['list with eleven rows', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections: [{ title: 'A', rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, title: `A${i}` })) }, { title: 'B', rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, title: `B${i}` })) }] } } }), 400, 100, /at most 10 rows/],
    ['list sections without titles', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }] } } }), 400, 131008, /sections'\]\[0\]\['title'\]/],
    ['contact card without a formatted name', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'contacts', contacts: [{ name: { first_name: 'Aino' } }] }), 400, 131008, /formatted_name/],
    ['reaction sent as a reply', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' }, context: { message_id: 'wamid.x' } }), 400, 100, /reply/],
    ['media with both id and link', () => ({ messaging_product: 'whatsapp', to: '358400000001', type: 'image', image: { id: '1', link: 'https://e.com/a.jpg' } }), 400, 100, /exactly one/],
    ['sending to the business number itself', () => text('+1 555 000 1234', 'hi me'), 400, 131021, /same/],
    ['missing messaging_product', () => ({ to: '358400000001', type: 'text', text: { body: 'hi' } }), 400, 100, /messaging_product/],
  ];
  it.each(cases)('%s', async (_label, body, status, code, details) => {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, body());
    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(code);
    expect(response.body.error?.message).toMatch(new RegExp(`^\\(#${code}\\) `));
    expect(response.body.error?.error_data?.details).toMatch(details);
    expect(response.body.error?.fbtrace_id).toMatch(/^A\w{22}$/);
  });

  it('refuses a template that is still PENDING with 132001', async () => {
    const created = await graph(sandbox.url, 'POST', `/102290129340398/message_templates`, {
      name: 'fresh_notice',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Your appointment is confirmed, see you soon.' }],
    });
    expect(created.body).toMatchObject({ status: 'PENDING', category: 'UTILITY' });
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, template('358400000001', 'fresh_notice', 'en_US'));
    expect(response.body.error).toMatchObject({ code: 132001 });
    expect(response.body.error?.error_data?.details).toMatch(/PENDING/);
  });
});

describe('asynchronous failures (200 + wamid, then a failed status)', () => {
  it('fails a template to a number that is not on WhatsApp with 131026', async () => {
    await customer('358400000002', { on_whatsapp: false });
    expect(await failure(await graph(sandbox.url, 'POST', `/${PHONE}/messages`, confirmation('358400000002')))).toMatchObject({ code: 131026, title: 'Message undeliverable' });
  });

  it('fails a marketing template to a customer who stopped marketing with 131050, but delivers utility', async () => {
    await customer('358400000003', { marketing_blocked: true });
    await receiver.waitFor((all) => all.some((r) => r.body.entry[0]?.changes[0]?.field === 'user_preferences'), 'the user_preferences webhook');
    const preference = receiver.received.find((r) => r.body.entry[0]?.changes[0]?.field === 'user_preferences');
    expect(preference?.body.entry[0]?.changes[0]?.value.user_preferences).toEqual([
      { wa_id: '358400000003', detail: expect.any(String), category: 'marketing_messages', value: 'stop', timestamp: expect.any(Number) },
    ]);
    expect(await failure(await graph(sandbox.url, 'POST', `/${PHONE}/messages`, sale('358400000003')))).toMatchObject({ code: 131050 });
    expect(await failure(await graph(sandbox.url, 'POST', `/${PHONE}/messages`, confirmation('358400000003')))).toEqual({});
  });

  it('fails a reaction to a message that is not in the chat with 131009', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/358400000004/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'hi' } }) });
    const reaction = { messaging_product: 'whatsapp', to: '358400000004', type: 'reaction', reaction: { message_id: 'wamid.unknown', emoji: '👍' } };
    expect(await failure(await graph(sandbox.url, 'POST', `/${PHONE}/messages`, reaction))).toMatchObject({ code: 131009 });
  });

  it('fails media sent by an id that was never uploaded with 131053', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/358400000005/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'hi' } }) });
    const image = { messaging_product: 'whatsapp', to: '358400000005', type: 'image', image: { id: '4242' } };
    expect(await failure(await graph(sandbox.url, 'POST', `/${PHONE}/messages`, image))).toMatchObject({ code: 131053 });
  });
});

describe('limits', () => {
  it('answers 130429 once a phone number exceeds its messages per second, and accepts again a second later', async () => {
    let now = Date.now();
    const limited = await startSandbox({ throughputPerSecond: 2, clock: () => now });
    try {
      const sends = [];
      for (const i of [1, 2, 3]) sends.push(await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation(`35840000010${i}`)));
      expect(sends.map((s) => s.status)).toEqual([200, 200, 429]);
      expect(sends[2]?.body.error).toMatchObject({ code: 130429, error_subcode: 2494055, message: '(#130429) Rate limit hit' });
      now += 1000;
      expect((await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000104'))).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('answers 131056 when one recipient gets more than the pair burst, other recipients unaffected; one message refills per period', async () => {
    let now = Date.now();
    const limited = await startSandbox({ pairRateLimit: { burst: 2, refillMs: 6000 }, clock: () => now });
    try {
      for (const _ of [1, 2]) expect((await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000201'))).status).toBe(200);
      const third = await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000201'));
      expect(third.status).toBe(429);
      expect(third.body.error).toMatchObject({ code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' });
      expect((await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000202'))).status).toBe(200);
      now += 6000;
      expect((await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000201'))).status).toBe(200);
      expect((await graph(limited.url, 'POST', `/${PHONE}/messages`, confirmation('358400000201'))).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
