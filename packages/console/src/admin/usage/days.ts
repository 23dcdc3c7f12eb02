/** Local calendar days for the usage range: the days are the workspace's chosen time zone's, not UTC's. */

const DAY_MS = 86_400_000;

/** The date (YYYY-MM-DD) that it is at `ms` in `timeZone`. */
export function dayIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The calendar date `days` days before `date` (YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) - days * DAY_MS).toISOString().slice(0, 10);
}

/** The last 30 days up to today in `timeZone`, both ends included (what `GET /v1/usage` gives when asked nothing). */
export function lastThirtyDays(now: number, timeZone: string): { from: string; to: string } {
  const to = dayIn(now, timeZone);
  return { from: daysBefore(to, 29), to };
}
