/**
 * `GET /v1/media/{id}` streams: against a Graph fake (a real HTTP server) whose download sends its first part
 * and then waits, the proxy's answer starts (type, length, first bytes) while WhatsApp's has not ended; a
 * client that goes away stops the download upstream; a file announced over the cap is refused unread; the
 * token goes to the download, never to the client.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { byteLimit } from '../src/http/media.js';
import { connectionInput } from './store-fixtures.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

const PART = 256 * 1024;
const TOKEN = 'graph-fake-token';

/** A download in progress on the fake: the test decides when it goes on, and sees when it ended. */
interface Download {
  res: ServerResponse;
  authorization: string | undefined;
  closed: Promise<{ finished: boolean }>;
}

describe('GET /v1/media/{id} streams through the proxy', () => {
  let api: ApiFixture;
  let graph: Server;
  let graphUrl = '';
  const downloads: Download[] = [];
  const waiting: Array<(download: Download) => void> = [];

  function graphFake(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', graphUrl);
    const lookup = /^\/v24\.0\/(media\.\w+)$/.exec(url.pathname);
    if (lookup) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ messaging_product: 'whatsapp', id: lookup[1], mime_type: 'video/mp4', sha256: 'x', file_size: 3 * PART, url: `${graphUrl}/download/${lookup[1]}` }));
      return;
    }
    const size = url.pathname.endsWith('huge') ? 200 * 1024 * 1024 : 3 * PART;
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
    res.write(Buffer.alloc(PART, 1));
    const download: Download = { res, authorization: req.headers.authorization, closed: once(res, 'close').then(() => ({ finished: res.writableFinished })) };
    downloads.push(download);
    waiting.shift()?.(download);
  }
  const nextDownload = () => new Promise<Download>((resolve) => waiting.push(resolve));

  beforeAll(async () => {
    graph = createServer(graphFake);
    graph.listen(0, '127.0.0.1');
    await once(graph, 'listening');
    graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
    api = await startApiFixture();
    await api.runtime.store.upsertConnection(connectionInput(api.workspaceId, { graphBaseUrl: graphUrl, accessTokenEnc: api.runtime.secrets.encrypt(TOKEN), appSecretEnc: api.runtime.secrets.encrypt('s') }));
  });
  afterAll(async () => {
    for (const download of downloads) download.res.destroy();
    await api.stop();
    graph.close();
  });

  it('answers with the first part while WhatsApp is still sending the rest', async () => {
    const started = nextDownload();
    const response = await api.call('/v1/media/media.big');
    const download = await started;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe(String(3 * PART));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < PART) received += (await reader.read()).value?.length ?? 0;
    // The proxy has passed the whole first part on, and WhatsApp's answer is still open: nothing waited for its end.
    expect(received).toBe(PART);
    expect(download.res.writableEnded).toBe(false);
    expect(download.authorization).toBe(`Bearer ${TOKEN}`);
    download.res.write(Buffer.alloc(PART, 2));
    download.res.end(Buffer.alloc(PART, 3));
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value.length;
    expect(received).toBe(3 * PART);
    expect(await download.closed).toEqual({ finished: true });
  });

  it('stops the download upstream when the client goes away', async () => {
    const started = nextDownload();
    const client = new AbortController();
    const response = await api.call('/v1/media/media.left', { signal: client.signal });
    const download = await started;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    client.abort();
    expect(await download.closed).toEqual({ finished: false });
  });

  it('refuses a file announced over the cap without passing any of it on', async () => {
    const started = nextDownload();
    const response = await api.call('/v1/media/media.huge');
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string; details: Record<string, unknown> } };
    expect(body.error.message).toMatch(/more than the 100 MB/);
    expect(body.error.details).toMatchObject({ size_bytes: 200 * 1024 * 1024 });
    expect(await (await started).closed).toEqual({ finished: false });
  });

  it('cuts a stream that goes past the cap without having announced its size', async () => {
    const limited = pipeline(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]), byteLimit(10), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) expect(chunk.length).toBe(6);
    });
    await expect(limited).rejects.toThrow('larger than 10 bytes');
  });
});
