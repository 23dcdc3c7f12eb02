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
});
