/**
 * The automations' dry run through the action: what a customer writing this message at this time would receive,
 * from an unsaved rule, a saved one or every enabled rule of the number, judged as the runner judges (first
 * answering rule wins, opted-out customers get nothing, reactions trigger nothing); a fetch rule's URL is called
 * and listed; mail and staff forwards are described; nothing is sent.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAutomation } from '../src/actions/automations.js';
import { testAutomations } from '../src/actions/test-automation.js';
import type { AutomationInput } from '../src/automations/types.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { template, templatePage } from './template-fixtures.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const keyword = (name: string, text: string): AutomationInput => ({ name, trigger: { type: 'keyword', keywords: ['hours'] }, action: { type: 'reply', reply: { text } } });

/** The shop's reply URL: answers per path (reply, 204, 500). */
let shop: Server;
let shopUrl: string;
let shopCalls: string[];
beforeAll(async () => {
  shop = createServer((req, res) => {
    shopCalls.push(req.url ?? '');
    req.resume();
    if (req.url === '/none') res.writeHead(204).end();
    else if (req.url === '/broken') res.writeHead(500).end('down');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: { text: 'Order KA-1 ships today.' } }));
  });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
afterAll(() => {
  shop.close();
});

let fx: ActionFixture;
beforeEach(async () => {
  shopCalls = [];
  fx = await openActionFixture({ now: NOW, config: { allowPrivateTargets: true } });
  fx.routes['GET /102290129340398/message_templates'] = templatePage([template({ id: 't-staff', name: 'staff_alert', components: [{ type: 'BODY', text: 'Customer {{1}} wrote: {{2}}', example: { body_text: [['Aino', 'Hello']] } }] })]);
});
afterEach(async () => fx.cleanup());

