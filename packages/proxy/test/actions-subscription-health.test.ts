/**
 * A subscription's health through the actions: the detail view (404 for an unknown subscription or a sink), pausing
 * and resuming (counted and logged only when the state changes), dead deliveries listed and replayed one by one or
 * all of a subscription, with 404 for what is not there. At the edges: pausing an in-process sink is refused and
 * leaves it running, a subscription deleted while it is being paused answers 404, every 404 names what was not
 * found, and a dead delivery is replayed only by its exact numeric id (a two-digit one too; a signed or decimal
 * spelling of it is not an id).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ActionDeps } from '../src/actions/context.js';
import { getSubscriptionDetail, presentHealth, replayDeadDelivery, replaySubscriptionDead, setSubscriptionPaused } from '../src/actions/subscription-health.js';
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

async function sinkId(): Promise<string> {
  return (await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null, source: 'hubspot' })).id;
}

describe('getSubscriptionDetail', () => {
  it('shows the subscription with its health', async () => {
    await deadDeliveries(inboundRecord({ from: 'A' }));
    const detail = await getSubscriptionDetail(fx.deps, fx.workspaceId, sub.id);
    expect(detail).toMatchObject({ id: sub.id, target_url: 'http://127.0.0.1:9/hook', has_secret: false });
    expect(detail.health).toMatchObject({ state: 'active', pending: 0, dead: 1, paused_reason: null, paused_at: null, last_error: 'HTTP 500 for 24 hours' });
    expect(detail.health.last_error_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 404 for an unknown subscription, a sink, and another workspace\'s', async () => {
    const other = await fx.store.createWorkspace({ name: 'Other' });
    for (const [workspace, id] of [[fx.workspaceId, 'sub_missing'], [fx.workspaceId, await sinkId()], [other.id, sub.id]]) {
      const error = await refusal(getSubscriptionDetail(fx.deps, workspace ?? '', id ?? ''));
      expect(error).toMatchObject({ code: 'not_found', field: 'id' });
      expect(error.message).toContain(`The subscription "${id}"`);
    }
  });
});

describe('presentHealth', () => {
  it('writes every time as ISO and keeps the counts', () => {
    const at = new Date('2026-11-25T10:00:00.000Z');
    expect(presentHealth({
      state: 'paused', lastSuccessAt: at, lastError: 'boom', lastErrorAt: at, consecutiveFailures: 4, failingSince: at, nextProbeAt: at,
      pausedReason: 'manual', pausedAt: at, pending: 2, dead: 1,
    })).toEqual({
      state: 'paused', last_success_at: at.toISOString(), last_error: 'boom', last_error_at: at.toISOString(), consecutive_failures: 4,
      failing_since: at.toISOString(), next_probe_at: at.toISOString(), paused_reason: 'manual', paused_at: at.toISOString(), pending: 2, dead: 1,
    });
  });
});

describe('setSubscriptionPaused', () => {
  it('pauses and resumes, counting and logging each change once', async () => {
    const paused = await setSubscriptionPaused(fx.deps, fx.workspaceId, sub.id, true);
    expect(paused.health).toMatchObject({ state: 'paused', paused_reason: 'paused through the API' });
    await setSubscriptionPaused(fx.deps, fx.workspaceId, sub.id, true);
    expect(await fx.count('subscriptionChanges', { state: 'paused' })).toBe(1);
    const resumed = await setSubscriptionPaused(fx.deps, fx.workspaceId, sub.id, false);
    expect(resumed.health.state).toBe('active');
    expect(await fx.count('subscriptionChanges', { state: 'active' })).toBe(1);
    expect(fx.logs.map((l) => [l.msg, l.subscriptionId, l.from])).toEqual([
      ['subscription paused through the API', sub.id, 'active'],
      ['subscription resumed; its kept deliveries are released in order', sub.id, 'paused'],
    ]);
  });

  it('answers 404 for an unknown subscription or a sink', async () => {
    for (const id of ['sub_missing', await sinkId()]) expect(await refusal(setSubscriptionPaused(fx.deps, fx.workspaceId, id, true))).toMatchObject({ code: 'not_found', field: 'id' });
  });
});

describe('dead deliveries', () => {
  it('lists them with their attempts, error and payload', async () => {
    const message = inboundRecord({ from: 'A', text: 'lost' });
    await deadDeliveries(message);
    const [dead, ...rest] = await listDeadDeliveries(fx.deps, fx.workspaceId, 10);
    expect(rest).toEqual([]);
    expect(dead).toMatchObject({ subscription_id: sub.id, event_type: 'inbound_message', attempts: 1, last_error: 'HTTP 500 for 24 hours' });
    expect(dead?.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(dead?.payload).toMatchObject({ id: message.id, text: 'lost' });
    expect(typeof dead?.event_id).toBe('string');
  });

  it('replays one by its id, and answers 404 for an id that is not a dead delivery', async () => {
    await deadDeliveries(inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }));
    const [one] = await listDeadDeliveries(fx.deps, fx.workspaceId, 10);
    expect(await replayDeadDelivery(fx.deps, fx.workspaceId, one?.id ?? '')).toEqual({ replayed: 1 });
    expect(fx.logs.at(-1)).toMatchObject({ msg: 'dead delivery replayed', deliveryId: one?.id });
    for (const id of [one?.id ?? '', 'abc', `${one?.id ?? ''}x`, '999999']) {
      const error = await refusal(replayDeadDelivery(fx.deps, fx.workspaceId, id));
      expect(error).toMatchObject({ code: 'not_found', field: 'id' });
      expect(error.message).toContain(`The dead delivery "${id}"`);
    }
    expect(await listDeadDeliveries(fx.deps, fx.workspaceId, 10)).toHaveLength(1);
  });

  it('replays all of a subscription\'s, and says how many', async () => {
    await deadDeliveries(inboundRecord({ from: 'A' }), inboundRecord({ from: 'B' }));
    expect(await replaySubscriptionDead(fx.deps, fx.workspaceId, sub.id)).toEqual({ replayed: 2 });
    expect(fx.logs.at(-1)).toMatchObject({ msg: 'dead deliveries replayed', subscriptionId: sub.id, replayed: 2 });
    expect(await replaySubscriptionDead(fx.deps, fx.workspaceId, sub.id)).toEqual({ replayed: 0 });
    expect(await listDeadDeliveries(fx.deps, fx.workspaceId, 10)).toEqual([]);
    for (const id of ['sub_missing', await sinkId()]) expect(await refusal(replaySubscriptionDead(fx.deps, fx.workspaceId, id))).toMatchObject({ code: 'not_found', field: 'id' });
  });
});

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
