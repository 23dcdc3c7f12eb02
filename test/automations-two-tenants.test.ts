/**
 * Two workspaces with their own numbers (two sandboxes, two WABAs) and their own rules on one proxy at once:
 * a rule never runs on the other tenant's messages, also when the same customer writes to both, and one
 * tenant's reply-fetch URL that hangs does not hold up the other tenant's auto-replies.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addConnection, createApiKey } from '@kaiku/proxy';
import { startSandbox } from '@kaiku/sandbox';
import type { Kaiku } from './harness/index.js';
import { eventually, startKaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';
import type { RunView } from './automations-helpers.js';

const B_PHONE = { id: '106540352248888', display_phone_number: '15550008888', verified_name: 'Pyöräkorjaamo B' };
const B_WABA = '102290129348888';

/** A reply-fetch URL that takes requests and answers none until released. */
async function hungServer(): Promise<{ url: string; waiting: () => number; release: () => Promise<void> }> {
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`,
    waiting: () => held.length,
    release: async () => {
      for (const res of held.splice(0)) res.writeHead(204).end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(['sqlite', 'postgres'] as const)('automations of two tenants at once (%s)', (store) => {
  let kaiku: Kaiku;
  let hung: Awaited<ReturnType<typeof hungServer>>;
  let b: { api: (path: string, init?: RequestInit) => Promise<Response>; send: (waId: string, text: string) => Promise<{ id: string }>; phone: (waId: string) => Promise<Array<Record<string, unknown>>>; stop: () => Promise<void> };
  let aFetch: string;
  let aHours: string;
  let bHours: string;

  beforeAll(async () => {
    // A small runner (12 at once, 8 per workspace), so that twenty hanging requests would fill it without the share.
    kaiku = await startKaiku({ store, background: { automationWorker: { concurrency: 12, perWorkspace: 8 } } });
    hung = await hungServer();
    const sandbox = await startSandbox({
      port: 0, wabaId: B_WABA, phoneNumbers: [B_PHONE], appSecret: 'b-app-secret', accessToken: 'b-token', verifyToken: 'b-verify',
      callbackUrl: `${kaiku.proxyUrl}/webhooks/whatsapp`,
    });
    const workspace = await kaiku.store.createWorkspace({ name: 'Tenant B' });
    await addConnection(kaiku.store, kaiku.secrets, {
      workspaceId: workspace.id, wabaId: B_WABA, phoneNumberId: B_PHONE.id, accessToken: 'b-token', appSecret: 'b-app-secret',
      verifyToken: 'b-verify', graphBaseUrl: sandbox.config.graph_base_url, graphVersion: sandbox.config.graph_version, publicUrl: null,
    });
    const { key } = await createApiKey(kaiku.store, workspace.id, 'tenant b');
    const customers = (waId: string) => `${sandbox.url}/_sandbox/customers/${waId}/messages`;
    b = {
      api: (path, init = {}) => fetch(`${kaiku.proxyUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }),
      send: async (waId, text) => (await (await fetch(customers(waId), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: text } }) })).json()) as { id: string },
      phone: async (waId) => ((await (await fetch(customers(waId))).json()) as { data: Array<Record<string, unknown>> }).data,
      stop: () => sandbox.stop(),
    };
    // Tenant A: opening hours by keyword, and every other message asks a shop system that hangs.
    aHours = await createRule(kaiku, { name: 'A hours', trigger: { type: 'keyword', keywords: ['aukioloajat'] }, action: { type: 'reply', reply: { text: 'A: auki 8–16' } } });
    aFetch = await createRule(kaiku, { name: 'A shop', trigger: { type: 'any_message' }, action: { type: 'fetch', url: hung.url, timeout_ms: 30_000, fallback_text: 'A: palaamme pian' } });
    // Tenant B: its own answer to the same keyword, on its own number.
    const created = await b.api('/v1/automations', { method: 'POST', body: JSON.stringify({ name: 'B hours', trigger: { type: 'keyword', keywords: ['aukioloajat'] }, action: { type: 'reply', reply: { text: 'B: auki 10–18' } } }) });
    expect(created.status).toBe(201);
    bHours = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await hung.release();
    await b.stop();
    await kaiku.stop();
  });

  const bRuns = async () => ((await (await b.api('/v1/automations/runs?limit=500')).json()) as { data: RunView[] }).data;
  const bReplies = async (waId: string) => (await b.phone(waId)).filter((m) => m.direction !== 'inbound').map((m) => m.text);

  it('answers each tenant\'s customer with its own rule; the same customer writing to both gets both answers, each once', async () => {
    const toA = await kaiku.customer.send('358401160001', { type: 'text', text: { body: 'aukioloajat?' } });
    const toB = await b.send('358401160001', 'Aukioloajat?');
    await eventually(async () => (await repliesTo(kaiku, '358401160001')).length > 0 && (await bReplies('358401160001')).length > 0, 10_000, 'both answers');
    expect(await repliesTo(kaiku, '358401160001')).toEqual(['A: auki 8–16']);
    expect(await bReplies('358401160001')).toEqual(['B: auki 10–18']);
    // Each tenant's run log holds its own rules' runs on its own messages only.
    const aRuns = await runsOf(kaiku);
    expect(aRuns.filter((r) => r.message_id === toB.id)).toEqual([]);
    expect(aRuns.filter((r) => r.message_id === toA.id).map((r) => r.automation_id).sort()).toEqual([aFetch, aHours].sort());
    expect((await bRuns()).map((r) => [r.automation_id, r.message_id])).toEqual([[bHours, toB.id]]);
    // And neither sees the other's rules.
    expect(((await (await b.api('/v1/automations')).json()) as { data: Array<{ id: string }> }).data.map((r) => r.id)).toEqual([bHours]);
    expect((await b.api(`/v1/automations/${aFetch}`)).status).toBe(404);
  });

  it('answers tenant B at once while tenant A\'s shop system hangs on twenty customers', async () => {
    const before = hung.waiting();
    for (let i = 0; i < 20; i += 1) await kaiku.customer.send(`3584011610${String(i).padStart(2, '0')}`, { type: 'text', text: { body: `Missä tilaukseni ${i}?` } });
    // A's runner slots fill with requests its URL never answers (at most A's share of the runner's 12)...
    await eventually(async () => hung.waiting() - before >= 4, 10_000, 'tenant A\'s requests to hang');
    const { id } = await b.send('358401169999', 'aukioloajat');
    // ...and B's customer is answered while every one of them still hangs.
    await eventually(async () => (await bReplies('358401169999')).length > 0, 10_000, 'tenant B\'s answer');
    expect(await bReplies('358401169999')).toEqual(['B: auki 10–18']);
    await eventually(async () => (await bRuns()).find((r) => r.message_id === id && r.outcome === 'replied' && r.automation_id === bHours), 10_000, 'tenant B\'s run');
    const aFinished = (await runsOf(kaiku, aFetch)).filter((r) => r.wa_id.startsWith('3584011610') && r.outcome !== 'started');
    expect(aFinished).toEqual([]);
    expect(hung.waiting() - before).toBeLessThanOrEqual(8);
  });
});
