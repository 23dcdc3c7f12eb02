/**
 * `startKaiku()` boots a sandbox and a proxy on ephemeral loopback ports with a fresh store (SQLite in a temp
 * folder, or PostgreSQL in a schema of its own), a workspace connected to the sandbox and an API key
 * (docs/contracts.md §5). Every end-to-end test and the connector tests start here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addConnection, createApiKey, createLogger, loadConfig, openRuntime, startProxy } from '@kaiku/proxy';
import type { Config, ProxyOptions, RunningProxy, Runtime, Secrets, Store } from '@kaiku/proxy';
import { SandboxClock, startSandbox } from '@kaiku/sandbox';
import { dropSchema } from './postgres.js';

/** Options of `startKaiku`; all optional. */
export interface StartKaikuOptions {
  store?: 'sqlite' | 'postgres';
  /** Extra options for the sandbox (status delays, duplicate rate, phone numbers, …). */
  sandbox?: Parameters<typeof startSandbox>[0];
  /** Overrides of the proxy's configuration (rate limits, throughput, …). */
  config?: Partial<Config>;
  workspaceName?: string;
  /** Proxy log level (default `silent`; `LOG_LEVEL`-style). */
  logLevel?: Config['logLevel'];
  /** Where the proxy's log lines go (default stdout); tests that read the logs pass a stream. */
  logDestination?: NodeJS.WritableStream;
  /** Worker timings and sinks (default: poll every 50 ms). */
  background?: ProxyOptions['background'];
  /** The fetch the proxy's Cloud API clients use (to fake one answer of Meta's on top of the sandbox). */
  fetch?: typeof fetch;
}

/** A running Kaiku: proxy + sandbox + one connected workspace. */
export interface Kaiku {
  proxyUrl: string;
  sandboxUrl: string;
  apiKey: string;
  workspaceId: string;
  /** The sandbox's first number. */
  phoneNumberId: string;
  /** Every sandbox number, all connected to the workspace (the first is `phoneNumberId`). */
  phoneNumberIds: string[];
  store: Store;
  /** PostgreSQL only: the schema this run's tables live in (dropped by `stop`). */
  schema: string | null;
  secrets: Secrets;
  config: Config;
  /** Meta-side time, shared by the sandbox and the proxy (`POST /_sandbox/clock` moves it). */
  clock: SandboxClock;
  customer: {
    /** The simulated customer writes to the business: Meta's inbound message body minus id/from/timestamp. */
    send(waId: string, body: Record<string, unknown>): Promise<{ id: string }>;
    /** What the customer's phone shows, both directions. */
    messages(waId: string): Promise<Array<Record<string, unknown>>>;
  };
  /** fetch against the proxy with the API key. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Stops the proxy and starts a new one on the same store, as a restart does: whatever the old one held in
   * memory is gone. `proxyUrl`, `api` and the sandbox's webhook then point at the new one.
   */
  restartProxy(): Promise<void>;
  stop(): Promise<void>;
}

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

