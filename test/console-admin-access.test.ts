/**
 * The API keys and users pages in a real headless Chromium: a key is created (shown once, copied), used by a
 * plain HTTP call (its last use then shows), revoked (the same call then gets 401); a user is invited, opens the
 * one-time link in another browser, chooses a password and is signed in (the link then works no more); the last
 * admin cannot be made an agent or removed (409 with a clear message); an agent is refused every admin page and
 * every admin API of these pages (403). Screenshots of each page go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildConsole } from '../packages/console/scripts/build.js';
import { launchChromium, screenshot } from './browser/chromium.js';
import { signInWithDemoLink } from './browser/console.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const INVITEE = { email: 'aino@example.com', password: 'a long password of Aino' };

describe('the API keys and users pages in Chromium', () => {
  let kaiku: Kaiku;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let invitee: BrowserContext;
  let inviteUrl = '';

  beforeAll(async () => {
    await buildConsole();
    kaiku = await startKaiku();
    browser = await launchChromium();
    admin = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: kaiku.proxyUrl });
    page = await admin.newPage();
    await signInWithDemoLink(page, kaiku);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await kaiku?.stop();
  });

  /** A plain HTTP call with a key, as curl would make it. */
  const callWith = (key: string) => fetch(`${kaiku.proxyUrl}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
  const keyRow = () => page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Zapier (sales)' }) });

  it('creates a key that is shown once with a copy button, and a real HTTP call works with it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('Zapier (sales)');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('group', { name: 'API keys' });
    const key = (await shown.locator('code').textContent()) ?? '';
    expect(key.length).toBeGreaterThanOrEqual(32);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key);
    await keyRow().getByText('Never').waitFor();
    await screenshot(page, 'admin-keys');

    const answer = await callWith(key);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { workspace: { id: string } }).workspace.id).toBe(kaiku.workspaceId);
    await page.reload();
    await keyRow().getByText('Active').waitFor();
    expect(await keyRow().getByText('Never').count()).toBe(0);
    expect(await keyRow().getByText(key.slice(0, 8)).count()).toBe(1);
    expect(await page.getByText(key).count()).toBe(0);

    await keyRow().getByRole('button', { name: 'Revoke Zapier (sales)' }).click();
    await keyRow().getByText(/^Revoked /).waitFor();
    const refused = await callWith(key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('revoked');
  });

  it('invites a user by a one-time link: they choose a password and are signed in, once', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('E-mail').fill(INVITEE.email);
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = page.getByRole('group', { name: 'Invite a user' }).locator('code');
    inviteUrl = (await link.textContent()) ?? '';
    expect(inviteUrl).toMatch(new RegExp(`^${kaiku.proxyUrl}/invite#token=`));
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('row').filter({ hasText: INVITEE.email }).getByText('Invited').waitFor();
    await screenshot(page, 'admin-users');

    invitee = await browser.newContext({ locale: 'en-GB' });
    const tab = await invitee.newPage();
    await tab.goto(inviteUrl);
    await tab.getByRole('heading', { name: 'Welcome to Kaiku' }).waitFor();
    await tab.getByLabel('New password').fill(INVITEE.password);
    await tab.getByLabel('Repeat the password').fill(INVITEE.password);
    await screenshot(tab, 'admin-invite');
    await tab.getByRole('button', { name: 'Set password and sign in' }).click();
    await tab.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await tab.getByText(INVITEE.email).count()).toBe(1);

    const again = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await again.goto(inviteUrl);
    await again.getByLabel('New password').fill('another long password');
    await again.getByLabel('Repeat the password').fill('another long password');
    await again.getByRole('button', { name: 'Set password and sign in' }).click();
    await again.getByRole('alert').filter({ hasText: 'already used or has expired' }).waitFor();
    await page.reload();
    await users.getByRole('row').filter({ hasText: INVITEE.email }).getByText('Active').waitFor();
  });

  it('refuses an agent every admin page and every admin API of these pages (403)', async () => {
    const tab = invitee.pages()[0];
    if (tab === undefined) throw new Error('the invitee\'s tab is gone');
    const nav = tab.getByRole('navigation');
    for (const name of ['Users', 'WhatsApp numbers', 'API keys']) expect(await nav.getByRole('link', { name }).count()).toBe(0);
    for (const path of ['/users', '/numbers', '/keys']) {
      await tab.goto(`${kaiku.proxyUrl}${path}`);
      await tab.getByRole('alert').filter({ hasText: 'Only an admin can open this page.' }).waitFor();
      // The admin pages' script is not even loaded for an agent.
      expect(await tab.evaluate(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('admin-pages')).length)).toBe(0);
    }
    const session = (await (await invitee.request.get(`${kaiku.proxyUrl}/v1/session`)).json()) as { csrf_token: string };
    const headers = { 'x-csrf-token': session.csrf_token, 'content-type': 'application/json' };
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/v1/keys'], ['POST', '/v1/keys', { name: 'mine' }], ['DELETE', '/v1/keys/key_x'],
      ['GET', '/v1/users'], ['POST', '/v1/users/invite', { email: 'x@example.com', role: 'admin' }], ['PUT', '/v1/users/usr_x/role', { role: 'admin' }], ['DELETE', '/v1/users/usr_x'],
      ['GET', `/v1/phone-numbers/${kaiku.phoneNumberId}`], ['POST', '/v1/phone-numbers', { waba_id: '1', phone_number_id: '2', access_token: 't', app_secret: 's' }],
      ['PUT', `/v1/phone-numbers/${kaiku.phoneNumberId}/token`, { access_token: 't' }], ['DELETE', `/v1/phone-numbers/${kaiku.phoneNumberId}`],
    ];
    for (const [method, path, body] of calls) {
      const answer = await invitee.request.fetch(`${kaiku.proxyUrl}${path}`, { method, headers, ...(body === undefined ? {} : { data: body }) });
      expect([`${method} ${path}`, answer.status()]).toEqual([`${method} ${path}`, 403]);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toContain('Only an admin');
    }
    // The agent's own routes still answer, and nothing above changed anything.
    expect((await invitee.request.get(`${kaiku.proxyUrl}/v1/conversations`)).status()).toBe(200);
    expect(await kaiku.store.listConnections(kaiku.workspaceId)).toHaveLength(1);
  });

  it('keeps the last admin: they cannot be made an agent or removed, and the page says why', async () => {
    await page.getByLabel('Role of demo@kaiku.local').selectOption('agent');
    await page.getByRole('alert').filter({ hasText: 'demo@kaiku.local is the workspace\'s last admin' }).waitFor();
    await eventually(async () => (await page.getByLabel('Role of demo@kaiku.local').inputValue()) === 'admin', 5_000, 'the role shown as admin again');
    await screenshot(page, 'admin-users-last-admin');
    const users = (await (await kaiku.api('/v1/users')).json()) as { data: Array<{ id: string; email: string; role: string }> };
    const demo = users.data.find((u) => u.email === 'demo@kaiku.local');
    const removed = await kaiku.api(`/v1/users/${demo?.id ?? ''}`, { method: 'DELETE' });
    expect(removed.status).toBe(409);
    expect(((await removed.json()) as { error: { code: string } }).error.code).toBe('last_admin');

    // With a second admin, the first may step down.
    await page.getByLabel(`Role of ${INVITEE.email}`).selectOption('admin');
    await eventually(async () => (await (await kaiku.api('/v1/users')).json() as typeof users).data.some((u) => u.email === INVITEE.email && u.role === 'admin'), 5_000, 'Aino as admin');
    const demoted = await kaiku.api(`/v1/users/${demo?.id ?? ''}/role`, { method: 'PUT', body: JSON.stringify({ role: 'agent' }) });
    expect(demoted.status).toBe(200);
    expect(((await demoted.json()) as { role: string }).role).toBe('agent');
  });
});
