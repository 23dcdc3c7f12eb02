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
  // The sandbox's tests answer in milliseconds (all of them in 3 s): a mutant that leaves a request unanswered is
  // noticed after 5 s instead of the 30 s a test may take in \`pnpm test\`, and a run that hangs is cut after 20 s.
  testTimeoutMs: 5000,
  timeoutMs: 20000,
});
