/** `pnpm --filter @kaiku/hubspot setup`: creates or updates the workflow actions (idempotent). */
import { loadSetupConfig } from '../config.js';
import { describeSetup, runSetup } from '../setup/setup.js';

try {
  const report = await runSetup(loadSetupConfig());
  for (const line of describeSetup(report)) console.log(line);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
