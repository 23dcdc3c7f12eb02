/**
 * The admin's Automations and Usage pages in a real headless Chromium: an out-of-hours rule made through the
 * form (a wrong time zone refused at its field first), "Test it" showing what the customer would receive; a
 * keyword rule working end to end (the customer writes on the sandbox phone, the reply arrives there); the
 * Usage page counting the messages, and its CSV download holding the right rows. Screenshots of both pages (and
 * the form) go to test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { buildConsole } from '../packages/console/scripts/build.js';
import { launchChromium, screenshot } from './browser/chromium.js';
import { signInWithDemoLink } from './browser/console.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

describe('the Automations and Usage pages in Chromium', () => {
  let kaiku: Kaiku;
  let browser: Browser;
  let page: Page;
  let phone: Page;

  beforeAll(async () => {
    await buildConsole();
    kaiku = await startKaiku();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Helsinki', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    phone = await context.newPage();
    await signInWithDemoLink(page, kaiku);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kaiku?.stop();
  });

  it('creates an out-of-hours rule through the form; a wrong time zone is shown at its field; Test it shows the reply', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Automations' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill('Closed for the night');
    await form.getByLabel('Time zone').fill('Europe/Helsingfors');
    await form.getByLabel('Saturday: Open').check();
    await form.getByLabel('Saturday: To').fill('14:00');
    await form.getByRole('button', { name: 'Add a date' }).click();
    await form.getByLabel('Date', { exact: true }).fill('2026-12-24');
    await form.getByLabel('Reply text').fill('We are closed. We answer at 8.');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await form.getByText('"Europe/Helsingfors" is not a time zone; write it as Europe/Helsinki.').waitFor();
    expect(await form.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'automations-form-error');
    await form.getByLabel('Time zone').fill('Europe/Helsinki');

    // Test it, before saving: the form's rule on a Wednesday evening, then on Christmas Eve morning (the exception).
    const tester = form.getByRole('region', { name: 'Test: what would the customer receive?' });
    await tester.getByLabel('Customer writes').fill('Is my parcel on its way?');
    await tester.getByLabel('Arriving at (empty: now)').fill('2026-12-02T22:00');
    await tester.getByRole('button', { name: 'Test it' }).click();
    await tester.getByText('The customer would receive:').waitFor();
    expect(await tester.locator('.test-reply').textContent()).toBe('We are closed. We answer at 8.');
    await tester.getByLabel('Arriving at (empty: now)').fill('2026-12-02T10:00');
    await tester.getByRole('button', { name: 'Test it' }).click();
    await tester.getByText('The customer would receive nothing.').waitFor();
    await tester.getByLabel('Arriving at (empty: now)').fill('2026-12-24T10:00');
    await tester.getByRole('button', { name: 'Test it' }).click();
    await tester.locator('.test-reply').scrollIntoViewIfNeeded();
    await screenshot(page, 'automations-form');

    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'Closed for the night', exact: true }).waitFor();
    const saved = ((await (await kaiku.api('/v1/automations')).json()) as { data: Array<Record<string, unknown>> }).data;
    expect(saved).toEqual([expect.objectContaining({
      name: 'Closed for the night', phone_number_id: kaiku.phoneNumberId, once_per_hours: 12,
      trigger: {
        type: 'out_of_hours', time_zone: 'Europe/Helsinki', exceptions: [{ date: '2026-12-24', hours: [] }],
        opening_hours: { ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '08:00', to: '16:00' }]])), sat: [{ from: '08:00', to: '14:00' }] },
      },
      action: { type: 'reply', reply: { text: 'We are closed. We answer at 8.' } },
    })]);
    expect(((await (await kaiku.api('/v1/automations/runs')).json()) as { data: unknown[] }).data).toEqual([]);

    // Editing shows the stored rule in the form; the change is saved with PUT.
    await page.getByRole('button', { name: 'Edit Closed for the night' }).click();
    const editForm = page.getByRole('form', { name: 'Edit rule' });
    expect(await editForm.getByLabel('Saturday: To').inputValue()).toBe('14:00');
    expect(await editForm.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-24');
    await editForm.getByLabel('Reply text').fill('We are closed. We answer at 8 tomorrow.');
    await editForm.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'replies "We are closed. We answer at 8 tomorrow."' }).waitFor();
  });

  it('makes a keyword rule that answers the customer on the sandbox phone', async () => {
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill('Opening hours');
    await form.getByRole('combobox', { name: 'Runs when' }).selectOption('keyword');
    await form.getByLabel(/^Keywords/).fill('aukioloajat\nöppettider\nopening hours');
    await form.getByRole('combobox', { name: 'Reply with' }).selectOption('buttons');
    await form.getByLabel('Reply text').fill('Open Mon–Fri 8–16. Shall we call you?');
    await form.getByLabel('Button 1').fill('Yes please');
    await form.getByLabel('Button 2').fill('No thanks');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'Opening hours', exact: true }).waitFor();

    // The page's own tester: every enabled rule of the number; the keyword rule answers first.
    const tester = page.getByRole('region', { name: 'Test: what would the customer receive?' });
    await tester.getByLabel('Customer writes').fill('Öppettider?');
    await tester.getByRole('button', { name: 'Test it' }).click();
    await tester.locator('.test-reply', { hasText: 'Open Mon–Fri 8–16.' }).waitFor();
    expect(await tester.locator('.test-reply .chip').allTextContents()).toEqual(['Yes please', 'No thanks']);
    await screenshot(page, 'automations');

    await phone.goto(`${kaiku.sandboxUrl}/_sandbox/phone/358407780001`);
    await phone.getByLabel('Type a message').fill('Öppettider?');
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
    const chat = phone.getByRole('list', { name: 'Chat with the business' });
    await chat.getByText('Open Mon–Fri 8–16. Shall we call you?').waitFor({ timeout: 15_000 });
    await phone.getByRole('button', { name: 'Yes please' }).waitFor();
    // The keyword rule answered; the out-of-hours rule, if it fired at this hour, stood back for it.
    const runs = await eventually(async () => {
      const data = ((await (await kaiku.api('/v1/automations/runs')).json()) as { data: Array<{ outcome: string }> }).data;
      return data.some((r) => r.outcome === 'replied') ? data : undefined;
    }, 10_000, 'the keyword rule\'s run');
    expect(runs.filter((r) => r.outcome === 'replied')).toHaveLength(1);
    expect(runs.filter((r) => r.outcome !== 'replied').map((r) => r.outcome)).toEqual(runs.length === 2 ? ['skipped_answered'] : []);
  });

  it('edits a rule made through the API without losing what the form has no fields for', async () => {
    const trigger = {
      type: 'out_of_hours', time_zone: 'Europe/Helsinki',
      opening_hours: { mon: [{ from: '08:00', to: '11:00' }, { from: '12:00', to: '16:00' }] },
      exceptions: [{ date: '2026-12-31', hours: [{ from: '09:00', to: '10:00' }, { from: '11:00', to: '12:00' }] }],
    };
    const reply = { list: { body: 'We are closed. Pick a topic:', button: 'Topics', sections: [{ title: 'Orders', rows: [{ id: 'where', title: 'Where is my order?' }] }] } };
    const created = await kaiku.api('/v1/automations', {
      method: 'POST', body: JSON.stringify({ name: 'Lunch break', phone_number_id: kaiku.phoneNumberId, enabled: false, trigger, action: { type: 'reply', reply } }),
    });
    expect(created.status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Edit Lunch break' }).click();
    const form = page.getByRole('form', { name: 'Edit rule' });
    expect(await form.getByLabel('Monday, hours 2: From').inputValue()).toBe('12:00');
    expect(await form.getByLabel('2026-12-31, hours 2: To').inputValue()).toBe('12:00');
    expect(await form.getByRole('combobox', { name: 'Reply with' }).inputValue()).toBe('kept');
    await form.getByText('This reply (list) was set through the API and has no fields here').waitFor();
    await form.getByRole('button', { name: 'Add hours to Monday' }).click();
    await form.getByLabel('Monday, hours 3: From').fill('17:00');
    await form.getByLabel('Monday, hours 3: To').fill('18:00');
    await form.getByRole('button', { name: 'Remove 2026-12-31' }).click();
    await screenshot(page, 'automations-periods');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'Lunch break', exact: true }).waitFor();
    const saved = ((await (await kaiku.api('/v1/automations')).json()) as { data: Array<{ name: string; trigger: unknown; action: unknown }> }).data
      .find((rule) => rule.name === 'Lunch break');
    expect(saved?.trigger).toEqual({ ...trigger, opening_hours: { mon: [...trigger.opening_hours.mon, { from: '17:00', to: '18:00' }] }, exceptions: undefined });
    expect(saved?.action).toEqual({ type: 'reply', reply });
  });

  it('shows the usage after sends, and downloads it as CSV with the right rows', async () => {
    const sent = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: '358407780002', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-7', 2: '5.00 EUR' } }),
    });
    expect(sent.status).toBe(200);
    await page.getByRole('navigation').getByRole('link', { name: 'Usage' }).click();
    const totals = page.locator('table.usage tfoot tr');
    await eventually(async () => (await totals.locator('th, td').allTextContents()).join(' ') === 'Total 1 0 1 0 1 0 2 0', 10_000, 'the totals row');
    await page.getByRole('img', { name: /Messages per day/ }).waitFor();
    expect(await page.locator('.usage-chart rect').count()).toBeGreaterThanOrEqual(1);
    await page.getByText('No failed messages in this period.').waitFor();
    await screenshot(page, 'usage');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    const report = (await (await kaiku.api('/v1/usage?time_zone=Europe/Helsinki')).json()) as { to: string };
    expect(download.suggestedFilename()).toMatch(/^kaiku-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(rows[0]).toBe('date,received,sent_marketing,sent_utility,sent_authentication,sent_service,sent_unknown,sent_total,failed');
    expect(rows).toHaveLength(31);
    expect(rows.at(-1)).toBe(`${report.to},1,0,1,0,1,0,2,0`);
    expect(rows.slice(1, -1).every((row) => row.split(',').slice(1).every((n) => n === '0'))).toBe(true);
  });
});
