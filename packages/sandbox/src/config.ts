/** The standalone sandbox's options from the environment (the only reader of `process.env` here). */
import type { SandboxOptions } from './options.js';
import { DEFAULTS } from './options.js';

function numberFrom(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`${name} must be a number, got '${value}'`);
  return parsed;
}

/** Reads `SANDBOX_*` variables; anything unset keeps the default of docs/contracts.md §3. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SandboxOptions {
  const delays = (env.SANDBOX_STATUS_DELAYS_MS ?? '').split(',').map((v) => numberFrom('SANDBOX_STATUS_DELAYS_MS', v.trim()));
  const phone = DEFAULTS.phoneNumbers[0];
  const options: SandboxOptions = {
    port: numberFrom('SANDBOX_PORT', env.SANDBOX_PORT) ?? 3001,
    host: env.SANDBOX_HOST || '127.0.0.1',
    phoneNumbers: [
      {
        id: env.SANDBOX_PHONE_NUMBER_ID || (phone?.id ?? ''),
        display_phone_number: env.SANDBOX_DISPLAY_PHONE_NUMBER || (phone?.display_phone_number ?? ''),
        verified_name: env.SANDBOX_VERIFIED_NAME || (phone?.verified_name ?? ''),
      },
    ],
    statusDelaysMs: { sent: delays[0], delivered: delays[1], read: delays[2] },
  };
  const strings = {
    callbackUrl: env.SANDBOX_CALLBACK_URL,
    verifyToken: env.SANDBOX_VERIFY_TOKEN,
    appSecret: env.SANDBOX_APP_SECRET,
    accessToken: env.SANDBOX_ACCESS_TOKEN,
    wabaId: env.SANDBOX_WABA_ID,
    graphVersion: env.SANDBOX_GRAPH_VERSION,
    stateFile: env.SANDBOX_STATE_FILE,
  };
  for (const [key, value] of Object.entries(strings)) if (value) Object.assign(options, { [key]: value });
  const numbers = {
    duplicateRate: numberFrom('SANDBOX_DUPLICATE_RATE', env.SANDBOX_DUPLICATE_RATE),
    throughputPerSecond: numberFrom('SANDBOX_THROUGHPUT', env.SANDBOX_THROUGHPUT),
    templateReviewMs: numberFrom('SANDBOX_TEMPLATE_REVIEW_MS', env.SANDBOX_TEMPLATE_REVIEW_MS),
  };
  for (const [key, value] of Object.entries(numbers)) if (value !== undefined) Object.assign(options, { [key]: value });
  return options;
}
