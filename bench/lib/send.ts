/**
 * The proxy's added latency on a template send. Three processes, as deployed: the sandbox standing in for
 * Meta, Kaiku's proxy (the built bundle, SQLite, request logs at info) connected to it, and this process as
 * the client. The same template goes to the sandbox directly (Meta's wire format) and through
 * `POST /v1/messages/template` (auth, validation, consent, throughput, Meta's call, the outbound record),
 * taking turns, one request at a time.
 */
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addConnection, createApiKey } from '../../packages/proxy/src/actions/manage-workspace.js';
import { createSecrets, generateEncryptionKey } from '../../packages/proxy/src/secrets.js';
import { SqliteStore } from '../../packages/proxy/src/store/index.js';
import { spawnHelper, spawnProxy } from './spawn.js';
import type { BenchProcess } from './spawn.js';

const SANDBOX = fileURLToPath(new URL('../../packages/sandbox/src/main.ts', import.meta.url));

/** Latency figures in milliseconds. */
export interface SendFigures {
  sends: number;
  directP50: number;
  directP99: number;
  proxyP50: number;
  proxyP99: number;
  peakRssMb: number;
  /** CPU time the proxy process spent per send (all of its work: HTTP in, Meta's call, storage, logging). */
  proxyCpuMsPerSend: number;
}

interface SandboxConfig {
  graph_base_url: string;
  graph_version: string;
  waba_id: string;
  phone_numbers: Array<{ id: string }>;
  access_token: string;
  app_secret: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const res = await call();
  const body = await res.text();
  if (!res.ok) throw new Error(`A bench send failed with HTTP ${res.status}: ${body}`);
  return performance.now() - started;
}

/** A data folder with a workspace connected to the sandbox (checked against it, as `pnpm kaiku` does) and an API key. */
async function seedConnectedStore(sandbox: SandboxConfig): Promise<{ dir: string; key: string; apiKey: string; phoneNumberId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-bench-send-'));
  const key = generateEncryptionKey();
  const store = new SqliteStore({ dataDir: dir });
  await store.migrate();
  try {
    const phoneNumberId = sandbox.phone_numbers[0]?.id ?? '';
    const workspace = await store.createWorkspace({ name: 'bench send' });
    await addConnection(store, createSecrets(key), {
      workspaceId: workspace.id, wabaId: sandbox.waba_id, phoneNumberId, accessToken: sandbox.access_token, appSecret: sandbox.app_secret,
      graphBaseUrl: sandbox.graph_base_url, graphVersion: sandbox.graph_version, publicUrl: null,
    });
    const { key: apiKey } = await createApiKey(store, workspace.id, 'bench');
    return { dir, key, apiKey, phoneNumberId };
  } finally {
    await store.close();
  }
}

/** Sends `count` templates each way after a warm-up. */
export async function benchSend(count: number): Promise<SendFigures> {
  const processes: BenchProcess[] = [];
  let dir: string | null = null;
  try {
    const sandbox = await spawnHelper(SANDBOX, [], { SANDBOX_PORT: '0', SANDBOX_THROUGHPUT: '100000', SANDBOX_STATUS_DELAYS_MS: '600000,600000,600000' });
    processes.push(sandbox);
    const config = (await (await fetch(`${sandbox.url}/_sandbox/config`)).json()) as SandboxConfig;
    const seeded = await seedConnectedStore(config);
    dir = seeded.dir;
    const proxy = await spawnProxy({
      KAIKU_DATA_DIR: seeded.dir, KAIKU_ENCRYPTION_KEY: seeded.key, KAIKU_SENDS_PER_SECOND: '10000', KAIKU_RATE_LIMIT_PER_MINUTE: '1000000',
      KAIKU_TEMPLATE_CACHE_MS: '600000',
    });
    processes.push(proxy);
    const variables = { first_name: 'Aino', order_id: 'KA-1042', delivery_date: '28.11.2026' };
    const direct = (to: string) => () => fetch(`${config.graph_base_url}/${config.graph_version}/${seeded.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp', to, type: 'template',
        template: {
          name: 'order_update', language: { code: 'en_US' },
          components: [{ type: 'body', parameters: Object.entries(variables).map(([name, text]) => ({ type: 'text', parameter_name: name, text })) }],
        },
      }),
    });
    const proxied = (to: string) => () => fetch(`${proxy.url}/v1/messages/template`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seeded.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: `+${to}`, template: 'order_update', language: 'en_US', variables }),
    });
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    const warmUp = 50;
    let cpuAtStart = 0;
    for (let i = 0; i < count + warmUp; i += 1) {
      if (i === warmUp) cpuAtStart = proxy.cpuMs();
      const d = await timed(direct(`35850${String(i).padStart(7, '0')}`));
      const p = await timed(proxied(`35851${String(i).padStart(7, '0')}`));
      if (i < warmUp) continue;
      directMs.push(d);
      proxyMs.push(p);
    }
    return {
      sends: count, directP50: percentile(directMs, 50), directP99: percentile(directMs, 99), proxyP50: percentile(proxyMs, 50),
      proxyP99: percentile(proxyMs, 99), peakRssMb: proxy.peakRssMb(), proxyCpuMsPerSend: (proxy.cpuMs() - cpuAtStart) / count,
    };
  } finally {
    for (const running of processes.reverse()) await running.stop();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}
