/** Standalone start: `pnpm --filter @kaiku/sandbox start` (port from SANDBOX_PORT, default 3001). */
import { configFromEnv } from './config.js';
import { startSandbox } from './server.js';

const running = await startSandbox(configFromEnv());
const { config } = running;
console.log(`Kaiku sandbox (a fake WhatsApp Cloud API) listening on ${running.url}`);
console.log(`  Graph API: ${config.graph_base_url}/${config.graph_version}   WABA ${config.waba_id}`);
for (const phone of config.phone_numbers) console.log(`  phone number id ${phone.id} (+${phone.display_phone_number})`);
console.log(`  access token: ${config.access_token}   app secret: ${config.app_secret}   (fake, set SANDBOX_* to change)`);

const shutdown = () => void running.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
