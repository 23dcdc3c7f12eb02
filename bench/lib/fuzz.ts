/**
 * The fuzz run of the bench: many more generated webhooks than `pnpm test` drives, in process against each
 * store (see packages/proxy/test/fuzz-run.ts), with a seed that changes per run (printed, to replay a failure).
 */
import { runFuzz } from '../../packages/proxy/test/fuzz-run.js';
import type { FuzzFigures } from '../../packages/proxy/test/fuzz-run.js';

/** Runs `numRuns` batches of 15–25 bodies on one store. */
export function benchFuzz(kind: 'sqlite' | 'postgres', numRuns: number, seed: number): Promise<FuzzFigures> {
  return runFuzz(kind, { numRuns, seed, min: 15, max: 25 });
}
