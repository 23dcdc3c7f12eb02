/**
 * An automation's reply goes out through the number that received the message, as a free-form message, and is
 * kept as an outbound message like any reply (what Meta answered, the status it gave or `accepted`).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sendAutoReply } from '../src/actions/auto-reply.js';
import { inboundRecord } from './store-fixtures.js';
import { openActionFixture, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const CUSTOMER = '358401234567';
const SEND = 'POST /106540352242922/messages';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
});
afterEach(async () => fx.cleanup());

describe('sendAutoReply', () => {
  it('sends the reply to the customer through the receiving number and records it as free-form, accepted', async () => {
    fx.routes[SEND] = sent('wamid.auto1', CUSTOMER);
    const message = inboundRecord({ from: CUSTOMER, phone_number_id: fx.connection.phoneNumberId });
    expect(await sendAutoReply(fx.deps, fx.workspaceId, message, { text: 'We are closed until 8.' })).toBe('wamid.auto1');

    const posts = fx.calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.path)).toEqual(['/106540352242922/messages']);
    expect(posts[0]?.json).toMatchObject({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'We are closed until 8.' } });

    const stored = await fx.store.getOutboundMessage(fx.workspaceId, 'wamid.auto1');
    expect(stored?.message).toMatchObject({
      id: 'wamid.auto1', workspaceId: fx.workspaceId, connectionId: fx.connection.id, waId: CUSTOMER, type: 'text',
      templateName: null, templateCategory: null, sentAs: 'free_form', status: 'accepted', idempotencyKey: null,
      response: { id: 'wamid.auto1', wa_id: CUSTOMER, status: 'accepted', sent_as: 'free_form' },
    });
  });

  it('keeps the status Meta answered with when it gives one', async () => {
    fx.routes[SEND] = sent('wamid.auto2', CUSTOMER, 'held_for_quality_assessment');
    const message = inboundRecord({ from: CUSTOMER, phone_number_id: fx.connection.phoneNumberId });
    await sendAutoReply(fx.deps, fx.workspaceId, message, { text: 'Hei!' });
    const stored = await fx.store.getOutboundMessage(fx.workspaceId, 'wamid.auto2');
    expect(stored?.message.status).toBe('held_for_quality_assessment');
    expect(stored?.message.response).toEqual({ id: 'wamid.auto2', wa_id: CUSTOMER, status: 'held_for_quality_assessment', sent_as: 'free_form' });
  });
});
