/** Edges of the media actions: what an upload sends to Meta, a number that answers 404 for media it does not know, and a too-large download not worth retrying. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isKaikuError } from '@kaiku/core';
import { WhatsAppAccess } from '../src/actions/context.js';
import { MAX_DOWNLOAD_BYTES, openMedia, uploadMedia } from '../src/actions/media.js';
import { connectionInput } from './store-fixtures.js';
import { GRAPH_URL, metaError, openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture, GraphAnswer, GraphCall } from './action-deps-fixture.js';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
  fx.routes['POST /106540352242922/media'] = { body: { id: 'media.up1' } };
});
afterEach(async () => fx.cleanup());

const lookup = (call: GraphCall): GraphAnswer => ({
  body: { messaging_product: 'whatsapp', id: 'media.1', mime_type: 'image/jpeg', sha256: 'x', file_size: 3, url: `${GRAPH_URL}/download/${call.query.get('phone_number_id') ?? ''}` },
});

describe('uploadMedia, what Meta receives', () => {
  it('sends the bytes, the bare MIME type and the file name', async () => {
    const forms: FormData[] = [];
    const capture = (async (input: string | URL | Request, init: RequestInit = {}) => {
      if (init.body instanceof FormData) forms.push(init.body);
      return fx.fetch(input, init);
    }) as typeof fetch;
    fx.deps.whatsapp = new WhatsAppAccess(fx.deps.secrets, { templateCacheMs: 0, fetch: capture });
    await uploadMedia(fx.deps, fx.workspaceId, { data: Buffer.from('jpeg bytes'), mimeType: 'Image/JPEG; charset=binary', filename: 'shirt.jpg' });
    expect(forms).toHaveLength(1);
    const form = forms[0] as FormData;
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('image/jpeg');
    const file = form.get('file') as File;
    expect(file.name).toBe('shirt.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(await file.text()).toBe('jpeg bytes');
  });
});

describe('openMedia', () => {
  it('asks the next number when the first answers 404 with a code other than 100', async () => {
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '222', wabaId: '102290129340398', graphBaseUrl: GRAPH_URL, accessTokenEnc: fx.connection.accessTokenEnc }));
    fx.routes['GET /media.1'] = (call) => (call.query.get('phone_number_id') === '222' ? lookup(call) : metaError(404, 803, 'Some of the aliases you requested do not exist'));
    fx.routes['GET /download/222'] = { body: 'abc', headers: { 'content-length': '3' } };
    const media = await openMedia(fx.deps, fx.workspaceId, 'media.1');
    expect(media.length).toBe(3);
    media.body.destroy();
  });

  it('refuses a file over the limit as not worth retrying', async () => {
    fx.routes['GET /media.1'] = lookup;
    fx.routes['GET /download/106540352242922'] = { body: 'abc', headers: { 'content-length': String(MAX_DOWNLOAD_BYTES + 1) } };
    const error = await openMedia(fx.deps, fx.workspaceId, 'media.1').then(() => null, (e: unknown) => e);
    expect(isKaikuError(error) && { code: error.code, retryable: error.retryable }).toEqual({ code: 'meta_error', retryable: false });
  });
});
