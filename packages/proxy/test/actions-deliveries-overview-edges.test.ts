/**
 * The deliveries overview's edges: the badge's figures when subscriptions fail, are paused, have dead deliveries
 * and webhooks wait in quarantine (each counted, all added up), a subscription deleted while the overview is read,
 * and the most subscriptions it reads.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import { deliverySummary, listSubscriptionOverview } from '../src/actions/deliveries-overview.js';
import type { ActionDeps } from '../src/actions/context.js';
import type { HealthPolicy, Store, Subscription } from '../src/store/index.js';
import { inboundRecord } from './store-fixtures.js';
import { openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const failFast: HealthPolicy = { failingAfter: 1, probeEveryMs: 60_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 };
const lenient: HealthPolicy = { failingAfter: 100, probeEveryMs: 60_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 };

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
});
afterEach(async () => fx.cleanup());

const subscribe = (path: string): Promise<Subscription> =>
  fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: `http://127.0.0.1:9/${path}`, sink: null, secret: null, filter: null, source: 'api' });

async function receive(...messages: InboundMessageRecord[]): Promise<void> {
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events: { messages, statuses: [], consentChanges: [] } }] }]);
}

describe('deliverySummary', () => {
  it('counts failing and paused subscriptions, every dead delivery and quarantined webhooks, and adds them up', async () => {
    const failing = await subscribe('failing');
    const paused = await subscribe('paused');
    await receive(inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }));
    for (const d of await fx.store.claimDueDeliveries(10, 60_000)) {
      if (d.subscriptionId === failing.id) await fx.store.failDelivery(d.id, 'HTTP 500 from the subscriber', new Date(Date.now() + 60_000), failFast);
      else await fx.store.failDelivery(d.id, 'HTTP 500 for 24 hours', null, lenient);
    }
    await fx.store.setSubscriptionPaused(fx.workspaceId, paused.id, true, 'by hand');
    const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{"broken":') }]);
    await fx.store.failReceipt(receiptId ?? 0, 'SyntaxError: Unexpected end of JSON input', { quarantineAfter: 1, retryInMs: 0 });

    const overview = await listSubscriptionOverview(fx.deps, fx.workspaceId);
    expect(overview.map((s) => [s.id, s.health.state, s.health.pending, s.health.dead]).sort()).toEqual([
      [failing.id, 'failing', 2, 0], [paused.id, 'paused', 0, 2],
    ].sort());
    expect(await deliverySummary(fx.deps, fx.workspaceId)).toEqual({ subscriptions: 2, failing: 1, paused: 1, dead: 2, quarantined: 1, problems: 5 });
  });

  it('adds up dead deliveries across subscriptions', async () => {
    await subscribe('one');
    await subscribe('two');
    await receive(inboundRecord({ from: 'A' }));
    for (const d of await fx.store.claimDueDeliveries(10, 60_000)) await fx.store.failDelivery(d.id, 'HTTP 500 for 24 hours', null, lenient);
    expect(await deliverySummary(fx.deps, fx.workspaceId)).toEqual({ subscriptions: 2, failing: 0, paused: 0, dead: 2, quarantined: 0, problems: 2 });
  });
});

describe('listSubscriptionOverview', () => {
  it('leaves out a subscription deleted while the overview is read', async () => {
    const kept = await subscribe('kept');
    const gone = await subscribe('gone');
    let deleted = false;
    const store = new Proxy(fx.store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        if (key !== 'getSubscriptionHealth') return value.bind(target);
        return async (...args: unknown[]) => {
          if (!deleted) await fx.store.deleteSubscription(fx.workspaceId, gone.id);
          deleted = true;
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    }) as Store;
    const deps: ActionDeps = { ...fx.deps, store };
    expect((await listSubscriptionOverview(deps, fx.workspaceId)).map((s) => s.id)).toEqual([kept.id]);
    expect(await deliverySummary(deps, fx.workspaceId)).toMatchObject({ subscriptions: 1, problems: 0 });
  });

  it('reads at most 1,000 subscriptions', async () => {
    for (let i = 0; i < 1_001; i += 1) await subscribe(`s${i}`);
    expect(await listSubscriptionOverview(fx.deps, fx.workspaceId)).toHaveLength(1_000);
    expect(await deliverySummary(fx.deps, fx.workspaceId)).toMatchObject({ subscriptions: 1_000 });
  }, 60_000);
});
