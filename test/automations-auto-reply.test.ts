/**
 * Auto-replies end to end against the sandbox, with the proxy's clock moved to chosen Helsinki times: out of
 * hours (and a holiday exception), once per customer per period, greetings (first contact and first after N
 * days), keywords in Finnish, Swedish and English, nothing to an opted-out customer, to a reaction, or in a
 * loop with another automaton. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signWebhook } from '@kaiku/core';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { createRule, OFFICE_HOURS, repliesTo, runsOf, ShiftedClock } from './automations-helpers.js';

const CLOSED = 'Olemme kiinni. Vastaamme huomenna klo 8.';
const HOURS = 'Avoinna ma–su 8–16 / Öppet 8–16 / Open 8–16';

describe.each(['sqlite', 'postgres'] as const)('auto-replies (%s)', (store) => {
  let kaiku: Kaiku;
  const clock = new ShiftedClock();
  let closedRule: string;

  beforeAll(async () => {
    kaiku = await startKaiku({ store, now: clock.now });
    closedRule = await createRule(kaiku, { name: 'Closed', trigger: { type: 'out_of_hours', opening_hours: OFFICE_HOURS }, action: { type: 'reply', reply: { text: CLOSED } } });
    await createRule(kaiku, {
      name: 'Opening hours', trigger: { type: 'keyword', keywords: ['aukioloajat', 'öppettider', 'opening hours'] }, action: { type: 'reply', reply: { text: HOURS } },
    });
  });
  afterAll(async () => kaiku.stop());

  /** The customer writes; resolves once the message is applied, every delivery is done and the runner's inbox is empty. */
  async function writes(waId: string, body: Record<string, unknown>): Promise<string> {
    const { id } = await kaiku.customer.send(waId, body);
    await eventually(async () => {
      const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=100')).json()) as { data: Array<{ id: string }> };
      return inbound.data.some((m) => m.id === id) && (await kaiku.store.pendingDeliveryCount()) === 0 && ((await kaiku.store.automations.backlog()).waiting) === 0;
    }, 10_000, `message ${id} to be handled`);
    return id;
  }
  const says = (waId: string, text: string) => writes(waId, { type: 'text', text: { body: text } });
  /** Posts Meta's webhook for a text message from `waId` sent at `timestamp`, signed as Meta signs it. */
  async function metaWebhook(waId: string, timestamp: number): Promise<string> {
    const config = (await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json()) as { waba_id: string; app_secret: string; phone_numbers: Array<{ display_phone_number: string }> };
    const id = `wamid.old-${waId}`;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: config.waba_id, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: config.phone_numbers[0]?.display_phone_number, phone_number_id: kaiku.phoneNumberId },
        contacts: [{ profile: { name: 'Vanha asiakas' }, wa_id: waId }],
        messages: [{ from: waId, id, timestamp: String(timestamp), type: 'text', text: { body: 'Hei' } }],
      } }] }],
    });
    const res = await fetch(`${kaiku.proxyUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, config.app_secret) }, body });
    expect(res.status).toBe(200);
    return id;
  }
  const runOn = async (messageId: string) => (await runsOf(kaiku)).filter((r) => r.message_id === messageId);

  it('answers out of hours once per customer per period (default 12 h), not in hours', async () => {
    clock.atHelsinki('20:00');
    const first = await says('358401110001', 'Hei, onko paketti jo lähtenyt?');
    expect(await repliesTo(kaiku, '358401110001')).toEqual([CLOSED]);
    expect(await runOn(first)).toMatchObject([{ automation_id: closedRule, outcome: 'replied', detail: 'out of hours', sent: { text: CLOSED } }]);
    clock.advance(3_600_000);
    const second = await says('358401110001', 'Entä huomenna?');
    expect(await runOn(second)).toMatchObject([{ outcome: 'skipped_once_per_period' }]);
    expect(await repliesTo(kaiku, '358401110001')).toEqual([CLOSED]);

    clock.atHelsinki('10:00');
    const open = await says('358401110002', 'Hei!');
    expect(await runOn(open)).toEqual([]);
    expect(await repliesTo(kaiku, '358401110002')).toEqual([]);
  });

  it('answers again once its own shorter period has passed; a paused rule does not run', async () => {
    const closed = (await (await kaiku.api(`/v1/automations/${closedRule}`)).json()) as Record<string, unknown>;
    const { name, trigger, action } = closed;
    const paused = await kaiku.api(`/v1/automations/${closedRule}`, { method: 'PUT', body: JSON.stringify({ name, trigger, action, enabled: false }) });
    expect(((await paused.json()) as { enabled: boolean }).enabled).toBe(false);
    const rule = await createRule(kaiku, {
      name: 'Closed, every 2 h', phone_number_id: kaiku.phoneNumberId, once_per_hours: 2,
      trigger: { type: 'out_of_hours', time_zone: 'Europe/Helsinki', opening_hours: OFFICE_HOURS }, action: { type: 'reply', reply: { text: 'Suljettu.' } },
    });
    try {
      clock.atHelsinki('19:00');
      await says('358401110003', 'Hei');
      clock.advance(3_600_000);
      await says('358401110003', 'Hei taas');
      clock.advance(2 * 3_600_000);
      await says('358401110003', 'Haloo?');
      expect((await runsOf(kaiku, rule)).map((r) => r.outcome)).toEqual(['replied', 'skipped_once_per_period', 'replied']);
      expect(await repliesTo(kaiku, '358401110003')).toEqual(['Suljettu.', 'Suljettu.']);
      expect((await runsOf(kaiku, closedRule)).filter((r) => r.wa_id === '358401110003')).toEqual([]);
    } finally {
      await kaiku.api(`/v1/automations/${rule}`, { method: 'DELETE' });
      await kaiku.api(`/v1/automations/${closedRule}`, { method: 'PUT', body: JSON.stringify({ name, trigger, action }) });
    }
  });

  it('answers on a holiday (an exception date) even within the weekday hours', async () => {
    clock.atHelsinki('11:00');
    const holiday = await createRule(kaiku, {
      name: 'Holiday', trigger: { type: 'out_of_hours', opening_hours: OFFICE_HOURS, exceptions: [{ date: clock.helsinkiDate(), hours: [] }] },
      action: { type: 'reply', reply: { text: 'Hyvää joulua! Suljettu tänään.' } },
    });
    try {
      await says('358401110004', 'Hei');
      expect(await repliesTo(kaiku, '358401110004')).toEqual(['Hyvää joulua! Suljettu tänään.']);
      expect((await runsOf(kaiku, holiday))[0]).toMatchObject({ outcome: 'replied' });
    } finally {
      await kaiku.api(`/v1/automations/${holiday}`, { method: 'DELETE' });
    }
  });

  it('answers keywords in Finnish, Swedish and English, ignoring case, accents and punctuation', async () => {
    clock.atHelsinki('10:00');
    await says('358401110011', 'Mitkä ovat AUKIOLOAJAT?');
    await says('46701110012', 'Vilka är era oppettider!');
    await says('447911110013', 'What are your opening-hours...');
    await says('358401110014', 'hours');
    for (const waId of ['358401110011', '46701110012', '447911110013']) expect(await repliesTo(kaiku, waId)).toEqual([HOURS]);
    expect(await repliesTo(kaiku, '358401110014')).toEqual([]);
  });

  it('greets a first-time customer, and one who has not written for N days', async () => {
    clock.atHelsinki('10:00');
    const greeting = await createRule(kaiku, { name: 'Greeting', trigger: { type: 'first_contact', after_days: 30 }, action: { type: 'reply', reply: { text: 'Tervetuloa!' } } });
    try {
      await says('358401110021', 'Hei');
      await says('358401110021', 'Kysyisin vielä');
      expect(await repliesTo(kaiku, '358401110021')).toEqual(['Tervetuloa!']);
      expect((await runsOf(kaiku, greeting)).find((r) => r.wa_id === '358401110021')).toMatchObject({ outcome: 'replied', detail: 'first message' });

      // A customer whose last message came 40 days ago (Meta's webhook, signed, with that day's timestamp):
      // too old to answer now (its window has closed), and the next message is greeted again.
      const old = await metaWebhook('358401110022', Math.floor(Date.now() / 1000) - 40 * 86_400);
      await eventually(async () => (await runOn(old)).length > 0, 10_000, 'the old message to be run');
      expect(await runOn(old)).toMatchObject([{ automation_id: greeting, outcome: 'skipped_window_closed' }]);
      await says('358401110022', 'Moi taas');
      expect(await repliesTo(kaiku, '358401110022')).toEqual(['Tervetuloa!']);
      expect((await runsOf(kaiku, greeting))[0]).toMatchObject({ wa_id: '358401110022', outcome: 'replied', detail: 'first message in 30 days' });
    } finally {
      await kaiku.api(`/v1/automations/${greeting}`, { method: 'DELETE' });
    }
  });

  it('never answers an opted-out customer, a reaction, or another automaton in a loop', async () => {
    clock.atHelsinki('10:00');
    await says('358401110031', 'STOP');
    const afterStop = await says('358401110031', 'aukioloajat?');
    expect(await runOn(afterStop)).toMatchObject([{ outcome: 'skipped_opted_out' }]);
    expect(await repliesTo(kaiku, '358401110031')).toEqual([]);

    const asked = await says('358401110032', 'aukioloajat');
    const reaction = await writes('358401110032', { type: 'reaction', reaction: { message_id: asked, emoji: '👍' } });
    expect(await runOn(reaction)).toEqual([]);

    // An auto-responder on the other side answers at once with our keyword in it: answered once, then not.
    const echo = await says('358401110032', `Automatic reply: ${HOURS} opening hours`);
    expect(await runOn(echo)).toMatchObject([{ outcome: 'skipped_loop' }]);
    expect(await repliesTo(kaiku, '358401110032')).toEqual([HOURS]);
  });
});
