/**
 * Greetings and retention, end to end: the runner keeps when each customer last wrote to each number in a row
 * of its own, so a customer whose earlier messages retention has already deleted is not greeted as a stranger,
 * while one who has been away longer than the rule's days still is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pruneExpired } from '@kaiku/proxy';
import type { Kaiku } from './harness/index.js';
import { eventually, startKaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';

const DAY = 86_400_000;

describe.each(['sqlite', 'postgres'] as const)('greetings with retention (%s)', (store) => {
  let kaiku: Kaiku;
  let greeting: string;

  beforeAll(async () => {
    kaiku = await startKaiku({ store });
    greeting = await createRule(kaiku, { name: 'Greeting', trigger: { type: 'first_contact', after_days: 30 }, action: { type: 'reply', reply: { text: 'Tervetuloa!' } } });
  });
  afterAll(async () => kaiku.stop());

  /** The customer writes; resolves once the runner has taken the message out of its inbox. */
  async function says(waId: string, text: string): Promise<string> {
    const { id } = await kaiku.customer.send(waId, { type: 'text', text: { body: text } });
    await eventually(async () => {
      const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=100')).json()) as { data: Array<{ id: string }> };
      return inbound.data.some((m) => m.id === id) && ((await kaiku.store.automations.backlog()).waiting) === 0;
    }, 10_000, `message ${id} to be handled`);
    return id;
  }
  const stored = async (id: string) => ((await (await kaiku.api('/v1/messages/inbound?limit=100')).json()) as { data: Array<{ id: string }> }).data.some((m) => m.id === id);

  it('does not greet a customer again after retention deleted their earlier messages', async () => {
    const first = await says('358401170001', 'Hei');
    expect(await repliesTo(kaiku, '358401170001')).toEqual(['Tervetuloa!']);
    // Retention as it runs in the proxy, two days on with one day's retention: the first message is gone.
    expect(await pruneExpired(kaiku.store, { retentionDays: 1, deadRetentionDays: 30, now: () => Date.now() + 2 * DAY })).toBeGreaterThan(0);
    expect(await stored(first)).toBe(false);

    const again = await says('358401170001', 'Moi taas');
    expect(await stored(again)).toBe(true);
    expect(await repliesTo(kaiku, '358401170001')).toEqual(['Tervetuloa!']);
    expect((await runsOf(kaiku, greeting)).filter((r) => r.wa_id === '358401170001').map((r) => r.message_id)).toEqual([first]);
  });

  it('still greets a new customer, and one whose last message to this number is older than the rule\'s days', async () => {
    await says('358401170002', 'Hei');
    expect(await repliesTo(kaiku, '358401170002')).toEqual(['Tervetuloa!']);
    // The runner's memory of 358401170003: its last message 40 days ago, long since deleted by retention.
    await kaiku.store.automations.noteContact(kaiku.workspaceId, kaiku.phoneNumberId, '358401170003', 'wamid.long-ago', new Date(Date.now() - 40 * DAY));
    const back = await says('358401170003', 'Moi pitkästä aikaa');
    expect(await repliesTo(kaiku, '358401170003')).toEqual(['Tervetuloa!']);
    expect((await runsOf(kaiku, greeting)).find((r) => r.message_id === back)).toMatchObject({ outcome: 'replied', detail: 'first message in 30 days' });
  });
});
