/**
 * `pnpm mutate [area…] [stryker options]`: runs Stryker over core, the proxy's actions and the sandbox's
 * validators (or only the areas named), one after the other, each with its own incremental results file.
 */
import { spawnSync } from 'node:child_process';

const AREAS = ['core', 'proxy-actions', 'sandbox-validators'];
const args = process.argv.slice(2);
const named = args.filter((arg) => AREAS.includes(arg));
const options = args.filter((arg) => !AREAS.includes(arg));
const unknown = options.filter((arg, i) => !arg.startsWith('-') && !(options[i - 1] ?? '').startsWith('-'));
if (unknown.length > 0) {
  console.error(`Unknown area ${unknown.join(', ')}: choose from ${AREAS.join(', ')}, or none for all three.`);
  process.exit(2);
}

let failed = false;
for (const area of named.length > 0 ? named : AREAS) {
  process.stdout.write(`\n=== Mutation testing: ${area} ===\n`);
  const run = spawnSync('pnpm', ['exec', 'stryker', 'run', `mutation/${area}.config.mjs`, ...options], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
