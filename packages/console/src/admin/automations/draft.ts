/**
 * A rule as its form holds it (strings, one opening period per day) and the conversions to and from the API's
 * `AutomationInput` / `Automation`. The API checks everything; the form only shapes what was typed.
 */
import type { components } from '../../api/schema';

/** The API's rule body. */
export type AutomationInput = components['schemas']['AutomationInput'];
/** A stored rule. */
export type Automation = components['schemas']['Automation'];
/** The dry run's answer. */
export type TestResult = components['schemas']['AutomationTestResult'];

/** Weekdays as the API names them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One weekday. */
export type Weekday = (typeof WEEKDAYS)[number];

/** One day's hours in the form. */
export interface DayHours { open: boolean; from: string; to: string }

/** The form's state. */
export interface Draft {
  name: string;
  enabled: boolean;
  trigger: AutomationInput['trigger']['type'];
  timeZone: string;
  hours: Record<Weekday, DayHours>;
  exceptions: Array<{ date: string; from: string; to: string }>;
  afterDays: string;
  keywords: string;
  action: AutomationInput['action']['type'];
  replyKind: 'text' | 'buttons' | 'image';
  replyText: string;
  buttons: [string, string, string];
  imageUrl: string;
  url: string;
  timeoutMs: string;
  fallbackText: string;
  emailTo: string;
  oncePerHours: string;
}

/** A new rule: out of hours, open 8–16 on weekdays, Helsinki time. */
export function emptyDraft(): Draft {
  const weekday = { open: true, from: '08:00', to: '16:00' };
  const closed = { open: false, from: '', to: '' };
  return {
    name: '', enabled: true, trigger: 'out_of_hours', timeZone: 'Europe/Helsinki',
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: closed, sun: closed },
    exceptions: [], afterDays: '', keywords: '', action: 'reply', replyKind: 'text', replyText: '', buttons: ['', '', ''], imageUrl: '',
    url: '', timeoutMs: '', fallbackText: '', emailTo: '', oncePerHours: '',
  };
}

const lines = (text: string): string[] => text.split(/\r?\n|,/).map((l) => l.trim()).filter((l) => l !== '');
const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

function triggerOf(d: Draft): AutomationInput['trigger'] {
  if (d.trigger === 'keyword') return { type: 'keyword', keywords: lines(d.keywords) };
  if (d.trigger === 'first_contact') {
    const afterDays = numberOrUndefined(d.afterDays);
    return { type: 'first_contact', ...(afterDays === undefined ? {} : { after_days: afterDays }) };
  }
  if (d.trigger === 'any_message') return { type: 'any_message' };
  const openingHours: Partial<Record<Weekday, Array<{ from: string; to: string }>>> = {};
  for (const day of WEEKDAYS) if (d.hours[day].open) openingHours[day] = [{ from: d.hours[day].from, to: d.hours[day].to }];
  const exceptions = d.exceptions.filter((e) => e.date !== '').map((e) => ({ date: e.date, hours: e.from === '' && e.to === '' ? [] : [{ from: e.from, to: e.to }] }));
  return { type: 'out_of_hours', time_zone: d.timeZone, opening_hours: openingHours, ...(exceptions.length > 0 ? { exceptions } : {}) };
}

function replyOf(d: Draft): Record<string, unknown> {
  if (d.replyKind === 'image') return { media: { type: 'image', url: d.imageUrl, ...(d.replyText ? { caption: d.replyText } : {}) } };
  if (d.replyKind === 'buttons') return { buttons: { body: d.replyText, choices: d.buttons.filter((b) => b.trim() !== '').map((title) => ({ title })) } };
  return { text: d.replyText };
}

function actionOf(d: Draft): AutomationInput['action'] {
  if (d.action === 'email') return { type: 'email', to: lines(d.emailTo) };
  if (d.action === 'fetch') {
    const timeout = numberOrUndefined(d.timeoutMs);
    return { type: 'fetch', url: d.url, ...(timeout === undefined ? {} : { timeout_ms: timeout }), ...(d.fallbackText ? { fallback_text: d.fallbackText } : {}) };
  }
  return { type: 'reply', reply: replyOf(d) };
}

/** The API body of a draft, for one business number. */
export function toInput(d: Draft, phoneNumberId: string): AutomationInput {
  const once = numberOrUndefined(d.oncePerHours);
  return { name: d.name, phone_number_id: phoneNumberId, enabled: d.enabled, trigger: triggerOf(d), action: actionOf(d), ...(once === undefined ? {} : { once_per_hours: once }) };
}

type Reply = { text?: string; media?: { url?: string; caption?: string }; buttons?: { body?: string; choices?: Array<{ title?: string }> } };

/** The draft of a stored rule (its first opening period per day: the form edits one). */
export function fromRule(rule: Automation): Draft {
  const d = emptyDraft();
  const t = rule.trigger;
  const a = rule.action;
  const reply = (a.reply ?? {}) as Reply;
  const titles = (reply.buttons?.choices ?? []).map((c) => c.title ?? '');
  return {
    ...d, name: rule.name, enabled: rule.enabled, trigger: t.type, timeZone: t.time_zone ?? d.timeZone,
    hours: Object.fromEntries(WEEKDAYS.map((day) => {
      const period = t.opening_hours?.[day]?.[0];
      return [day, period === undefined ? { open: false, from: '', to: '' } : { open: true, ...period }];
    })) as Record<Weekday, DayHours>,
    exceptions: (t.exceptions ?? []).map((e) => ({ date: e.date, from: e.hours[0]?.from ?? '', to: e.hours[0]?.to ?? '' })),
    afterDays: t.after_days === undefined ? '' : String(t.after_days), keywords: (t.keywords ?? []).join('\n'),
    action: a.type, replyKind: reply.media ? 'image' : reply.buttons ? 'buttons' : 'text',
    replyText: reply.text ?? reply.buttons?.body ?? reply.media?.caption ?? '', buttons: [titles[0] ?? '', titles[1] ?? '', titles[2] ?? ''],
    imageUrl: reply.media?.url ?? '', url: a.url ?? '', timeoutMs: a.timeout_ms === undefined ? '' : String(a.timeout_ms),
    fallbackText: a.fallback_text ?? '', emailTo: (a.to ?? []).join('\n'),
    oncePerHours: rule.once_per_hours === null || rule.once_per_hours === undefined ? '' : String(rule.once_per_hours),
  };
}
