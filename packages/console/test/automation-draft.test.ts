import { describe, expect, it } from '@jest/globals';
import type { Automation, KeptReply } from '../src/admin/automations/draft.js';
import { emptyDraft, fromRule, toInput } from '../src/admin/automations/draft.js';

const stored = (rule: Pick<Automation, 'trigger' | 'action'> & Partial<Automation>): Automation => ({
  id: 'aut_1', name: 'Rule', phone_number_id: '1001', enabled: true, created_at: '2026-12-01T08:00:00.000Z', updated_at: '2026-12-01T08:00:00.000Z', ...rule,
} as Automation);

/** What saving the form unchanged would send. */
const resaved = (rule: Automation) => toInput(fromRule(rule), rule.phone_number_id);

describe('the automation form keeps what it was given', () => {
  it('keeps every opening period of a day and of an exception date, and closed-all-day exceptions', () => {
    const trigger = {
      type: 'out_of_hours' as const, time_zone: 'Europe/Stockholm',
      opening_hours: { mon: [{ from: '08:00', to: '11:00' }, { from: '12:00', to: '16:00' }], sat: [{ from: '10:00', to: '14:00' }] },
      exceptions: [{ date: '2026-12-24', hours: [] }, { date: '2026-12-31', hours: [{ from: '08:00', to: '10:00' }, { from: '11:00', to: '12:00' }] }],
    };
    const rule = stored({ trigger, action: { type: 'reply', reply: { text: 'Closed.' } } });
    expect(resaved(rule)).toEqual({ name: 'Rule', phone_number_id: '1001', enabled: true, trigger, action: { type: 'reply', reply: { text: 'Closed.' } } });
    const draft = fromRule(rule);
    expect(draft.hours.mon).toEqual({ open: true, periods: [{ from: '08:00', to: '11:00' }, { from: '12:00', to: '16:00' }] });
    expect(draft.hours.tue).toEqual({ open: false, periods: [] });
  });

  it('keeps a reply it has no fields for (a list, a video, a media id, buttons with ids) until another kind is picked', () => {
    const replies = [
      { list: { body: 'Pick one', button: 'Menu', sections: [{ title: 'A', rows: [{ id: 'a1', title: 'One' }] }] } },
      { media: { type: 'video', url: 'https://example.com/v.mp4' } },
      { media: { type: 'image', id: '1234567890' } },
      { buttons: { body: 'Yes?', choices: [{ id: 'yes', title: 'Yes' }] } },
    ];
    for (const reply of replies) {
      const rule = stored({ trigger: { type: 'any_message' }, action: { type: 'reply', reply: reply as unknown as KeptReply } });
      expect(fromRule(rule).replyKind).toBe('kept');
      expect(resaved(rule).action).toEqual({ type: 'reply', reply });
      expect(toInput({ ...fromRule(rule), replyKind: 'text', replyText: 'Hello' }, '1001').action).toEqual({ type: 'reply', reply: { text: 'Hello' } });
    }
  });

  it('shows the replies it can edit field by field, a link preview included', () => {
    const replies = [
      { text: 'See https://example.com', preview_url: true },
      { media: { type: 'image', url: 'https://example.com/a.jpg', caption: 'Our shop' } },
      { buttons: { body: 'Call you?', choices: [{ title: 'Yes' }, { title: 'No' }] } },
    ];
    for (const reply of replies) {
      const rule = stored({ trigger: { type: 'any_message' }, action: { type: 'reply', reply: reply as unknown as KeptReply } });
      expect(fromRule(rule).replyKind).not.toBe('kept');
      expect(resaved(rule).action).toEqual({ type: 'reply', reply });
    }
  });

  it('keeps a forward to a staff member\'s WhatsApp, with its optional fields only when given', () => {
    const full = { type: 'whatsapp' as const, staff_phone: '+358401234567', template: 'staff_forward', language: 'fi', name_variable: 'name', text_variable: 'text' };
    expect(resaved(stored({ trigger: { type: 'any_message' }, action: full })).action).toEqual(full);
    const short = { type: 'whatsapp' as const, staff_phone: '+358401234567', template: 'staff_forward' };
    expect(resaved(stored({ trigger: { type: 'any_message' }, action: short })).action).toEqual(short);
  });

  it('starts a new rule open 8–16 on weekdays', () => {
    const input = toInput({ ...emptyDraft(), name: 'Night', replyText: 'Closed.' }, '1001');
    expect(input.trigger).toEqual({
      type: 'out_of_hours', time_zone: 'Europe/Helsinki',
      opening_hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '08:00', to: '16:00' }]])),
    });
  });
});
