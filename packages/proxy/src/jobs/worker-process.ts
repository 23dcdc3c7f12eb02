/**
 * A small proxy process: webhook intake + applier + delivery worker against one store, nothing else. The
 * crash and multi-process tests spawn it (the bench runs the whole built proxy instead):
 *   node --import tsx packages/proxy/src/jobs/worker-process.ts --data-dir=DIR | --database-url=URL [--schema=S]
 *     --encryption-key=HEX [--port=0] [--poll-ms=250]
 * It prints one JSON line `{"url": …}` when it listens, serves `GET /metrics`, and stops cleanly on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { createSecrets } from '../secrets.js';
import { createStore } from '../store/index.js';
import { serveWebhooksFirst } from '../http/webhook-intake.js';
import { startBackground } from './background.js';
import { sealStoredSecrets } from '../actions/subscriptions.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, schema: { type: 'string' },
    'encryption-key': { type: 'string' }, port: { type: 'string', default: '0' }, 'poll-ms': { type: 'string', default: '250' },
  },
});

async function main(): Promise<void> {
  const key = values['encryption-key'];
  if (key === undefined) throw new Error('--encryption-key is required (64 hex characters).');
  // Its subscribers are the tests' own, on loopback.
  const config = { ...loadConfig({}), allowPrivateTargets: true, logLevel: 'warn' as const, dataDir: values['data-dir'] ?? '.data', databaseUrl: values['database-url'] ?? null };
  const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(values.schema ? { schema: values.schema } : {}) });
  const secrets = createSecrets(key);
  await sealStoredSecrets({ store, secrets });
  const logger = createLogger({ level: config.logLevel, destination: process.stderr });
  const metrics = createMetrics({ processMetrics: false });
  const background = startBackground({ config, store, secrets, logger, metrics }, { pollMs: Number(values['poll-ms']) });
  const server = createServer(serveWebhooksFirst(background.webhookIntake, (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void metrics.text().then((text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text));
  }));
  server.listen(Number(values.port), '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pid: process.pid })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void background.stop().then(() => store.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
