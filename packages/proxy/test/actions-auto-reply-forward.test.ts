/**
 * When automations may answer a customer (consent, the 24-hour window, the loop guard, once per period), and what a
 * forward to staff says: the e-mail's subject and body, and the WhatsApp template's two values.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WINDOW_MS } from '@kaiku/core';
import { customerRefusal, LOOP_GUARD_MS, periodRefusal, sendAutoReply } from '../src/actions/auto-reply.js';
import type { ActionDeps } from '../src/actions/context.js';
import { createMailer, forwardByEmail, forwardSubject } from '../src/actions/forward-email.js';
import type { Mail } from '../src/actions/forward-email.js';
import { DEFAULT_NAME_VARIABLE, DEFAULT_TEXT_VARIABLE, forwardByWhatsapp, forwardVariables } from '../src/actions/forward-whatsapp.js';
import type { WhatsappForward } from '../src/actions/forward-whatsapp.js';
import type { Automation } from '../src/automations/types.js';
import type { Connection, Store } from '../src/store/index.js';
import { actionDeps } from './actions-deps.js';
import { connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
let deps: ActionDeps;
let workspaceId: string;
let connection: Connection;
let rule: Automation;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
  deps = actionDeps(store);
  workspaceId = (await store.createWorkspace({ name: 'Automations' })).id;
  connection = await store.upsertConnection(connectionInput(workspaceId));
  rule = await store.automations.create(workspaceId, {
    phoneNumberId: connection.phoneNumberId, name: 'Closed', enabled: true, trigger: { type: 'keyword', keywords: ['hours'] },
    action: { type: 'reply', reply: { text: 'We are closed.' } }, oncePerHours: 12,
  });
});
afterAll(async () => t.cleanup());

const received = new Date('2026-11-25T10:00:00.000Z');
let customers = 0;
/** A customer of their own, so that earlier answers of other tests do not count. */
function customer(): string {
  customers += 1;
  return `35840000${String(customers).padStart(4, '0')}`;
}

async function answered(waId: string, at: Date, outcome: 'replied' | 'fallback' | 'no_reply' = 'replied', automationId = rule.id): Promise<void> {
  await store.automations.startRuns([{ workspaceId, automationId, messageId: `wamid.${waId}.${at.getTime()}`, waId, at, outcome, detail: null }]);
}

describe('customerRefusal', () => {
  it('lets a rule answer inside the window of a customer who did not opt out and was not answered lately', async () => {
    const message = inboundRecord({ from: customer(), received_at: received.toISOString() });
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + 1000))).toBeNull();
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + WINDOW_MS - 1))).toBeNull();
  });

  it('never answers a customer who opted out', async () => {
    const from = customer();
    await store.recordConsent(workspaceId, from, { status: 'opted_out', source: 'test', proof: null, recordedAt: received });
    expect(await customerRefusal(deps, workspaceId, inboundRecord({ from, received_at: received.toISOString() }), received))
      .toEqual({ outcome: 'skipped_opted_out', detail: 'the customer opted out' });
  });

  it('does not answer once the message\'s 24 hours are over', async () => {
    const message = inboundRecord({ from: customer(), received_at: received.toISOString() });
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + WINDOW_MS)))
      .toEqual({ outcome: 'skipped_window_closed', detail: 'the 24-hour window of this message has closed' });
  });

  it('does not answer a customer answered less than 30 s ago, saying how long ago', async () => {
    const from = customer();
    const message = inboundRecord({ from, received_at: received.toISOString() });
    await answered(from, received);
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + 12_400)))
      .toEqual({ outcome: 'skipped_loop', detail: 'an automatic reply went to this customer 12 s ago' });
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + LOOP_GUARD_MS - 1))).toMatchObject({ outcome: 'skipped_loop' });
    expect(await customerRefusal(deps, workspaceId, message, new Date(received.getTime() + LOOP_GUARD_MS))).toBeNull();
  });

  it('does not count runs that sent nothing as answers', async () => {
    const from = customer();
    await answered(from, received, 'no_reply');
    expect(await customerRefusal(deps, workspaceId, inboundRecord({ from, received_at: received.toISOString() }), new Date(received.getTime() + 1000))).toBeNull();
  });
});

