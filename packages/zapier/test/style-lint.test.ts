import { describe, expect, it } from '@jest/globals';
import app from '../src/index.js';
import type { LintableApp } from './style-lint.js';
import { isTitleCase, styleProblems } from './style-lint.js';

/** A copy of the app with one trigger or create changed, to prove each check can fail. */
function withCreate(change: (create: Record<string, unknown>) => Record<string, unknown>): LintableApp {
  const create = structuredClone({ ...app.creates.reply_to_customer!, operation: { ...app.creates.reply_to_customer!.operation, perform: undefined, inputFields: app.creates.reply_to_customer!.operation.inputFields!.filter((field) => typeof field !== 'function') } });
  return { ...(app as unknown as LintableApp), creates: { reply_to_customer: change(create as unknown as Record<string, unknown>) as never } };
}

function withTrigger(change: (trigger: Record<string, unknown>) => Record<string, unknown>): LintableApp {
  return { ...(app as unknown as LintableApp), triggers: { new_inbound_message: change({ ...app.triggers.new_inbound_message! }) as never } };
}

describe('the offline style lint', () => {
  it('knows Title Case', () => {
    expect(isTitleCase('Reply to Customer')).toBe(true);
    expect(isTitleCase('Reply Window Closes At')).toBe(true);
    expect(isTitleCase('Reply to customer')).toBe(false);
    expect(isTitleCase('Send The Message')).toBe(false);
  });

  it.each([
    ['D021 trigger description', withTrigger((t) => ({ ...t, display: { label: 'New Inbound Message', description: 'A customer wrote.' } })), /D021/],
    ['create description without a plural verb', withCreate((c) => ({ ...c, display: { label: 'Reply to Customer', description: 'Reply to a customer.' } })), /plural verb/],
    ['D018 label not in Title Case', withCreate((c) => ({ ...c, display: { label: 'Reply to customer', description: 'Sends a reply.' } })), /D018/],
    ['D012 missing sample', withCreate((c) => ({ ...c, operation: { ...(c.operation as object), sample: undefined } })), /D012/],
    ['D024 sample lacking an output field', withCreate((c) => ({ ...c, operation: { ...(c.operation as object), sample: { id: 'wamid.X' } } })), /D024.*wa_id/],
    ['D023 sample date without offset', withTrigger((t) => ({ ...t, operation: { ...(t.operation as object), sample: { ...app.triggers.new_inbound_message!.operation.sample, received_at: '2026-01-01 09:30' } } })), /D023/],
    ['D011 help text equal to the label', withCreate((c) => ({ ...c, operation: { ...(c.operation as object), inputFields: [{ key: 'to', label: 'Recipient', helpText: 'Recipient' }] } })), /D011/],
    ['D004 id typed by hand', withCreate((c) => ({ ...c, operation: { ...(c.operation as object), inputFields: [{ key: 'phone_number_id', label: 'Sending Phone Number' }] } })), /D004/],
    ['D001 credential as an action field', withCreate((c) => ({ ...c, operation: { ...(c.operation as object), inputFields: [{ key: 'api_key', label: 'API Key' }] } })), /D001/],
    ['D006 hook without performList', withTrigger((t) => ({ ...t, operation: { ...(t.operation as object), performList: undefined } })), /D006/],
    ['D007 plain HTTP URL', withCreate((c) => ({ ...c, display: { label: 'Reply to Customer', description: 'Sends a reply, see http://kaiku.example.com.' } })), /D007/],
  ])('catches %s', (_label, broken, expected) => {
    expect(styleProblems(app as unknown as LintableApp)).toEqual([]);
    expect(styleProblems(broken).join('\n')).toMatch(expected);
  });
});
