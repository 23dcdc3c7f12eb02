import { describe, expect, it } from '@jest/globals';
import { boundedRaw, exceedsLimits, jsonDepth, RAW_LIMITS } from '../src/whatsapp/wire-limits.js';

// Each bound tried at the limit (kept) and one past it (refused), with small limits where the real ones are large.
const SMALL = { depth: 2, values: 3, textBytes: 5 };

describe('exceedsLimits at its bounds', () => {
  it('counts every value, the outer one included', () => {
    expect(exceedsLimits([1, 2], SMALL)).toBeNull();
    expect(exceedsLimits([1, 2, 3], SMALL)).toBe('more than 3 values');
  });

  it('allows values at exactly the depth limit', () => {
    expect(exceedsLimits([[1]], SMALL)).toBeNull();
    expect(exceedsLimits([[[1]]], { ...SMALL, values: 10 })).toBe('nested deeper than 2 levels');
  });

  it('counts text in keys and string values, up to the limit inclusive', () => {
    expect(exceedsLimits({ ab: 'cde' }, SMALL)).toBeNull();
    expect(exceedsLimits({ ab: 'cdef' }, SMALL)).toBe('more than 5 characters of text');
    expect(exceedsLimits({ abcdef: 1 }, SMALL)).toBe('more than 5 characters of text');
  });

  it('with the default limits: 64 KiB of text kept, one character more refused', () => {
    expect(exceedsLimits({ t: 'x'.repeat(RAW_LIMITS.textBytes - 1) })).toBeNull();
    expect(exceedsLimits({ t: 'x'.repeat(RAW_LIMITS.textBytes) })).toBe('more than 65536 characters of text');
    expect(exceedsLimits({ ['k'.repeat(RAW_LIMITS.textBytes + 1)]: 1 })).toBe('more than 65536 characters of text');
  });
});

describe('boundedRaw', () => {
  const tooDeep = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) as unknown;

  it('keeps the first 100 characters of the type beside the note', () => {
    expect(boundedRaw({ type: 't'.repeat(150), deep: tooDeep })).toEqual({
      type: 't'.repeat(100), omitted: "Kaiku did not keep this message's content: nested deeper than 32 levels.",
    });
  });

  it.each([['a number', 7], ['missing', undefined], ['an object', { name: 'x' }]])('a type that is %s becomes null', (_label, type) => {
    expect(boundedRaw({ type, deep: tooDeep })).toEqual({ type: null, omitted: expect.stringContaining('nested deeper than 32 levels') });
  });
});

describe('jsonDepth counts the deepest point, not the last one', () => {
  it.each([
    ['[[],[]]', 2],
    ['{"a":{},"b":{}}', 2],
    ['[[[]],[]]', 3],
    ['[{"a":[]},{}]', 3],
    ['{"a":[{}],"b":{"c":1}}', 3],
  ])('%s nests %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
    expect(jsonDepth(Buffer.from(text))).toBe(depth);
  });
});
