/** `pnpm kaiku …`: manage workspaces, WhatsApp connections and API keys from the command line. */
import { parseArgs } from 'node:util';
import { commands, usage } from './cli/commands.js';
import { loadConfig } from './config.js';
import { openRuntime } from './start.js';

const OPTIONS = {
  workspace: { type: 'string' }, name: { type: 'string' }, 'waba-id': { type: 'string' }, 'phone-number-id': { type: 'string' },
  'access-token': { type: 'string' }, 'app-secret': { type: 'string' }, 'verify-token': { type: 'string' },
  'graph-base-url': { type: 'string' }, 'graph-version': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  move: { type: 'boolean' }, yes: { type: 'boolean' }, id: { type: 'string' },
  email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [group, verb, ...rest] = positionals;
  const command = commands[`${group ?? ''} ${verb ?? ''}`];
  if (values.help || positionals.length === 0) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === undefined) {
    console.error(`kaiku: unknown command "${[group, verb].filter(Boolean).join(' ')}".\n`);
    console.log(usage);
    return 2;
  }
  const config = loadConfig();
  const runtime = await openRuntime(config);
  try {
    const result = await command({ config, store: runtime.store, secrets: runtime.secrets }, values, rest);
    console.log(values.json ? JSON.stringify(result.data, null, 2) : result.lines.join('\n'));
    return 0;
  } finally {
    await runtime.store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kaiku: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
