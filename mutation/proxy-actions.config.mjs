/**
 * Mutation run over the proxy's actions, killed by the proxy's own tests (its unit and in-process API tests).
 * The end-to-end suites in test/ start a sandbox and a proxy for each mutant they cover (about 15 s a mutant
 * against 3 s); they stay in `pnpm test`.
 */
import { mutationRun } from './base.mjs';

export default mutationRun('proxy-actions', {
  // The intake's receive-webhook has its own run (proxy-intake.config.mjs).
  mutate: ['packages/proxy/src/actions/**/*.ts', '!packages/proxy/src/actions/receive-webhook.ts'],
  roots: ['packages/proxy'],
  tests: ['packages/proxy/test/**/*.test.ts'],
  // A mutant that leaves a request or a job waiting held both runners for the full minute: a run is cut after 10 s
  // plus twice the normal time of the tests it runs (a time-out counts as noticed; the tests keep their own limits).
  timeoutMs: 10000,
});
