/** Mutation run over the proxy's actions, killed by the proxy's tests and the end-to-end API tests. */
import { mutationRun } from './base.mjs';

export default mutationRun('proxy-actions', {
  mutate: ['packages/proxy/src/actions/**/*.ts'],
  roots: ['packages/proxy', 'test'],
  tests: ['packages/proxy/test/**/*.test.ts', 'test/proxy-api-*.test.ts'],
});
