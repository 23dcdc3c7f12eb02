/**
 * Quarantined webhook receipts through the actions: listed newest first for the workspace's own numbers, each
 * with its size in bytes and a preview cut after 4,096 characters; one is sent back to be applied by its id,
 * and anything else (another workspace's, not a number, unknown) answers 404.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { listQuarantine, retryQuarantined } from '../src/actions/webhook-quarantine.js';
import { connectionInput } from './store-fixtures.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
});
afterEach(async () => fx.cleanup());

async function quarantine(connectionId: string, body: string): Promise<number> {
  const [id] = await fx.store.saveWebhookReceipts([{ connectionId, body: Buffer.from(body, 'utf8') }]);
  if (id === undefined) throw new Error('no receipt id');
  expect(await fx.store.failReceipt(id, 'TypeError: boom', { quarantineAfter: 1, retryInMs: 0 })).toBe('quarantined');
  return id;
}

describe('listQuarantine', () => {
  it('shows each receipt with its times, attempts, error, size in bytes and whole body when short', async () => {
    const id = await quarantine(fx.connection.id, '{"öö":1}');
    const [view, ...rest] = await listQuarantine(fx.deps, fx.workspaceId, 10);
    expect(rest).toEqual([]);
    expect(view).toEqual({
      id: String(id), received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), quarantined_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      attempts: 1, error: 'TypeError: boom', body_bytes: 10, body_preview: '{"öö":1}',
    });
  });

  it('cuts the preview after 4,096 characters, and keeps a body of exactly 4,096 whole', async () => {
    await quarantine(fx.connection.id, 'x'.repeat(4096));
    await quarantine(fx.connection.id, `${'ä'.repeat(4096)}tail`);
    const [longer, exact] = await listQuarantine(fx.deps, fx.workspaceId, 10);
    expect(longer?.body_preview).toBe(`${'ä'.repeat(4096)}…`);
    expect(longer?.body_bytes).toBe(4096 * 2 + 4);
    expect(exact?.body_preview).toBe('x'.repeat(4096));
  });

  it('lists only the workspace\'s own receipts, at most the limit', async () => {
    const other = await fx.store.createWorkspace({ name: 'Other' });
    const theirs = await fx.store.upsertConnection(connectionInput(other.id, { phoneNumberId: '999', wabaId: '998' }));
    await quarantine(theirs.id, 'theirs');
    const ids = [await quarantine(fx.connection.id, 'one'), await quarantine(fx.connection.id, 'two')];
    expect((await listQuarantine(fx.deps, fx.workspaceId, 10)).map((r) => r.body_preview)).toEqual(['two', 'one']);
    expect((await listQuarantine(fx.deps, fx.workspaceId, 1)).map((r) => r.id)).toEqual([String(ids[1])]);
  });
});

describe('retryQuarantined', () => {
  it('takes the receipt out of quarantine, by an id of several digits', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i += 1) ids.push(await quarantine(fx.connection.id, `body ${i}`));
    const id = ids[11] ?? 0;
    expect(id).toBeGreaterThanOrEqual(10);
    await retryQuarantined(fx.deps, fx.workspaceId, String(id));
    expect((await listQuarantine(fx.deps, fx.workspaceId, 20)).map((r) => r.id)).not.toContain(String(id));
    expect(await listQuarantine(fx.deps, fx.workspaceId, 20)).toHaveLength(11);
  });

  it('answers 404 for another workspace\'s receipt, an id that is no number, and an unknown one', async () => {
    const other = await fx.store.createWorkspace({ name: 'Other' });
    const id = await quarantine(fx.connection.id, 'body');
    for (const [workspace, given] of [[other.id, String(id)], [fx.workspaceId, `${id}x`], [fx.workspaceId, ` ${id}`], [fx.workspaceId, `${id} `], [fx.workspaceId, `0x${id}`], [fx.workspaceId, `${id}e0`], [fx.workspaceId, `+${id}`], [fx.workspaceId, '-1'], [fx.workspaceId, '999999']]) {
      const error = await refusal(retryQuarantined(fx.deps, workspace ?? '', given ?? ''));
      expect(error.code).toBe('not_found');
      expect(error.details).toEqual({ id: given });
      expect(error.message).toContain(`The quarantined webhook receipt "${given}"`);
    }
    expect(await listQuarantine(fx.deps, fx.workspaceId, 10)).toHaveLength(1);
  });
});
