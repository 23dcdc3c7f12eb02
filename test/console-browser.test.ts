/**
 * The web console in a real headless Chromium, one test per journey of a person: sign in with the demo's link,
 * a customer's message appearing live, replying with text and an image that reach the customer's phone with
 * ticks advancing to read, a template with variables and its preview, STOP blocking the composer, an agent
 * kept out of admin pages, a wrong password refused and then limited, Finnish and English, and the window
 * closing when the sandbox clock moves 25 hours on (the composer becomes the template picker, the user stays
 * signed in). Screenshots of the inbox, a thread, the template form and the closed window go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createConsoleUser } from '@kaiku/proxy';
import { buildConsole } from '../packages/console/scripts/build.js';
import { launchChromium, screenshot, solidPng } from './browser/chromium.js';
import { signInWithDemoLink } from './browser/console.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const PNG = solidPng(96, [7, 94, 84]);

describe('the web console in Chromium', () => {
  let kaiku: Kaiku;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let phone: Page;

  beforeAll(async () => {
    await buildConsole();
    kaiku = await startKaiku();
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    phone = await context.newPage();
  }, 120_000);

  /** The simulated customer types on the sandbox's phone page. */
  async function typeOnPhone(waId: string, text: string): Promise<void> {
    if (!phone.url().endsWith(`/_sandbox/phone/${waId}`)) await phone.goto(`${kaiku.sandboxUrl}/_sandbox/phone/${waId}`);
    await phone.getByLabel('Type a message').fill(text);
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
  }
  afterAll(async () => {
    await browser?.close();
    await kaiku?.stop();
  });

  const customerWrites = (waId: string, text: string, name = 'Aino Asiakas') => kaiku.customer.send(waId, { type: 'text', text: { body: text }, profile_name: name });

  it('signs in with the demo link and shows the inbox', async () => {
    await signInWithDemoLink(page, kaiku);
    expect(page.url()).toBe(`${kaiku.proxyUrl}/`);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Users' }).count()).toBe(1);
  });

  it('shows a customer\'s message live, without a reload', async () => {
    await customerWrites('358407770001', 'Hello, is my order coming today?');
    const row = page.getByRole('link', { name: /Aino Asiakas/ });
    await row.waitFor({ timeout: 10_000 });
    await screenshot(page, 'inbox');
    await row.click();
    const thread = page.getByRole('region', { name: /Messages with Aino Asiakas/ });
    await thread.getByText('Hello, is my order coming today?').waitFor();
    await typeOnPhone('358407770001', 'And can I pay by card?');
    await thread.getByText('And can I pay by card?').waitFor({ timeout: 10_000 });
  });

  it('replies with text and an image: both reach the phone and the ticks advance to read', async () => {
    await page.getByLabel('Message', { exact: true }).fill('Yes, it arrives by 17:00.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.bubble.outbound').getByText('Yes, it arrives by 17:00.').waitFor();
    await page.getByLabel('Attach an image or file').setInputFiles({ name: 'map.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Send' }).click();
    const onPhone = await eventually(async () => {
      const messages = await kaiku.customer.messages('358407770001');
      const outbound = messages.filter((m) => m.direction === 'outbound');
      return outbound.length === 2 ? outbound : undefined;
    }, 10_000, 'both replies on the phone');
    expect(onPhone.map((m) => m.type)).toEqual(['text', 'image']);
    const chat = phone.getByRole('list', { name: 'Chat with the business' });
    await chat.getByText('Yes, it arrives by 17:00.').waitFor();
    await chat.getByText('[image]').waitFor();
    await eventually(async () => (await page.locator('.bubble.outbound').getByRole('img', { name: 'Read' }).count()) === 2, 15_000, 'two read ticks');
    const image = page.locator('.bubble.outbound img[src^="/v1/media/"]');
    await eventually(async () => (await image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)) === 96, 10_000, 'the sent image to load through the proxy');
    await screenshot(page, 'thread');
  });

  it('offers reply buttons that the customer taps on the phone', async () => {
    await page.getByLabel('Message', { exact: true }).fill('When shall we deliver?');
    await page.getByLabel('Button 1').fill('Today');
    await page.getByLabel('Button 2').fill('Tomorrow');
    await page.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('button', { name: 'Tomorrow' }).click();
    await page.locator('.bubble.inbound .chip', { hasText: 'Tomorrow' }).waitFor({ timeout: 10_000 });
  });

  it('sends a template with variables, previewing it as the customer will see it', async () => {
    await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '358407770002', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-1', 2: '1.00 EUR' } }) });
    await page.goto(`${kaiku.proxyUrl}/inbox/358407770002`);
    await page.getByText(/24-hour window is closed/).waitFor();
    const templates = (await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ id: string; name: string; language: string }> };
    const confirmation = templates.data.find((x) => x.name === 'order_confirmation' && x.language === 'en_US');
    await page.getByLabel('Template').selectOption(confirmation?.id ?? '');
    const fields = page.locator('.template-form input');
    await fields.first().waitFor();
    await fields.nth(0).fill('KA-2048');
    await fields.nth(1).fill('49.90 EUR');
    const preview = page.getByRole('figure', { name: 'Preview' });
    await expect(preview.textContent()).resolves.toContain('KA-2048');
    await screenshot(page, 'template-form');
    await page.getByRole('button', { name: 'Send template' }).click();
    await eventually(async () => (await kaiku.customer.messages('358407770002')).some((m) => String(m.text).includes('KA-2048')), 10_000, 'the template on the phone');
    await page.locator('.bubble.outbound', { hasText: 'KA-2048' }).waitFor();
  });

  it('shows STOP from the phone as opted out and blocks the composer, saying why', async () => {
    await customerWrites('358407770003', 'Hi', 'Eino');
    await page.goto(`${kaiku.proxyUrl}/inbox/358407770003`);
    await page.getByLabel('Message', { exact: true }).waitFor();
    await typeOnPhone('358407770003', 'STOP');
    await page.getByText(/opted out on/).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Message', { exact: true }).count()).toBe(0);
  });

  it('closes the window when the sandbox clock moves 25 hours on: the composer becomes the template picker', async () => {
    await customerWrites('358407770004', 'Are you open on Sunday?', 'Veera');
    await page.goto(`${kaiku.proxyUrl}/inbox/358407770004`);
    await page.getByLabel('Message', { exact: true }).waitFor();
    await page.getByText(/Free-form replies allowed for/).waitFor();
    expect(await page.getByLabel('Template').count()).toBe(0);
    const moved = await fetch(`${kaiku.sandboxUrl}/_sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT25H' }) });
    expect(moved.status).toBe(200);
    await page.reload();
    await page.getByText(/24-hour window is closed/).waitFor();
    await page.getByLabel('Template').waitFor();
    expect(await page.getByLabel('Message', { exact: true }).count()).toBe(0);
    await screenshot(page, 'window-closed');
  });

  it('renders Finnish and English', async () => {
    await page.getByLabel('Language').selectOption('fi');
    await page.getByRole('link', { name: 'Saapuneet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Kirjaudu ulos' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('fi');
    await page.getByLabel('Kieli').selectOption('en');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
  });

  it('keeps an agent out of admin pages', async () => {
    await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email: 'agent@example.com', role: 'agent', password: 'an agent password' });
    const agent = await browser.newContext({ locale: 'en-GB' });
    const tab = await agent.newPage();
    await tab.goto(`${kaiku.proxyUrl}/sign-in`);
    await tab.getByLabel('E-mail').fill('agent@example.com');
    await tab.getByLabel('Password').fill('an agent password');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await tab.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await tab.goto(`${kaiku.proxyUrl}/users`);
    await tab.getByRole('alert').filter({ hasText: 'Only an admin' }).waitFor();
    await agent.close();
  });

  it('refuses a wrong password, then limits the attempts', async () => {
    const stranger = await browser.newContext({ locale: 'en-GB' });
    const tab = await stranger.newPage();
    await tab.goto(`${kaiku.proxyUrl}/sign-in`);
    await tab.getByLabel('E-mail').fill('demo@kaiku.local');
    await tab.getByLabel('Password').fill('not the password');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('alert').filter({ hasText: 'password is wrong' }).waitFor();
    // The button waits for each answer, so attempts go one at a time. Five a minute per e-mail address: the
    // sixth at the latest is refused, or the seventh if a slow machine took over 12 s and the budget refilled.
    const button = tab.getByRole('button', { name: 'Sign in' });
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length < 6) {
      const [answer] = await Promise.all([tab.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST'), button.click()]);
      statuses.push(answer.status());
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    await tab.getByRole('alert').filter({ hasText: 'Too many sign-in attempts' }).waitFor();
    await stranger.close();
  });
});
