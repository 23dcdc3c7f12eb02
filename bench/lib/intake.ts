/** Webhook intake under load: Kaiku's (signature + durable group commit) against the bare Express HMAC route. */
import { fileURLToPath } from 'node:url';
import { signWebhook } from '../../packages/core/src/index.js';
import { inboundWebhook } from '../../packages/proxy/test/intake-fixtures.js';
import { load } from './load.js';
import type { LoadFigures } from './load.js';
import { spawnHelper, spawnProxy } from './spawn.js';
import { APP_SECRET, seedStore } from './fixtures.js';
import type { Store } from '../../packages/proxy/src/store/index.js';

const BARE = fileURLToPath(new URL('./bare-server.ts', import.meta.url));

/** Figures of one intake configuration. */
export interface IntakeFigures extends LoadFigures {
  name: string;
  peakRssMb: number;
  /** The server's CPU time (user + system) during the run per request answered. */
  cpuPerRequestMs: number;
  /** With rules: the runner's backlog when the load ended, whether receipts were still unapplied, and how long until both were done. */
  drain?: { waiting: number; unapplied: boolean; seconds: number };
}

const body = Buffer.from(JSON.stringify(inboundWebhook({ text: 'Hello, is my order KA-1042 on its way? I ordered it last week.' })));
const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, APP_SECRET) };

let sent = 0;

/**
 * A new message per request (its own id, signed anew, from one of 1,000 customers in turn), so that the applier
 * and the automations have work as a business's many customers give it.
 */
function newMessage(): { body: Buffer; headers: Record<string, string> } {
  sent += 1;
  const from = String(358_401_000_000 + (sent % 1_000));
  const fresh = Buffer.from(JSON.stringify(inboundWebhook({ from, text: 'Hello, is my order KA-1042 on its way? I ordered it last week.' })));
  return { body: fresh, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(fresh, APP_SECRET) } };
}

async function measure(url: string, connections: number, seconds: number, fresh = false, cpuMs?: () => number): Promise<LoadFigures & { cpuPerRequestMs: number }> {
  const vary = fresh ? newMessage : undefined;
  await load(`${url}/webhooks/whatsapp`, body, headers, connections, 1, vary); // warm up
  const cpuBefore = cpuMs?.() ?? 0;
  const figures = await load(`${url}/webhooks/whatsapp`, body, headers, connections, seconds, vary);
  return { ...figures, cpuPerRequestMs: ((cpuMs?.() ?? 0) - cpuBefore) / Math.max(1, figures.total) };
}

/** The bare Express route. */
export async function benchBare(connections: number, seconds: number): Promise<IntakeFigures> {
  const server = await spawnHelper(BARE, [APP_SECRET]);
  try {
    const figures = await measure(server.url, connections, seconds, false, () => server.cpuMs());
    return { name: 'bare Express + HMAC', ...figures, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}

/**
 * Waits (up to two minutes) until the applier has applied every receipt and the runner has caught up with the log:
 * the automations the intake left for later. `waiting` is the runner's backlog when the load ended; `unapplied`
 * says whether receipts were still waiting for the applier then (their messages reach the runner later).
 */
async function drained(store: Store): Promise<{ waiting: number; unapplied: boolean; seconds: number }> {
  const started = Date.now();
  const waiting = (await store.automations.backlog()).waiting;
  const unapplied = (await store.receiptBacklog(new Date(0))).oldestUnappliedAt !== null;
  const busy = async () => (await store.receiptBacklog(new Date(0))).oldestUnappliedAt !== null || (await store.automations.backlog()).waiting > 0;
  while ((await busy()) && Date.now() - started < 120_000) await new Promise((resolve) => setTimeout(resolve, 100));
  return { waiting, unapplied, seconds: (Date.now() - started) / 1000 };
}

/**
 * Kaiku's proxy (the built bundle: intake, applier, delivery, the API) on SQLite or PostgreSQL. With `rules`,
 * every POST is a new message and the workspace has that many active automations, all of which fire.
 */
export async function benchKaiku(kind: 'sqlite' | 'postgres', connections: number, seconds: number, options: { rules?: number } = {}): Promise<IntakeFigures> {
  const seeded = await seedStore(kind, options.rules);
  const server = await spawnProxy(seeded.env);
  try {
    const figures = await measure(server.url, connections, seconds, options.rules !== undefined, () => server.cpuMs());
    const name = options.rules === undefined ? `Kaiku intake, ${kind}` : `${kind}, new msgs, ${options.rules} rules`;
    const drain = options.rules ? await drained(seeded.store) : undefined;
    return { name, ...figures, peakRssMb: server.peakRssMb(), ...(drain ? { drain } : {}) };
  } finally {
    await server.stop();
    await seeded.dispose();
  }
}
