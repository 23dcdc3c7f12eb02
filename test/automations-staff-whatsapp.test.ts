/**
 * Forwarding to a staff member's WhatsApp number, end to end against the sandbox: the admin picks a utility
 * template, a customer's message fires the rule, and the staff member's phone receives the template with the
 * customer's name and the text. Templates may go at any time, but the staff number's own STOP is respected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kaiku } from './harness/index.js';
import { eventually, startKaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';

const STAFF = '358409990001';

describe.each(['sqlite', 'postgres'] as const)('forwarding to staff on WhatsApp (%s)', (store) => {
  let kaiku: Kaiku;
  let rule: string;

  beforeAll(async () => {
    kaiku = await startKaiku({ store, sandbox: { templateReviewMs: 0 } });
    // The admin's utility template for staff (Meta reviews it like any other; the sandbox at once).
    const graph = `${kaiku.sandboxUrl}/v24.0/${(await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json() as { waba_id: string }).waba_id}/message_templates`;
    const created = await fetch(graph, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-access-token' },
      body: JSON.stringify({
        name: 'staff_forward', language: 'fi', category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Uusi viesti asiakkaalta {{1}}: {{2}} Vastaa Kaikussa.', example: { body_text: [['Aino Asiakas', 'Onko paketti jo lähtenyt?']] } }],
      }),
    });
    expect(created.status).toBe(200);
    await eventually(async () => {
      const res = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify({
        name: 'Offers to Aino', trigger: { type: 'keyword', keywords: ['tarjous', 'offert', 'offer'] },
        action: { type: 'whatsapp', staff_phone: `+${STAFF}`, template: 'staff_forward' },
      }) });
      if (res.status === 201) rule = ((await res.json()) as { id: string }).id;
      return res.status === 201;
    }, 10_000, 'the template to be approved and the rule made');
  });
  afterAll(async () => kaiku.stop());

  const templatesOn = async (waId: string) => (await kaiku.customer.messages(waId)).filter((m) => m.direction !== 'inbound').map((m) => String(m.text));

  it('sends the chosen utility template to the staff number, with the customer\'s name and the text', async () => {
    const { id } = await kaiku.customer.send('358401150001', { type: 'text', text: { body: 'Pyydän tarjous\nkahdesta pyörästä' } });
    const received = await eventually(async () => (await templatesOn(STAFF)).find((text) => text.includes('kahdesta pyörästä')), 10_000, 'the template on the staff phone');
    expect(received).toMatch(/^Uusi viesti asiakkaalta .+ \(\+358401150001\): Pyydän tarjous kahdesta pyörästä Vastaa Kaikussa\.$/);
    const run = await eventually(async () => (await runsOf(kaiku, rule)).find((r) => r.message_id === id && r.outcome !== 'started'), 10_000, 'the run');
    expect(run).toMatchObject({ outcome: 'forwarded', detail: `to +${STAFF} on WhatsApp`, sent: { staff_phone: STAFF, template: 'staff_forward', language: 'fi' } });
    // Forwarding is not an answer: the customer got nothing.
    expect(await repliesTo(kaiku, '358401150001')).toEqual([]);
  });

  it('refuses a marketing template, and one whose variables are not the name and the text, naming the field', async () => {
    const refusals = [
      ['spring_sale', 'fi', /marketing template; forward with a utility template/],
      ['order_update', 'fi', /has the variables first_name, order_id, delivery_date/],
      ['order_confirmation', 'fi', /2 is a currency \(from its example\); forwarding needs two plain text variables/],
    ] as const;
    for (const [template, language, words] of refusals) {
      const res = await kaiku.api('/v1/automations', {
        method: 'POST', body: JSON.stringify({ name: 'x', trigger: { type: 'any_message' }, action: { type: 'whatsapp', staff_phone: `+${STAFF}`, template, language } }),
      });
      const body = (await res.json()) as { error: { code: string; message: string; details: { field: string } } };
      expect(res.status).toBe(400);
      expect(body.error).toMatchObject({ code: 'validation_failed', details: { field: 'action.template' } });
      expect(body.error.message).toMatch(words);
    }
    // The variables may be named the other way round.
    const swapped = await createRule(kaiku, {
      name: 'swapped', trigger: { type: 'keyword', keywords: ['never-sent'] },
      action: { type: 'whatsapp', staff_phone: `+${STAFF}`, template: 'staff_forward', name_variable: '2', text_variable: '1' },
    });
    expect((await kaiku.api(`/v1/automations/${swapped}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('does not forward the staff member\'s own message back to them, and sends nothing once they sent STOP', async () => {
    const own = await kaiku.customer.send(STAFF, { type: 'text', text: { body: 'tarjous valmis' } });
    await eventually(async () => (await runsOf(kaiku, rule)).find((r) => r.message_id === own.id), 10_000, 'the run on the staff message');
    expect((await runsOf(kaiku, rule)).find((r) => r.message_id === own.id)).toMatchObject({ outcome: 'skipped_loop', detail: 'the message came from the staff number itself' });

    await kaiku.customer.send(STAFF, { type: 'text', text: { body: 'STOP' } });
    await eventually(async () => ((await (await kaiku.api(`/v1/contacts/${STAFF}/consent`)).json()) as { status: string }).status === 'opted_out', 10_000, 'the STOP');
    const before = (await templatesOn(STAFF)).length;
    const { id } = await kaiku.customer.send('358401150002', { type: 'text', text: { body: 'offer please' } });
    const run = await eventually(async () => (await runsOf(kaiku, rule)).find((r) => r.message_id === id && r.outcome !== 'started'), 10_000, 'the run');
    expect(run).toMatchObject({ outcome: 'failed' });
    expect(run?.detail).toMatch(/opted out|stopped/i);
    expect(await templatesOn(STAFF)).toHaveLength(before);
  });
});