function harnessConfig(dataDir: string, options: StartKaikuOptions): Config {
  const base = loadConfig({ PORT: '0', SANDBOX_PORT: '0', KAIKU_DATA_DIR: dataDir, KAIKU_ALLOW_PRIVATE_TARGETS: 'true' });
  return {
    ...base,
    host: '127.0.0.1',
    encryptionKey: randomBytes(32),
    databaseUrl: options.store === 'postgres' ? POSTGRES_URL : null,
    logLevel: options.logLevel ?? 'silent',
    templateCacheMs: 1000,
    ...options.config,
  };
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

type RunningSandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The simulated customer's side, through the sandbox's control surface. */
function customerOf(sandboxUrl: string): Kaiku['customer'] {
  const url = (waId: string) => `${sandboxUrl}/_sandbox/customers/${waId}/messages`;
  return {
    send: async (waId, body) => json(await fetch(url(waId), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), 'The sandbox'),
    messages: async (waId) => (await json<{ data: Array<Record<string, unknown>> }>(await fetch(url(waId)), 'The sandbox')).data,
  };
}

/** fetch against the proxy with the API key (and JSON as the default body type). */
function apiOf(proxyUrl: string, key: string): Kaiku['api'] {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${proxyUrl}${path}`, { ...init, headers });
  };
}

/** A workspace connected to every sandbox number, with an API key. */
async function connectWorkspace(runtime: Runtime, sandbox: RunningSandbox, verifyToken: string, name: string) {
  const sc = sandbox.config;
  const phone = sc.phone_numbers[0];
  if (phone === undefined) throw new Error('The sandbox has no phone number.');
  const workspace = await runtime.store.createWorkspace({ name });
  for (const number of sc.phone_numbers) {
    await addConnection(runtime.store, runtime.secrets, {
      workspaceId: workspace.id, wabaId: sc.waba_id, phoneNumberId: number.id, accessToken: sc.access_token, appSecret: sc.app_secret,
      verifyToken, graphBaseUrl: sc.graph_base_url, graphVersion: sc.graph_version, publicUrl: null,
    });
  }
  const { key } = await createApiKey(runtime.store, workspace.id, 'e2e');
  return { workspaceId: workspace.id, phoneNumberId: phone.id, phoneNumberIds: sc.phone_numbers.map((number) => number.id), apiKey: key };
}

/** Boots sandbox + proxy + workspace + key. */
export async function startKaiku(options: StartKaikuOptions = {}): Promise<Kaiku> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-e2e-'));
  const config = harnessConfig(dataDir, options);
  const schema = options.store === 'postgres' ? `kaiku_e2e_${randomBytes(6).toString('hex')}` : null;
  const given = options.sandbox?.clock;
  const clock = given instanceof SandboxClock ? given : new SandboxClock(given);
  const runtime = await openRuntime(config, { ...(schema ? { schema } : {}), now: () => clock.now() });
  let proxy: RunningProxy | null = null;
  let sandbox: RunningSandbox | null = null;
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      await sandbox?.stop();
      await proxy?.stop();
      await runtime.store.close();
      if (schema) await dropSchema(POSTGRES_URL, schema);
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  const launch = () => startProxy(config, {
    runtime, now: () => clock.date(), logger: createLogger({ level: config.logLevel, ...(options.logDestination ? { destination: options.logDestination } : {}) }), background: { pollMs: 50, ...options.background }, ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    proxy = await launch();
    const verifyToken = randomBytes(12).toString('hex');
    sandbox = await startSandbox({
      port: 0, host: '127.0.0.1', callbackUrl: `${proxy.url}/webhooks/whatsapp`, verifyToken,
      statusDelaysMs: { sent: 20, delivered: 40, read: 60 }, retry: { baseDelayMs: 50, maxAttempts: 5 }, ...options.sandbox, clock,
    });
    const connected = await connectWorkspace(runtime, sandbox, verifyToken, options.workspaceName ?? 'E2E workspace');
    const kaiku: Kaiku = {
      ...connected, proxyUrl: proxy.url, sandboxUrl: sandbox.url, store: runtime.store, schema, secrets: runtime.secrets, config, clock,
      customer: customerOf(sandbox.url), api: apiOf(proxy.url, connected.apiKey), stop,
      async restartProxy() {
        await proxy?.stop();
        proxy = await launch();
        kaiku.proxyUrl = proxy.url;
        kaiku.api = apiOf(proxy.url, connected.apiKey);
        const callback = await fetch(`${kaiku.sandboxUrl}/_sandbox/webhook`, {
          method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callback_url: `${proxy.url}/webhooks/whatsapp`, verify_token: verifyToken }),
        });
        if (!callback.ok) throw new Error(`The sandbox did not take the new webhook URL: ${await callback.text()}`);
      },
    };
    return kaiku;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls `check` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
