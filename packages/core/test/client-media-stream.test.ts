/** `streamMedia`: a download handed on as a stream, over Node's http and over a given fetch, with Meta's errors and the host check. */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Readable } from 'node:stream';
import { testClient, TOKEN, useNock } from './client-helpers.js';

const auth = { reqheaders: { authorization: `Bearer ${TOKEN}` } };
const URL_OF_FILE = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=7';

useNock();

async function readAll(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('streamMedia', () => {
  it("streams from Meta's media host with the Bearer token, with type and length", async () => {
    const { client } = testClient();
    nock('https://lookaside.fbsbx.com', auth).get('/whatsapp_business/attachments/').query({ mid: '7' })
      .reply(200, 'a file', { 'content-type': 'application/pdf', 'content-length': '6' });
    const media = await client.streamMedia(URL_OF_FILE);
    expect([media.mimeType, media.length]).toEqual(['application/pdf', 6]);
    expect(await readAll(media.body)).toBe('a file');
  });

  it('says null when the length is not announced', async () => {
    const { client } = testClient();
    nock('https://lookaside.fbsbx.com').get('/x').reply(200, () => 'chunked', { 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' });
    const media = await client.streamMedia('https://lookaside.fbsbx.com/x');
    expect(media.length).toBeNull();
    expect(await readAll(media.body)).toBe('chunked');
  });

  it("turns an error answer into Meta's error and refuses other hosts", async () => {
    const { client } = testClient();
    nock('https://lookaside.fbsbx.com').get('/gone').reply(404, { error: { message: 'expired', type: 'OAuthException', code: 100, fbtrace_id: 'T' } });
    await expect(client.streamMedia('https://lookaside.fbsbx.com/gone')).rejects.toMatchObject({ httpStatus: 404, metaCode: 100, retryable: false });
    await expect(client.streamMedia('https://evil.example/steal')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('streams over a given fetch, and a signal aborted before the start stops it without a request or a retry', async () => {
    const calls: string[] = [];
    const fake = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input));
      init?.signal?.throwIfAborted();
      return new Response('over fetch', { headers: { 'content-type': 'text/plain', 'content-length': '10' } });
    }) as typeof fetch;
    const { client } = testClient({ fetch: fake });
    const media = await client.streamMedia(URL_OF_FILE);
    expect([media.mimeType, media.length, await readAll(media.body)]).toEqual(['text/plain', 10, 'over fetch']);
    const stopped = new AbortController();
    stopped.abort(new Error('the client went away'));
    await expect(client.streamMedia(URL_OF_FILE, stopped.signal)).rejects.toMatchObject({ code: 'network_error', retryable: false });
    expect(calls).toHaveLength(1);
  });
});
