/**
 * n8n's webhook trigger against Kaiku's intake, in one run on this machine: the pinned n8n (cached install,
 * see test/n8n/install.ts) with one published workflow, a Webhook node answering as soon as it has the
 * request, and Kaiku's signed, durable intake (the built proxy on SQLite), loaded the same way, taking turns.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ensureN8n, N8N_VERSION } from '../../test/n8n/install.js';
import { createN8n } from '../../test/n8n/n8n-process.js';
import { benchKaiku } from './intake.js';
import type { IntakeFigures } from './intake.js';
import { load } from './load.js';
import { proxyBundle } from './spawn.js';

/** The figures of both, round by round. */
export interface N8nFigures {
  version: string;
  n8n: Array<Omit<IntakeFigures, 'cpuPerRequestMs'>>;
  kaiku: IntakeFigures[];
}

const body = Buffer.from(JSON.stringify({ id: 'wamid.bench', from: '358401234567', type: 'text', text: 'Hello, is my order KA-1042 on its way? I ordered it last week.', padding: 'x'.repeat(800) }));

function webhookWorkflow(path: string): Record<string, unknown> {
  const node = { id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } };
  return { id: 'kaikuBenchFlow01', name: 'Bench webhook', active: false, nodes: [node], connections: {}, settings: { executionOrder: 'v1' }, pinData: {} };
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024;
}

/** Runs `rounds` rounds of `seconds` at `connections` connections against each. */
export async function benchN8n(connections: number, seconds: number, rounds: number): Promise<N8nFigures> {
  const install = await ensureN8n();
  await proxyBundle();
  const n8n = await createN8n(install);
  const figures: N8nFigures = { version: N8N_VERSION, n8n: [], kaiku: [] };
  try {
    await n8n.importWorkflows([webhookWorkflow('kaiku-bench')], ['kaikuBenchFlow01']);
    await n8n.start();
    const url = `${n8n.url}/webhook/kaiku-bench`;
    const headers = { 'content-type': 'application/json' };
    for (let tries = 0; (await fetch(url, { method: 'POST', headers, body }).then((answer) => answer.status, () => 0)) !== 200; tries += 1) {
      if (tries > 240) throw new Error(`n8n's webhook did not answer 200 within 2 minutes:\n${n8n.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await load(url, body, headers, connections, 1); // warm up
    await new Promise((resolve) => setTimeout(resolve, 5000)); // let it finish what the warm-up left queued
    for (let round = 0; round < rounds; round += 1) {
      // n8n answers too few requests a second for autocannon's per-second average: its rate is the total over the time.
      const measured = await load(url, body, headers, connections, seconds);
      figures.n8n.push({ name: `n8n ${N8N_VERSION} Webhook node`, ...measured, rps: measured.total / seconds, peakRssMb: peakRssMb(n8n.process()?.pid) });
      figures.kaiku.push(await benchKaiku('sqlite', connections, seconds));
    }
    return figures;
  } finally {
    await n8n.stop();
  }
}
