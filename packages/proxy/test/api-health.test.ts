/** GET /healthz: ok, degraded with the reason while receipts wait too long or were quarantined, ok again after. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SqliteStore } from '../src/store/index.js';
import { connectionInput } from './store-fixtures.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

describe('GET /healthz', () => {
  let api: ApiFixture;
  let sqlite: SqliteStore;
  beforeAll(async () => {
    api = await startApiFixture({ KAIKU_HEALTH_MAX_RECEIPT_LAG_SECONDS: '60', KAIKU_HEALTH_MAX_QUARANTINED: '0' });
    if (!(api.runtime.store instanceof SqliteStore)) throw new Error('the fixture runs on SQLite');
    sqlite = api.runtime.store;
  });
  afterAll(async () => {
    await api.stop();
  });

  const health = async () => (await (await fetch(`${api.url}/healthz`)).json()) as { status: string; reasons?: string[] };

  it('says degraded while the oldest unapplied receipt is older than the threshold, and why', async () => {
    expect(await health()).toEqual({ status: 'ok', store: 'sqlite' });
    const connection = await sqlite.upsertConnection(connectionInput(api.workspaceId));
    const [id] = await sqlite.saveWebhookReceipts([{ connectionId: connection.id, body: Buffer.from('{}') }]);
    expect((await health()).status).toBe('ok');
    sqlite.database.prepare('update webhook_receipts set received_at = ? where id = ?').run(Date.now() - 120_000, id);
    expect(await health()).toEqual({ status: 'degraded', store: 'sqlite', reasons: [expect.stringMatching(/arrived 1[12]\d s ago \(more than 60 s\)/)] });

    // Quarantined, it no longer waits, but it counts as quarantined within the last 24 hours.
    await sqlite.failReceipt(id ?? 0, 'TypeError: boom', { quarantineAfter: 1, retryInMs: 0 });
    expect(await health()).toEqual({ status: 'degraded', store: 'sqlite', reasons: [expect.stringMatching(/^1 webhook receipt\(s\) failed to apply and were quarantined/)] });
    sqlite.database.prepare('update webhook_receipts set quarantined_at = ? where id = ?').run(Date.now() - 25 * 3_600_000, id);
    expect(await health()).toEqual({ status: 'ok', store: 'sqlite' });
  });
});
