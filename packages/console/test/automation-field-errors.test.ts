/** The API's refusals of a rule, placed at the automation form's fields (or above the form when no field claims them). */
import { describe, expect, it } from '@jest/globals';
import { RULE_FORM_FIELDS, fieldErrorsOf } from '../src/admin/automations/field-errors.js';

/** An error answer as the API sends it. */
const refusal = (field: string | undefined, message: string, fields?: Array<{ field: string; message: string }>) =>
  ({ error: { code: 'validation_failed', message, details: { ...(field === undefined ? {} : { field }), ...(fields ? { fields } : {}) } } });

const place = (body: unknown, prefix?: string) => fieldErrorsOf(body, 422, RULE_FORM_FIELDS, prefix);

describe('the automation form places the API\'s errors', () => {
  it('puts a reply\'s text, image link and caption errors under the fields they are typed in', () => {
    const text = 'action.reply.text is 5000 characters; WhatsApp allows at most 4096';
    expect(place(refusal('action.reply.text', `The reply cannot be sent: ${text}.`, [{ field: 'action.reply.text', message: text }])))
      .toEqual({ byField: { 'action.reply': text }, general: null });
    expect(place(refusal('action.reply.media.link', 'x', [{ field: 'action.reply.media.link', message: 'must be an https link' }])))
      .toEqual({ byField: { 'action.reply.media': 'must be an https link' }, general: null });
    expect(place(refusal('action.reply.media.caption', 'x', [{ field: 'action.reply.media.caption', message: 'is too long' }])))
      .toEqual({ byField: { 'action.reply': 'is too long' }, general: null });
  });

  it('claims an error for the longest field it belongs to, exception dates included', () => {
    expect(place(refusal('trigger.opening_hours.mon', '"9–8" on mon is not an opening period')).byField).toEqual({ 'trigger.opening_hours.mon': '"9–8" on mon is not an opening period' });
    expect(place(refusal('trigger.opening_hours.2026-12-24', 'not a period')).byField).toEqual({ 'trigger.exceptions': 'not a period' });
    expect(place(refusal('action.url', 'not https')).byField).toEqual({ 'action.url': 'not https' });
  });

  it('shows above the form what no field claims, and the status when the answer has no message', () => {
    expect(place(refusal('action.secret', 'too short'))).toEqual({ byField: {}, general: 'too short' });
    expect(fieldErrorsOf(undefined, 502, RULE_FORM_FIELDS)).toEqual({ byField: {}, general: 'HTTP 502' });
  });

  it('reads the fields of a dry run, where the rule sits under "rule."', () => {
    expect(place(refusal('rule.action.reply.text', 'x', [{ field: 'rule.action.reply.text', message: 'is empty' }]), 'rule.').byField).toEqual({ 'action.reply': 'is empty' });
  });
});
