/**
 * The actions called directly, without a server: a fresh SQLite store, real secrets, metrics and a silent
 * logger, and a Graph API fake answering in-process through the clients' `fetch` (it records every request).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKaikuError } from '@kaiku/core';
import { loadConfig } from '../src/config.js';
import { ApiError } from '../src/http/errors.js';
import type { Config } from '../src/config.js';
import { WhatsAppAccess } from '../src/actions/context.js';
import type { ActionDeps } from '../src/actions/context.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createSecrets } from '../src/secrets.js';
import { SqliteStore } from '../src/store/index.js';
import type { Connection, Store } from '../src/store/types.js';
import { connectionInput } from './store-fixtures.js';

/** The Graph fake's base URL (never contacted: the fetch below answers). */
export const GRAPH_URL = 'http://127.0.0.1:9';
/** The access token of the fixture's connection. */
export const GRAPH_TOKEN = 'graph-token';

/** One request the fake received. */
export interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  json: Record<string, unknown> | null;
  authorization: string | null;
}

/** How the fake answers: a JSON body and status (200 by default), or an error body with Meta's code. */
export type GraphAnswer = { status?: number; body: unknown; headers?: Record<string, string> };
/** A route: `METHOD /path` (the path after the version) to an answer, or a function of the call. */
export type GraphRoutes = Record<string, GraphAnswer | ((call: GraphCall) => GraphAnswer)>;

/** A Meta error answer. */
export function metaError(status: number, code: number, message = 'Meta refused', subcode?: number): GraphAnswer {
  return { status, body: { error: { message, type: 'OAuthException', code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: 'trace' } } };
}

/** The fixture: the deps, the store, one workspace with one connection, and the fake's calls and routes. */
export interface ActionFixture {
  deps: ActionDeps;
  store: Store;
  workspaceId: string;
  connection: Connection;
  calls: GraphCall[];
  routes: GraphRoutes;
  /** What the actions logged (info and above), as pino's objects. */
  logs: Array<Record<string, unknown>>;
  /** What `deps.sleep` was asked to wait, in order. */
  slept: number[];
  /** The fake's fetch, for actions that build their own client. */
  fetch: typeof fetch;
  /** Serves the same routes over HTTP on a loopback port (for clients built without the fake fetch); its base URL. */
  serveGraph(): Promise<string>;
  /** A counter's value for one label set. */
  count(metric: 'sends' | 'throttled' | 'subscriptionChanges', labels: Record<string, string>): Promise<number>;
  cleanup(): Promise<void>;
}

/** Opens the fixture; `now` is the actions' clock, `storeNow` the store's (its token buckets never refill on a fixed one). */
export async function openActionFixture(options: { now?: Date; storeNow?: () => number; config?: Partial<Config> } = {}): Promise<ActionFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-actions-'));
  const store = new SqliteStore({ dataDir, ...(options.storeNow ? { now: options.storeNow } : {}) });
  await store.migrate();
  const secrets = createSecrets(randomBytes(32));
  const config: Config = { ...loadConfig({ PORT: '0', KAIKU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), host: '127.0.0.1', ...options.config };
  const calls: GraphCall[] = [];
  const routes: GraphRoutes = {};
  const answer = (method: string, url: URL, text: string, authorization: string | null): GraphAnswer => {
    const json = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
    const call: GraphCall = { method, path: url.pathname.replace(/^\/v\d+\.\d+/, ''), query: url.searchParams, json, authorization };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    return typeof route === 'function' ? route(call) : (route ?? metaError(404, 100, `no route for ${call.method} ${call.path}`));
  };
  const fakeFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const given = answer(init.method ?? 'GET', url, typeof init.body === 'string' ? init.body : '', new Headers(init.headers).get('authorization'));
    return new Response(JSON.stringify(given.body), { status: given.status ?? 200, headers: { 'content-type': 'application/json', ...given.headers } });
  }) as typeof fetch;
  let server: Server | null = null;
  const metrics = createMetrics({ processMetrics: false });
  const slept: number[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const deps: ActionDeps = {
    config, store, secrets, metrics,
    logger: createLogger({ level: 'info', destination: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) } }),
    whatsapp: new WhatsAppAccess(secrets, { templateCacheMs: config.templateCacheMs, fetch: fakeFetch }),
    now: () => options.now ?? new Date(),
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  const workspace = await store.createWorkspace({ name: 'Actions workspace' });
  const connection = await store.upsertConnection(connectionInput(workspace.id, {
    graphBaseUrl: GRAPH_URL, accessTokenEnc: secrets.encrypt(GRAPH_TOKEN), appSecretEnc: secrets.encrypt('app-secret'),
  }));
  return {
    deps, store, workspaceId: workspace.id, connection, calls, routes, slept, logs, fetch: fakeFetch,
    async serveGraph() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const given = answer(req.method ?? 'GET', new URL(req.url ?? '/', 'http://127.0.0.1'), Buffer.concat(chunks).toString('utf8'), req.headers.authorization ?? null);
          res.writeHead(given.status ?? 200, { 'content-type': 'application/json', ...given.headers });
          res.end(JSON.stringify(given.body));
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async count(metric, labels) {
      const values = (await metrics[metric].get()).values;
      const found = values.find((v) => Object.entries(labels).every(([k, value]) => (v.labels as Record<string, string | number | undefined>)[k] === value));
      return found?.value ?? 0;
    },
    async cleanup() {
      server?.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Meta's answer to a send. */
export function sent(id = 'wamid.sent1', waId = '358401234567', status?: string): GraphAnswer {
  return { body: { messaging_product: 'whatsapp', contacts: [{ input: waId, wa_id: waId }], messages: [{ id, ...(status ? { message_status: status } : {}) }] } };
}

/** What an action refused with (a KaikuError or the proxy's ApiError): code, field and message. */
export interface Refusal {
  code: string;
  field: unknown;
  message: string;
  details: Record<string, unknown>;
}

/** Awaits an action that must refuse, and answers how; fails the test when it succeeds or crashes otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof ApiError) return { code: error.code, field: error.details.field, message: error.message, details: error.details };
  if (isKaikuError(error)) return { code: error.code, field: error.details.field, message: error.message, details: error.details };
  throw new Error(`expected a refusal, got ${error === null ? 'success' : String(error)}`);
}
