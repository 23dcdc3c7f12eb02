/**
 * GET /v1/usage end to end against the sandbox, on both stores: messages received and sent per day, the sent
 * ones by billing category (a marketing, a utility and an authentication template, and free-form replies as
 * service), a failed delivery counted by WhatsApp's reason, the CSV form, and bad ranges refused saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface Counts { received: number; sent: Record<string, number>; failed: number }
interface Usage { from: string; to: string; time_zone: string; days: Array<Counts & { date: string }>; totals: Counts; failures: Array<{ code: number | null; reason: string; count: number }> }

describe.each(['sqlite', 'postgres'] as const)('GET /v1/usage (%s)', (store) => {
  let kaiku: Kaiku;
  let today = '';

  const send = async (path: string, body: unknown) => {
    const res = await kaiku.api(path, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const usage = async (query = '') => (await (await kaiku.api(`/v1/usage${query}`)).json()) as Usage;

  beforeAll(async () => {
    // Sent messages are stamped by the system clock: a run never straddles midnight UTC (it waits it out).
    const untilMidnight = 86_400_000 - (Date.now() % 86_400_000);
    if (untilMidnight < 120_000) await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1000));
    today = new Date().toISOString().slice(0, 10);
    kaiku = await startKaiku({ store });
    await kaiku.customer.send('358401110001', { type: 'text', text: { body: 'Hei!' } });
    await kaiku.customer.send('358401110001', { type: 'text', text: { body: 'Onko tilaus matkalla?' } });
    await kaiku.customer.send('358401110002', { type: 'text', text: { body: 'Hello' } });
    await eventually(async () => (await usage()).totals.received === 3, 10_000, 'three received messages counted');
    await send('/v1/messages/reply', { to: '358401110001', text: 'On, huomenna perillä.' });
    await send('/v1/messages/reply', { to: '358401110002', text: 'Hi!' });
    await send('/v1/messages/template', { to: '358401110003', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-1', 2: '9.90 EUR' } });
    await send('/v1/messages/template', { to: '358401110003', template: 'login_code', language: 'en_US', variables: { 1: '482913' } });
    await kaiku.api('/v1/contacts/358401110004/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_in', source: 'web form' }) });
    await send('/v1/messages/template', {
      to: '358401110004', template: 'spring_sale', language: 'fi', variables: { header_image: 'https://example.com/sale.jpg', 1: 'Aino', 2: '20 %', button_0_url: 'kevat' },
    });
    // A customer who is not on WhatsApp: the send is accepted, then WhatsApp reports it failed (131026).
    await fetch(`${kaiku.sandboxUrl}/_sandbox/customers/358401110005`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on_whatsapp: false }) });
    await send('/v1/messages/template', { to: '358401110005', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-2', 2: '1.00 EUR' } });
    await eventually(async () => (await usage()).totals.failed === 1, 10_000, 'the failed delivery counted');
  }, 200_000);
  afterAll(async () => kaiku.stop());

  it('counts received and sent messages per day, by billing category, and failures by reason', async () => {
    const report = await usage();
    expect(report).toMatchObject({ to: today, time_zone: 'UTC' });
    expect(report.days).toHaveLength(30);
    expect(report.days.at(-1)).toEqual({
      date: today, received: 3, sent: { marketing: 1, utility: 2, authentication: 1, service: 2, unknown: 0 }, failed: 1,
    });
    expect(report.days.slice(0, -1).every((d) => d.received === 0 && d.failed === 0 && Object.values(d.sent).every((n) => n === 0))).toBe(true);
    expect(report.totals).toEqual({ received: 3, sent: { marketing: 1, utility: 2, authentication: 1, service: 2, unknown: 0 }, failed: 1 });
    expect(report.failures).toEqual([{ code: 131026, reason: expect.stringMatching(/could not deliver/), count: 1 }]);
  });

  it('answers one CSV row per day, by format=csv or Accept: text/csv', async () => {
    for (const res of [await kaiku.api(`/v1/usage?from=${today}&to=${today}&format=csv`), await kaiku.api(`/v1/usage?from=${today}&to=${today}`, { headers: { accept: 'text/csv' } })]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toContain(`kaiku-usage-${today}-${today}.csv`);
      expect((await res.text()).split('\r\n')).toEqual([
        'date,received,sent_marketing,sent_utility,sent_authentication,sent_service,sent_unknown,sent_total,failed',
        `${today},3,1,2,1,2,0,6,1`,
        '',
      ]);
    }
  });

  it('counts days in the time zone asked for, and nothing outside the range', async () => {
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    expect((await usage(`?from=${yesterday}&to=${yesterday}`)).totals).toEqual({ received: 0, sent: { marketing: 0, utility: 0, authentication: 0, service: 0, unknown: 0 }, failed: 0 });
    const far = await usage('?time_zone=Pacific/Kiritimati');
    expect(far.time_zone).toBe('Pacific/Kiritimati');
    expect(far.totals.received).toBe(3);
    expect(far.days.reduce((sum, d) => sum + d.received, 0)).toBe(3);
  });

  it('refuses bad ranges, saying what to fix', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['?from=2026-13-01', 'from', /YYYY-MM-DD/],
      ['?from=2026-12-02&to=2026-12-01', 'from', /after/],
      ['?from=2024-01-01&to=2026-12-01', 'from', /at most 366 days/],
      ['?time_zone=Europe/Helsingfors', 'time_zone', /not a time zone/],
      ['?format=xml', 'format', /json or csv/],
    ];
    for (const [query, field, message] of cases) {
      const res = await kaiku.api(`/v1/usage${query}`);
      const body = (await res.json()) as { error: { message: string; details: { field?: string } } };
      expect([query, res.status, body.error.details.field]).toEqual([query, 400, field]);
      expect(body.error.message).toMatch(message);
    }
  });
});
