import { loadSample } from '@kaiku/shared';
import { serviceWindow, WINDOW_MS, windowExpiresAt } from '../src/window.js';

const received = new Date('2026-01-01T09:30:12Z');
const at = (iso: string): Date => new Date(iso);

describe('serviceWindow', () => {
  it('is 24 hours long', () => {
    expect(WINDOW_MS).toBe(86_400_000);
    expect(windowExpiresAt(received).toISOString()).toBe('2026-01-02T09:30:12.000Z');
  });

  const cases: [string, Date | null, Date, boolean, string | null][] = [
    ['right after the message', received, at('2026-01-01T09:30:13Z'), true, '2026-01-02T09:30:12.000Z'],
    ['one second before it closes', received, at('2026-01-02T09:30:11Z'), true, '2026-01-02T09:30:12.000Z'],
    ['exactly 24 hours later (closed)', received, at('2026-01-02T09:30:12Z'), false, '2026-01-02T09:30:12.000Z'],
    ['days later', received, at('2026-01-05T00:00:00Z'), false, '2026-01-02T09:30:12.000Z'],
    ['a message stamped slightly in the future (clock skew)', at('2026-01-01T09:31:00Z'), at('2026-01-01T09:30:00Z'), true, '2026-01-02T09:31:00.000Z'],
    ['the customer never wrote', null, received, false, null],
    ['an invalid date', new Date('not a date'), received, false, null],
  ];
  it.each(cases)('%s', (_label, last, now, open, expiresAt) => {
    const window = serviceWindow(last, now);
    expect({ open: window.open, expiresAt: window.expiresAt?.toISOString() ?? null }).toEqual({ open, expiresAt });
  });

  it('agrees with window_expires_at of the inbound sample', () => {
    const sample = loadSample('inbound-message') as { received_at: string; window_expires_at: string };
    const window = serviceWindow(new Date(sample.received_at), new Date(sample.received_at));
    expect(window.expiresAt?.getTime()).toBe(new Date(sample.window_expires_at).getTime());
  });
});
