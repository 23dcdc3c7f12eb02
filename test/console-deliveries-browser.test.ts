/**
 * The admin's Deliveries and Integrations pages in a real headless Chromium, one journey after the other: a
 * subscription to a dead local port shows as failing, then paused (the sandbox clock moves the failure on two
 * hours); the port comes back and a resume drains it, the log showing every attempt; a test event arrives signed;
 * a dead letter is replayed; a quarantined webhook is shown and retried; the navigation's badge counts the
 * problems; the Power Platform download names the public URL; an agent is refused both pages and their APIs.
 * Screenshots of each page go to test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { createConsoleUser, loadConfig } from '@kaiku/proxy';
import { buildConsole } from '../packages/console/scripts/build.js';
import { launchChromium, screenshot } from './browser/chromium.js';
import { signInWithDemoLink } from './browser/console.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const HOUR = 3_600_000;
interface Received { path: string; headers: IncomingHttpHeaders; body: string }

describe('the Deliveries and Integrations pages in Chromium', () => {
  let kaiku: Kaiku;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Server;
  let port: number;
  let hook: string;
  let secret: string;
  let flakyDown = true;
  const received: Received[] = [];

  beforeAll(async () => {
    await buildConsole();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
      req.on('end', () => {
        const down = req.url === '/flaky' && flakyDown;
        if (!down) received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(down ? 500 : 200).end();
      });
    });
    // A port that was free a moment ago: nothing listens on it until the test brings the receiver up.
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    hook = `http://127.0.0.1:${port}/hook`;
    const delivery = { ...loadConfig({}).delivery, health: { failingAfter: 2, probeEveryMs: 60_000, pauseAfterMs: HOUR, pauseAfterFailures: 0 } };
    kaiku = await startKaiku({
      config: { delivery, publicUrl: 'http://kaiku.acme.example' },
      background: { pollMs: 25, delivery: { retry: { baseDelayMs: 20, maxDelayMs: 50, retryForMs: 24 * HOUR } } },
    });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await signInWithDemoLink(page, kaiku);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kaiku?.stop();
    receiver?.closeAllConnections();
    receiver?.close();
  });

  const customerWrites = (text: string) => kaiku.customer.send('358407771234', { type: 'text', text: { body: text }, profile_name: 'Aino' });
  const row = (target: string) => page.getByRole('row', { name: new RegExp(target.replace(/[.:/]/g, '\\$&')) });
  const health = async (id: string) => ((await (await kaiku.api(`/v1/subscriptions/${id}`)).json()) as { health: { state: string; dead: number } }).health;
  const subscribe = async (target: string, headers: Record<string, string> = {}) => {
    const created = await kaiku.api('/v1/subscriptions', { method: 'POST', headers, body: JSON.stringify({ event: 'inbound_message', target_url: target }) });
    expect(created.status).toBe(201);
    return (await created.json()) as { id: string; secret: string };
  };

  it('shows a subscription to a dead local port as failing, then paused, with a badge in the navigation', async () => {
    ({ secret } = await subscribe(hook, { 'user-agent': 'Zapier' }));
    await customerWrites('Is my order on its way?');
    await customerWrites('It was KA-1042.');
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await row(hook).getByText('failing').waitFor({ timeout: 15_000 });
    await expect(row(hook).textContent()).resolves.toContain('could not connect');
    await screenshot(page, 'deliveries-failing');
    kaiku.clock.advance(2 * HOUR);
    await row(hook).getByText('paused', { exact: true }).waitFor({ timeout: 15_000 });
    await row(hook).getByText(/failed \d+ times in a row/).waitFor();
    await page.getByRole('status', { name: /Problems needing attention: [1-9]/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'deliveries-paused');
  });

  it('drains the kept events on resume once the port is back, and the log shows every attempt', async () => {
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    await page.getByRole('button', { name: `Resume ${hook}` }).click();
    await row(hook).getByText('active').waitFor({ timeout: 15_000 });
    const texts = await eventually(async () => {
      const got = received.filter((r) => r.path === '/hook').map((r) => (JSON.parse(r.body) as { text: string }).text);
      return got.length === 2 ? got : undefined;
    }, 10_000, 'the two kept events');
    expect(texts).toEqual(['Is my order on its way?', 'It was KA-1042.']);
    await page.getByRole('button', { name: `Delivery log ${hook}` }).click();
    const log = page.getByRole('region', { name: `Delivery log: ${hook}` });
    const first = log.getByRole('row', { name: /Is my order on its way\?/ });
    await first.getByText('delivered').waitFor({ timeout: 10_000 });
    await first.getByText(/#1 .*: no answer in \d+ ms — could not connect/).waitFor();
    await first.getByText(/: HTTP 200 in \d+ ms/).waitFor();
    await row(hook).getByText('never').waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'deliveries-log');
  });

  it('sends a test event that arrives signed and marked as a test', async () => {
    await page.getByRole('button', { name: `Send a test event ${hook}` }).click();
    await page.getByRole('status').filter({ hasText: /Test event queued: evt_test_/ }).waitFor();
    const test = await eventually(async () => received.find((r) => r.headers['kaiku-test'] === 'true'), 10_000, 'the test event');
    // The proxy here follows the sandbox clock (moved hours on above), so the timestamp is checked against that clock.
    const at = new Date(Number(test.headers['webhook-timestamp']) * 1000);
    expect(Math.abs(at.getTime() - kaiku.clock.now())).toBeLessThan(60_000);
    expect(String(test.headers['webhook-signature']).split(' ')).toContain(new Webhook(secret).sign(String(test.headers['webhook-id']), at, test.body));
    const record = JSON.parse(test.body) as { from: string; text: string };
    expect(record.from).toBe('0000000000');
    expect(record.text).toContain('test event from Kaiku');
    await page.getByRole('region', { name: `Delivery log: ${hook}` }).getByText('test', { exact: true }).waitFor({ timeout: 10_000 });
  });

  it('replays a dead letter', async () => {
    const flaky = `http://127.0.0.1:${port}/flaky`;
    const { id } = await subscribe(flaky);
    await customerWrites('Can I change the address?');
    await eventually(async () => ((await health(id)).state === 'failing' ? true : undefined), 10_000, 'the flaky subscription failing');
    kaiku.clock.advance(25 * HOUR);
    await eventually(async () => ((await health(id)).dead === 1 ? true : undefined), 15_000, 'a dead letter');
    const dead = page.getByRole('region', { name: 'Dead letters' });
    await dead.getByRole('row', { name: /HTTP 500 from the subscriber/ }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Close the log' }).click();
    await dead.scrollIntoViewIfNeeded();
    await screenshot(page, 'deliveries-dead-letters');
    flakyDown = false;
    await dead.getByRole('button', { name: /^Replay evt_/ }).click();
    await dead.getByRole('status').filter({ hasText: 'Put back in their queues: 1.' }).waitFor();
    await page.getByRole('button', { name: `Resume ${flaky}` }).click();
    await eventually(async () => received.find((r) => r.path === '/flaky' && r.body.includes('Can I change the address?')), 10_000, 'the replayed delivery');
    await dead.getByText('No dead letters.').waitFor({ timeout: 10_000 });
  });

  it('shows a quarantined webhook with its error and retries it; the badge counts it', async () => {
    const [connection] = await kaiku.store.listConnections(kaiku.workspaceId);
    await kaiku.store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body: Buffer.from('{"object":"instagram","entry":[]}') }]);
    const quarantine = page.getByRole('region', { name: 'Quarantined webhooks' });
    const item = quarantine.getByRole('row', { name: /instagram/ });
    await item.waitFor({ timeout: 15_000 });
    const summary = (await (await kaiku.api('/v1/deliveries/summary')).json()) as { problems: number; quarantined: number };
    expect(summary.quarantined).toBe(1);
    await page.getByRole('status', { name: `Problems needing attention: ${summary.problems}` }).waitFor({ timeout: 15_000 });
    await quarantine.scrollIntoViewIfNeeded();
    await screenshot(page, 'deliveries-quarantine');
    await item.getByRole('button', { name: /^Retry / }).click();
    await quarantine.getByRole('status').filter({ hasText: 'Sent back to be applied.' }).waitFor();
    // Nothing fixed what it met, so the retry meets the same error and puts it back.
    await eventually(async () => /kaiku_webhook_receipt_failures_total\{outcome="quarantined"\} 2/.test(await (await fetch(`${kaiku.proxyUrl}/metrics`)).text()) || undefined, 10_000, 'the retried receipt applied again');
  });

  it('offers each platform\'s setup on the Integrations page; the Power Platform file names the public URL', async () => {
    await page.getByRole('link', { name: 'Integrations' }).click();
    const zapier = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Zapier' }) });
    await zapier.getByText(hook).waitFor();
    await zapier.getByText('active').waitFor();
    await zapier.getByText('http://kaiku.acme.example', { exact: true }).waitFor();
    const n8n = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'n8n' }) });
    await n8n.getByText(/n8n-nodes-kaiku/).waitFor();
    await page.getByText(/HubSpot app is not set up/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download apiDefinition.swagger.json' }).click()]);
    expect(download.suggestedFilename()).toBe('apiDefinition.swagger.json');
    const definition = JSON.parse(readFileSync(await download.path(), 'utf8')) as { host: string; info: { contact: { url: string } } };
    expect(definition.host).toBe('kaiku.acme.example');
    expect(definition.info.contact.url).toMatch(/^http:\/\/kaiku\.acme\.example\/docs\//);
    await screenshot(page, 'integrations');
  });

  it('refuses an agent both pages and their APIs', async () => {
    await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email: 'agent2@example.com', role: 'agent', password: 'an agent password' });
    const agent = await browser.newContext({ locale: 'en-GB' });
    const tab = await agent.newPage();
    await tab.goto(`${kaiku.proxyUrl}/sign-in`);
    await tab.getByLabel('E-mail').fill('agent2@example.com');
    await tab.getByLabel('Password').fill('an agent password');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await tab.getByRole('link', { name: /Deliveries|Integrations/ }).count()).toBe(0);
    for (const path of ['/deliveries', '/integrations']) {
      await tab.goto(`${kaiku.proxyUrl}${path}`);
      await tab.getByRole('alert').filter({ hasText: 'Only an admin' }).waitFor();
    }
    const statuses = await tab.evaluate(async () => Promise.all(['/v1/deliveries/summary', '/v1/deliveries/subscriptions', '/v1/integrations',
      '/v1/integrations/power-platform/apiProperties.json'].map(async (path) => (await fetch(path)).status)));
    expect(statuses).toEqual([403, 403, 403, 403]);
    await agent.close();
  });
});
