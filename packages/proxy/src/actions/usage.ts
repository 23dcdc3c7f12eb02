/**
 * Use case of `GET /v1/usage`: messages received and sent per local day, the sent ones by what Meta bills them
 * as (the template's category: marketing, utility, authentication; free-form replies inside the window are
 * `service`), and failed deliveries per day and by WhatsApp's reason. As JSON, or one CSV row per day.
 */
import { KaikuError } from '@kaiku/core';
import { isTimeZone, localTime } from '../automations/opening-hours.js';
import { USAGE_SLICE_MS } from '../store/usage.js';
import type { UsageCount } from '../store/usage.js';
import type { ActionDeps } from './context.js';

/** What Meta bills a sent message as; `unknown` for a template whose category Kaiku did not learn. */
export const USAGE_CATEGORIES = ['marketing', 'utility', 'authentication', 'service', 'unknown'] as const;
/** A billing category. */
export type UsageCategory = (typeof USAGE_CATEGORIES)[number];

/** One local day. */
export interface UsageDay {
  date: string;
  received: number;
  sent: Record<UsageCategory, number>;
  failed: number;
}

/** The answer of GET /v1/usage. */
export interface UsageReport {
  from: string;
  to: string;
  time_zone: string;
  days: UsageDay[];
  totals: Omit<UsageDay, 'date'>;
  failures: Array<{ code: number | null; reason: string; count: number }>;
}

/** The longest range one request may ask for. */
export const MAX_USAGE_DAYS = 366;
const DAY_MS = 86_400_000;
/** No time zone is further than this from UTC: the range read is widened by it, then cut to local days. */
const WIDEST_OFFSET_MS = 14 * 3_600_000;

const invalid = (field: string, message: string) => new KaikuError('validation_failed', message, { details: { field } });

function dayNumber(date: string, field: string): number {
  // Only a date that comes back the same from toISOString is taken: YYYY-MM-DD, a real day.
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw invalid(field, `"${field}" must be a date written YYYY-MM-DD, e.g. 2026-12-01; got "${date}".`);
  return ms / DAY_MS;
}

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** What the caller asked: a range of local days (both ends included) in a time zone. */
export interface UsageQuery {
  from?: string;
  to?: string;
  timeZone?: string;
}

/** The days asked for: `to` defaults to today, `from` to 29 days before `to` (30 days). */
function rangeOf(query: UsageQuery, now: Date): { timeZone: string; first: number; last: number } {
  const timeZone = query.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) throw invalid('time_zone', `"${timeZone}" is not a time zone; write it as UTC or Europe/Helsinki.`);
  const last = dayNumber(query.to ?? localTime(now, timeZone).date, 'to');
  const first = query.from === undefined ? last - 29 : dayNumber(query.from, 'from');
  if (first > last) throw invalid('from', `"from" (${isoDay(first)}) is after "to" (${isoDay(last)}); swap them.`);
  if (last - first + 1 > MAX_USAGE_DAYS) throw invalid('from', `Ask for at most ${MAX_USAGE_DAYS} days at a time; split the range.`);
  return { timeZone, first, last };
}

/** The billing category of a sent message. */
function categoryOf(count: Extract<UsageCount, { kind: 'sent' }>): UsageCategory {
  if (count.sentAs === 'free_form') return 'service';
  const category = count.category?.toLowerCase();
  return category === 'marketing' || category === 'utility' || category === 'authentication' ? category : 'unknown';
}

const emptySent = (): Record<UsageCategory, number> => ({ marketing: 0, utility: 0, authentication: 0, service: 0, unknown: 0 });

function addInto(day: Omit<UsageDay, 'date'>, count: UsageCount): void {
  if (count.kind === 'received') day.received += count.count;
  else if (count.kind === 'sent') day.sent[categoryOf(count)] += count.count;
  else day.failed += count.count;
}

/** GET /v1/usage. */
export async function getUsage(deps: ActionDeps, workspaceId: string, query: UsageQuery): Promise<UsageReport> {
  const { timeZone, first, last } = rangeOf(query, deps.now());
  const counts = await deps.store.usage.counts(workspaceId, first * DAY_MS - WIDEST_OFFSET_MS, (last + 1) * DAY_MS + WIDEST_OFFSET_MS);
  const days = new Map<string, UsageDay>();
  for (let day = first; day <= last; day += 1) days.set(isoDay(day), { date: isoDay(day), received: 0, sent: emptySent(), failed: 0 });
  const totals: Omit<UsageDay, 'date'> = { received: 0, sent: emptySent(), failed: 0 };
  const failures = new Map<string, { code: number | null; reason: string; count: number }>();
  const dateOfSlice = new Map<number, string>();
  for (const count of counts) {
    let date = dateOfSlice.get(count.sliceStart);
    if (date === undefined) {
      date = localTime(new Date(count.sliceStart + USAGE_SLICE_MS / 2), timeZone).date;
      dateOfSlice.set(count.sliceStart, date);
    }
    const day = days.get(date);
    if (day === undefined) continue;
    addInto(day, count);
    addInto(totals, count);
    if (count.kind !== 'failed') continue;
    const reason = count.reason ?? 'no reason given';
    const key = JSON.stringify([count.code, reason]);
    const seen = failures.get(key) ?? { code: count.code, reason, count: 0 };
    seen.count += count.count;
    failures.set(key, seen);
  }
  return {
    from: isoDay(first), to: isoDay(last), time_zone: timeZone, days: [...days.values()], totals,
    failures: [...failures.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}

/** The CSV columns, in order. */
export const USAGE_CSV_HEADER = ['date', 'received', ...USAGE_CATEGORIES.map((c) => `sent_${c}`), 'sent_total', 'failed'];

/** The report as CSV: a header and one row per day (dates and whole numbers only, so nothing needs quoting). */
export function usageCsv(report: UsageReport): string {
  const rows = report.days.map((d) => {
    const sent = USAGE_CATEGORIES.map((c) => d.sent[c]);
    return [d.date, d.received, ...sent, sent.reduce((a, b) => a + b, 0), d.failed].join(',');
  });
  return `${[USAGE_CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
