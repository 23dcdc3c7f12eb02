/**
 * Whether a moment falls inside a number's opening hours: weekday periods in the number's time zone (default
 * Europe/Helsinki), with exception dates (public holidays, closures) that replace that day's hours.
 */
import { WEEKDAYS } from './types.js';
import type { HoursException, OpeningPeriod, Weekday } from './types.js';

/** Where a number's hours are kept when the rule names no time zone. */
export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

/** A moment as a clock on the wall of that time zone reads it. */
export interface LocalTime {
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether a time zone name is one the runtime knows (`Europe/Helsinki`). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = (parts.weekday ?? 'Mon').slice(0, 3).toLowerCase() as Weekday;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.includes(weekday) ? weekday : 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** `HH:MM` as minutes since midnight (`24:00` = 1440); NaN when it is not a time. */
export function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (match === null) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 1440 ? Number.NaN : minutes;
}

/** Whether `at` is inside the opening hours (an exception date's hours replace the weekday's). */
export function isOpen(
  at: Date, hours: { time_zone?: string; opening_hours: Partial<Record<Weekday, OpeningPeriod[]>>; exceptions?: HoursException[] },
): boolean {
  const local = localTime(at, hours.time_zone ?? DEFAULT_TIME_ZONE);
  const exception = hours.exceptions?.find((e) => e.date === local.date);
  const periods = exception?.hours ?? hours.opening_hours[local.weekday] ?? [];
  return periods.some((p) => local.minutes >= minutesOf(p.from) && local.minutes < minutesOf(p.to));
}
