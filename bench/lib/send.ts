/**
 * The proxy's added latency on a template send: the same template to the sandbox directly (Meta's wire
 * format) and through `POST /v1/messages/template` (validation, consent, idempotency, throughput, storage),
 * taking turns, one request at a time.
 */
import { startKaiku } from '../../test/harness/index.js';

/** Latency figures in milliseconds. */
export interface SendFigures {
  sends: number;
  directP50: number;
  directP99: number;
  proxyP50: number;
  proxyP99: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const res = await call();
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`A bench send failed with HTTP ${res.status}.`);
  return performance.now() - started;
}

/** Sends `count` templates each way after a warm-up. */
export async function benchSend(count: number): Promise<SendFigures> {
  const kaiku = await startKaiku({
    config: { sendsPerSecond: 100_000, rateLimitPerMinute: 10_000_000, templateCacheMs: 600_000 },
    sandbox: { throughputPerSecond: 100_000, statusDelaysMs: { sent: 600_000, delivered: 600_000, read: 600_000 } },
  });
  const variables = { first_name: 'Aino', order_id: 'KA-1042', delivery_date: '28.11.2026' };
  const direct = (to: string) => () => fetch(`${kaiku.sandboxUrl}/v24.0/${kaiku.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: 'Bearer sandbox-access-token', 'content-type': 'application/json' },
    body: JSON.stringify({
      messaging_product: 'whatsapp', to, type: 'template',
      template: {
        name: 'order_update', language: { code: 'en_US' },
        components: [{ type: 'body', parameters: Object.entries(variables).map(([name, text]) => ({ type: 'text', parameter_name: name, text })) }],
      },
    }),
  });
  const proxied = (to: string) => () => kaiku.api('/v1/messages/template', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: `+${to}`, template: 'order_update', language: 'en_US', variables }),
  });
  try {
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    const warmUp = 30;
    for (let i = 0; i < count + warmUp; i += 1) {
      const to = `35850${String(i).padStart(7, '0')}`;
      const d = await timed(direct(to));
      const p = await timed(proxied(`35851${String(i).padStart(7, '0')}`));
      if (i < warmUp) continue;
      directMs.push(d);
      proxyMs.push(p);
    }
    return {
      sends: count, directP50: percentile(directMs, 50), directP99: percentile(directMs, 99), proxyP50: percentile(proxyMs, 50),
      proxyP99: percentile(proxyMs, 99),
    };
  } finally {
    await kaiku.stop();
  }
}
