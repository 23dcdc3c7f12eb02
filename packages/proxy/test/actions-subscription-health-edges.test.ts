/**
 * Subscription health's edges: pausing an in-process sink is refused and leaves it running, a subscription
 * deleted while it is being paused answers 404, every 404 names what was not found, and a dead delivery is replayed
 * only by its exact numeric id (a two-digit one too; a signed or decimal spelling of it is not an id).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ActionDeps } from '../src/actions/context.js';
import { replayDeadDelivery, replaySubscriptionDead, setSubscriptionPaused } from '../src/actions/subscription-health.js';
import { listDeadDeliveries } from '../src/actions/subscriptions.js';
import type { Store, Subscription } from '../src/store/types.js';
import { inboundRecord } from './store-fixtures.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

let fx: ActionFixture;
let sub: Subscription;
beforeEach(async () => {
  fx = await openActionFixture();
  sub = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: null, filter: null, source: 'api' });
});
afterEach(async () => fx.cleanup());

async function deadDeliveries(...messages: InboundMessageRecord[]): Promise<void> {
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events: { messages, statuses: [], consentChanges: [] } }] }]);
  for (const d of await fx.store.claimDueDeliveries(100, 60_000)) {
    await fx.store.failDelivery(d.id, 'HTTP 500 for 24 hours', null, { failingAfter: 100, probeEveryMs: 1_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 });
  }
}

describe('pausing', () => {
  it('refuses an in-process sink, naming it, and leaves it running', async () => {
    const sink = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null, source: 'hubspot' });
    const error = await refusal(setSubscriptionPaused(fx.deps, fx.workspaceId, sink.id, true));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain(`The subscription "${sink.id}"`);
    expect((await fx.store.getSubscriptionHealth(fx.workspaceId, sink.id))?.state).toBe('active');
    expect(await fx.count('subscriptionChanges', { state: 'paused' })).toBe(0);
    expect(fx.logs).toEqual([]);
  });

  it('names an unknown subscription in its 404', async () => {
    const error = await refusal(setSubscriptionPaused(fx.deps, fx.workspaceId, 'sub_missing', true));
    expect(error.message).toContain('The subscription "sub_missing"');
  });

  it('answers 404 for a subscription deleted while it is being paused', async () => {
    const store = new Proxy(fx.store, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        if (key !== 'setSubscriptionPaused') return value.bind(target);
        return async (...args: unknown[]) => {
          await target.deleteSubscription(fx.workspaceId, sub.id);
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    }) as Store;
    const deps: ActionDeps = { ...fx.deps, store };
    const error = await refusal(setSubscriptionPaused(deps, fx.workspaceId, sub.id, true));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(await fx.count('subscriptionChanges', { state: 'paused' })).toBe(0);
  });
});

describe('replaying dead deliveries', () => {
  it('replays one with a two-digit id, and refuses a signed or decimal spelling of an id', async () => {
    await deadDeliveries(...Array.from({ length: 10 }, (_, i) => inboundRecord({ from: `35840000000${i}` })));
    const ids = (await listDeadDeliveries(fx.deps, fx.workspaceId, 100)).map((d) => d.id);
    expect(ids).toHaveLength(10);
    const [small] = ids.filter((id) => id.length === 1);
    const [large] = ids.filter((id) => id.length > 1);
    for (const id of [`+${small ?? ''}`, `${small ?? ''}.0`]) {
      const error = await refusal(replayDeadDelivery(fx.deps, fx.workspaceId, id));
      expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    }
    expect(await listDeadDeliveries(fx.deps, fx.workspaceId, 100)).toHaveLength(10);
    expect(await replayDeadDelivery(fx.deps, fx.workspaceId, large ?? '')).toEqual({ replayed: 1 });
    expect((await listDeadDeliveries(fx.deps, fx.workspaceId, 100)).map((d) => d.id)).not.toContain(large);
  });

  it('names the unknown subscription when replaying all of its dead deliveries', async () => {
    const error = await refusal(replaySubscriptionDead(fx.deps, fx.workspaceId, 'sub_missing'));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain('The subscription "sub_missing"');
  });
});
