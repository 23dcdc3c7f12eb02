/**
 * Done-when of the security work: after a session that connects a number, sends, subscribes, rotates a secret
 * and delivers (trace logs on), no subscription secret, WhatsApp access token or app secret is found in the
 * SQLite file, its WAL or the logs; nor in a pg_dump of the PostgreSQL schema.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const run = promisify(execFile);

describe.each(['sqlite', 'postgres'] as const)('secrets at rest and in the logs (%s)', (store) => {
  const accessToken = `EAAG${randomBytes(24).toString('hex')}`;
  const appSecret = randomBytes(16).toString('hex');
  const logs: string[] = [];
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    req.resume().on('end', () => {
      received.push(req.url ?? '');
      res.writeHead(204).end();
    });
  });
  let kaiku: Kaiku;
  const secrets: string[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const logDestination = new Writable({ write(chunk: Buffer, _encoding, done) { logs.push(chunk.toString()); done(); } });
    kaiku = await startKaiku({ store, logLevel: 'trace', logDestination, sandbox: { accessToken, appSecret }, background: { pollMs: 20 } });
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const made = (await (await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${target}/made` }) })).json()) as { id: string; secret: string };
    const chosen = `whsec_${randomBytes(32).toString('base64')}`;
    await kaiku.api('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `${target}/chosen`, secret: chosen }) });
    const rotated = (await (await kaiku.api(`/v1/subscriptions/${made.id}/rotate-secret`, { method: 'POST' })).json()) as { secret: string };
    secrets.push(made.secret, chosen, rotated.secret);
    await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358405550301', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-9', 2: '9.00 EUR' } }) });
    await kaiku.customer.send('358405550301', { type: 'text', text: { body: 'Kiitos' } });
    await eventually(async () => (received.includes('/made') && received.includes('/chosen') ? true : undefined), 10_000, 'both deliveries');
  });
  afterAll(async () => {
    await kaiku.stop();
    receiver.close();
  });

  /** Every secret, and the key part of each `whsec_` secret on its own. */
  function needles(): string[] {
    return [accessToken, appSecret, ...secrets, ...secrets.map((secret) => secret.slice('whsec_'.length))];
  }

  function found(haystack: Buffer | string): string[] {
    const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
    return needles().filter((needle) => text.includes(needle));
  }

  it('finds none in the logs', () => {
    const text = logs.join('');
    expect(text).toContain('"path":"/v1/subscriptions"');
    expect(text).toMatch(/rotate-secret","status":200/);
    expect(found(logs.join(''))).toEqual([]);
  });

  (store === 'sqlite' ? it : it.skip)('finds none in the SQLite file or its WAL', () => {
    const dataDir = kaiku.config.dataDir;
    const files = ['kaiku.sqlite', 'kaiku.sqlite-wal'].map((name) => join(dataDir, name));
    expect(files.every((file) => existsSync(file))).toBe(true);
    for (const file of files) expect([file, found(readFileSync(file))]).toEqual([file, []]);
  });

  (store === 'postgres' ? it : it.skip)('finds none in a pg_dump of the schema', async () => {
    const { stdout } = await run('pg_dump', ['--schema', kaiku.schema ?? '', '--data-only', 'postgres://postgres@127.0.0.1:5432/test'], { maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).toContain('subscriptions');
    expect(found(stdout)).toEqual([]);
  });
});
