/**
 * Reply fetch end to end: a rule's URL (a small shop bot on loopback) gets the flat inbound record, signed like
 * deliveries, and its {"reply": …} goes back to the customer; 204 sends nothing; a hung URL gets the fallback
 * text after the timeout; a connection reset is tried once more; a private address is refused when the rule is
 * saved. Latency and outcomes are in /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Seen { path: string; body: Record<string, unknown>; signatureOk: boolean }

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(['sqlite', 'postgres'] as const)('reply fetch (%s)', (store) => {
  let kaiku: Kaiku;
  let bot: Server;
  let botUrl: string;
  const seen: Seen[] = [];
  let resets = 0;

  beforeAll(async () => {
    bot = createServer((req, res) => {
      void readBody(req).then((raw) => {
        let signatureOk = true;
        try {
          new Webhook(SECRET).verify(raw, req.headers as Record<string, string>);
        } catch {
          signatureOk = false;
        }
        seen.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, signatureOk });
        if (req.url === '/reset' && resets === 0) {
          resets += 1;
          req.socket.destroy();
          return;
        }
        if (req.url === '/nothing') return void res.writeHead(204).end();
        if (req.url === '/slow') return void setTimeout(() => res.writeHead(204).end(), 2_000);
        if (req.url === '/broken') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"reply": {"text": ""}}');
        const text = req.url === '/reset' ? 'Toisella yrityksellä.' : `Tilaus KA-1042 on matkalla, ${String((JSON.parse(raw) as { profile_name?: string }).profile_name ?? '')}.`;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: { text } }));
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
    kaiku = await startKaiku({ store });
    const rule = (keyword: string, path: string, extra: Record<string, unknown> = {}) => createRule(kaiku, {
      name: `fetch ${path}`, trigger: { type: 'keyword', keywords: [keyword] }, action: { type: 'fetch', url: `${botUrl}${path}`, secret: SECRET, ...extra },
    });
    await rule('tilaus', '/answer');
    await rule('nothing', '/nothing');
    await rule('slow', '/slow', { timeout_ms: 300, fallback_text: 'Palaamme asiaan pian.' });
    await rule('reset', '/reset');
    await rule('broken', '/broken', { fallback_text: 'Palaamme asiaan pian.' });
  });
  afterAll(async () => {
    await kaiku.stop();
    await new Promise((resolve) => bot.close(resolve));
  });

  const settled = async (waId: string, outcome: string) => eventually(async () => (await runsOf(kaiku)).find((r) => r.wa_id === waId && r.outcome !== 'started' && r.outcome === outcome), 10_000, `${outcome} for ${waId}`);

  it('sends what the URL answers, after POSTing it the signed flat record', async () => {
    await kaiku.customer.send('358401130001', { type: 'text', text: { body: 'Missä tilaus KA-1042?' }, profile_name: 'Aino' });
    await settled('358401130001', 'replied');
    expect(await repliesTo(kaiku, '358401130001')).toEqual(['Tilaus KA-1042 on matkalla, Aino.']);
    const request = seen.find((s) => s.path === '/answer' && s.body.from === '358401130001');
    expect(request).toMatchObject({ signatureOk: true, body: { type: 'text', text: 'Missä tilaus KA-1042?', phone_number_id: kaiku.phoneNumberId, window_expires_at: expect.any(String) } });
    const rule = (await (await kaiku.api('/v1/automations')).json()) as { data: Array<{ action: Record<string, unknown> }> };
    expect(rule.data[0]?.action).toEqual({ type: 'fetch', url: `${botUrl}/answer`, has_secret: true });
    // Left out, the secret is made by Kaiku and answered once.
    const made = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify({ name: 'unsigned?', enabled: false, trigger: { type: 'keyword', keywords: ['zzz'] }, action: { type: 'fetch', url: `${botUrl}/answer` } }) });
    const madeBody = (await made.json()) as { id: string; secret: string; action: Record<string, unknown> };
    expect(madeBody.secret).toMatch(/^whsec_/);
    expect(madeBody.action).toEqual({ type: 'fetch', url: `${botUrl}/answer`, has_secret: true });
    expect(JSON.stringify(await (await kaiku.api(`/v1/automations/${madeBody.id}`)).json())).not.toContain(madeBody.secret);
    await kaiku.api(`/v1/automations/${madeBody.id}`, { method: 'DELETE' });
  });

  it('sends nothing on 204, the fallback on a timeout or an unusable answer, and retries a reset connection once', async () => {
    await kaiku.customer.send('358401130002', { type: 'text', text: { body: 'nothing' } });
    await kaiku.customer.send('358401130003', { type: 'text', text: { body: 'slow' } });
    await kaiku.customer.send('358401130004', { type: 'text', text: { body: 'reset' } });
    await kaiku.customer.send('358401130005', { type: 'text', text: { body: 'broken' } });
    await settled('358401130002', 'no_reply');
    const slow = await settled('358401130003', 'fallback');
    expect(slow.detail).toBe('no answer within 300 ms');
    await settled('358401130004', 'replied');
    const broken = await settled('358401130005', 'fallback');
    expect(broken.detail).toMatch(/the reply cannot be sent/);
    expect(await repliesTo(kaiku, '358401130002')).toEqual([]);
    expect(await repliesTo(kaiku, '358401130003')).toEqual(['Palaamme asiaan pian.']);
    expect(await repliesTo(kaiku, '358401130004')).toEqual(['Toisella yrityksellä.']);
    expect(await repliesTo(kaiku, '358401130005')).toEqual(['Palaamme asiaan pian.']);
    expect(seen.filter((s) => s.path === '/reset')).toHaveLength(2);
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    for (const outcome of ['reply', 'no_reply', 'timeout', 'bad_answer']) expect(metrics).toMatch(new RegExp(`kaiku_reply_fetch_seconds_count\\{outcome="${outcome}"\\} [1-9]`));
    expect(metrics).toMatch(/kaiku_automation_runs_total\{outcome="fallback"\} 2/);
  });
});

describe('reply fetch URLs are classified like subscription targets', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku({ config: { allowPrivateTargets: false } });
  });
  afterAll(async () => kaiku.stop());

  it('refuses a private, loopback or link-local URL, naming action.url', async () => {
    for (const url of ['http://127.0.0.1:8080/answer', 'https://10.1.2.3/answer', 'https://[::1]/answer', 'https://169.254.169.254/latest']) {
      const res = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify({ name: 'x', trigger: { type: 'any_message' }, action: { type: 'fetch', url } }) });
      const body = (await res.json()) as { error: { code: string; message: string; details: { field: string } } };
      expect([url, res.status, body.error.details.field]).toEqual([url, 400, 'action.url']);
      expect(body.error.message).toMatch(/"action\.url" must point at a public host/);
    }
  });
});
