/** Mutation run over core: every source file, killed by core's own tests. */
import { mutationRun } from './base.mjs';

export default mutationRun('core', {
  mutate: ['packages/core/src/**/*.ts', '!packages/core/src/index.ts', '!packages/core/src/**/index.ts'],
  roots: ['packages/core'],
  tests: ['packages/core/test/**/*.test.ts'],
});