describe('periodRefusal', () => {
  const withPeriod = (oncePerHours: number | null): Automation => ({ ...rule, oncePerHours });

  it('lets a rule without a period answer every time', async () => {
    const from = customer();
    await answered(from, received);
    const message = inboundRecord({ from });
    const soon = new Date(received.getTime() + 60_000);
    expect(await periodRefusal(deps, workspaceId, withPeriod(null), message, soon)).toBeNull();
    expect(await periodRefusal(deps, workspaceId, withPeriod(0), message, soon)).toBeNull();
  });

  it('answers once per period, saying when it last answered', async () => {
    const from = customer();
    const message = inboundRecord({ from });
    const rule2 = withPeriod(2);
    expect(await periodRefusal(deps, workspaceId, rule2, message, received)).toBeNull();
    await answered(from, received, 'fallback');
    expect(await periodRefusal(deps, workspaceId, rule2, message, new Date(received.getTime() + 2 * 3_600_000 - 1)))
      .toEqual({ outcome: 'skipped_once_per_period', detail: 'answered at 2026-11-25T10:00:00.000Z; once per 2 h' });
    expect(await periodRefusal(deps, workspaceId, rule2, message, new Date(received.getTime() + 2 * 3_600_000))).toBeNull();
  });

  it('counts only this rule\'s answers', async () => {
    const from = customer();
    const other = await store.automations.create(workspaceId, { ...rule, name: 'Other' });
    await answered(from, received, 'replied', other.id);
    expect(await periodRefusal(deps, workspaceId, withPeriod(12), inboundRecord({ from }), new Date(received.getTime() + 60_000))).toBeNull();
  });
});

describe('sendAutoReply', () => {
  it('refuses to send through a number no longer connected to the workspace', async () => {
    const message = inboundRecord({ phone_number_id: '999999' });
    await expect(sendAutoReply(deps, workspaceId, message, { text: 'Hei' })).rejects.toThrow('The business number 999999 is no longer connected to this workspace.');
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    await expect(sendAutoReply(deps, other, inboundRecord(), { text: 'Hei' })).rejects.toThrow(`The business number ${connection.phoneNumberId} is no longer connected`);
  });
});

