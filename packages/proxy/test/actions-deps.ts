/** The dependencies of the proxy's actions over a fresh SQLite store, for the actions' unit tests. */
import { loadConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import { WhatsAppAccess } from '../src/actions/context.js';
import type { ActionDeps } from '../src/actions/context.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Store } from '../src/store/index.js';

/** Actions' dependencies on `store`, with the configuration `config` changes and a clock fixed at `now`. */
export function actionDeps(store: Store, config: Partial<Config> = {}, now = new Date('2026-11-25T12:00:00.000Z')): ActionDeps {
  const secrets = createSecrets(generateEncryptionKey());
  return {
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), ...config },
    store, secrets, logger: createLogger({ level: 'silent' }), metrics: createMetrics({ processMetrics: false }),
    whatsapp: new WhatsAppAccess(secrets, { templateCacheMs: 60_000 }),
    now: () => now,
    sleep: async () => undefined,
  };
}
