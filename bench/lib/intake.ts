/** Webhook intake under load: Kaiku's (signature + durable group commit) against the bare Express HMAC route. */
import { fileURLToPath } from 'node:url';
import { signWebhook } from '../../packages/core/src/index.js';
import { inboundWebhook } from '../../packages/proxy/test/intake-fixtures.js';
import { load } from './load.js';
import type { LoadFigures } from './load.js';
import { spawnHelper, spawnProxy } from './spawn.js';
import { APP_SECRET, seedStore } from './fixtures.js';

const BARE = fileURLToPath(new URL('./bare-server.ts', import.meta.url));

/** Figures of one intake configuration. */
export interface IntakeFigures extends LoadFigures {
  name: string;
  peakRssMb: number;
}

const body = Buffer.from(JSON.stringify(inboundWebhook({ text: 'Hello, is my order KA-1042 on its way? I ordered it last week.' })));
const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, APP_SECRET) };

async function measure(url: string, connections: number, seconds: number): Promise<LoadFigures> {
  await load(`${url}/webhooks/whatsapp`, body, headers, connections, 1); // warm up
  return load(`${url}/webhooks/whatsapp`, body, headers, connections, seconds);
}

/** The bare Express route. */
export async function benchBare(connections: number, seconds: number): Promise<IntakeFigures> {
  const server = await spawnHelper(BARE, [APP_SECRET]);
  try {
    const figures = await measure(server.url, connections, seconds);
    return { name: 'bare Express + HMAC', ...figures, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}

/** Kaiku's proxy (the built bundle: intake, applier, delivery, the API) on SQLite or PostgreSQL. */
export async function benchKaiku(kind: 'sqlite' | 'postgres', connections: number, seconds: number): Promise<IntakeFigures> {
  const seeded = await seedStore(kind);
  const server = await spawnProxy(seeded.env);
  try {
    const figures = await measure(server.url, connections, seconds);
    return { name: `Kaiku intake, ${kind}`, ...figures, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
    await seeded.dispose();
  }
}
