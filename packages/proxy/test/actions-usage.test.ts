/**
 * GET /v1/usage from the store's quarter-hour counts: the range asked (defaults, bounds, clear errors), local days
 * in the chosen time zone, billing categories, failures by reason, and the CSV.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { isKaikuError } from '@kaiku/core';
import { MAX_USAGE_DAYS, USAGE_CSV_HEADER, getUsage, usageCsv } from '../src/actions/usage.js';
import type { UsageQuery, UsageReport } from '../src/actions/usage.js';
import type { ActionDeps } from '../src/actions/context.js';
import type { Store } from '../src/store/types.js';
import type { UsageCount } from '../src/store/usage.js';
import { openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

let fx: ActionFixture;
let counts: UsageCount[];
let asked: Array<[string, number, number]>;
let now: Date;

function deps(): ActionDeps {
  const store = Object.assign(Object.create(fx.store) as Store, {
    usage: {
      counts: async (workspaceId: string, fromMs: number, toMs: number) => {
        asked.push([workspaceId, fromMs, toMs]);
        return counts;
      },
    },
  });
  return { ...fx.deps, store, now: () => now };
}

beforeAll(async () => {
  fx = await openActionFixture();
});
afterAll(async () => fx.cleanup());
beforeEach(() => {
  counts = [];
  asked = [];
  now = new Date('2026-12-03T12:00:00Z');
});

async function refusal(query: UsageQuery): Promise<{ field: unknown; message: string }> {
  const error = await getUsage(deps(), fx.workspaceId, query).then(() => null, (e: unknown) => e);
  if (!isKaikuError(error)) throw new Error(`expected a refusal of ${JSON.stringify(query)}`);
  expect(error.code).toBe('validation_failed');
  return { field: error.details.field, message: error.message };
}

describe('getUsage: the range', () => {
  it('defaults to the 30 days ending today, and reads the store 14 hours wider on each side', async () => {
    const report = await getUsage(deps(), fx.workspaceId, {});
    expect(report).toMatchObject({ from: '2026-11-04', to: '2026-12-03', time_zone: 'UTC' });
    expect(report.days).toHaveLength(30);
    expect(report.days[0]?.date).toBe('2026-11-04');
    expect(report.days[29]?.date).toBe('2026-12-03');
    expect(asked).toEqual([[fx.workspaceId, at('2026-11-04T00:00:00Z') - 14 * HOUR, at('2026-12-04T00:00:00Z') + 14 * HOUR]]);
  });

  it('takes today in the chosen time zone (after midnight in Helsinki, before it in UTC)', async () => {
    now = new Date('2026-12-03T23:30:00Z');
    expect((await getUsage(deps(), fx.workspaceId, { timeZone: 'Europe/Helsinki' })).to).toBe('2026-12-04');
    expect((await getUsage(deps(), fx.workspaceId, {})).to).toBe('2026-12-03');
  });

  it('counts 30 days back from a given end, and takes a one-day range', async () => {
    expect((await getUsage(deps(), fx.workspaceId, { to: '2026-03-01' })).from).toBe('2026-01-31');
    const one = await getUsage(deps(), fx.workspaceId, { from: '2026-02-28', to: '2026-02-28' });
    expect(one.days.map((d) => d.date)).toEqual(['2026-02-28']);
  });

  it(`takes at most ${MAX_USAGE_DAYS} days`, async () => {
    const longest = await getUsage(deps(), fx.workspaceId, { from: '2025-01-01', to: '2026-01-01' });
    expect(longest.days).toHaveLength(366);
    expect(await refusal({ from: '2024-12-31', to: '2026-01-01' })).toEqual({ field: 'from', message: 'Ask for at most 366 days at a time; split the range.' });
  });

  it('refuses a range that ends before it starts, saying to swap', async () => {
    expect(await refusal({ from: '2026-12-02', to: '2026-12-01' })).toEqual({ field: 'from', message: '"from" (2026-12-02) is after "to" (2026-12-01); swap them.' });
  });

  it.each([['2026-12-1'], ['2026-02-30'], ['2026-13-01'], ['yesterday'], [' 2026-12-01'], ['2026-12-01T00:00']])('refuses the date "%s" with its field', async (date) => {
    expect(await refusal({ to: date })).toEqual({ field: 'to', message: `"to" must be a date written YYYY-MM-DD, e.g. 2026-12-01; got "${date}".` });
    expect((await refusal({ from: date, to: '2026-12-01' })).field).toBe('from');
  });

  it('refuses an unknown time zone', async () => {
    expect(await refusal({ timeZone: 'Mars/Olympus' })).toEqual({ field: 'time_zone', message: '"Mars/Olympus" is not a time zone; write it as UTC or Europe/Helsinki.' });
  });
});

describe('getUsage: the counts', () => {
  const query = { from: '2026-12-01', to: '2026-12-02', timeZone: 'Europe/Helsinki' };

  it('puts each quarter hour on its local day and drops those outside the range', async () => {
    counts = [
      // 23:00 UTC on 30 November is 01:00 on 1 December in Helsinki.
      { kind: 'received', sliceStart: at('2026-11-30T23:00:00Z'), count: 2 },
      { kind: 'received', sliceStart: at('2026-11-30T21:45:00Z'), count: 5 },
      { kind: 'received', sliceStart: at('2026-12-02T21:45:00Z'), count: 1 },
      { kind: 'received', sliceStart: at('2026-12-02T22:00:00Z'), count: 7 },
      { kind: 'received', sliceStart: at('2026-11-30T23:00:00Z'), count: 1 },
    ];
    const report = await getUsage(deps(), fx.workspaceId, query);
    expect(report.days.map((d) => [d.date, d.received])).toEqual([['2026-12-01', 3], ['2026-12-02', 1]]);
    expect(report.totals.received).toBe(4);
  });

  it('bills free-form replies as service and templates by their category, whatever its case', async () => {
    const slice = at('2026-12-01T10:00:00Z');
    counts = [
      { kind: 'sent', sliceStart: slice, sentAs: 'free_form', category: 'marketing', count: 4 },
      { kind: 'sent', sliceStart: slice, sentAs: 'template', category: 'MARKETING', count: 3 },
      { kind: 'sent', sliceStart: slice, sentAs: 'template', category: 'utility', count: 2 },
      { kind: 'sent', sliceStart: slice, sentAs: 'fallback_template', category: 'Authentication', count: 1 },
      { kind: 'sent', sliceStart: slice, sentAs: 'template', category: null, count: 6 },
      { kind: 'sent', sliceStart: slice, sentAs: 'template', category: 'service', count: 8 },
    ];
    const report = await getUsage(deps(), fx.workspaceId, query);
    expect(report.days[0]?.sent).toEqual({ marketing: 3, utility: 2, authentication: 1, service: 4, unknown: 14 });
    expect(report.days[1]?.sent).toEqual({ marketing: 0, utility: 0, authentication: 0, service: 0, unknown: 0 });
    expect(report.totals.sent).toEqual(report.days[0]?.sent);
  });

  it('counts failures per day and by reason, most first, ties by reason', async () => {
    const first = at('2026-12-01T10:00:00Z');
    const second = at('2026-12-02T10:00:00Z');
    counts = [
      { kind: 'failed', sliceStart: first, code: 131026, reason: 'Message undeliverable', count: 2 },
      { kind: 'failed', sliceStart: second, code: 131026, reason: 'Message undeliverable', count: 1 },
      { kind: 'failed', sliceStart: first, code: 131047, reason: 'Re-engagement message', count: 3 },
      { kind: 'failed', sliceStart: first, code: null, reason: null, count: 1 },
      { kind: 'failed', sliceStart: first, code: 1, reason: 'Another', count: 1 },
      { kind: 'failed', sliceStart: at('2026-11-29T10:00:00Z'), code: 2, reason: 'Outside the range', count: 9 },
      { kind: 'received', sliceStart: first, count: 1 },
    ];
    const report = await getUsage(deps(), fx.workspaceId, query);
    expect(report.days.map((d) => d.failed)).toEqual([7, 1]);
    expect(report.totals.failed).toBe(8);
    expect(report.failures).toEqual([
      { code: 131026, reason: 'Message undeliverable', count: 3 },
      { code: 131047, reason: 'Re-engagement message', count: 3 },
      { code: 1, reason: 'Another', count: 1 },
      { code: null, reason: 'no reason given', count: 1 },
    ]);
  });

  it('keeps the same reason with different codes apart', async () => {
    const slice = at('2026-12-01T10:00:00Z');
    counts = [
      { kind: 'failed', sliceStart: slice, code: 1, reason: 'Same', count: 1 },
      { kind: 'failed', sliceStart: slice, code: 2, reason: 'Same', count: 2 },
    ];
    expect((await getUsage(deps(), fx.workspaceId, query)).failures).toEqual([{ code: 2, reason: 'Same', count: 2 }, { code: 1, reason: 'Same', count: 1 }]);
  });
});

describe('usageCsv', () => {
  it('writes a header and one CRLF row per day with the sent total', () => {
    const report: UsageReport = {
      from: '2026-12-01', to: '2026-12-02', time_zone: 'UTC', failures: [],
      totals: { received: 0, sent: { marketing: 0, utility: 0, authentication: 0, service: 0, unknown: 0 }, failed: 0 },
      days: [
        { date: '2026-12-01', received: 5, sent: { marketing: 1, utility: 2, authentication: 3, service: 4, unknown: 5 }, failed: 6 },
        { date: '2026-12-02', received: 0, sent: { marketing: 0, utility: 0, authentication: 0, service: 0, unknown: 0 }, failed: 0 },
      ],
    };
    expect(USAGE_CSV_HEADER).toEqual(['date', 'received', 'sent_marketing', 'sent_utility', 'sent_authentication', 'sent_service', 'sent_unknown', 'sent_total', 'failed']);
    expect(usageCsv(report)).toBe(
      'date,received,sent_marketing,sent_utility,sent_authentication,sent_service,sent_unknown,sent_total,failed\r\n'
      + '2026-12-01,5,1,2,3,4,5,15,6\r\n2026-12-02,0,0,0,0,0,0,0,0\r\n',
    );
  });
});
