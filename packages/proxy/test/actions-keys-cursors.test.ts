/**
 * The small use cases every API page leans on: API keys (names, newest first, revoking), which business number a
 * request speaks for, page cursors and sizes, and the idempotency key that never sends twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KaikuError } from '@kaiku/core';
import { createKey, keyView, listKeys, revokeKey } from '../src/actions/api-keys.js';
import { resolveConnection } from '../src/actions/connections.js';
import { decodeCursor, encodeCursor, pageLimit } from '../src/actions/cursors.js';
import { requestHash, sendOnce } from '../src/actions/idempotency.js';
import type { SendOutcome } from '../src/actions/idempotency.js';
import type { Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

/** What an action threw, for asserting its code, message and details. */
async function refusal(run: () => Promise<unknown> | unknown): Promise<{ code: string; message: string; details: Record<string, unknown>; retryAfterMs?: number }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown>; retryAfterMs?: number };
  }
  throw new Error('expected a refusal');
}

describe('API keys', () => {
  it('refuses a missing, blank or over-long name, naming the field and giving an example', async () => {
    const { id } = await store.createWorkspace({ name: 'Keys' });
    for (const body of [{}, { name: 42 }, { name: '   ' }, { name: 'x'.repeat(101) }]) {
      const error = await refusal(() => createKey(store, id, body));
      expect(error.code).toBe('validation_failed');
      expect(error.message).toContain('1 to 100 characters');
      expect(error.message).toContain('"Zapier (sales team)"');
      expect(error.details).toEqual({ field: 'name' });
    }
    expect(await listKeys(store, id)).toEqual([]);
  });

  it('takes a name of exactly 100 characters, trimmed, and shows the key once with its first characters as prefix', async () => {
    const { id } = await store.createWorkspace({ name: 'Keys' });
    const created = await createKey(store, id, { name: `  ${'n'.repeat(100)}  ` });
    expect(created.name).toBe('n'.repeat(100));
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(created.key.length);
    expect(created.last_used_at).toBeNull();
    expect(created.revoked_at).toBeNull();
    const [listed] = await listKeys(store, id);
    expect(listed).toEqual({ id: created.id, name: created.name, prefix: created.prefix, created_at: created.created_at, last_used_at: null, revoked_at: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('lists the newest key first and shows when a key was revoked', async () => {
    const { id } = await store.createWorkspace({ name: 'Keys' });
    const first = await createKey(store, id, { name: 'first' });
    await new Promise((resolve) => setTimeout(resolve, 2)); // in the same millisecond the order falls to the random ids
    const second = await createKey(store, id, { name: 'second' });
    expect((await listKeys(store, id)).map((k) => k.name)).toEqual(['second', 'first']);
    await revokeKey(store, id, first.id);
    const revoked = (await listKeys(store, id)).find((k) => k.id === first.id);
    expect(revoked?.revoked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await listKeys(store, id)).find((k) => k.id === second.id)?.revoked_at).toBeNull();
  });

  it('answers 404 naming the key for a key of another workspace or none', async () => {
    const mine = await store.createWorkspace({ name: 'Mine' });
    const theirs = await store.createWorkspace({ name: 'Theirs' });
    const key = await createKey(store, theirs.id, { name: 'theirs' });
    const error = await refusal(() => revokeKey(store, mine.id, key.id));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(`The API key "${key.id}"`);
    expect(error.details).toEqual({ field: 'id' });
    expect((await listKeys(store, theirs.id))[0]?.revoked_at).toBeNull();
  });

  it('shows the times of use and revocation as ISO strings', () => {
    const at = new Date('2026-11-25T10:00:00.000Z');
    const view = keyView({ id: 'k', workspaceId: 'w', name: 'n', prefix: 'kaiku_ab', hash: 'h', createdAt: at, lastUsedAt: new Date(at.getTime() + 1000), revokedAt: new Date(at.getTime() + 2000) });
    expect(view).toEqual({ id: 'k', name: 'n', prefix: 'kaiku_ab', created_at: '2026-11-25T10:00:00.000Z', last_used_at: '2026-11-25T10:00:01.000Z', revoked_at: '2026-11-25T10:00:02.000Z' });
  });
});

describe('resolveConnection', () => {
  it('says how to connect a number when the workspace has none', async () => {
    const { id } = await store.createWorkspace({ name: 'Empty' });
    const error = await refusal(() => resolveConnection(store, id));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('pnpm kaiku connection add');
    expect(error.details).toEqual({ field: 'phone_number_id' });
  });

  it('takes the named number, else the first; an unknown one is 404 pointing at the numbers list', async () => {
    const { id } = await store.createWorkspace({ name: 'Two numbers' });
    await store.upsertConnection(connectionInput(id, { phoneNumberId: '1111' }));
    // The first connected number is the default: a later millisecond keeps the order from falling to the random ids.
    await new Promise((resolve) => setTimeout(resolve, 2));
    await store.upsertConnection(connectionInput(id, { phoneNumberId: '2222' }));
    expect((await resolveConnection(store, id, '2222')).phoneNumberId).toBe('2222');
    expect((await resolveConnection(store, id)).phoneNumberId).toBe('1111');
    expect((await resolveConnection(store, id, null)).phoneNumberId).toBe('1111');
    expect((await resolveConnection(store, id, '')).phoneNumberId).toBe('1111');
    const error = await refusal(() => resolveConnection(store, id, '3333'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('"3333" is not connected');
    expect(error.message).toContain('GET /v1/phone-numbers');
    expect(error.details).toEqual({ field: 'phone_number_id' });
  });
});

describe('cursors and page sizes', () => {
  const shape = { at: 0, waId: '' };

  it('gives back what it encoded, and nothing for no cursor', () => {
    const cursor = encodeCursor({ at: 1764064800000, waId: '358401234567' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('cursor', cursor, shape)).toEqual({ at: 1764064800000, waId: '358401234567' });
    expect(decodeCursor('cursor', undefined, shape)).toBeUndefined();
    expect(decodeCursor('cursor', '', shape)).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['a number', Buffer.from('5').toString('base64url')],
    ['a field of the wrong type', encodeCursor({ at: '1', waId: 'x' })],
    ['a missing field', encodeCursor({ at: 1 })],
  ])('refuses %s, naming the field and what to pass', (_label, value) => {
    let error: unknown;
    try {
      decodeCursor('before', value, shape);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'before' } });
    expect((error as Error).message).toContain('The field "before" is not a cursor this API gave out');
    expect((error as Error).message).toContain('next_cursor');
  });

  it('takes page sizes from 1 to the maximum and the fallback when absent', () => {
    expect(pageLimit(undefined, 25, 100)).toBe(25);
    expect(pageLimit('', 25, 100)).toBe(25);
    expect(pageLimit('1', 25, 100)).toBe(1);
    expect(pageLimit('100', 25, 100)).toBe(100);
  });

  it.each(['0', '101', '2.5', 'ten', '-1'])('refuses the page size %s, saying the range', (value) => {
    expect(() => pageLimit(value, 25, 100)).toThrow('The field "limit" must be a whole number from 1 to 100.');
    try {
      pageLimit(value, 25, 100);
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'limit' } });
    }
  });
});

describe('idempotency keys', () => {
  it('hashes requests by content: key order and undefined fields do not matter, values, lists and the operation do', () => {
    const base = requestHash('send', { to: '358', variables: { a: '1', b: '2' }, list: [1, 2] });
    expect(requestHash('send', { list: [1, 2], variables: { b: '2', a: '1' }, to: '358', extra: undefined })).toBe(base);
    expect(requestHash('send', { to: '358', variables: { a: '1', b: '2' }, list: [1, 2], idempotency_key: 'k1' })).toBe(base);
    expect(requestHash('send', { to: '358', variables: { a: '1', b: '2' }, list: [2, 1] })).not.toBe(base);
    expect(requestHash('send', { to: '358', variables: { a: '1', b: '3' }, list: [1, 2] })).not.toBe(base);
    expect(requestHash('reply', { to: '358', variables: { a: '1', b: '2' }, list: [1, 2] })).not.toBe(base);
    expect(requestHash('send', { to: '358', variables: { a: '1', b: '2' }, list: [1, 2], extra: null })).not.toBe(base);
    expect(requestHash('send', { to: '358', variables: { a: '1', b: '2' }, list: [[1, 2]] })).not.toBe(base);
    expect(requestHash('send', [{ a: 1 }])).not.toBe(requestHash('send', { a: 1 }));
    expect(requestHash('send', 'x')).toMatch(/^[0-9a-f]{64}$/);
    // Lists, objects and text never read alike, whatever their parts.
    expect(requestHash('send', [1])).not.toBe(requestHash('send', { 0: 1 }));
    expect(requestHash('send', [1, 2])).not.toBe(requestHash('send', [12]));
    expect(requestHash('send', 'ab')).not.toBe(requestHash('send', { 0: 'a', 1: 'b' }));
    expect(requestHash('send', { a: 'b' })).not.toBe(requestHash('send', { b: 'a' }));
  });

  async function outbound(workspaceId: string, connectionId: string, id: string): Promise<SendOutcome<{ id: string }>> {
    return {
      answer: { id },
      message: { id, workspaceId, connectionId, waId: '358401234567', type: 'text', templateName: null, templateCategory: null, sentAs: 'free_form', status: 'accepted' },
    };
  }

  it('sends once per key, replays the answer, refuses the key for another message and frees it after a failure', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Idempotent' });
    const connection = await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId: '4444' }));
    let sends = 0;
    const send = async () => outbound(workspaceId, connection.id, `wamid.${(sends += 1)}`);
    const request = { workspaceId, key: 'k1', operation: 'send', input: { to: '358401234567', text: 'Hei' } };
    expect(await sendOnce(store, request, send)).toEqual({ answer: { id: 'wamid.1' }, replayed: false });
    expect(await sendOnce(store, request, send)).toEqual({ answer: { id: 'wamid.1' }, replayed: true });
    expect(sends).toBe(1);
    expect((await store.getOutboundMessage(workspaceId, 'wamid.1'))?.message.idempotencyKey).toBe('k1');

    const mismatch = await refusal(() => sendOnce(store, { ...request, input: { to: '358401234567', text: 'Moi' } }, send));
    expect(mismatch).toMatchObject({ code: 'idempotency_conflict', details: { idempotency_key: 'k1' } });
    expect(mismatch.message).toContain('already used for a different message');

    const failing = { ...request, key: 'k2' };
    await expect(sendOnce(store, failing, async () => { throw new KaikuError('meta_error', 'refused'); })).rejects.toThrow('refused');
    expect(await sendOnce(store, failing, send)).toEqual({ answer: { id: 'wamid.2' }, replayed: false });
  });

  it('keeps the key taken when the outcome is unknown, and says to wait and repeat', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Unknown outcome' });
    const request = { workspaceId, key: 'k3', operation: 'send', input: { text: 'Hei' } };
    await expect(sendOnce(store, request, async () => { throw new KaikuError('outcome_unknown', 'no answer'); })).rejects.toThrow('no answer');
    const pending = await refusal(() => sendOnce(store, request, async () => { throw new Error('must not send'); }));
    expect(pending).toMatchObject({ code: 'idempotency_conflict', details: { idempotency_key: 'k3' }, retryAfterMs: 2000 });
    expect(pending.message).toContain('still in progress');
  });

  it('without a key sends every time and records the message', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'No key' });
    const connection = await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId: '5555' }));
    let sends = 0;
    const send = async () => outbound(workspaceId, connection.id, `wamid.nokey${(sends += 1)}`);
    const request = { workspaceId, key: null, operation: 'send', input: {} };
    await sendOnce(store, request, send);
    await sendOnce(store, request, send);
    expect(sends).toBe(2);
    const recorded = await store.getOutboundMessage(workspaceId, 'wamid.nokey2');
    expect(recorded?.message.idempotencyKey).toBeNull();
    expect(recorded?.message.response).toEqual({ id: 'wamid.nokey2' });
    await expect(sendOnce(store, request, async () => { throw new Error('down'); })).rejects.toThrow('down');
  });
});
