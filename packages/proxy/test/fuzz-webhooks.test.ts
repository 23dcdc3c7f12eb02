/**
 * Property-based fuzzing of intake → parse → apply on both stores, with a fixed seed: 5,000+ generated
 * Meta-shaped bodies per store (wrong types, missing and extra fields, deep and huge values, odd Unicode,
 * duplicates, reorderings). No exception escapes, and a valid message behind them is always applied and
 * gets its delivery. `pnpm bench` runs more.
 */
import { describe, expect, it } from '@jest/globals';
import { runFuzz } from './fuzz-run.js';
import { runHttpFuzz } from './fuzz-http.js';

describe.each(['sqlite', 'postgres'] as const)('fuzzed webhooks (%s)', (kind) => {
  it('never throws and never holds back a valid message', async () => {
    const figures = await runFuzz(kind, { numRuns: 250, seed: 20_261_203, min: 15, max: 25 });
    expect(figures.payloads).toBeGreaterThanOrEqual(5_000);
    // The bodies reach every path: stored, refused as malformed, refused as not signed for the numbers named.
    expect(Object.keys(figures.outcomes).sort()).toEqual(['200', '400', '401']);
  }, 240_000);
});

describe.each(['sqlite', 'postgres'] as const)('fuzzed webhooks over HTTP (%s)', (kind) => {
  it('answers 200, 400 or 401 and still delivers a valid message of another workspace', async () => {
    expect(await runHttpFuzz(kind, { numRuns: 25, seed: 20_261_203, min: 5, max: 10 })).toBeGreaterThanOrEqual(125);
  }, 120_000);
});
