/**
 * `GET /v1/events` after retention: a Last-Event-ID whose event is still kept resumes right after it; one
 * whose event retention let go is answered with a `reset` event (reload: what came between is gone) and
 * the stream then goes on from now.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pruneExpired } from '../src/jobs/retention.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

/** Opens the stream and reads it until the `ready` event, then closes it; the events' names, ids and data. */
async function opening(api: ApiFixture, lastEventId: string): Promise<Array<{ event: string; id: string | null; data: Record<string, unknown> }>> {
  const controller = new AbortController();
  const response = await api.call('/v1/events', { headers: { 'last-event-id': lastEventId }, signal: controller.signal });
  expect(response.status).toBe(200);
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    if (/event: ready\n[^]*?\n\n/.test(text)) break;
  }
  controller.abort();
  return text.split('\n\n').filter((block) => block.includes('event: ')).map((block) => ({
    event: /event: (\w+)/.exec(block)?.[1] ?? '',
    id: /^id: (.*)$/m.exec(block)?.[1] ?? null,
    data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>,
  }));
}

describe('the event stream after retention', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('resumes after a kept event, and answers a pruned one with reset, then goes on from now', async () => {
    const { store } = api.runtime;
    await store.appendEvents(api.workspaceId, [{ type: 'read', waId: '358400000001', data: { up_to: 'wamid.a' } }, { type: 'read', waId: '358400000002', data: { up_to: 'wamid.b' } }]);
    const [first, second] = await store.listEvents(api.workspaceId, null, 10);
    const kept = await opening(api, first?.cursor ?? '');
    expect(kept[0]).toMatchObject({ event: 'ready', id: first?.cursor });
    expect(kept.map((e) => e.event)).not.toContain('reset');

    await pruneExpired(store, { retentionDays: 30, deadRetentionDays: 90, now: () => Date.now() + 49 * 3_600_000 });
    await store.appendEvents(api.workspaceId, [{ type: 'read', waId: '358400000003', data: { up_to: 'wamid.c' } }]);
    const latest = await store.latestEventCursor(api.workspaceId);
    const lost = await opening(api, first?.cursor ?? '');
    expect(lost.map((e) => e.event)).toEqual(['reset', 'ready']);
    expect(lost[0]?.data.reason).toMatch(/no longer kept .* reload/);
    expect(lost[1]?.id).toBe(latest);
    expect((await opening(api, second?.cursor ?? '')).map((e) => e.event)).toEqual(['reset', 'ready']);
    expect((await opening(api, latest)).map((e) => e.event)).toEqual(['ready']);
    expect((await opening(api, '0')).map((e) => e.event)).not.toContain('reset');
  });
});
