/**
 * A rule as its form holds it (strings; any number of opening periods per day) and the conversions to and from the
 * API's `AutomationInput` / `Automation`. The API checks everything; the form only shapes what was typed. What the
 * form has no fields for (a list reply, a video, a media id, a reply's extra options) is kept as it was stored
 * unless the user picks another kind of reply: opening a rule made through the API and saving it changes nothing.
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

/** One opening period, HH:MM to HH:MM. */
export interface Period { from: string; to: string }
/** One day's hours in the form: closed, or open in one or more periods. */
export interface DayHours { open: boolean; periods: Period[] }
/** A stored reply that the form cannot show field by field. */
export type KeptReply = NonNullable<AutomationInput['action']['reply']>;

/** The form's state. */
export interface Draft {
  name: string;
  enabled: boolean;
  trigger: AutomationInput['trigger']['type'];
  timeZone: string;
  hours: Record<Weekday, DayHours>;
  /** Exception dates: closed all day when `periods` is empty. */
  exceptions: Array<{ date: string; periods: Period[] }>;
  afterDays: string;
  keywords: string;
  action: AutomationInput['action']['type'];
  /** `kept`: the stored reply below, unchanged. */
  replyKind: 'text' | 'buttons' | 'image' | 'kept';
  keptReply: KeptReply | null;
  previewUrl: boolean;
  replyText: string;
  buttons: [string, string, string];
  imageUrl: string;
  url: string;
  timeoutMs: string;
  fallbackText: string;
  emailTo: string;
  staffPhone: string;
  template: string;
  language: string;
  nameVariable: string;
  textVariable: string;
  oncePerHours: string;
}

/** A new rule: out of hours, open 8–16 on weekdays, Helsinki time. */
export function emptyDraft(): Draft {
  const weekday = { open: true, periods: [{ from: '08:00', to: '16:00' }] };
  const closed = { open: false, periods: [] };
  return {
    name: '', enabled: true, trigger: 'out_of_hours', timeZone: 'Europe/Helsinki',
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: closed, sun: closed },
    exceptions: [], afterDays: '', keywords: '', action: 'reply', replyKind: 'text', keptReply: null, previewUrl: false, replyText: '', buttons: ['', '', ''], imageUrl: '',
    url: '', timeoutMs: '', fallbackText: '', emailTo: '', staffPhone: '', template: '', language: '', nameVariable: '', textVariable: '', oncePerHours: '',
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
  const openingHours: Partial<Record<Weekday, Period[]>> = {};
  for (const day of WEEKDAYS) if (d.hours[day].open) openingHours[day] = d.hours[day].periods.map(({ from, to }) => ({ from, to }));
  const exceptions = d.exceptions.filter((e) => e.date !== '')
    .map((e) => ({ date: e.date, hours: e.periods.filter((p) => p.from !== '' || p.to !== '').map(({ from, to }) => ({ from, to })) }));
  return { type: 'out_of_hours', time_zone: d.timeZone, opening_hours: openingHours, ...(exceptions.length > 0 ? { exceptions } : {}) };
}

function replyOf(d: Draft): Record<string, unknown> {
  if (d.replyKind === 'kept' && d.keptReply !== null) return d.keptReply;
  if (d.replyKind === 'image') return { media: { type: 'image', url: d.imageUrl, ...(d.replyText ? { caption: d.replyText } : {}) } };
  if (d.replyKind === 'buttons') return { buttons: { body: d.replyText, choices: d.buttons.filter((b) => b.trim() !== '').map((title) => ({ title })) } };
  return { text: d.replyText, ...(d.previewUrl ? { preview_url: true } : {}) };
}

function actionOf(d: Draft): AutomationInput['action'] {
  if (d.action === 'email') return { type: 'email', to: lines(d.emailTo) };
  if (d.action === 'whatsapp') {
    const optional = { language: d.language, name_variable: d.nameVariable, text_variable: d.textVariable };
    return {
      type: 'whatsapp', staff_phone: d.staffPhone, template: d.template,
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value.trim() !== '')),
    };
  }
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

const only = (value: object, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));

/** Which of the form's reply kinds shows a stored reply whole, or `kept` when none does. */
function replyKindOf(reply: Record<string, unknown>): Draft['replyKind'] {
  const r = reply as Reply & { media?: Record<string, unknown>; buttons?: { choices?: Array<Record<string, unknown>> } };
  if (typeof r.text === 'string' && only(reply, ['text', 'preview_url'])) return 'text';
  if (r.media !== undefined && only(reply, ['media']) && r.media.type === 'image' && typeof r.media.url === 'string' && only(r.media, ['type', 'url', 'caption'])) return 'image';
  if (r.buttons !== undefined && only(reply, ['buttons']) && only(r.buttons, ['body', 'choices']) && (r.buttons.choices ?? []).every((c) => only(c, ['title']))) return 'buttons';
  return 'kept';
}

/** The draft of a stored rule. */
export function fromRule(rule: Automation): Draft {
  const d = emptyDraft();
  const t = rule.trigger;
  const a = rule.action;
  const stored = (a.reply ?? { text: '' }) as Record<string, unknown>;
  const replyKind = replyKindOf(stored);
  const reply = (replyKind === 'kept' ? {} : stored) as Reply;
  const titles = (reply.buttons?.choices ?? []).map((c) => c.title ?? '');
  const periods = (list: Period[] | undefined) => (list ?? []).map(({ from, to }) => ({ from, to }));
  return {
    ...d, name: rule.name, enabled: rule.enabled, trigger: t.type, timeZone: t.time_zone ?? d.timeZone,
    hours: Object.fromEntries(WEEKDAYS.map((day) => {
      const open = periods(t.opening_hours?.[day]);
      return [day, { open: open.length > 0, periods: open }];
    })) as Record<Weekday, DayHours>,
    exceptions: (t.exceptions ?? []).map((e) => ({ date: e.date, periods: periods(e.hours) })),
    afterDays: t.after_days === undefined ? '' : String(t.after_days), keywords: (t.keywords ?? []).join('\n'),
    action: a.type, replyKind, keptReply: replyKind === 'kept' ? stored as KeptReply : null, previewUrl: stored.preview_url === true,
    replyText: reply.text ?? reply.buttons?.body ?? reply.media?.caption ?? '', buttons: [titles[0] ?? '', titles[1] ?? '', titles[2] ?? ''],
    imageUrl: reply.media?.url ?? '', url: a.url ?? '', timeoutMs: a.timeout_ms === undefined ? '' : String(a.timeout_ms),
    fallbackText: a.fallback_text ?? '', emailTo: (a.to ?? []).join('\n'),
    staffPhone: a.staff_phone ?? '', template: a.template ?? '', language: a.language ?? '', nameVariable: a.name_variable ?? '', textVariable: a.text_variable ?? '',
    oncePerHours: rule.once_per_hours === null || rule.once_per_hours === undefined ? '' : String(rule.once_per_hours),
  };
}
