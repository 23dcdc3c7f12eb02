/**
 * Edges of the automations' dry run: the sample message a fetch rule's URL receives (a test id, the sender given
 * or zeros, a text message, not forwarded, its 24-hour window from the time given), the dry run's own keep-alive
 * connections kept from one run to the next, an unsaved rule judged for the number named, and a mail forward that
 * neither answers nor stops a later rule from answering.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAutomation } from '../src/actions/automations.js';
import { testAutomations } from '../src/actions/test-automation.js';
import type { AutomationInput } from '../src/automations/types.js';
import { GRAPH_URL, openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { connectionInput } from './store-fixtures.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');

/** The shop's reply URL: keeps what it was sent and counts the connections made to it. */
let shop: Server;
let shopUrl: string;
let bodies: Array<Record<string, unknown>>;
let connections: number;
beforeAll(async () => {
  shop = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: { text: 'Order KA-1 ships today.' } }));
    });
  });
  shop.on('connection', () => { connections += 1; });
  shop.listen(0, '127.0.0.1');
  await once(shop, 'listening');
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/answer`;
});
afterAll(async () => {
  shop.closeAllConnections();
  await new Promise((resolve) => shop.close(resolve));
});

let fx: ActionFixture;
beforeEach(async () => {
  bodies = [];
  connections = 0;
  fx = await openActionFixture({ now: NOW, config: { allowPrivateTargets: true } });
});
afterEach(async () => fx.cleanup());

const askingShop = (): AutomationInput => ({ name: 'Shop', trigger: { type: 'keyword', keywords: ['order'] }, action: { type: 'fetch', url: shopUrl } });

describe('the sample message of a dry run', () => {
  it('goes to a fetch rule\'s URL as a text message with a test id, from zeros, not forwarded, open for 24 hours', async () => {
    const result = await testAutomations(fx.deps, fx.workspaceId, { rule: askingShop(), message: { text: 'my order?' } });
    expect(result.rules).toEqual([{ automation_id: null, name: 'Shop', outcome: 'reply', detail: 'keyword "order"; reply from the URL', reply: { text: 'Order KA-1 ships today.' }, email: null }]);
    expect(bodies).toHaveLength(1);
    const [sample] = bodies;
    expect(sample?.id).toMatch(/^wamid\.test_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sample).toMatchObject({
      phone_number_id: '106540352242922', display_phone_number: null, from: '000000000000', profile_name: null, user_id: null, type: 'text',
      text: 'my order?', media_id: null, received_at: '2026-12-02T10:00:00.000Z', forwarded: false, window_expires_at: '2026-12-03T10:00:00.000Z', raw: null,
    });
  });

  it('carries the sender, the name and the time given', async () => {
    await testAutomations(fx.deps, fx.workspaceId, {
      rule: askingShop(), message: { text: 'order', from: '358401234567', profile_name: 'Aino' }, at: '2026-12-24T18:30:00+02:00',
    });
    expect(bodies[0]).toMatchObject({ from: '358401234567', profile_name: 'Aino', received_at: '2026-12-24T16:30:00.000Z', window_expires_at: '2026-12-25T16:30:00.000Z' });
  });

  it('gets a new id in each dry run', async () => {
    await testAutomations(fx.deps, fx.workspaceId, { rule: askingShop(), message: { text: 'order' } });
    await testAutomations(fx.deps, fx.workspaceId, { rule: askingShop(), message: { text: 'order' } });
    expect(bodies.map((b) => b.id)).toEqual([expect.stringMatching(/^wamid\.test_/), expect.stringMatching(/^wamid\.test_/)]);
    expect(bodies[0]?.id).not.toBe(bodies[1]?.id);
  });
});

describe('the connections of dry runs', () => {
  it('keeps its connection to a reply URL from one dry run to the next', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await testAutomations(fx.deps, fx.workspaceId, { rule: askingShop(), message: { text: 'order' } })).reply).toEqual({ text: 'Order KA-1 ships today.' });
    }
    expect(bodies).toHaveLength(3);
    expect(connections).toBe(1);
  });
});

describe('which rules a dry run judges', () => {
  it('judges an unsaved rule for the business number named', async () => {
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '222', graphBaseUrl: GRAPH_URL }));
    const rule: AutomationInput = { name: 'Hours', trigger: { type: 'keyword', keywords: ['hours'] }, action: { type: 'reply', reply: { text: 'Open 8-16.' } } };
    expect((await testAutomations(fx.deps, fx.workspaceId, { rule, message: { text: 'hours' } })).phone_number_id).toBe('106540352242922');
    const named = await testAutomations(fx.deps, fx.workspaceId, { rule, phone_number_id: '222', message: { text: 'hours' } });
    expect(named.phone_number_id).toBe('222');
    expect(named.reply).toEqual({ text: 'Open 8-16.' });
  });

  it('lets a rule answer after a mail forward tried before it, and answers with that rule\'s reply', async () => {
    fx.deps.config = { ...fx.deps.config, smtpUrl: 'smtp://127.0.0.1:2525' };
    // Keyword rules are tried first: the forward comes before the greeting-for-anything rule.
    const mail = await createAutomation(fx.deps, fx.workspaceId, { name: 'Mail', trigger: { type: 'keyword', keywords: ['order'] }, action: { type: 'email', to: ['staff@example.com'] } });
    const any = await createAutomation(fx.deps, fx.workspaceId, { name: 'Any', trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'We will answer soon.' } } });
    const result = await testAutomations(fx.deps, fx.workspaceId, { message: { text: 'my order', profile_name: 'Aino' } });
    expect(result.rules.map((r) => [r.automation_id, r.outcome])).toEqual([[mail.id, 'forward'], [any.id, 'reply']]);
    expect(result.rules[0]?.email).toEqual({ to: ['staff@example.com'], subject: 'WhatsApp: Aino (+000000000000): my order' });
    expect(result.reply).toEqual({ text: 'We will answer soon.' });
  });
});
