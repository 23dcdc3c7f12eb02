/**
 * The delivery log's edges: each event's summary (no text, text of exactly 80 characters, a caption or a
 * button's title), when each delivery is tried next (never once done, the probe's time while the subscription
 * fails), every attempt's figures, a mangled cursor, pages of more than two, a subscription deleted while its log
 * is read, and the test event's record (its number, sender, window, marker) and log line.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import { listSubscriptionDeliveries, sendTestEvent } from '../src/actions/delivery-log.js';
import type { ActionDeps } from '../src/actions/context.js';
import type { HealthPolicy, Store, Subscription } from '../src/store/index.js';
import { inboundRecord } from './store-fixtures.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const failFast: HealthPolicy = { failingAfter: 1, probeEveryMs: 60_000, pauseAfterMs: 3_600_000, pauseAfterFailures: 0 };
const firstPage = { cursor: undefined, limit: undefined };

let fx: ActionFixture;
let sub: Subscription;
beforeEach(async () => {
  fx = await openActionFixture({ now: NOW });
  sub = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null, secret: null, filter: null, source: 'api' });
});
afterEach(async () => fx.cleanup());

async function receive(...messages: InboundMessageRecord[]): Promise<void> {
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events: { messages, statuses: [], consentChanges: [] } }] }]);
}

/** The store seen through a request that races another: `before` runs just before the named read. */
function racing(method: 'getSubscriptionHealth', before: () => Promise<unknown>): ActionDeps {
  const store = new Proxy(fx.store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        await before();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  }) as Store;
  return { ...fx.deps, store };
}

describe('the summary of each event', () => {
  it('shows the type and sender alone when there is no text, and the text whole up to 80 characters', async () => {
    const eighty = 'x'.repeat(80);
    await receive(
      inboundRecord({ from: '358401111111', type: 'image', text: null, media_caption: null, media_id: 'media-1' }),
      inboundRecord({ from: '358402222222', text: eighty }),
      inboundRecord({ from: '358403333333', text: 'Hei' }),
      inboundRecord({ from: '358404444444', type: 'image', text: null, media_caption: 'a photo', media_id: 'media-2' }),
      inboundRecord({ from: '358405555555', type: 'button_reply', text: null, reply_id: 'yes', reply_title: 'Yes please' }),
    );
    const { data } = await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, firstPage);
    expect(data.map((d) => d.summary).sort()).toEqual([
      'button_reply from +358405555555: Yes please',
      'image from +358401111111',
      'image from +358404444444: a photo',
      `text from +358402222222: ${eighty}`,
      'text from +358403333333: Hei',
    ]);
  });
});

describe('when a delivery is tried next', () => {
  it('is never for a delivered event, while a waiting one shows its time', async () => {
    await receive(inboundRecord({ from: 'A' }));
    const [claimed] = await fx.store.claimDueDeliveries(10, 60_000);
    await fx.store.completeDelivery(claimed?.id ?? '');
    await receive(inboundRecord({ from: 'B' }));
    const { data } = await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, firstPage);
    expect(data.map((d) => [d.state, d.next_attempt_at === null])).toEqual([['pending', false], ['done', true]]);
  });

  it('is the next probe of a failing subscription, not the delivery\'s own retry time', async () => {
    await receive(inboundRecord({ from: 'A' }));
    const [claimed] = await fx.store.claimDueDeliveries(10, 60_000);
    const ownRetry = new Date('2030-01-01T00:00:00.000Z');
    expect(await fx.store.failDelivery(claimed?.id ?? '', 'HTTP 500 from the subscriber', ownRetry, failFast)).toMatchObject({ to: 'failing' });
    const health = await fx.store.getSubscriptionHealth(fx.workspaceId, sub.id);
    expect(health?.state).toBe('failing');
    const probe = health?.nextProbeAt?.toISOString();
    expect(probe).toEqual(expect.any(String));
    const [logged] = (await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, firstPage)).data;
    expect(logged).toMatchObject({ state: 'pending', attempts: 1, last_error: 'HTTP 500 from the subscriber' });
    expect(logged?.next_attempt_at).toBe(probe);
    expect(logged?.next_attempt_at).not.toBe(ownRetry.toISOString());
  });
});

