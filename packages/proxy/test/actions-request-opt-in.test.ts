/**
 * Asking a customer for a marketing opt-in: the template's agree and decline quick replies get Kaiku's payloads
 * (the first quick reply and the next by default, or the positions asked), a template without quick replies or a
 * position that is none is refused saying which positions there are; asking needs no opt-in, but an opted-out
 * customer is never asked; the request is sent once per idempotency key.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { optInPayload } from '../src/jobs/consent-buttons.js';
import { requestOptIn, requestOptInOnce } from '../src/actions/request-opt-in.js';
import { openActionFixture, refusal, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { optInTemplate, template, templatePage } from './template-fixtures.js';

const CUSTOMER = '358401234567';
const SEND = 'POST /106540352242922/messages';
const oneReply = optInTemplate({ id: 't-one', name: 'ask_once', components: [{ type: 'BODY', text: 'Offers?' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sure' }] }] });
const noReplies = template({ id: 't-none', name: 'plain', category: 'MARKETING', components: [{ type: 'BODY', text: 'Offers?' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Site', url: 'https://example.com' }] }] });
const named = optInTemplate({ id: 't-named', name: 'ask_named', components: [{ type: 'BODY', text: 'Hi {{1}}, may we send you offers?', example: { body_text: [['Aino']] } }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }] }] });
const noButtons = template({ id: 't-bare', name: 'bare', category: 'MARKETING', components: [{ type: 'BODY', text: 'Offers?' }] });

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
  fx.routes['GET /102290129340398/message_templates'] = templatePage([optInTemplate(), oneReply, noReplies, noButtons, named]);
  fx.routes[SEND] = sent('wamid.ask', CUSTOMER);
});
afterEach(async () => fx.cleanup());

/** The quick-reply payloads the send carried, by button position. */
function payloads(): Record<string, string> {
  const components = ((fx.calls.find((c) => c.method === 'POST')?.json?.template as { components?: unknown[] } | undefined)?.components ?? []) as Array<Record<string, unknown>>;
  return Object.fromEntries(components.filter((c) => c.type === 'button').map((c) => [String(c.index), String((c.parameters as Array<{ payload: string }>)[0]?.payload)]));
}

describe('requestOptIn', () => {
  it('puts the payloads on the first quick reply and the next one, even though marketing needs an opt-in', async () => {
    const answer = await requestOptIn(fx.deps, fx.workspaceId, '+358 40 123 4567', { template: 'ask_offers' });
    expect(answer).toEqual({ id: 'wamid.ask', wa_id: CUSTOMER, status: 'accepted', preview: expect.stringContaining('May we send you offers?') as unknown as string, agree_button: 'Yes, please', decline_button: 'No thanks' });
    expect(payloads()).toEqual({ 0: optInPayload('yes', 'ask_offers'), 2: optInPayload('no', 'ask_offers') });
    const [item] = await fx.store.listTimeline(fx.workspaceId, CUSTOMER, { limit: 5 });
    expect(item?.direction === 'outbound' && item.message).toMatchObject({ id: 'wamid.ask', type: 'template', templateName: 'ask_offers', templateCategory: 'MARKETING', sentAs: 'template', status: 'accepted' });
    // The workspace's setting is untouched by asking.
    expect((await fx.store.getWorkspace(fx.workspaceId))?.settings.requireMarketingOptIn).toBe(true);
  });

  it('records an opt-out for the decline when asked to; the caller cannot replace Kaiku\'s payloads', async () => {
    await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', decline_opts_out: true, variables: { button_0_payload: 'mine' } });
    expect(payloads()).toEqual({ 0: optInPayload('yes', 'ask_offers'), 2: optInPayload('no_opt_out', 'ask_offers') });
  });

  it('fills the template\'s own variables from the caller\'s values', async () => {
    const answer = await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_named', variables: { '1': 'Aino' } });
    expect(answer.preview).toBe('Hi Aino, may we send you offers?\n\n[Yes]');
  });

  it('takes the positions asked, the decline defaulting to another quick reply', async () => {
    const answer = await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', agree_button: 2 });
    expect([answer.agree_button, answer.decline_button]).toEqual(['No thanks', 'Yes, please']);
    expect(payloads()).toEqual({ 2: optInPayload('yes', 'ask_offers'), 0: optInPayload('no', 'ask_offers') });
  });

  it('has no decline when the template has one quick reply', async () => {
    const answer = await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_once' });
    expect([answer.agree_button, answer.decline_button]).toEqual(['Sure', null]);
    expect(payloads()).toEqual({ 0: optInPayload('yes', 'ask_once') });
  });

  it('refuses a position that is not a quick reply, listing the quick replies', async () => {
    const agree = await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', agree_button: 1 }));
    expect(agree).toMatchObject({ code: 'validation_failed', field: 'agree_button' });
    expect(agree.message).toBe('Button 1 of template "ask_offers" is not a quick reply; its quick replies are at 0, 2.');
    const decline = await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', decline_button: 5 }));
    expect(decline).toMatchObject({ code: 'validation_failed', field: 'decline_button' });
    expect((await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'plain', agree_button: 0 }))).message).toBe('Button 0 of template "plain" is not a quick reply; its quick replies are at no position.');
    expect(fx.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('refuses the same button for agree and decline', async () => {
    const error = await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', agree_button: 2, decline_button: 2 }));
    expect(error).toEqual({ code: 'validation_failed', field: 'decline_button', message: 'The agree and decline buttons must differ.', details: { field: 'decline_button' } });
  });

  it.each([['plain'], ['bare']])('refuses the template "%s" without quick replies, saying what to choose', async (name) => {
    const error = await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: name }));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'template' });
    expect(error.message).toBe(`Template "${name}" has no quick-reply buttons; choose one with a button such as "Yes, please".`);
  });

  it('never asks a customer who opted out', async () => {
    await fx.store.recordConsent(fx.workspaceId, CUSTOMER, { status: 'opted_out', source: 'STOP', proof: null, recordedAt: new Date() });
    expect((await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers' }))).code).toBe('opted_out');
  });

  it('asks once per idempotency key, however the number was written', async () => {
    const first = await requestOptInOnce(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', idempotency_key: 'ask-1' });
    const again = await requestOptInOnce(fx.deps, fx.workspaceId, '+358 40 123 4567', { template: 'ask_offers', idempotency_key: 'ask-1', phone_number_id: '106540352242922' });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect(fx.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers' });
    expect(fx.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('refuses a phone that is no number, naming the field', async () => {
    expect((await refusal(requestOptIn(fx.deps, fx.workspaceId, 'n/a', { template: 'ask_offers' }))).field).toBe('phone');
  });
});
