/**
 * The conversation API over real HTTP against the sandbox, on both stores: the list, one timeline of both
 * directions, media in and out through the proxy, inbound paging by cursor, read marks, and the event stream
 * with Last-Event-ID resume.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { openSse } from './harness/sse.js';

type Page<T> = { data: T[]; next_cursor: string | null };
type Conversation = { wa_id: string; profile_name: string | null; unread_count: number; window: { state: string }; consent: { status: string }; last_message: Message | null };
type Message = { id: string; direction: string; type: string; text: string | null; status: string | null; media: { id: string | null; url: string | null; mime_type: string | null } | null; template: { name: string; preview: string | null } | null };

describe.each(['sqlite', 'postgres'] as const)('conversations over HTTP (%s)', (store) => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku({ store });
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await kaiku.api(path, init);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const timeline = (waId: string) => json<Page<Message>>(`/v1/conversations/${waId}/messages`);
  const conversation = async (waId: string) => (await json<Page<Conversation>>(`/v1/conversations?q=${waId}`)).data.find((c) => c.wa_id === waId);

  it('shows a customer\'s messages and the replies in one timeline, with media through the proxy and ticks advancing to read', async () => {
    const waId = '358405550001';
    const text = await kaiku.customer.send(waId, { type: 'text', text: { body: 'Is my order on its way?' }, profile_name: 'Aino Asiakas' });
    const photo = await kaiku.customer.send(waId, { type: 'image', image: { caption: 'The box was broken' }, profile_name: 'Aino Asiakas' });
    const listed = await eventually(async () => {
      const c = await conversation(waId);
      return c?.unread_count === 2 ? c : undefined;
    }, 10_000, 'both messages in the conversation');
    expect(listed).toMatchObject({ profile_name: 'Aino Asiakas', window: { state: 'open' }, consent: { status: 'unknown' }, last_message: { id: photo.id, type: 'image' } });
    expect((await json<Page<Conversation>>('/v1/conversations?q=aino')).data.map((c) => c.wa_id)).toContain(waId);

    const inboundPhoto = (await timeline(waId)).data.find((m) => m.id === photo.id);
    expect(inboundPhoto?.media?.url).toBe(`/v1/media/${inboundPhoto?.media?.id ?? ''}`);
    const file = await kaiku.api(inboundPhoto?.media?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(10);
    expect((await kaiku.api('/v1/media/9999999999')).status).toBe(404);
    expect(await json<{ direction: string; text: string }>(`/v1/messages/${text.id}`)).toMatchObject({ direction: 'inbound', text: 'Is my order on its way?', wa_id: waId });

    const upload = await kaiku.api('/v1/media?filename=map.png', { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    expect(upload.status).toBe(200);
    const uploaded = (await upload.json()) as { id: string; type: string };
    expect(uploaded.type).toBe('image');
    const refused = await kaiku.api('/v1/media', { method: 'POST', headers: { 'content-type': 'application/x-msdownload' }, body: 'MZ' });
    expect(refused.status).toBe(400);

    const answer = await json<{ id: string }>('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: waId, text: 'Yes, tomorrow!' }) });
    const image = await json<{ id: string }>('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: waId, media: { type: 'image', id: uploaded.id, caption: 'Pickup point' } }) });
    const messages = await eventually(async () => {
      const page = await timeline(waId);
      const statuses = page.data.filter((m) => m.direction === 'outbound').map((m) => m.status);
      return statuses.length === 2 && statuses.every((s) => s === 'read') ? page.data : undefined;
    }, 10_000, 'both replies read');
    expect(messages.map((m) => [m.direction, m.id])).toEqual([['outbound', image.id], ['outbound', answer.id], ['inbound', photo.id], ['inbound', text.id]]);
    expect(messages[0]).toMatchObject({ type: 'image', text: null, media: { id: uploaded.id, url: `/v1/media/${uploaded.id}` } });
    expect(messages[1]).toMatchObject({ type: 'text', text: 'Yes, tomorrow!' });
    const phone = await kaiku.customer.messages(waId);
    expect(phone.filter((m) => m.direction === 'outbound').map((m) => m.type)).toEqual(['text', 'image']);

    const older = await json<Page<Message>>(`/v1/conversations/${waId}/messages?limit=3`);
    expect(older.next_cursor).not.toBeNull();
    const rest = await json<Page<Message>>(`/v1/conversations/${waId}/messages?limit=3&before=${older.next_cursor ?? ''}`);
    expect(rest).toEqual({ data: [expect.objectContaining({ id: text.id })], next_cursor: null });
  });

  it('keeps the template sent and its text in the timeline', async () => {
    const waId = '358405550002';
    await json('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: waId, template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-77', 2: '12.50 EUR' } }) });
    const [sent] = (await timeline(waId)).data;
    expect(sent).toMatchObject({ direction: 'outbound', type: 'template', template: { name: 'order_confirmation' } });
    expect(sent?.text).toContain('KA-77');
    expect((await conversation(waId))?.window.state).toBe('closed');
  });

  it('pages inbound messages past a burst larger than a page, and refuses a mangled cursor', async () => {
    const waId = '358405550003';
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push((await kaiku.customer.send(waId, { type: 'text', text: { body: `burst ${i}` } })).id);
    await eventually(async () => (await conversation(waId))?.unread_count === 5, 10_000, 'the burst');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Page<{ id: string; from: string }> = await json(`/v1/messages/inbound?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.filter((m) => m.from === waId).map((m) => m.id));
      cursor = page.next_cursor;
    }
    expect(seen.sort()).toEqual([...sent].sort());
    const bad = await kaiku.api('/v1/messages/inbound?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/next_cursor/);
  });

  it('streams new messages, statuses, consent and read marks, and resumes after a dropped connection', async () => {
    const waId = '358405550004';
    const headers = { authorization: `Bearer ${kaiku.apiKey}` };
    const stream = await openSse(`${kaiku.proxyUrl}/v1/events`, headers);
    await stream.next((e) => e.event === 'ready');
    const hello = await kaiku.customer.send(waId, { type: 'text', text: { body: 'Hello' } });
    const arrived = await stream.next((e) => e.event === 'message' && e.data.id === hello.id);
    expect(arrived.data).toMatchObject({ wa_id: waId, direction: 'inbound', type: 'text' });
    const reply = await json<{ id: string }>('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: waId, text: 'Hi!' }) });
    await stream.next((e) => e.event === 'message' && e.data.id === reply.id && e.data.direction === 'outbound');
    await stream.next((e) => e.event === 'status' && e.data.id === reply.id && e.data.status === 'read');
    stream.close();

    // While nobody listens: the customer writes, the business reads it, and the customer says STOP.
    const missed = await kaiku.customer.send(waId, { type: 'text', text: { body: 'Still there?' } });
    await eventually(async () => (await conversation(waId))?.unread_count === 2, 10_000, 'the missed message');
    expect(await json(`/v1/conversations/${waId}/read`, { method: 'POST' })).toMatchObject({ wa_id: waId, read_up_to: missed.id, receipt_sent: false });
    expect((await conversation(waId))?.unread_count).toBe(0);
    await kaiku.customer.send(waId, { type: 'text', text: { body: 'STOP' } });
    await eventually(async () => (await conversation(waId))?.consent.status === 'opted_out', 10_000, 'the opt-out');

    const resumed = await openSse(`${kaiku.proxyUrl}/v1/events`, { ...headers, 'last-event-id': arrived.id ?? '' });
    try {
      await resumed.next((e) => e.event === 'consent' && e.data.status === 'opted_out');
      const kinds = resumed.events.filter((e) => e.data.wa_id === waId).map((e) => `${e.event}:${String(e.data.direction ?? e.data.status ?? '')}`);
      expect(kinds).toContain('message:outbound');
      expect(kinds).toContain('read:');
      expect(resumed.events.some((e) => e.data.id === missed.id)).toBe(true);
      expect(resumed.events.some((e) => e.data.id === hello.id)).toBe(false);
      const ids = resumed.events.map((e) => e.id).filter((id) => id !== null);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      resumed.close();
    }
    expect((await kaiku.api('/v1/events', { headers: { 'last-event-id': 'yesterday' } })).status).toBe(400);
    expect((await fetch(`${kaiku.proxyUrl}/v1/events`)).status).toBe(401);
  });
});
