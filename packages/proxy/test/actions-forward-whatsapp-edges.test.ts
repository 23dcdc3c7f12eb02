/**
 * Forwarding a customer's message to a staff member's WhatsApp: which templates a rule may forward with (an
 * approved utility template whose only required variables are the name and the text, both plain text), with words
 * naming what is wrong; and the forward itself: the template in the rule's language to the staff number, kept for
 * the timeline, once per rule and message even when the runner repeats it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { checkWhatsappForward, forwardByWhatsapp } from '../src/actions/forward-whatsapp.js';
import type { WhatsappForward } from '../src/actions/forward-whatsapp.js';
import type { Automation } from '../src/automations/types.js';
import { openActionFixture, refusal, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { inboundRecord } from './store-fixtures.js';
import { template, templatePage } from './template-fixtures.js';

const STAFF = '358409990000';
const LIST = 'GET /102290129340398/message_templates';
const SEND = 'POST /106540352242922/messages';
const body = (text: string, examples: string[]) => [{ type: 'BODY' as const, text, example: { body_text: [examples] } }];
const TEMPLATES = [
  template({ id: 't-en', name: 'staff_alert', language: 'en', components: body('Customer {{1}} wrote: {{2}}', ['Aino', 'Hello']) }),
  template({ id: 't-fi', name: 'staff_alert', language: 'fi', components: body('Asiakas {{1}} kirjoitti: {{2}}', ['Aino', 'Hei']) }),
  template({ id: 't-promo', name: 'promo_forward', category: 'MARKETING', components: body('{{1}}: {{2}}', ['Aino', 'Hello']) }),
  template({ id: 't-one', name: 'one_variable', components: body('New message from {{1}}', ['Aino']) }),
  template({ id: 't-three', name: 'three_variables', components: body('{{1}} wrote {{2}} at {{3}}', ['Aino', 'Hello', 'noon']) }),
  template({ id: 't-none', name: 'no_variables', components: body('A customer wrote.', []) }),
  template({ id: 't-typed', name: 'typed_forward', components: body('{{1}} paid on {{2}}', ['12.50 EUR', 'November 28, 2026']) }),
  template({
    id: 't-buttons', name: 'with_buttons',
    components: [...body('{{1}} wrote: {{2}}', ['Aino', 'Hello']), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Seen' }] }],
  }),
];

let fx: ActionFixture;
let rule: Automation;
beforeEach(async () => {
  fx = await openActionFixture({ now: new Date('2026-11-25T10:05:00.000Z') });
  fx.routes[LIST] = templatePage(TEMPLATES);
  fx.routes[SEND] = sent('wamid.fwd1', STAFF);
  rule = await fx.store.automations.create(fx.workspaceId, {
    phoneNumberId: fx.connection.phoneNumberId, name: 'To staff', enabled: true, trigger: { type: 'any_message' },
    action: { type: 'whatsapp', staff_phone: STAFF, template: 'staff_alert', language: 'en' }, oncePerHours: null,
  });
});
afterEach(async () => fx.cleanup());

const forward = (extra: Partial<WhatsappForward> = {}): WhatsappForward => ({ type: 'whatsapp', staff_phone: STAFF, template: 'staff_alert', language: 'en', ...extra });
const sends = () => fx.calls.filter((c) => c.method === 'POST');

describe('checking a forward to a staff number', () => {
  it('refuses a staff number it cannot read, naming the field', async () => {
    const error = await refusal(checkWhatsappForward(fx.deps, fx.connection, forward({ staff_phone: 'call me' })));
    expect(error).toMatchObject({ code: 'invalid_phone', field: 'action.staff_phone' });
  });

  it('refuses a template that is not a utility one, naming its category', async () => {
    const error = await refusal(checkWhatsappForward(fx.deps, fx.connection, forward({ template: 'promo_forward', language: undefined })));
    expect(error).toEqual({
      code: 'validation_failed', field: 'action.template', details: { field: 'action.template' },
      message: '"promo_forward" is a marketing template; forward with a utility template (Meta\'s category for messages about an ongoing matter).',
    });
  });

  it.each([
    ['only one of the two variables', 'one_variable', {}, '1', '1', '2'],
    ['a third variable', 'three_variables', {}, '1, 2, 3', '1', '2'],
    ['no variables', 'no_variables', {}, '(none)', '1', '2'],
    ['other names than the rule\'s', 'staff_alert', { name_variable: 'customer', text_variable: 'message' }, '1, 2', 'customer', 'message'],
  ])('refuses a template with %s, saying which it has and which the rule fills', async (_label, name, names, has, nameVariable, textVariable) => {
    const error = await refusal(checkWhatsappForward(fx.deps, fx.connection, forward({ template: name, ...names })));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'action.template' });
    expect(error.message).toBe(
      `The template "${name}" has the variables ${has}; forwarding fills exactly two: the customer's name ("name_variable", now ${nameVariable}) `
      + `and the text ("text_variable", now ${textVariable}). Choose a template with those two, or name its variables.`,
    );
  });

  it('refuses variables whose examples make them typed, naming each kind', async () => {
    const error = await refusal(checkWhatsappForward(fx.deps, fx.connection, forward({ template: 'typed_forward' })));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'action.template' });
    expect(error.message).toBe('In "typed_forward", 1 is a currency and 2 is a date time (from its example); forwarding needs two plain text variables. Choose a template whose examples are a name and a message.');
  });

  it('takes a template whose only other inputs are optional button payloads, with the number normalised', async () => {
    expect(await checkWhatsappForward(fx.deps, fx.connection, forward({ template: 'with_buttons', staff_phone: '+358 40 999 0000' })))
      .toEqual({ type: 'whatsapp', staff_phone: STAFF, template: 'with_buttons', language: 'en' });
  });

  it('keeps the variable names a rule gives, and only the forward\'s own fields', async () => {
    fx.routes[LIST] = templatePage([template({ id: 't-named', name: 'named_forward', language: 'en', parameter_format: 'NAMED', components: [{ type: 'BODY', text: '{{customer}} wrote: {{message}}', example: { body_text_named_params: [{ param_name: 'customer', example: 'Aino' }, { param_name: 'message', example: 'Hello' }] } }] })]);
    const named = { ...forward({ template: 'named_forward', name_variable: 'customer', text_variable: 'message' }), secret: 'not a forward\'s', url: 'https://example.com/x' };
    expect(await checkWhatsappForward(fx.deps, fx.connection, named as WhatsappForward))
      .toEqual({ type: 'whatsapp', staff_phone: STAFF, template: 'named_forward', language: 'en', name_variable: 'customer', text_variable: 'message' });
  });
});

describe('forwarding to a staff number', () => {
  const message = inboundRecord({ id: 'wamid.in1', profile_name: 'Aino', text: 'Onko auki?' });

  it('sends the template with the customer\'s name and text, and keeps it for the timeline', async () => {
    const result = await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward(), message);
    const answer = { message_id: 'wamid.fwd1', staff_phone: STAFF, template: 'staff_alert', language: 'en', preview: 'Customer Aino (+358401234567) wrote: Onko auki?' };
    expect(result).toEqual({ outcome: 'forwarded', detail: `to +${STAFF} on WhatsApp`, sent: answer });
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.json).toMatchObject({ to: STAFF, type: 'template', template: { name: 'staff_alert', language: { code: 'en' } } });
    const [item] = await fx.store.listTimeline(fx.workspaceId, STAFF, { limit: 5 });
    expect(item?.direction === 'outbound' && item.message).toMatchObject({
      id: 'wamid.fwd1', connectionId: fx.connection.id, type: 'template', templateName: 'staff_alert', templateCategory: 'UTILITY', sentAs: 'template', status: 'accepted',
      content: { template: { name: 'staff_alert', language: 'en', variables: { 1: 'Aino (+358401234567)', 2: 'Onko auki?' }, preview: answer.preview } },
    });
  });

  it('sends the template in the language the rule names', async () => {
    const result = await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward({ language: 'fi' }), message);
    expect(result.sent).toMatchObject({ template: 'staff_alert', language: 'fi', preview: 'Asiakas Aino (+358401234567) kirjoitti: Onko auki?' });
    expect(sends()[0]?.json).toMatchObject({ template: { name: 'staff_alert', language: { code: 'fi' } } });
  });

  it('forwards a message once per rule when the runner repeats it, and each other message once', async () => {
    const first = await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward(), message);
    expect(await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward(), message)).toEqual(first);
    expect(sends()).toHaveLength(1);
    fx.routes[SEND] = sent('wamid.fwd2', STAFF);
    const next = await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward(), inboundRecord({ id: 'wamid.in2', profile_name: 'Aino', text: 'Entä huomenna?' }));
    expect(next.sent).toMatchObject({ message_id: 'wamid.fwd2' });
    expect(sends()).toHaveLength(2);
  });

  it('refuses to send a changed forward of a message the rule already forwarded', async () => {
    await forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward(), message);
    const error = await refusal(forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward({ staff_phone: '358409990001' }), message));
    expect(error).toMatchObject({ code: 'idempotency_conflict', message: 'This idempotency key was already used for a different message. Use a new key for each new message.' });
    expect(sends()).toHaveLength(1);
  });

  it('refuses a staff number it cannot read, naming the field', async () => {
    const error = await refusal(forwardByWhatsapp(fx.deps, fx.workspaceId, rule, forward({ staff_phone: 'call me' }), message));
    expect(error).toMatchObject({ code: 'invalid_phone', field: 'action.staff_phone' });
    expect(sends()).toEqual([]);
  });
});