describe('the attempts of a delivery', () => {
  it('shows each attempt\'s number, time, duration, status code or error and outcome, oldest first', async () => {
    await receive(inboundRecord({ from: 'A' }));
    const [claimed] = await fx.store.claimDueDeliveries(10, 60_000);
    const base = { deliveryId: claimed?.id ?? '', subscriptionId: sub.id, workspaceId: fx.workspaceId };
    await fx.store.deliveryLog.recordAttempts([
      { ...base, attempt: 1, at: new Date('2026-11-25T11:00:00.000Z'), durationMs: 1500, statusCode: null, error: 'no answer within 1500 ms', outcome: 'retry' },
      { ...base, attempt: 2, at: new Date('2026-11-25T11:01:00.000Z'), durationMs: 42, statusCode: 503, error: 'HTTP 503 from the subscriber', outcome: 'retry' },
      { ...base, attempt: 3, at: new Date('2026-11-25T11:05:00.000Z'), durationMs: 7, statusCode: 204, error: null, outcome: 'done' },
    ]);
    const [logged] = (await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, firstPage)).data;
    expect(logged?.log).toEqual([
      { attempt: 1, at: '2026-11-25T11:00:00.000Z', duration_ms: 1500, status_code: null, error: 'no answer within 1500 ms', outcome: 'retry' },
      { attempt: 2, at: '2026-11-25T11:01:00.000Z', duration_ms: 42, status_code: 503, error: 'HTTP 503 from the subscriber', outcome: 'retry' },
      { attempt: 3, at: '2026-11-25T11:05:00.000Z', duration_ms: 7, status_code: 204, error: null, outcome: 'done' },
    ]);
  });
});

describe('paging the log', () => {
  it('refuses a cursor it did not give out, naming the cursor field', async () => {
    await receive(inboundRecord({ from: 'A' }));
    for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify({ after: 'x' })).toString('base64url')]) {
      const error = await refusal(listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, { cursor, limit: undefined }));
      expect(error).toMatchObject({ code: 'validation_failed', field: 'cursor' });
      expect(error.message).toContain('The field "cursor" is not a cursor this API gave out.');
    }
  });

  it('continues after the last delivery of a page of three, repeating none', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await sendTestEvent(fx.deps, fx.workspaceId, sub.id)).delivery_id);
    const first = await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, { cursor: undefined, limit: '3' });
    expect(first.data.map((d) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
    const second = await listSubscriptionDeliveries(fx.deps, fx.workspaceId, sub.id, { cursor: first.next_cursor ?? undefined, limit: '3' });
    expect(second.data.map((d) => d.id)).toEqual([ids[0]]);
    expect(second.next_cursor).toBeNull();
  });
});

describe('a subscription deleted while its log is read', () => {
  it('answers 404 naming the subscription', async () => {
    const deps = racing('getSubscriptionHealth', () => fx.store.deleteSubscription(fx.workspaceId, sub.id));
    const error = await refusal(listSubscriptionDeliveries(deps, fx.workspaceId, sub.id, firstPage));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain(`The subscription "${sub.id}"`);
  });
});

describe('the test event', () => {
  async function queuedRecord(workspaceId: string, subscriptionId: string): Promise<Record<string, unknown>> {
    const [logged] = await fx.store.deliveryLog.list(workspaceId, subscriptionId, { limit: 1, attemptsPerDelivery: 1 });
    return logged?.payload as unknown as Record<string, unknown>;
  }

  it('is a text from 0000000000 on the workspace\'s number, open for a day, marked as a test, and logged', async () => {
    const sent = await sendTestEvent(fx.deps, fx.workspaceId, sub.id);
    expect(await queuedRecord(fx.workspaceId, sub.id)).toMatchObject({
      phone_number_id: fx.connection.phoneNumberId, from: '0000000000', profile_name: 'Kaiku test event', type: 'text', forwarded: false,
      received_at: NOW.toISOString(), window_expires_at: '2026-11-26T12:00:00.000Z', raw: { kaiku_test: true },
    });
    expect(fx.logs.filter((l) => l.msg === 'test event queued')).toEqual([
      expect.objectContaining({ subscriptionId: sub.id, workspaceId: fx.workspaceId, eventId: sent.event_id }),
    ]);
  });

  it('is on the number the subscription filters on, even when the workspace has another', async () => {
    const filtered = await fx.store.createSubscription({
      workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/other', sink: null, secret: null, filter: { phone_number_id: '777' }, source: 'api',
    });
    await sendTestEvent(fx.deps, fx.workspaceId, filtered.id);
    expect(await queuedRecord(fx.workspaceId, filtered.id)).toMatchObject({ phone_number_id: '777' });
  });

  it('is on number "0" in a workspace with no number connected yet', async () => {
    const bare = await fx.store.createWorkspace({ name: 'No numbers' });
    const bareSub = await fx.store.createSubscription({ workspaceId: bare.id, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/bare', sink: null, secret: null, filter: null, source: 'api' });
    await sendTestEvent(fx.deps, bare.id, bareSub.id);
    expect(await queuedRecord(bare.id, bareSub.id)).toMatchObject({ phone_number_id: '0' });
  });
});
