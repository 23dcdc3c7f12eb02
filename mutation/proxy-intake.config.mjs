/**
 * Mutation run over the intake's first step (`actions/receive-webhook.ts`), apart from the other actions: most of
 * the proxy's tests pass through it, and a mutant that breaks the connection directory makes each of them wait for a
 * webhook that is never stored (two mutants took six minutes). Its mutants are killed by the tests written for it:
 * the directory and every limit without HTTP, then the intake over real HTTP on both stores.
 */
import { mutationRun } from './base.mjs';

export default mutationRun('proxy-intake', {
  mutate: ['packages/proxy/src/actions/receive-webhook.ts'],
  roots: ['packages/proxy'],
  tests: [
    'packages/proxy/test/actions-receive-webhook-edges.test.ts',
    'packages/proxy/test/intake-webhook.test.ts',
    'packages/proxy/test/intake-cost.test.ts',
  ],
  timeoutMs: 10000,
});
