/** Mutation run over the sandbox's request validators, killed by the sandbox's tests. */
import { mutationRun } from './base.mjs';

export default mutationRun('sandbox-validators', {
  mutate: [
    'packages/sandbox/src/messages/validate*.ts', 'packages/sandbox/src/messages/fields.ts',
    'packages/sandbox/src/templates/validate-*.ts', 'packages/sandbox/src/templates/check-send.ts',
    'packages/sandbox/src/templates/parameters.ts', 'packages/sandbox/src/media/limits.ts',
  ],
  roots: ['packages/sandbox'],
  tests: ['packages/sandbox/test/**/*.test.ts'],
  // The sandbox's tests answer in milliseconds (all 127 in 3 s). Mutants of the shared readers can leave a request
  // unanswered in many tests at once, each waiting for the test time-out: such a run is cut after 5 s plus twice its
  // normal time (a time-out counts as noticed), instead of holding both runners for half a minute a mutant.
  testTimeoutMs: 5000,
  timeoutMs: 5000,
});
