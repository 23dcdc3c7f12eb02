/**
 * A fake clock for retry tests. Kept apart from client-helpers.ts, which imports nock: importing nock switches its
 * HTTP interception on for the whole Jest worker, so a test file that needs no nock must not import it.
 */
import type { RetryClock } from '../src/whatsapp/retry.js';

/** A clock whose sleeps only advance time and are recorded. */
export interface FakeClock extends RetryClock {
  sleeps: number[];
}

/** A fake clock starting at 1 000 000 ms with a fixed random value. */
export function fakeClock(random = 0.5): FakeClock {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
