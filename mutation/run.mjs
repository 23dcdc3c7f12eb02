/**
 * `pnpm mutate [area…] [stryker options]`: runs Stryker over core, the proxy's actions, the proxy's intake and the
 * sandbox's validators (or only the areas named), one after the other, each with its own incremental results file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const AREAS = ['core', 'proxy-actions', 'proxy-intake', 'sandbox-validators'];
const args = process.argv.slice(2);
const named = args.filter((arg) => AREAS.includes(arg));
const options = args.filter((arg) => !AREAS.includes(arg));
const unknown = options.filter((arg, i) => !arg.startsWith('-') && !(options[i - 1] ?? '').startsWith('-'));
if (unknown.length > 0) {
  console.error(`Unknown area ${unknown.join(', ')}: choose from ${AREAS.join(', ')}, or none for all four.`);
  process.exit(2);
}

/**
 * The results file is kept in the repository: the stack traces Stryker stores with each result name files by where
 * this checkout happens to be, so those paths become relative to it.
 */
function keepPathsRelative(file) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const root = process.cwd();
  const relative = text.split(JSON.stringify(root).slice(1, -1)).join('.');
  if (relative !== text) writeFileSync(file, relative);
}

let failed = false;
for (const area of named.length > 0 ? named : AREAS) {
  process.stdout.write(`\n=== Mutation testing: ${area} ===\n`);
  const run = spawnSync('pnpm', ['exec', 'stryker', 'run', `mutation/${area}.config.mjs`, ...options], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
  keepPathsRelative(`mutation/${area}.incremental.json`);
}
process.exit(failed ? 1 : 0);
