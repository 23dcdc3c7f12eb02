/** The media API: multipart upload with Meta's MIME types and size limits, lookup, download, delete. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, PHONE } from './graph.js';

let sandbox: RunningSandbox;
const AUTH = { Authorization: 'Bearer sandbox-access-token' };

beforeAll(async () => {
  sandbox = await startSandbox({ phoneNumbers: [{ id: PHONE, display_phone_number: '15550001234', verified_name: 'A' }, { id: '106540352242923', display_phone_number: '15550001235', verified_name: 'B' }] });
});

afterAll(async () => {
  await sandbox.stop();
});

async function upload(bytes: Buffer, type: string, name: string, product: string | null = 'whatsapp'): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: number; error_data?: { details: string } } } }> {
  const form = new FormData();
  if (product) form.append('messaging_product', product);
  form.append('file', new Blob([bytes], { type }), name);
  const response = await fetch(`${sandbox.url}/v24.0/${PHONE}/media`, { method: 'POST', headers: AUTH, body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('upload validation', () => {
  const MB = 1024 * 1024;
  const cases: Array<[string, number, string, boolean]> = [
    ['image/png', 100, 'a.png', true],
    ['image/jpeg', 5 * MB, 'big.jpg', true],
    ['image/jpeg', 5 * MB + 1, 'too-big.jpg', false],
    ['image/gif', 100, 'a.gif', false],
    ['image/webp', 500 * 1024 + 1, 'sticker.webp', false],
    ['audio/ogg; codecs=opus', 100, 'voice.ogg', true],
    ['video/3gpp', 100, 'clip.3gp', true],
    ['application/zip', 100, 'a.zip', false],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 100, 'a.docx', true],
  ];
  it.each(cases)('%s, %i bytes (%s): accepted %s', async (type, size, name, ok) => {
    const response = await upload(Buffer.alloc(size, 7), type, name);
    if (ok) {
      expect(response.status).toBe(200);
      expect(response.body.id).toMatch(/^\d+$/);
      return;
    }
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe(131053);
  });

  it('requires messaging_product and a token', async () => {
    expect((await upload(Buffer.from('x'), 'text/plain', 'a.txt', null)).body.error?.code).toBe(100);
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    // No token at all: Graph's code 104, HTTP 400.
    expect((await fetch(`${sandbox.url}/v24.0/${PHONE}/media`, { method: 'POST', body: form })).status).toBe(400);
  });
});

describe('lookup, download and delete', () => {
  it('looks media up with sha256 and size, downloads it only with the token, and deletes it', async () => {
    const bytes = Buffer.from('%PDF-1.4 invoice');
    const { body } = await upload(bytes, 'application/pdf', 'invoice.pdf');
    const id = String(body.id);
    const info = await graph(sandbox.url, 'GET', `/${id}`);
    expect(info.body).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining(`${sandbox.url}/whatsapp_business/attachments/?mid=${id}`),
      mime_type: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: bytes.length,
      id,
    });
    const url = String(info.body.url);
    expect((await fetch(url)).status).toBe(401);
    const download = await fetch(url, { headers: AUTH });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(url.replace(/hash=\w+/, 'hash=0000'), { headers: AUTH })).status).toBe(404);
    const other = await graph(sandbox.url, 'GET', `/${id}?phone_number_id=106540352242923`);
    expect(other.body.error).toMatchObject({ code: 100 });
    expect((await graph(sandbox.url, 'DELETE', `/${id}?phone_number_id=${PHONE}`)).body).toEqual({ success: true });
    expect((await graph(sandbox.url, 'GET', `/${id}`)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await fetch(url, { headers: AUTH })).status).toBe(404);
  });
});
