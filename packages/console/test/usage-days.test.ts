import { describe, expect, it } from '@jest/globals';
import { dayIn, daysBefore, lastThirtyDays } from '../src/admin/usage/days.js';

describe('the usage page\'s default range', () => {
  // 22:30 UTC on 3 December is already 4 December in Helsinki (UTC+2) and still 3 December in New York.
  const lateEvening = Date.UTC(2026, 11, 3, 22, 30);

  it('ends on today in the chosen time zone, not on UTC\'s today', () => {
    expect(dayIn(lateEvening, 'Europe/Helsinki')).toBe('2026-12-04');
    expect(dayIn(lateEvening, 'UTC')).toBe('2026-12-03');
    expect(dayIn(Date.UTC(2026, 11, 4, 3, 0), 'America/New_York')).toBe('2026-12-03');
    expect(lastThirtyDays(lateEvening, 'Europe/Helsinki')).toEqual({ from: '2026-11-05', to: '2026-12-04' });
  });

  it('counts 30 days back across month, year and leap-day edges', () => {
    expect(daysBefore('2027-01-10', 29)).toBe('2026-12-12');
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
    expect(daysBefore('2026-03-29', 0)).toBe('2026-03-29');
  });
});
