/**
 * Sending a template through the actions: the customer read from "to" (a number, or a username's business-scoped
 * id), consent checked first (an opted-out customer is never messaged; marketing needs an opt-in when the workspace
 * says so), the send kept for the timeline, at most once per idempotency key (the header's first), and the
 * template cache dropped when Meta says the template is gone.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { recipient, sendTemplate, sendTemplateOnce } from '../src/actions/send-template.js';
import { openActionFixture, metaError, refusal, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { template, templatePage } from './template-fixtures.js';

const CUSTOMER = '358401234567';
const LIST = 'GET /102290129340398/message_templates';
const SEND = 'POST /106540352242922/messages';
const offer = template({ id: 't-offer', name: 'offer', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale today!' }] });
const notice = template({ id: 't-notice', name: 'notice', components: [{ type: 'BODY', text: 'We are closed today.' }] });

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
  fx.routes[LIST] = templatePage([template(), offer, notice]);
  fx.routes[SEND] = sent('wamid.t1', CUSTOMER);
});
afterEach(async () => fx.cleanup());

const sends = () => fx.calls.filter((c) => c.method === 'POST');

describe('recipient', () => {
  it('normalises a number, keeps a business-scoped user id, and names the field it could not read', () => {
    expect(recipient('to', ' +358 40 123 4567 ')).toEqual(expect.objectContaining({ waId: CUSTOMER }));
    expect(recipient('to', ' FI.a1B2c3 ')).toEqual({ waId: 'FI.a1B2c3' });
    expect(() => recipient('customer', 'call me')).toThrow(expect.objectContaining({ code: 'invalid_phone', details: expect.objectContaining({ field: 'customer' }) }));
  });
});

describe('sendTemplate', () => {
  it('sends the template with its values and keeps it for the timeline', async () => {
    const answer = await sendTemplate(fx.deps, fx.workspaceId, { to: '+358 40 123 4567', template: 'order_update', variables: { '1': 'Aino' } }, null);
    expect(answer).toEqual({ id: 'wamid.t1', wa_id: CUSTOMER, status: 'accepted', preview: 'Hi Aino, your order shipped.' });
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.json).toMatchObject({ to: CUSTOMER, type: 'template', template: { name: 'order_update', language: { code: 'en' } } });
    expect(JSON.stringify(sends()[0]?.json)).toContain('"Aino"');
    const [item] = await fx.store.listTimeline(fx.workspaceId, CUSTOMER, { limit: 5 });
    expect(item?.direction === 'outbound' && item.message).toMatchObject({
      id: 'wamid.t1', connectionId: fx.connection.id, type: 'template', templateName: 'order_update', templateCategory: 'UTILITY', sentAs: 'template', status: 'accepted',
      content: { template: { name: 'order_update', language: 'en', variables: { '1': 'Aino' }, preview: 'Hi Aino, your order shipped.' } },
    });
    expect(await fx.count('sends', { result: 'sent' })).toBe(1);
  });

  it('answers Meta\'s status of the template message, and keeps empty values when none were given', async () => {
    fx.routes[SEND] = sent('wamid.t2', CUSTOMER, 'held_for_quality_assessment');
    const answer = await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 't-notice' }, null);
    expect(answer.status).toBe('held_for_quality_assessment');
    const [item] = await fx.store.listTimeline(fx.workspaceId, CUSTOMER, { limit: 5 });
    expect(item?.direction === 'outbound' && item.message.content).toEqual({ template: { name: 'notice', language: 'en', variables: {}, preview: 'We are closed today.' } });
    expect(item?.direction === 'outbound' && item.message.status).toBe('held_for_quality_assessment');
  });

  it('never messages a customer who opted out, and says so naming the customer', async () => {
    await fx.store.recordConsent(fx.workspaceId, CUSTOMER, { status: 'opted_out', source: 'STOP', proof: null, recordedAt: new Date() });
    const error = await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'order_update', variables: { '1': 'A' } }, null));
    expect(error).toMatchObject({ code: 'opted_out', details: { field: 'to', wa_id: CUSTOMER } });
    expect(sends()).toEqual([]);
    expect(await fx.count('sends', { result: 'refused' })).toBe(1);
  });

  it('sends marketing without an opt-in only when the workspace does not require one (it does by default)', async () => {
    expect((await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'offer' }, null))).code).toBe('no_consent');
    await fx.store.updateWorkspaceSettings(fx.workspaceId, { requireMarketingOptIn: false });
    expect((await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'offer' }, null)).id).toBe('wamid.t1');
  });

  it('refuses a "to" that is no number before anything else', async () => {
    expect(await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: 'nobody', template: 'offer' }, null))).toMatchObject({ code: 'invalid_phone', field: 'to' });
    expect(fx.calls).toEqual([]);
  });

  it('answers 404 when the API key\'s workspace is gone', async () => {
    expect((await refusal(sendTemplate(fx.deps, 'ws_gone', { to: CUSTOMER, template: 'offer' }, null))).message).toMatch(/^The workspace of this API key was not found/);
  });
});

describe('sendTemplate, once per idempotency key', () => {
  it('replays the first answer for the same key and message, however the number and sender were written', async () => {
    const first = await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice', idempotency_key: 'k1' }, null);
    const again = await sendTemplateOnce(fx.deps, fx.workspaceId, { to: '+358 40 123 4567', template: 'notice', idempotency_key: 'k1', phone_number_id: '106540352242922' }, null);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect(sends()).toHaveLength(1);
    expect(await fx.count('sends', { result: 'replayed' })).toBe(1);
  });

  it('takes the header\'s key before the body\'s', async () => {
    await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice', idempotency_key: 'body-key' }, 'header-key');
    expect((await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice', idempotency_key: 'other' }, 'header-key')).replayed).toBe(true);
    expect((await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, 'body-key')).replayed).toBe(false);
  });

  it('sends each time without a key', async () => {
    await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null);
    fx.routes[SEND] = sent('wamid.t9', CUSTOMER);
    expect((await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null)).answer.id).toBe('wamid.t9');
    expect(sends()).toHaveLength(2);
  });
});

describe('sendTemplate, the template cache', () => {
  const lists = () => fx.calls.filter((c) => c.method === 'GET').length;

  it('forgets the templates when Meta says the template is gone or not approved', async () => {
    await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null);
    for (const code of [132001, 132015]) {
      const before = lists();
      fx.routes[SEND] = metaError(404, code, 'template gone');
      await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null));
      fx.routes[SEND] = sent();
      await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null);
      expect(lists() - before).toBe(1);
    }
  });

  it('keeps them when the send fails for another reason', async () => {
    await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null);
    fx.routes[SEND] = metaError(400, 131026, 'undeliverable');
    await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null));
    expect(lists()).toBe(1);
  });
});
