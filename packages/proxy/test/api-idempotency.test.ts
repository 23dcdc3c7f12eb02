/** sendOnce on a real store: a failed send frees its key, a send whose outcome is unknown keeps it taken. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { KaikuError } from '@kaiku/core';
import { sendOnce } from '../src/actions/idempotency.js';
import type { SendOutcome } from '../src/actions/idempotency.js';
import type { Store } from '../src/store/index.js';
import { openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

describe('sendOnce', () => {
  let test: TestStore;
  let store: Store;
  let workspaceId: string;
  beforeEach(async () => {
    test = await openTestStore('sqlite');
    store = test.store;
    workspaceId = (await store.createWorkspace({ name: 'Idempotency' })).id;
    await store.upsertConnection({
      workspaceId, wabaId: '1', phoneNumberId: '2', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: 'x', appSecretEnc: 'y', verifyToken: 'z',
    });
  });
  afterEach(async () => {
    await test.cleanup();
  });

  const request = { key: 'order-42', operation: 'reply', input: { to: '358401234567', text: 'Hei' } };
  const sent = async (): Promise<SendOutcome<{ id: string }>> => {
    const connectionId = (await store.listConnections(workspaceId))[0]?.id ?? '';
    return {
      answer: { id: 'wamid.A' },
      message: { id: 'wamid.A', workspaceId, connectionId, waId: '358401234567', type: 'text', templateName: null, templateCategory: null, sentAs: 'free_form', status: 'accepted' },
    };
  };

  it('frees the key when WhatsApp surely did not send, so that a retry sends once', async () => {
    const refused = new KaikuError('network_error', 'Could not reach WhatsApp', { retryable: true });
    await expect(sendOnce(store, { workspaceId, ...request }, () => Promise.reject(refused))).rejects.toBe(refused);
    let sends = 0;
    const retry = await sendOnce(store, { workspaceId, ...request }, () => { sends += 1; return sent(); });
    const repeat = await sendOnce(store, { workspaceId, ...request }, () => { sends += 1; return sent(); });
    expect(sends).toBe(1);
    expect(retry).toEqual({ answer: { id: 'wamid.A' }, replayed: false });
    expect(repeat).toEqual({ answer: { id: 'wamid.A' }, replayed: true });
  });

  it('keeps the key taken when the outcome is unknown: a repeat never sends a second message', async () => {
    const unknown = new KaikuError('outcome_unknown', 'WhatsApp did not answer', { details: { outcome_unknown: true } });
    await expect(sendOnce(store, { workspaceId, ...request }, () => Promise.reject(unknown))).rejects.toBe(unknown);
    let sends = 0;
    await expect(sendOnce(store, { workspaceId, ...request }, () => { sends += 1; return sent(); }))
      .rejects.toMatchObject({ code: 'idempotency_conflict', message: expect.stringMatching(/outcome is unknown.*new key/) });
    expect(sends).toBe(0);
  });
});
