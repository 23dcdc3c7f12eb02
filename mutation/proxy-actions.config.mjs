/**
 * Mutation run over the proxy's actions, killed by the proxy's own tests (its unit and in-process API tests).
 * The end-to-end suites in test/ start a sandbox and a proxy for each mutant they cover (about 15 s a mutant
 * against 3 s); they stay in `pnpm test`.
 */
import { mutationRun } from './base.mjs';

export default mutationRun('proxy-actions', {
  mutate: ['packages/proxy/src/actions/**/*.ts'],
  roots: ['packages/proxy'],
  tests: ['packages/proxy/test/**/*.test.ts'],
});
