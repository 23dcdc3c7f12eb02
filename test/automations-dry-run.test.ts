/**
 * POST /v1/automations/test, the dry run, on both stores: what the customer would receive at a given time from
 * all rules of a number (out of hours, the holiday exception, keywords in three languages), from one saved rule
 * or from an unsaved one; a fetch rule's URL is called and says so; an opted-out customer gets nothing; and
 * nothing is ever sent, recorded or counted as a run. Bad input is refused naming the field; console agents get
 * 403 here and from GET /v1/usage (both admin-only).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsoleUser } from '@kaiku/proxy';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { createRule, OFFICE_HOURS, runsOf } from './automations-helpers.js';

interface Verdict { automation_id: string | null; name: string; outcome: string; detail: string | null; reply: { text?: string } | null; email: unknown }
interface DryRun { at: string; reply: { text?: string } | null; rules: Verdict[]; called_urls: string[]; sent: boolean }

// Wednesday 2 and Thursday 24 December 2026, Helsinki time (UTC+2).
const WED_EVENING = '2026-12-02T22:00:00+02:00';
const WED_MORNING = '2026-12-02T10:00:00+02:00';
const CHRISTMAS_EVE_MORNING = '2026-12-24T10:00:00+02:00';

describe.each(['sqlite', 'postgres'] as const)('automations dry run (%s)', (store) => {
  let kaiku: Kaiku;
  let shop: Server;
  let shopUrl: string;
  let shopCalls = 0;
  let closedId: string;
  let keywordId: string;

  const test = async (body: Record<string, unknown>) => {
    const res = await kaiku.api('/v1/automations/test', { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as DryRun & { error?: { message: string; details: { field?: string } } } };
  };

  beforeAll(async () => {
    shop = createServer((req, res) => {
      shopCalls += 1;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: { text: 'Tilaus KA-1042 lähtee tänään.' } }));
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/answer`;
    kaiku = await startKaiku({ store });
    closedId = await createRule(kaiku, {
      name: 'Closed', trigger: { type: 'out_of_hours', opening_hours: OFFICE_HOURS, exceptions: [{ date: '2026-12-24', hours: [] }] },
      action: { type: 'reply', reply: { text: 'Olemme kiinni, vastaamme klo 8.' } },
    });
    keywordId = await createRule(kaiku, {
      name: 'Hours', trigger: { type: 'keyword', keywords: ['aukioloajat', 'öppettider', 'opening hours'] },
      action: { type: 'reply', reply: { text: 'Avoinna ma–su 8–16.' } },
    });
  });
  afterAll(async () => {
    await kaiku.stop();
    await new Promise((resolve) => shop.close(resolve));
  });

  it('shows what the customer would receive from all rules of the number, at the time given', async () => {
    const evening = await test({ message: { text: 'Hei, onko paketti lähtenyt?' }, at: WED_EVENING });
    expect(evening.status).toBe(200);
    expect(evening.body).toMatchObject({ at: '2026-12-02T20:00:00.000Z', reply: { text: 'Olemme kiinni, vastaamme klo 8.' }, called_urls: [], sent: false });
    expect(evening.body.rules.map((r) => [r.automation_id, r.outcome])).toEqual([[keywordId, 'not_triggered'], [closedId, 'reply']]);
    expect((await test({ message: { text: 'Hei' }, at: WED_MORNING })).body.reply).toBeNull();
    expect((await test({ message: { text: 'Hei' }, at: CHRISTMAS_EVE_MORNING })).body.reply).toEqual({ text: 'Olemme kiinni, vastaamme klo 8.' });
  });

  it('answers keywords in Finnish, Swedish and English, and lets the first answering rule win', async () => {
    for (const text of ['Aukioloajat?', 'ÖPPETTIDER', 'What are your opening hours, please?']) {
      const run = await test({ message: { text }, at: WED_MORNING });
      expect([text, run.body.reply]).toEqual([text, { text: 'Avoinna ma–su 8–16.' }]);
    }
    const evening = await test({ message: { text: 'aukioloajat' }, at: WED_EVENING });
    expect(evening.body.rules.map((r) => r.outcome)).toEqual(['reply', 'skipped_answered']);
  });

  it('tests one saved rule, or an unsaved one, without saving it', async () => {
    const saved = await test({ automation_id: closedId, message: { text: 'aukioloajat' }, at: WED_EVENING });
    expect(saved.body.rules.map((r) => r.name)).toEqual(['Closed']);
    const unsaved = await test({
      rule: { name: 'Greeting', trigger: { type: 'first_contact' }, action: { type: 'reply', reply: { text: 'Tervetuloa!' } } },
      message: { text: 'Moi', from: '358409990001' },
    });
    expect(unsaved.body).toMatchObject({ reply: { text: 'Tervetuloa!' }, rules: [{ automation_id: null, name: 'Greeting', outcome: 'reply', detail: 'first message' }] });
    expect(((await (await kaiku.api('/v1/automations')).json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  it('calls a fetch rule\'s URL and says so, and still sends nothing', async () => {
    const before = shopCalls;
    const run = await test({ rule: { name: 'Shop', trigger: { type: 'keyword', keywords: ['tilaus'] }, action: { type: 'fetch', url: shopUrl } }, message: { text: 'Missä tilaus?' } });
    expect(run.body).toMatchObject({ reply: { text: 'Tilaus KA-1042 lähtee tänään.' }, called_urls: [shopUrl], sent: false });
    expect(shopCalls).toBe(before + 1);
  });

  it('keeps a fetch rule\'s secret when it is edited without one (as the console edits it)', async () => {
    const made = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify({ name: 'Shop', trigger: { type: 'keyword', keywords: ['tilaus'] }, action: { type: 'fetch', url: shopUrl } }) });
    const rule = (await made.json()) as { id: string; secret?: string };
    expect(rule.secret).toMatch(/^whsec_/);
    const sealed = async () => ((await kaiku.store.automations.get(kaiku.workspaceId, rule.id))?.action as { secret?: string }).secret;
    const before = await sealed();
    const edited = await kaiku.api(`/v1/automations/${rule.id}`, { method: 'PUT', body: JSON.stringify({ name: 'Shop', trigger: { type: 'keyword', keywords: ['tilaus', 'order'] }, action: { type: 'fetch', url: shopUrl, timeout_ms: 2000 } }) });
    expect(edited.status).toBe(200);
    expect((await edited.json()) as Record<string, unknown>).not.toHaveProperty('secret');
    expect(await sealed()).toBe(before);
    expect((await kaiku.api(`/v1/automations/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('gives an opted-out customer nothing, and says why', async () => {
    await kaiku.api('/v1/contacts/358409990002/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_out', source: 'phone call' }) });
    const run = await test({ message: { text: 'Hei', from: '358409990002' }, at: WED_EVENING });
    expect(run.body.reply).toBeNull();
    expect(run.body.rules.find((r) => r.automation_id === closedId)).toMatchObject({ outcome: 'skipped_opted_out', detail: 'the customer opted out' });
  });

  it('sends, records and counts nothing', async () => {
    expect(await runsOf(kaiku)).toEqual([]);
    expect(await kaiku.customer.messages('358409990001')).toEqual([]);
    const usage = (await (await kaiku.api('/v1/usage')).json()) as { totals: { received: number; sent: Record<string, number> } };
    expect([usage.totals.received, Object.values(usage.totals.sent).reduce((a, b) => a + b, 0)]).toEqual([0, 0]);
  });

  it('refuses console agents (admin-only), and serves admins', async () => {
    const signIn = async (email: string, role: 'admin' | 'agent') => {
      await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email, role, password: 'long enough password' });
      const res = await fetch(`${kaiku.proxyUrl}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'long enough password' }) });
      const session = (await res.json()) as { csrf_token: string };
      return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-csrf-token': session.csrf_token, 'content-type': 'application/json' };
    };
    const body = JSON.stringify({ message: { text: 'Hei' } });
    for (const [headers, status] of [[await signIn('agent@example.com', 'agent'), 403], [await signIn('admin@example.com', 'admin'), 200]] as const) {
      const dryRun = await fetch(`${kaiku.proxyUrl}/v1/automations/test`, { method: 'POST', headers, body });
      const usage = await fetch(`${kaiku.proxyUrl}/v1/usage`, { headers });
      expect([dryRun.status, usage.status]).toEqual([status, status]);
    }
  });

  it('refuses bad input, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ message: { text: 'x' }, at: 'tomorrow' }, 400, 'at'],
      [{ message: { text: 'x', mood: 'happy' } }, 400, 'message.mood'],
      [{}, 400, 'message'],
      [{ rule: { name: 'x', trigger: { type: 'keyword', keywords: [' '] }, action: { type: 'reply', reply: { text: 'a' } } }, message: { text: 'x' } }, 400, 'trigger.keywords'],
      [{ automation_id: 'auto_missing', message: { text: 'x' } }, 404, ''],
    ];
    for (const [body, status, field] of cases) {
      const run = await test(body);
      expect([JSON.stringify(body), run.status]).toEqual([JSON.stringify(body), status]);
      if (field !== '') expect(JSON.stringify(run.body.error)).toContain(field);
    }
  });
});
