/** Template management: listing with Meta's filters and paging, creation checklist, review webhook, deletion. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, templateReviewMs: 10 });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

function templateUpdates(name: string) {
  return receiver.received.flatMap((r) => r.body.entry.map((e) => ({ time: e.time, change: e.changes[0] }))).filter((u) => u.change?.field === 'message_template_status_update' && u.change.value.message_template_name === name);
}

const create = (body: Record<string, unknown>) => graph(sandbox.url, 'POST', `/${WABA}/message_templates`, body);
const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example ? { example } : {}) });

describe('listing', () => {
  it('lists the seed templates with filters, fields and cursor paging', async () => {
    const utility = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?category=UTILITY&language=fi`);
    expect((utility.body.data as Array<{ name: string }>).map((t) => t.name).sort()).toEqual(['order_confirmation', 'order_update']);
    const first = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?limit=3&fields=name,language,status`);
    expect(first.body.data).toEqual([
      { name: 'order_update', language: 'en_US', status: 'APPROVED', id: expect.any(String) },
      { name: 'order_update', language: 'fi', status: 'APPROVED', id: expect.any(String) },
      { name: 'spring_sale', language: 'en_US', status: 'APPROVED', id: expect.any(String) },
    ]);
    const next = new URL(String((first.body.paging as { next: string }).next));
    const second = await graph(sandbox.url, 'GET', `${next.pathname.replace('/v24.0', '')}${next.search}`);
    expect((second.body.data as Array<{ name: string }>)[0]?.name).toBe('spring_sale');
    const auth = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=login_code&language=en_US`);
    expect(auth.body.data).toEqual([
      expect.objectContaining({
        category: 'AUTHENTICATION',
        components: [
          expect.objectContaining({ type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.' }),
          expect.objectContaining({ type: 'FOOTER', text: 'This code expires in 10 minutes.' }),
          { type: 'BUTTONS', buttons: [expect.objectContaining({ type: 'URL', text: 'Copy code', url: expect.stringContaining('otp{{1}}') })] },
        ],
      }),
    ]);
    const one = await graph(sandbox.url, 'GET', `/${(auth.body.data as Array<{ id: string }>)[0]?.id}?fields=status`);
    expect(one.body).toEqual({ status: 'APPROVED', id: (auth.body.data as Array<{ id: string }>)[0]?.id });
  });
});

describe('creation checklist', () => {
  const cases: Array<[string, Record<string, unknown>, number | undefined, RegExp]> = [
    ['upper-case name', { name: 'Bad Name', language: 'en_US', category: 'UTILITY', components: [body('Hello there, friend.')] }, 2388023, /lower-case/],
    ['name and language taken', { name: 'order_update', language: 'fi', category: 'UTILITY', components: [body('Hello there, friend.')] }, 2388024, /already/],
    ['variable without example', { name: 't1', language: 'en', category: 'UTILITY', components: [body('Hello {{1}}, your code is ready.')] }, 2388043, /example/],
    ['gap in numbering', { name: 't2', language: 'en', category: 'UTILITY', components: [body('Hi {{1}}, order {{3}} is on its way today.', { body_text: [['A', 'B']] })] }, 2388042, /sequence/],
    ['forbidden characters in a variable', { name: 't3', language: 'en', category: 'UTILITY', components: [body('Hi {{#1}}, your order is on its way.', { body_text: [['A']] })] }, 2388042, /not valid/],
    ['body starting with a variable', { name: 't4', language: 'en', category: 'UTILITY', components: [body('{{1}}, your order is on its way.', { body_text: [['A']] })] }, 2388299, /start or end/],
    ['body ending with a variable and punctuation', { name: 't5', language: 'en', category: 'UTILITY', components: [body('Your order arrives at {{1}}!', { body_text: [['noon']] })] }, 2388299, /start or end/],
    ['too many variables for the text', { name: 't6', language: 'en', category: 'UTILITY', components: [body('Hi {{1}} and {{2}} and {{3}} ok.', { body_text: [['a', 'b', 'c']] })] }, 2388293, /variables need/],
    ['footer over 60 characters', { name: 't7', language: 'en', category: 'UTILITY', components: [body('Your order is on its way.'), { type: 'FOOTER', text: 'x'.repeat(61) }] }, 2388040, /60/],
    ['variable in the footer', { name: 't8', language: 'en', category: 'UTILITY', components: [body('Your order is on its way.'), { type: 'FOOTER', text: 'Ref {{1}}' }] }, 2388073, /footer/],
    ['two variables in a text header', { name: 't9', language: 'en', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: '{{1}} {{2}}', example: { header_text: ['a', 'b'] } }, body('Your order is on its way.')] }, 2388047, /at most one/],
    ['image header without a sample', { name: 't10', language: 'en', category: 'MARKETING', components: [{ type: 'HEADER', format: 'IMAGE' }, body('Our sale starts today for everyone.')] }, 2388043, /header_handle/],
    ['quick replies split by a URL button', { name: 't11', language: 'en', category: 'MARKETING', components: [body('Our sale starts today for everyone.'), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'A' }, { type: 'URL', text: 'Go', url: 'https://e.com' }, { type: 'QUICK_REPLY', text: 'B' }] }] }, undefined, /next to each other/],
    ['three URL buttons', { name: 't12', language: 'en', category: 'MARKETING', components: [body('Our sale starts today for everyone.'), { type: 'BUTTONS', buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `Go ${i}`, url: 'https://e.com' })) }] }, undefined, /at most 2 URL/],
    ['URL variable not at the end', { name: 't13', language: 'en', category: 'MARKETING', components: [body('Our sale starts today for everyone.'), { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Go', url: 'https://e.com/{{1}}/x', example: ['https://e.com/a/x'] }] }] }, 2388042, /only at its end/],
    ['authentication template with free text', { name: 't14', language: 'en', category: 'AUTHENTICATION', components: [body('Your code is {{1}}', { body_text: [['1']] })] }, 2388072, /preset/],
  ];
  it.each(cases)('%s', async (_label, input, subcode, details) => {
    const response = await create(input);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter', is_transient: false });
    expect(response.body.error?.error_subcode).toBe(subcode);
    expect(response.body.error?.error_user_msg).toMatch(details);
  });
});

describe('review', () => {
  it('approves a valid template after review and announces it; then it can be sent', async () => {
    const response = await create({
      name: 'delivery_slot',
      language: 'fi',
      category: 'UTILITY',
      parameter_format: 'named',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Toimitus {{order}}', example: { header_text_named_params: [{ param_name: 'order', example: 'KA-1' }] } },
        body('Hei {{name}}, pakettisi saapuu huomenna klo 9–12.', { body_text_named_params: [{ param_name: 'name', example: 'Aino' }] }),
        { type: 'FOOTER', text: 'Kaiku' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sopii' }, { type: 'PHONE_NUMBER', text: 'Soita', phone_number: '+358401234567' }] },
      ],
    });
    expect(response.body).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
    await receiver.waitFor(() => templateUpdates('delivery_slot').length > 0, 'the template status update');
    const [update] = templateUpdates('delivery_slot');
    expect(Number.isInteger(update?.time)).toBe(true);
    expect(update?.change?.value).toEqual({
      event: 'APPROVED',
      message_template_id: Number(response.body.id),
      message_template_name: 'delivery_slot',
      message_template_language: 'fi',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    const send = await graph(sandbox.url, 'POST', '/106540352242922/messages', {
      messaging_product: 'whatsapp',
      to: '358400000401',
      type: 'template',
      template: {
        name: 'delivery_slot',
        language: { code: 'fi' },
        components: [
          { type: 'header', parameters: [{ type: 'text', parameter_name: 'order', text: 'KA-9' }] },
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'name', text: 'Eino' }] },
        ],
      },
    });
    expect(send.status).toBe(200);
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358400000401/messages`)).json()) as { data: Array<{ text: string }> };
    expect(phone.data[0]?.text).toBe('Toimitus KA-9\nHei Eino, pakettisi saapuu huomenna klo 9–12.\nKaiku\n[Sopii]\n[Soita: +358401234567]');
  });

  it('rejects adjacent variables as INVALID_FORMAT with rejection_info, and scams as SCAM', async () => {
    await create({ name: 'adjacent_vars', language: 'en', category: 'UTILITY', components: [body('Dear customer {{1}}{{2}} your parcel is waiting at the shop.', { body_text: [['a', 'b']] })] });
    await create({ name: 'card_check', language: 'en', category: 'MARKETING', components: [body('Please reply with your credit card number to claim the prize.')] });
    await receiver.waitFor(() => templateUpdates('adjacent_vars').length > 0 && templateUpdates('card_check').length > 0, 'both rejections');
    expect(templateUpdates('adjacent_vars')[0]?.change?.value).toMatchObject({ event: 'REJECTED', reason: 'INVALID_FORMAT', rejection_info: { reason: expect.any(String), recommendation: expect.any(String) } });
    expect(templateUpdates('card_check')[0]?.change?.value).toMatchObject({ event: 'REJECTED', reason: 'SCAM' });
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=adjacent_vars`);
    expect(listed.body.data).toEqual([expect.objectContaining({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' })]);
  });

  it('creates authentication templates from presets, expanded the way Meta returns them', async () => {
    const response = await create({
      name: 'signup_code',
      language: 'fi',
      category: 'AUTHENTICATION',
      components: [{ type: 'BODY', add_security_recommendation: false }, { type: 'FOOTER', code_expiration_minutes: 5 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }],
    });
    expect(response.body).toMatchObject({ status: 'PENDING', category: 'AUTHENTICATION' });
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=signup_code`);
    const components = (listed.body.data as Array<{ components: Array<Record<string, unknown>> }>)[0]?.components;
    expect(components?.map((c) => c.text ?? c.type)).toEqual(['*{{1}}* on vahvistuskoodisi.', 'Tämä koodi vanhenee 5 minuutissa.', 'BUTTONS']);
  });
});

describe('quality pauses', () => {
  it('sends fail with 132015 while a template is paused and 132016 once disabled; each change is announced', async () => {
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_confirmation&language=fi`);
    const id = (listed.body.data as Array<{ id: string }>)[0]?.id ?? '';
    const setStatus = (status: string) => fetch(`${sandbox.url}/_sandbox/templates/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status }) });
    const sendIt = () =>
      graph(sandbox.url, 'POST', '/106540352242922/messages', {
        messaging_product: 'whatsapp',
        to: '358400000402',
        type: 'template',
        template: { name: 'order_confirmation', language: { code: 'fi' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }] },
      });
    expect((await setStatus('PAUSED')).status).toBe(200);
    expect((await sendIt()).body.error).toMatchObject({ code: 132015 });
    await setStatus('DISABLED');
    expect((await sendIt()).body.error).toMatchObject({ code: 132016 });
    await setStatus('APPROVED');
    expect((await sendIt()).status).toBe(200);
    await receiver.waitFor(() => templateUpdates('order_confirmation').length >= 3, 'three template updates');
    expect(templateUpdates('order_confirmation').map((u) => [u.change?.value.event, (u.change?.value.other_info as { title: string }).title])).toEqual([
      ['PAUSED', 'FIRST_PAUSE'],
      ['DISABLED', 'DISABLED'],
      ['APPROVED', 'UNPAUSE'],
    ]);
  });
});

describe('editing', () => {
  it('replaces components, sends the template back through review, and refuses what Meta refuses', async () => {
    const slow = await startSandbox({ templateReviewMs: 600_000 });
    try {
      const inReview = await graph(slow.url, 'POST', `/${WABA}/message_templates`, { name: 'in_review', language: 'en_US', category: 'UTILITY', components: [body('Your parcel is ready for pickup today.')] });
      const pending = await graph(slow.url, 'POST', `/${String(inReview.body.id)}`, { components: [body('Your parcel is waiting for you.')] });
      expect(pending.body.error).toMatchObject({ code: 100, error_subcode: 2388039 });
    } finally {
      await slow.stop();
    }
    const created = await create({ name: 'edit_me', language: 'en_US', category: 'UTILITY', components: [body('Your parcel is ready for pickup today.')] });
    const id = String(created.body.id);
    await receiver.waitFor(() => templateUpdates('edit_me').length === 1, 'the first review');
    const category = await graph(sandbox.url, 'POST', `/${id}`, { category: 'MARKETING' });
    expect(category.body.error).toMatchObject({ code: 100, error_subcode: 2388039 });
    const edit = await graph(sandbox.url, 'POST', `/${id}`, { components: [body('Hi {{1}}, your parcel is waiting at the shop.', { body_text: [['Aino']] })] });
    expect(edit.body).toEqual({ success: true });
    await receiver.waitFor(() => templateUpdates('edit_me').length === 2, 'the second review');
    expect(templateUpdates('edit_me')[1]?.change?.value).toMatchObject({ event: 'APPROVED' });
    expect((await graph(sandbox.url, 'GET', `/${id}?fields=status,components`)).body).toMatchObject({ status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}, your parcel is waiting at the shop.' }] });
    const bad = await graph(sandbox.url, 'POST', `/${id}`, { components: [body('{{1}} is waiting.', { body_text: [['x']] })] });
    expect(bad.body.error).toMatchObject({ error_subcode: 2388299 });
  });
});

describe('pacing', () => {
  it('holds sends of a paced template without statuses, then releases them or fails them with 132015', async () => {
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_update&language=en_US`);
    const id = (listed.body.data as Array<{ id: string }>)[0]?.id ?? '';
    const control = (input: unknown) => fetch(`${sandbox.url}/_sandbox/templates/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    const sendIt = async (to: string) => {
      const response = await graph(sandbox.url, 'POST', '/106540352242922/messages', {
        messaging_product: 'whatsapp',
        to,
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: ['first_name', 'order_id', 'delivery_date'].map((n) => ({ type: 'text', parameter_name: n, text: 'v' })) }] },
      });
      return (response.body.messages as Array<{ id: string; message_status: string }>)[0];
    };
    expect((await control({ paced: true })).status).toBe(200);
    const first = await sendIt('358400000403');
    expect(first?.message_status).toBe('held_for_quality_assessment');
    const unpaced = await graph(sandbox.url, 'POST', '/106540352242922/messages', { messaging_product: 'whatsapp', to: '358400000403', type: 'template', template: { name: 'order_confirmation', language: { code: 'fi' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] }] } });
    const marker = (unpaced.body.messages as Array<{ id: string }>)[0]?.id;
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === marker && s.status === 'sent'), 'the marker status');
    expect(receiver.statuses().filter((s) => s.id === first?.id)).toEqual([]);

    await control({ paced: false });
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === first?.id && s.status === 'sent'), 'the released message');

    await control({ paced: true });
    const second = await sendIt('358400000404');
    await control({ status: 'PAUSED' });
    await receiver.waitFor(() => receiver.statuses().some((s) => s.id === second?.id), 'the failed held message');
    expect(receiver.statuses().find((s) => s.id === second?.id)).toMatchObject({ status: 'failed', errors: [{ code: 132015 }] });
    await control({ status: 'APPROVED', paced: false });
  });
});

describe('deletion', () => {
  it('deletes one language by hsm_id and every language by name', async () => {
    const list = async () => ((await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_confirmation`)).body.data as Array<{ id: string; language: string }>);
    const [english] = (await list()).filter((t) => t.language === 'en_US');
    expect((await graph(sandbox.url, 'DELETE', `/${WABA}/message_templates?name=order_confirmation&hsm_id=${english?.id}`)).body).toEqual({ success: true });
    expect((await list()).map((t) => t.language)).toEqual(['fi']);
    expect((await graph(sandbox.url, 'DELETE', `/${WABA}/message_templates?name=order_confirmation`)).body).toEqual({ success: true });
    expect(await list()).toEqual([]);
    const again = await graph(sandbox.url, 'DELETE', `/${WABA}/message_templates?name=order_confirmation`);
    expect(again.body.error).toMatchObject({ code: 100 });
  });
});
