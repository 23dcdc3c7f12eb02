import { describe, expect, it } from '@jest/globals';
import { isKaikuError, KaikuError } from '../src/errors.js';

describe('isKaikuError', () => {
  it('knows a KaikuError, also one from another copy of the module (same name, with a code), and nothing else', () => {
    expect(isKaikuError(new KaikuError('invalid_phone', 'x'))).toBe(true);
    const copy = Object.assign(new Error('x'), { name: 'KaikuError', code: 'invalid_phone' });
    expect(isKaikuError(copy)).toBe(true);
    expect(isKaikuError(Object.assign(new Error('x'), { name: 'KaikuError' }))).toBe(false);
    expect(isKaikuError(Object.assign(new Error('x'), { code: 'invalid_phone' }))).toBe(false);
    expect(isKaikuError({ name: 'KaikuError', code: 'invalid_phone', message: 'x' })).toBe(false);
  });
});
