/**
 * Runs the proxy: opens the store and the secrets, builds the app with Meta's webhook intake, starts the
 * background workers and listens. `startProxy` is what `pnpm start`, the harness and the tests use.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Config } from './config.js';
import { actionDeps, createApp } from './http/app.js';
import type { AppDeps } from './http/app.js';
import { serveWebhooksFirst } from './http/webhook-intake.js';
import { consoleHandler, findConsoleDir } from './http/console-static.js';
import { createHubspotIntegration } from './integrations/hubspot.js';
import { createReplyFetcher } from './actions/fetch-reply.js';
import { createMailer } from './actions/forward-email.js';
import { createAutomationSink } from './jobs/automation-runner.js';
import { startBackground } from './jobs/background.js';
import { sinkRegistry } from './jobs/sinks.js';
import type { BackgroundOptions } from './jobs/background.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Metrics } from './metrics.js';
import { createSecrets, loadOrCreateKeyFile } from './secrets.js';
import type { Secrets } from './secrets.js';
import { createStore } from './store/index.js';
import { dataFileWarnings } from './data-files.js';
import { sealStoredSecrets } from './actions/subscriptions.js';
import type { Store } from './store/types.js';

/** The store and the secrets of one installation. */
export interface Runtime {
  store: Store;
  secrets: Secrets;
}

/** Opens the configured store and the encryption key (a key file beside embedded data when none is set). */
export async function openRuntime(config: Config, options: { schema?: string; now?: () => number } = {}): Promise<Runtime> {
  if (config.encryptionKey === null && config.databaseUrl !== null) {
    throw new Error('KAIKU_ENCRYPTION_KEY is required with DATABASE_URL, so that every process can read the stored tokens (try: openssl rand -hex 32).');
  }
  const key = config.encryptionKey ?? loadOrCreateKeyFile(config.dataDir);
  const store = await createStore({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(options.schema ? { schema: options.schema } : {}), ...(options.now ? { now: options.now } : {}),
  });
  const secrets = createSecrets(key);
  await sealStoredSecrets({ store, secrets });
  return { store, secrets };
}

/** Options of `startProxy`; tests inject their store, clock, fetch and log destination. */
export interface ProxyOptions {
  runtime?: Runtime;
  logger?: Logger;
  metrics?: Metrics;
  fetch?: typeof fetch;
  /** The time decisions are made by (window, consent, retries); the sandbox's clock in demo mode. */
  now?: () => Date;
  /** Start the delivery and receipt workers (default true). */
  workers?: boolean;
  /** PostgreSQL schema for the store (tests). */
  schema?: string;
  /** Timings and sinks of the background workers (tests shorten them). */
  background?: Omit<BackgroundOptions, 'workers' | 'automations'>;
}

/** A running proxy. */
export interface RunningProxy {
  url: string;
  store: Store;
  secrets: Secrets;
  logger: Logger;
  metrics: Metrics;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** How long a stop waits for requests in flight before it cuts their connections. */
const GRACE_MS = 10_000;

/** Stops accepting, lets requests in flight finish (up to GRACE_MS), closes idle keep-alive connections at once. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Starts the proxy on `config.host:config.port` (0 = an ephemeral port). */
export async function startProxy(config: Config, options: ProxyOptions = {}): Promise<RunningProxy> {
  const runtime = options.runtime ?? (await openRuntime(config, options.schema ? { schema: options.schema } : {}));
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = options.metrics ?? createMetrics();
  const deps: AppDeps = {
    config, store: runtime.store, secrets: runtime.secrets, logger, metrics,
    ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.now ? { now: options.now } : {}),
  };
  const hubspot = createHubspotIntegration(actionDeps(deps), { ...(options.background?.pollMs === undefined ? {} : { pollMs: options.background.pollMs }) });
  (options.background?.sinks ?? sinkRegistry).register(hubspot.sink);
  const fetchReply = createReplyFetcher({ secrets: runtime.secrets, metrics });
  const runnerDeps = { ...actionDeps(deps), fetchReply, mailer: createMailer(config) };
  // The sink drains automation deliveries queued before the runner had its inbox; new messages go to the inbox.
  (options.background?.sinks ?? sinkRegistry).register(createAutomationSink(runnerDeps));
  const background = startBackground(deps, { workers: options.workers !== false, automations: runnerDeps, ...options.background });
  if (options.workers !== false) hubspot.blockedWorker?.start();
  const app = createApp({ ...deps, webhookIntake: background.webhookIntake, connectionsChanged: () => background.directory.refresh(), mounts: [...hubspot.mounts, { path: '/', handler: consoleHandler(findConsoleDir()) }] });
  // Meta's webhooks skip Express's middleware stack: the acknowledgement is the hot path.
  const real = createServer(serveWebhooksFirst(background.webhookIntake, app));
  const address = await listen(real, config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  if (config.databaseUrl === null) for (const warning of dataFileWarnings(config.dataDir)) logger.warn({ dataDir: config.dataDir }, warning);
  logger.info({ url, store: runtime.store.kind }, 'proxy listening');
  return {
    url, store: runtime.store, secrets: runtime.secrets, logger, metrics,
    async stop() {
      await closeServer(real);
      await hubspot.blockedWorker?.stop();
      await background.stop();
      if (options.runtime === undefined) await runtime.store.close();
    },
  };
}