describe('testAutomations', () => {
  it('judges an unsaved rule at the proxy\'s time and sends nothing', async () => {
    const result = await testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open 8-16.'), message: { text: 'Your opening hours?' } });
    expect(result).toEqual({
      at: NOW.toISOString(), phone_number_id: '106540352242922', reply: { text: 'Open 8-16.' }, called_urls: [], sent: false,
      rules: [{ automation_id: null, name: 'Hours', outcome: 'reply', detail: expect.stringContaining('hours') as unknown as string, reply: { text: 'Open 8-16.' }, email: null }],
    });
    expect(fx.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('says a rule was not triggered, and that reactions trigger nothing', async () => {
    const quiet = await testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open'), message: { text: 'Hello' } });
    expect(quiet.reply).toBeNull();
    expect(quiet.rules).toEqual([{ automation_id: null, name: 'Hours', outcome: 'not_triggered', detail: null, reply: null, email: null }]);
    const reaction = await testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open'), message: { text: 'hours', type: 'reaction' } });
    expect(reaction.rules[0]).toMatchObject({ outcome: 'not_triggered', detail: 'no rule answers reactions, system notices or STOP/START' });
  });

  it('takes the time given, and refuses one it cannot read', async () => {
    expect((await testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open'), message: { text: 'hours' }, at: '2026-12-24T18:30:00+02:00' })).at).toBe('2026-12-24T16:30:00.000Z');
    const error = await refusal(testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open'), message: { text: 'hours' }, at: 'tonight' }));
    expect(error).toEqual({ code: 'validation_failed', field: 'at', details: { field: 'at' }, message: '"at" must be a time like 2026-12-24T18:30:00+02:00; got "tonight".' });
  });

  it('judges every enabled rule of the number, the first answering rule winning', async () => {
    const first = await createAutomation(fx.deps, fx.workspaceId, keyword('First', 'One'));
    const second = await createAutomation(fx.deps, fx.workspaceId, keyword('Second', 'Two'));
    const off = await createAutomation(fx.deps, fx.workspaceId, { ...keyword('Off', 'Three'), enabled: false });
    const result = await testAutomations(fx.deps, fx.workspaceId, { message: { text: 'hours?' } });
    expect(result.reply).toEqual({ text: 'One' });
    expect(result.rules.map((r) => [r.automation_id, r.outcome])).toEqual([[first.id, 'reply'], [second.id, 'skipped_answered']]);
    expect(result.rules[1]?.detail).toBe('another rule answered this message');
    expect(result.rules.some((r) => r.automation_id === off.id)).toBe(false);
    const one = await testAutomations(fx.deps, fx.workspaceId, { automation_id: second.id, message: { text: 'hours?' } });
    expect(one.rules.map((r) => [r.automation_id, r.name, r.outcome])).toEqual([[second.id, 'Second', 'reply']]);
    expect((await refusal(testAutomations(fx.deps, fx.workspaceId, { automation_id: 'auto_missing', message: { text: 'x' } }))).message).toMatch(/^The automation auto_missing was not found/);
  });

  it('gives an opted-out customer nothing, saying why', async () => {
    await fx.store.recordConsent(fx.workspaceId, '358401234567', { status: 'opted_out', source: 'STOP', proof: null, recordedAt: NOW });
    const result = await testAutomations(fx.deps, fx.workspaceId, { rule: keyword('Hours', 'Open'), message: { text: 'hours', from: '358401234567' } });
    expect(result.reply).toBeNull();
    expect(result.rules[0]).toMatchObject({ outcome: 'skipped_opted_out', detail: 'the customer opted out', reply: null });
  });

  it('describes a mail forward: failing once the mail server is gone, and never counting as the answer', async () => {
    const mail: AutomationInput = { name: 'Mail', trigger: { type: 'any_message' }, action: { type: 'email', to: ['staff@example.com'] } };
    const rule = await createAutomation({ ...fx.deps, config: { ...fx.deps.config, smtpUrl: 'smtp://127.0.0.1:2525' } }, fx.workspaceId, mail);
    await createAutomation(fx.deps, fx.workspaceId, keyword('Hours', 'Open'));
    const result = await testAutomations(fx.deps, fx.workspaceId, { message: { text: 'hours', profile_name: 'Aino' } });
    const forward = result.rules.find((r) => r.automation_id === rule.id);
    expect(forward).toMatchObject({ outcome: 'failed', reply: null, email: { to: ['staff@example.com'], subject: expect.any(String) as unknown as string } });
    expect(forward?.detail).toMatch(/; but no mail server is configured \(SMTP_URL\), so it would fail$/);
    expect(result.reply).toEqual({ text: 'Open' });
    fx.deps.config = { ...fx.deps.config, smtpUrl: 'smtp://127.0.0.1:2525' };
    const configured = await testAutomations(fx.deps, fx.workspaceId, { automation_id: rule.id, message: { text: 'hi' } });
    expect(configured.rules[0]).toMatchObject({ outcome: 'forward', detail: expect.not.stringContaining('SMTP') as unknown as string });
  });

  it('describes a forward to a staff number', async () => {
    const result = await testAutomations(fx.deps, fx.workspaceId, {
      rule: { name: 'Staff', trigger: { type: 'any_message' }, action: { type: 'whatsapp', staff_phone: '358409990000', template: 'staff_alert', language: 'en' } },
      message: { text: 'help' },
    });
    expect(result.rules[0]).toMatchObject({ outcome: 'forward', reply: null, email: null });
    expect(result.rules[0]?.detail).toMatch(/; the template "staff_alert" would go to the staff number 358409990000$/);
    expect(result.reply).toBeNull();
  });

  it('calls a fetch rule\'s URL and lists it: a reply, no reply (204), the fallback, or a failure', async () => {
    const fetchRule = (path: string, fallback?: string): AutomationInput => ({
      name: 'Shop', trigger: { type: 'keyword', keywords: ['order'] }, action: { type: 'fetch', url: `${shopUrl}${path}`, ...(fallback ? { fallback_text: fallback } : {}) },
    });
    const answered = await testAutomations(fx.deps, fx.workspaceId, { rule: fetchRule('/answer'), message: { text: 'my order?' } });
    expect(answered).toMatchObject({ reply: { text: 'Order KA-1 ships today.' }, called_urls: [`${shopUrl}/answer`], sent: false });
    expect(answered.rules[0]?.detail).toMatch(/; reply from the URL$/);
    const none = await testAutomations(fx.deps, fx.workspaceId, { rule: fetchRule('/none'), message: { text: 'order' } });
    expect(none.rules[0]).toMatchObject({ outcome: 'no_reply', reply: null });
    expect(none.rules[0]?.detail).toMatch(/; the URL answered 204 \(no reply\)$/);
    const fallback = await testAutomations(fx.deps, fx.workspaceId, { rule: fetchRule('/broken', 'We will answer soon.'), message: { text: 'order' } });
    expect(fallback.rules[0]).toMatchObject({ outcome: 'fallback', reply: { text: 'We will answer soon.' } });
    expect(fallback.reply).toEqual({ text: 'We will answer soon.' });
    const failed = await testAutomations(fx.deps, fx.workspaceId, { rule: fetchRule('/broken'), message: { text: 'order' } });
    expect(failed.rules[0]).toMatchObject({ outcome: 'failed', reply: null, detail: expect.any(String) as unknown as string });
    expect(shopCalls).toEqual(['/answer', '/none', '/broken', '/broken']);
  });

  it('greets a customer writing for the first time', async () => {
    const rule = await createAutomation(fx.deps, fx.workspaceId, { name: 'Greeting', trigger: { type: 'first_contact' }, action: { type: 'reply', reply: { text: 'Welcome!' } } });
    const result = await testAutomations(fx.deps, fx.workspaceId, { message: { text: 'Hi', from: '358409990001', profile_name: 'Aino' } });
    expect(result.rules[0]).toMatchObject({ automation_id: rule.id, outcome: 'reply', detail: 'first message' });
  });
});
