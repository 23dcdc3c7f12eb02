/**
 * Subscriptions through the actions: a filter that could never match is refused, the signing secret is the
 * caller's (when it can sign) or a generated one, sealed at rest and answered once; the workspace's limit is kept;
 * a rotation keeps the old secret for 24 hours; secrets stored in plaintext are sealed at start; in-process sinks
 * are never the caller's to see, rotate or delete.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createSubscription, deleteSubscription, listSubscriptions, presentSubscription, rotateSubscriptionSecret, sealStoredSecrets,
} from '../src/actions/subscriptions.js';
import { openSigningSecrets } from '../src/actions/webhook-secrets.js';
import type { Store } from '../src/store/types.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const TARGET = 'http://127.0.0.1:1/hook';
const STRONG = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const NOW = new Date('2026-11-25T10:00:00.000Z');

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ now: NOW, config: { allowPrivateTargets: true } });
});
afterEach(async () => fx.cleanup());

const create = (input: Partial<Parameters<typeof createSubscription>[2]> = {}, source: Parameters<typeof createSubscription>[3] = 'api') =>
  createSubscription(fx.deps, fx.workspaceId, { event: 'inbound_message', target_url: TARGET, ...input }, source);

async function sink(): Promise<string> {
  return (await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: null, sink: 'hubspot', secret: null, filter: null, source: 'hubspot' })).id;
}

describe('createSubscription', () => {
  it('answers the subscription with a generated secret once, and stores it sealed', async () => {
    const view = await create({ filter: { type: 'text', phone_number_id: '106540352242922' } }, 'zapier');
    expect(view).toEqual({
      id: expect.any(String) as unknown as string, event: 'inbound_message', target_url: TARGET, filter: { type: 'text', phone_number_id: '106540352242922' },
      has_secret: true, created_at: expect.any(String) as unknown as string, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) as unknown as string,
    });
    const stored = await fx.store.getSubscription(fx.workspaceId, view.id);
    expect(stored?.source).toBe('zapier');
    expect(stored?.secret).not.toContain(view.secret ?? '-');
    expect(openSigningSecrets(fx.deps.secrets, stored?.secret ?? '')).toEqual({ current: view.secret, previous: null, previousUntil: null });
    expect(presentSubscription(stored ?? (undefined as never))).toEqual({ ...view, secret: undefined });
  });

  it('generates a secret when the caller sends an empty one, and keeps a strong one given', async () => {
    expect((await create({ secret: '' })).secret).toMatch(/^whsec_/);
    expect((await create({ secret: '   ' })).secret).toMatch(/^whsec_/);
    expect((await create({ secret: STRONG })).secret).toBe(STRONG);
  });

  it('refuses a secret too weak to sign', async () => {
    const error = await refusal(create({ secret: 'hunter2' }));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'secret' });
    expect(error.message).toMatch(/too weak to sign deliveries/);
  });

  it('refuses a filter type the event does not have, listing the types it has', async () => {
    const error = await refusal(create({ event: 'message_status', filter: { type: 'text' } }));
    expect(error).toMatchObject({ code: 'invalid_filter', field: 'filter.type' });
    expect(error.message).toMatch(/^The field "filter\.type" must be one of: sent, delivered, read, played, failed \(the message_status event has no "text"\)\.$/);
    expect((await create({ event: 'message_status', filter: { type: 'read' } })).filter).toEqual({ type: 'read' });
    expect((await refusal(create({ event: 'inbound_message', filter: { type: 'read' } }))).message).toMatch(/^The field "filter\.type" must be one of: text, .*image.* \(the inbound_message event has no "read"\)\.$/);
    expect((await create({ event: 'inbound_message', filter: { type: 'image' } })).filter).toEqual({ type: 'image' });
  });

  it('refuses a filter on a number that is not the workspace\'s, listing its numbers', async () => {
    const error = await refusal(create({ filter: { phone_number_id: '999' } }));
    expect(error).toMatchObject({ code: 'invalid_filter', field: 'filter.phone_number_id' });
    expect(error.message).toBe('The field "filter.phone_number_id" is not one of your business numbers; use one of: 106540352242922.');
    await fx.store.deleteConnection('106540352242922');
    expect((await refusal(create({ filter: { phone_number_id: '999' } }))).message).toContain('use one of: (none connected yet).');
  });

  it('keeps the workspace within its number of subscriptions', async () => {
    fx.deps.config = { ...fx.deps.config, delivery: { ...fx.deps.config.delivery, maxSubscriptionsPerWorkspace: 2 } };
    await create();
    await create();
    const error = await refusal(create());
    expect(error).toMatchObject({ code: 'subscription_limit_reached', details: { limit: 2 } });
    expect(error.message).toMatch(/^This workspace already has 2 subscriptions, the most it may have\./);
    expect(await listSubscriptions(fx.deps, fx.workspaceId)).toHaveLength(2);
  });

  it('refuses a private target unless the operator allows it or the workspace is the sandbox demo', async () => {
    fx.deps.config = { ...fx.deps.config, allowPrivateTargets: false, production: false };
    expect((await refusal(create())).field).toBe('target_url');
    await fx.store.updateWorkspaceSettings(fx.workspaceId, { sandboxDemo: true });
    expect((await create()).target_url).toBe(TARGET);
  });
});

describe('rotateSubscriptionSecret', () => {
  it('answers a new secret and keeps the old one signing for 24 hours', async () => {
    const { id, secret } = await create();
    const rotated = await rotateSubscriptionSecret(fx.deps, fx.workspaceId, id);
    expect(rotated).toEqual({ id, secret: expect.stringMatching(/^whsec_/) as unknown as string, previous_secret_valid_until: '2026-11-26T10:00:00.000Z' });
    expect(rotated.secret).not.toBe(secret);
    const stored = await fx.store.getSubscription(fx.workspaceId, id);
    expect(openSigningSecrets(fx.deps.secrets, stored?.secret ?? '')).toEqual({ current: rotated.secret, previous: secret, previousUntil: Date.parse('2026-11-26T10:00:00.000Z') });
  });

  it('gives a subscription without a secret its first, with nothing kept', async () => {
    const bare = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: TARGET, sink: null, secret: null, filter: null, source: 'api' });
    const rotated = await rotateSubscriptionSecret(fx.deps, fx.workspaceId, bare.id);
    expect(rotated.previous_secret_valid_until).toBeNull();
    expect(openSigningSecrets(fx.deps.secrets, (await fx.store.getSubscription(fx.workspaceId, bare.id))?.secret ?? '').current).toBe(rotated.secret);
  });

  it('answers 409 when another rotation won the race', async () => {
    const { id } = await create();
    const store = Object.assign(Object.create(fx.store) as Store, { replaceSubscriptionSecret: async () => false });
    const error = await refusal(rotateSubscriptionSecret({ ...fx.deps, store }, fx.workspaceId, id));
    expect(error).toMatchObject({ code: 'conflict', field: 'id' });
    expect(error.message).toMatch(/rotated by another request at the same moment/);
  });

  it('answers 404 for an unknown subscription and for an in-process sink', async () => {
    for (const id of ['sub_missing', await sink()]) {
      const error = await refusal(rotateSubscriptionSecret(fx.deps, fx.workspaceId, id));
      expect(error).toMatchObject({ code: 'not_found', field: 'id' });
      expect(error.message).toContain(`The subscription "${id}"`);
    }
  });
});

describe('listing and deleting', () => {
  it('lists HTTP subscriptions only, and deletes one; a sink or a deleted one answers 404', async () => {
    const sinkId = await sink();
    const { id } = await create();
    expect((await listSubscriptions(fx.deps, fx.workspaceId)).map((s) => s.id)).toEqual([id]);
    expect((await refusal(deleteSubscription(fx.deps, fx.workspaceId, sinkId))).code).toBe('not_found');
    expect(await fx.store.getSubscription(fx.workspaceId, sinkId)).not.toBeNull();
    await deleteSubscription(fx.deps, fx.workspaceId, id);
    expect(await listSubscriptions(fx.deps, fx.workspaceId)).toEqual([]);
    const again = await refusal(deleteSubscription(fx.deps, fx.workspaceId, id));
    expect(again).toMatchObject({ code: 'not_found', field: 'id' });
  });
});

describe('sealStoredSecrets', () => {
  it('seals plaintext secrets, gives secretless subscriptions one, and leaves sealed ones alone', async () => {
    const plain = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: TARGET, sink: null, secret: 'an-old-plaintext-secret-of-32-chars!', filter: null, source: 'api' });
    const none = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: TARGET, sink: null, secret: null, filter: null, source: 'api' });
    const empty = await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: TARGET, sink: null, secret: '', filter: null, source: 'api' });
    const sealed = await create();
    const sealedBefore = (await fx.store.getSubscription(fx.workspaceId, sealed.id))?.secret;
    expect(await sealStoredSecrets(fx.deps)).toBe(3);
    const open = async (id: string) => openSigningSecrets(fx.deps.secrets, (await fx.store.getSubscription(fx.workspaceId, id))?.secret ?? '');
    expect(await open(plain.id)).toEqual({ current: 'an-old-plaintext-secret-of-32-chars!', previous: null, previousUntil: null });
    expect((await open(none.id)).current).toMatch(/^whsec_/);
    expect((await open(empty.id)).current).toMatch(/^whsec_/);
    expect((await fx.store.getSubscription(fx.workspaceId, sealed.id))?.secret).toBe(sealedBefore);
    expect(await sealStoredSecrets(fx.deps)).toBe(0);
  });

  it('counts only the subscriptions it changed', async () => {
    await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: TARGET, sink: null, secret: null, filter: null, source: 'api' });
    const store = Object.assign(Object.create(fx.store) as Store, { replaceSubscriptionSecret: async () => false });
    expect(await sealStoredSecrets({ store, secrets: fx.deps.secrets })).toBe(0);
  });
});