describe('forwarding by e-mail', () => {
  it('has no mailer without SMTP_URL', () => {
    expect(createMailer({ smtpUrl: null, smtpFrom: 'kaiku@example.com' })).toBeNull();
    expect(typeof createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', smtpFrom: 'kaiku@example.com' })).toBe('function');
  });

  it('names who wrote, from which number, and the start of what they wrote in the subject', () => {
    expect(forwardSubject(inboundRecord({ profile_name: 'Aino', from: '358401234567', text: 'Hei!\n\nOnko   auki?' })))
      .toBe('WhatsApp: Aino (+358401234567): Hei! Onko auki?');
    expect(forwardSubject(inboundRecord({ profile_name: null, username: 'aino.v', from: 'US.13491208655302741918', type: 'image', text: null })))
      .toBe('WhatsApp: aino.v (US.13491208655302741918): [image]');
    expect(forwardSubject(inboundRecord({ profile_name: null, username: null, text: 'x'.repeat(100) })))
      .toBe(`WhatsApp: A customer (+358401234567): ${'x'.repeat(60)}`);
  });

  it('mails the text with who wrote to which number, and until when to reply', async () => {
    const mails: Mail[] = [];
    const mailer = async (mail: Mail) => {
      mails.push(mail);
      return '<id@mail>';
    };
    const message = inboundRecord({ profile_name: 'Aino', text: 'Onko auki?', received_at: received.toISOString() });
    const sent = await forwardByEmail(deps, mailer, connection, message, ['staff@example.com']);
    expect(sent).toEqual({ email_id: '<id@mail>', to: ['staff@example.com'], subject: 'WhatsApp: Aino (+358401234567): Onko auki?', attachments: [] });
    expect(mails).toEqual([{
      to: ['staff@example.com'], subject: 'WhatsApp: Aino (+358401234567): Onko auki?', attachments: [],
      text: [
        `Aino (+358401234567) wrote to ${connection.displayPhoneNumber} on WhatsApp at ${received.toISOString()}:`, '', 'Onko auki?', '',
        `Reply in Kaiku before ${message.window_expires_at} (the 24-hour window); after that, only with a template.`,
      ].join('\n'),
    }]);
    await forwardByEmail(deps, mailer, connection, inboundRecord({ profile_name: null, type: 'location', text: null }), ['a@example.com']);
    expect(mails[1]?.text).toMatch(/^A customer \(\+358401234567\) wrote to .*\n\n\[location\]\n\n/);
  });
});

describe('forwarding on WhatsApp', () => {
  const action: WhatsappForward = { type: 'whatsapp', staff_phone: '358409999999', template: 'staff_forward' };

  it('fills the name and the text, flattened as Meta requires', () => {
    expect(DEFAULT_NAME_VARIABLE).toBe('1');
    expect(DEFAULT_TEXT_VARIABLE).toBe('2');
    expect(forwardVariables(action, inboundRecord({ profile_name: 'Aino', text: '  Hei!\n\tOnko     auki?\r\n ' })))
      .toEqual({ 1: 'Aino (+358401234567)', 2: 'Hei! Onko auki?' });
    expect(forwardVariables({ ...action, name_variable: 'customer', text_variable: 'message' }, inboundRecord({ profile_name: null, type: 'image', text: null, media_caption: 'Kuva' })))
      .toEqual({ customer: '+358401234567 (+358401234567)', message: 'Kuva' });
    expect(forwardVariables(action, inboundRecord({ type: 'sticker', text: null, media_caption: null }))[2]).toBe('[sticker]');
    expect(forwardVariables(action, inboundRecord({ type: 'text', text: ' \n ' }))[2]).toBe('[text]');
  });

  it('shortens a long name to 60 characters and a long text to 900, marking the cut', () => {
    const values = forwardVariables(action, inboundRecord({ profile_name: 'N'.repeat(80), text: 'T'.repeat(1000) }));
    expect(values[1]).toBe(`${'N'.repeat(59)}… (+358401234567)`);
    expect(values[2]).toBe(`${'T'.repeat(899)}…`);
    const exact = forwardVariables(action, inboundRecord({ profile_name: 'N'.repeat(60), text: 'T'.repeat(900) }));
    expect(exact[1]).toBe(`${'N'.repeat(60)} (+358401234567)`);
    expect(exact[2]).toBe('T'.repeat(900));
  });

  it('does not forward the staff member\'s own message back, nor through a number no longer connected', async () => {
    expect(await forwardByWhatsapp(deps, workspaceId, rule, action, inboundRecord({ from: '358409999999' })))
      .toEqual({ outcome: 'skipped_loop', detail: 'the message came from the staff number itself', sent: null });
    expect(await forwardByWhatsapp(deps, workspaceId, rule, { ...action, staff_phone: '+358 40 9999999' }, inboundRecord({ from: '358409999999' })))
      .toMatchObject({ outcome: 'skipped_loop' });
    expect(await forwardByWhatsapp(deps, workspaceId, rule, action, inboundRecord({ phone_number_id: '999999' })))
      .toEqual({ outcome: 'failed', detail: 'the business number is no longer connected', sent: null });
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    expect(await forwardByWhatsapp(deps, other, rule, action, inboundRecord())).toMatchObject({ outcome: 'failed' });
  });
});
