/**
 * The WhatsApp numbers page in a real headless Chromium, against a sandbox serving two numbers of one WABA: the
 * admin disconnects the second number, then connects it again through the form: first with a wrong token, a
 * token without whatsapp_business_messaging and a wrong phone number id (each refused in plain words, nothing
 * saved), then for real (token, number and webhook steps done; the customer's message to it arrives). Rotating a
 * number's token checks the new one and keeps sending. Screenshots of the page go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildConsole } from '../packages/console/scripts/build.js';
import { launchChromium, screenshot } from './browser/chromium.js';
import { signInWithDemoLink } from './browser/console.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const SECOND = { id: '106540352242999', display_phone_number: '15550009876', verified_name: 'Kaiku Second Line' };

describe('the WhatsApp numbers page in Chromium', () => {
  let kaiku: Kaiku;
  let browser: Browser;
  let page: Page;
  let wabaId: string;
  let sandboxToken: string;

  beforeAll(async () => {
    await buildConsole();
    kaiku = await startKaiku({ sandbox: { phoneNumbers: [{ id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Kaiku Sandbox' }, SECOND] } });
    // The proxy's public URL is known only once it listens; Meta (the sandbox) must reach it for the webhook.
    kaiku.config.publicUrl = kaiku.proxyUrl;
    const sandboxConfig = (await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json()) as { waba_id: string; access_token: string };
    wabaId = sandboxConfig.waba_id;
    sandboxToken = sandboxConfig.access_token;
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    await signInWithDemoLink(page, kaiku);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await kaiku?.stop();
  });

  const table = () => page.getByRole('table', { name: 'WhatsApp numbers' });
  const row = (number: string): Locator => table().getByRole('row').filter({ has: page.getByRole('rowheader', { name: number }) });
  const steps = () => page.getByRole('list', { name: 'Steps' });

  /** A sandbox system user token with only these permissions. */
  async function tokenWith(permissions: string[]): Promise<string> {
    const answer = await fetch(`${kaiku.sandboxUrl}/_sandbox/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ permissions }) });
    expect(answer.status).toBe(201);
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  async function connect(phoneNumberId: string, token: string): Promise<void> {
    const form = page.getByRole('group', { name: 'Connect a number' });
    await form.getByLabel('WhatsApp Business Account ID').fill(wabaId);
    await form.getByLabel('Phone number ID').fill(phoneNumberId);
    await form.getByLabel('Access token').fill(token);
    await form.getByLabel('App secret').fill('sandbox-app-secret');
    await form.getByRole('button', { name: 'Connect' }).click();
  }

  it('lists the numbers with their quality, messaging limit and webhook state, read from Meta', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'WhatsApp numbers' }).click();
    await row('15550001234').getByText('GREEN').waitFor();
    expect(await row('15550001234').getByText('TIER_2K').count()).toBe(1);
    expect(await row('15550001234').getByText('Kaiku Sandbox', { exact: true }).count()).toBe(1);
    // The harness connected both numbers without a public URL: Meta still uses the app's own callback.
    expect(await row('15550001234').getByText('The app\'s own callback URL').count()).toBe(1);
  });

  it('disconnects a number after a confirmation', async () => {
    await row(SECOND.display_phone_number).getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: `Yes, disconnect ${SECOND.display_phone_number}` }).click();
    await eventually(async () => (await row(SECOND.display_phone_number).count()) === 0, 10_000, 'the row to go');
    expect((await kaiku.store.listConnections(kaiku.workspaceId)).map((c) => c.phoneNumberId)).not.toContain(SECOND.id);
  });

  it('refuses a wrong token in plain words and saves nothing', async () => {
    await connect(SECOND.id, 'EAAthis-is-not-a-token');
    await steps().getByText('Token: Failed.').waitFor();
    await expect(steps().textContent()).resolves.toContain('Meta does not accept this access token (error 190)');
    await screenshot(page, 'admin-numbers-wrong-token');
    expect((await kaiku.store.listConnections(kaiku.workspaceId)).map((c) => c.phoneNumberId)).not.toContain(SECOND.id);
  });

  it('says which permission a token lacks, and a phone number id Meta does not know', async () => {
    await connect(SECOND.id, await tokenWith(['whatsapp_business_management']));
    await steps().getByText(/The token has no whatsapp_business_messaging permission.*give the system user that permission/).waitFor();
    await connect('999000111', sandboxToken);
    await steps().getByText('Meta has no phone number id 999000111 that this token can see', { exact: false }).waitFor();
    expect(await steps().getByText('Token: Done.').count()).toBe(1);
    expect(await row(SECOND.display_phone_number).count()).toBe(0);
  });

  it('connects the second number: token, number and webhook steps done, and its messages arrive', async () => {
    await connect(SECOND.id, sandboxToken);
    await steps().getByText('Webhook: Done.').waitFor({ timeout: 15_000 });
    await expect(steps().textContent()).resolves.toContain(`Found ${SECOND.display_phone_number} (${SECOND.verified_name})`);
    await expect(steps().textContent()).resolves.toContain(`Registered ${kaiku.proxyUrl}/webhooks/whatsapp`);
    await row(SECOND.display_phone_number).getByText('Registered here').waitFor();
    await screenshot(page, 'admin-numbers');
    const apps = (await (await fetch(`${kaiku.sandboxUrl}/v24.0/${wabaId}/subscribed_apps`, { headers: { authorization: `Bearer ${sandboxToken}` } })).json()) as { data: Array<{ override_callback_uri?: string }> };
    expect(apps.data[0]?.override_callback_uri).toBe(`${kaiku.proxyUrl}/webhooks/whatsapp`);
    await kaiku.customer.send('358407771234', { type: 'text', text: { body: 'Hello second line' }, to_phone_number_id: SECOND.id });
    const inbound = await eventually(async () => {
      const answer = (await (await kaiku.api('/v1/messages/inbound')).json()) as { data: Array<{ text: string; phone_number_id: string }> };
      return answer.data.find((m) => m.text === 'Hello second line');
    }, 10_000, 'the message to the second number');
    expect(inbound.phone_number_id).toBe(SECOND.id);
  });

  it('rotates a number\'s token after checking the new one, and keeps sending with it', async () => {
    const fresh = await tokenWith(['whatsapp_business_management', 'whatsapp_business_messaging']);
    const second = row(SECOND.display_phone_number);
    await second.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByLabel('New access token').fill('EAAexpired-or-wrong');
    await page.getByRole('button', { name: 'Check and save' }).click();
    await page.getByText('Meta does not accept this access token', { exact: false }).first().waitFor();
    await page.getByLabel('New access token').fill(fresh);
    await page.getByRole('button', { name: 'Check and save' }).click();
    await page.getByRole('list', { name: 'Steps' }).last().getByText('Webhook: Done.').waitFor({ timeout: 15_000 });
    const stored = (await kaiku.store.listConnections(kaiku.workspaceId)).find((c) => c.phoneNumberId === SECOND.id);
    expect(stored === undefined ? null : kaiku.secrets.decrypt(stored.accessTokenEnc)).toBe(fresh);
    const sent = await kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: '358407771234', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-7', 2: '9.90 EUR' }, phone_number_id: SECOND.id }),
    });
    expect(sent.status).toBe(200);
  });
});
