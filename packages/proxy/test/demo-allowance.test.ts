/**
 * The demo's allowance to deliver to this machine belongs to the demo workspace only: in the `pnpm start`
 * process (sandbox running, no KAIKU_ALLOW_PRIVATE_TARGETS), a second workspace can neither subscribe a loopback
 * receiver nor get a delivery made to one, while the demo workspace can.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDemo } from '../src/cli/demo.js';
import type { Demo } from '../src/cli/demo.js';
import { createApiKey } from '../src/actions/manage-workspace.js';
import { sealSigningSecrets } from '../src/actions/webhook-secrets.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openRuntime, startProxy } from '../src/start.js';
import type { RunningProxy, Runtime } from '../src/start.js';
import { waitFor } from './intake-fixtures.js';
import { inboundRecord } from './store-fixtures.js';

describe('the demo allowance, in the demo process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-allowance-'));
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    received.push(req.url ?? '');
    req.resume().on('end', () => res.writeHead(204).end());
  });
  let runtime: Runtime;
  let proxy: RunningProxy;
  let demo: Demo;
  let otherKey: string;
  let otherWorkspace: string;
  let target: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const config = { ...loadConfig({ PORT: '0', SANDBOX_PORT: '0', KAIKU_DATA_DIR: dataDir }), encryptionKey: randomBytes(32) };
    expect(config.allowPrivateTargets).toBe(false);
    runtime = await openRuntime(config);
    proxy = await startProxy(config, { runtime, logger: createLogger({ level: 'silent' }), background: { pollMs: 20 } });
    demo = await startDemo(config, runtime, proxy.url);
    otherWorkspace = (await runtime.store.createWorkspace({ name: 'Real customer' })).id;
    otherKey = (await createApiKey(runtime.store, otherWorkspace, 'real')).key;
  });
  afterAll(async () => {
    await demo.stop();
    await proxy.stop();
    await runtime.store.close();
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function subscribe(key: string, path: string): Promise<Response> {
    return fetch(`${proxy.url}/v1/subscriptions`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'inbound_message', target_url: `${target}${path}` }),
    });
  }

  it('lets the demo workspace subscribe a loopback receiver', async () => {
    expect((await subscribe(demo.apiKey, '/demo')).status).toBe(201);
  });

  it('refuses the same for another workspace of the same process', async () => {
    const answer = await subscribe(otherKey, '/other');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'target_url' } } });
  });

  it('makes no loopback delivery for another workspace, while the demo workspace\'s arrives', async () => {
    // As if the other workspace's target had been accepted under a public name that now resolves to loopback.
    await runtime.store.createSubscription({
      workspaceId: otherWorkspace, event: 'inbound_message', targetUrl: `${target}/other-rebound`, sink: null, filter: null,
      secret: sealSigningSecrets(runtime.secrets, { current: `whsec_${randomBytes(32).toString('base64')}`, previous: null, previousUntil: null }),
    });
    const connection = (await runtime.store.listConnections(demo.workspaceId))[0];
    const [receiptId] = await runtime.store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body: Buffer.from('{}') }]);
    const events = (record = inboundRecord()) => ({ messages: [record], statuses: [], consentChanges: [] });
    await runtime.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [
      { workspaceId: otherWorkspace, events: events() }, { workspaceId: demo.workspaceId, events: events() },
    ] }]);
    await waitFor('the demo delivery and a refused attempt for the other workspace', async () => {
      const metrics = await proxy.metrics.text();
      return received.includes('/demo') && /kaiku_deliveries_total\{result="retry"\} [1-9]/.test(metrics);
    });
    expect(received).toEqual(['/demo']);
  });
});
