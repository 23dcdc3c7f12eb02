/**
 * Media through the actions: an upload of a type WhatsApp takes goes to the number with its bare MIME type and
 * answers the message type it makes; other types and empty files are refused saying what to send. A download is
 * looked up on each of the workspace's numbers in turn (Meta knows media only on its own number), refused over
 * 100 MB, and 404 when no number knows it or its id cannot be one.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isKaikuError } from '@kaiku/core';
import { MAX_DOWNLOAD_BYTES, openMedia, uploadMedia } from '../src/actions/media.js';
import { connectionInput } from './store-fixtures.js';
import { GRAPH_URL, metaError, openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture, GraphAnswer, GraphCall } from './action-deps-fixture.js';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
  fx.routes['POST /106540352242922/media'] = { body: { id: 'media.up1' } };
});
afterEach(async () => fx.cleanup());

describe('uploadMedia', () => {
  it('uploads with the bare MIME type and answers the message type it makes', async () => {
    const answer = await uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.from('jpeg bytes'), mimeType: ' Image/JPEG ; charset=binary', filename: 'shirt.jpg' });
    expect(answer).toEqual({ id: 'media.up1', type: 'image', mime_type: 'image/jpeg', filename: 'shirt.jpg', size: 10 });
    expect(fx.calls.map((c) => [c.method, c.path])).toEqual([['POST', '/106540352242922/media']]);
  });

  it.each([['image/webp', 'sticker'], ['video/mp4', 'video'], ['audio/ogg', 'audio'], ['application/pdf', 'document']])('takes %s as %s', async (mimeType, type) => {
    expect((await uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.from('x'), mimeType, filename: 'f' })).type).toBe(type);
  });

  it('refuses a type WhatsApp does not take, listing the ones it does', async () => {
    const error = await refusal(uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.from('x'), mimeType: 'image/gif', filename: 'a.gif' }));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'content-type' });
    expect(error.message).toMatch(/^WhatsApp does not take files of type "image\/gif"\. Send the file as the request body with its Content-Type, one of: image\/jpeg, image\/png, /);
    expect((await refusal(uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.from('x'), mimeType: '', filename: 'a' }))).message).toContain('type "unknown"');
    expect(fx.calls).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const error = await refusal(uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.alloc(0), mimeType: 'image/png', filename: 'a.png' }));
    expect(error).toEqual({ code: 'validation_failed', field: 'body', message: 'The file is empty: send its bytes as the request body.', details: { field: 'body' } });
    expect(fx.calls).toEqual([]);
  });
});

describe('openMedia', () => {
  const lookup = (call: GraphCall): GraphAnswer => ({
    body: { messaging_product: 'whatsapp', id: 'media.1', mime_type: 'image/jpeg', sha256: 'x', file_size: 3, url: `${GRAPH_URL}/download/${call.query.get('phone_number_id') ?? ''}` },
  });

  async function secondNumber(): Promise<void> {
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '222', wabaId: '102290129340398', graphBaseUrl: GRAPH_URL, accessTokenEnc: fx.connection.accessTokenEnc }));
  }

  it('streams the file of the first number that knows the media', async () => {
    await secondNumber();
    fx.routes['GET /media.1'] = (call) => (call.query.get('phone_number_id') === '222' ? lookup(call) : metaError(404, 100, 'Unsupported get request'));
    fx.routes['GET /download/222'] = { body: 'abc', headers: { 'content-length': '5' } };
    const media = await openMedia(fx.deps, fx.workspaceId, 'media.1');
    expect(media.length).toBe(5);
    expect(fx.calls.filter((c) => c.path === '/media.1').map((c) => c.query.get('phone_number_id')).sort()).toEqual(['106540352242922', '222']);
    media.body.destroy();
  });

  it.each([[metaError(400, 131009, 'bad parameter')], [metaError(403, 100, 'unknown id')]])('asks the next number when Meta does not know the media (%#)', async (answer) => {
    await secondNumber();
    fx.routes['GET /media.1'] = (call) => (call.query.get('phone_number_id') === '222' ? lookup(call) : answer);
    fx.routes['GET /download/222'] = { body: 'abc', headers: { 'content-length': '3' } };
    const media = await openMedia(fx.deps, fx.workspaceId, 'media.1');
    expect(media.length).toBe(3);
    media.body.destroy();
  });

  it('passes any other failure on at once', async () => {
    await secondNumber();
    fx.routes['GET /media.1'] = metaError(403, 10, 'Permission denied');
    const error = await openMedia(fx.deps, fx.workspaceId, 'media.1').then(() => null, (e: unknown) => e);
    expect(isKaikuError(error) && error.code).not.toBe('not_found');
    expect(fx.calls).toHaveLength(1);
  });

  it('answers 404 when no number knows the media', async () => {
    fx.routes['GET /media.1'] = metaError(404, 100, 'Unsupported get request');
    const error = await refusal(openMedia(fx.deps, fx.workspaceId, 'media.1'));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toMatch(/^The media "media\.1" was not found/);
  });

  it('answers 404 for an id that cannot be a media id, without asking Meta', async () => {
    for (const id of ['a/b', '', 'x'.repeat(201), 'id?fields=x']) {
      const error = await refusal(openMedia(fx.deps, fx.workspaceId, id));
      expect(error).toMatchObject({ code: 'not_found', field: 'id' });
      expect(error.message).toContain(`The media "${id.slice(0, 200)}"`);
    }
    fx.routes['GET /' + 'x'.repeat(200)] = metaError(404, 100);
    expect((await refusal(openMedia(fx.deps, fx.workspaceId, 'x'.repeat(200)))).code).toBe('not_found');
    expect(fx.calls.map((c) => c.path)).toEqual([`/${'x'.repeat(200)}`]);
  });

  it(`refuses a file announced over ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB, and passes one of exactly that`, async () => {
    fx.routes['GET /media.1'] = lookup;
    fx.routes['GET /download/106540352242922'] = { body: 'abc', headers: { 'content-length': String(MAX_DOWNLOAD_BYTES + 1) } };
    const error = await refusal(openMedia(fx.deps, fx.workspaceId, 'media.1'));
    expect(error.code).toBe('meta_error');
    expect(error.details).toEqual({ size_bytes: MAX_DOWNLOAD_BYTES + 1, limit_bytes: MAX_DOWNLOAD_BYTES });
    expect(error.message).toBe(`WhatsApp offers a file of ${MAX_DOWNLOAD_BYTES + 1} bytes, more than the 100 MB a WhatsApp message can carry, so the proxy does not pass it on.`);
    fx.routes['GET /download/106540352242922'] = { body: 'abc', headers: { 'content-length': String(MAX_DOWNLOAD_BYTES) } };
    const media = await openMedia(fx.deps, fx.workspaceId, 'media.1');
    expect(media.length).toBe(MAX_DOWNLOAD_BYTES);
    media.body.destroy();
  });
});
