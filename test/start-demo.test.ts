/**
 * Done-when: `pnpm start` on a fresh data folder prints a curl that, run as printed, makes a message arrive at
 * the sandbox customer; the customer's reply shows up in GET /v1/messages/inbound and at a subscribed URL.
 * A second start reuses the demo workspace and the key.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './harness/index.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const API_KEY = 'kaiku_demo_key_for_the_start_test';

interface Started {
  child: ChildProcess;
  output: () => string;
  proxyUrl: string;
  sandboxUrl: string;
}

async function pnpmStart(dataDir: string): Promise<Started> {
  const child = spawn('pnpm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', KAIKU_DATA_DIR: dataDir, KAIKU_API_KEY: API_KEY, LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const banner = await eventually(async () => (/API key:/.test(output) && /curl -sS -X POST \S+\/v1\/messages\/template/.test(output) ? output : undefined), 60_000, `the banner of pnpm start (output so far: ${output})`);
  const proxyUrl = /Proxy:\s+(\S+)/.exec(banner)?.[1] ?? '';
  const sandboxUrl = /Sandbox:\s+(\S+)/.exec(banner)?.[1] ?? '';
  return { child, output: () => output, proxyUrl, sandboxUrl };
}

async function stop(started: Started | undefined): Promise<void> {
  if (started?.child.pid === undefined || started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  process.kill(-started.child.pid, 'SIGTERM');
  await exited;
}

describe('pnpm start (sandbox demo)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-start-'));
  let started: Started | undefined;
  const received: unknown[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => void (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) as unknown });
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    started = await pnpmStart(dataDir);
  });
  afterAll(async () => {
    await stop(started);
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints both URLs, the key and a curl that reaches the simulated customer', async () => {
    const output = started?.output() ?? '';
    expect(started?.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started?.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain(`API key:  ${API_KEY}`);
    const curl = output.split('\n').map((line) => line.trim()).find((line) => line.startsWith('curl -sS -X POST') && line.includes('/v1/messages/template')) ?? '';
    const { stdout } = await run('sh', ['-c', curl]);
    const answer = JSON.parse(stdout) as { id: string; wa_id: string; status: string };
    expect(answer).toMatchObject({ id: expect.stringMatching(/^wamid\./), wa_id: '358401234567', status: 'accepted' });
    const phone = (await (await fetch(`${started?.sandboxUrl}/_sandbox/customers/358401234567/messages`)).json()) as { data: Array<{ id: string; text: string }> };
    expect(phone.data.find((m) => m.id === answer.id)?.text).toContain('KA-1042');
  });

  it('delivers the customer\'s reply to GET /v1/messages/inbound and to a subscribed URL', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const auth = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
    const subscribed = await fetch(`${started?.proxyUrl}/v1/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify({ event: 'inbound_message', target_url: `http://127.0.0.1:${port}/zap` }) });
    expect(subscribed.status).toBe(201);
    const reply = await fetch(`${started?.sandboxUrl}/_sandbox/customers/358401234567/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'Thanks, see you!' }, profile_name: 'Aino' }),
    });
    const { id } = (await reply.json()) as { id: string };
    const inbound = await eventually(async () => {
      const data = ((await (await fetch(`${started?.proxyUrl}/v1/messages/inbound`, { headers: auth })).json()) as { data: Array<{ id: string; text: string; from: string }> }).data;
      return data.find((m) => m.id === id);
    }, 15_000, 'the reply in /v1/messages/inbound');
    expect(inbound).toMatchObject({ text: 'Thanks, see you!', from: '358401234567' });
    const delivered = await eventually(async () => received.find((r) => (r as { body: { id: string } }).body.id === id), 15_000, 'the reply at the subscribed URL');
    expect(delivered).toMatchObject({ headers: { 'kaiku-event-type': 'inbound_message' }, body: { id, text: 'Thanks, see you!', profile_name: 'Aino' } });
  });

  it('keeps the allowance to deliver to this machine for the demo workspace: a second workspace may not subscribe a loopback URL', async () => {
    const env = { ...process.env, KAIKU_DATA_DIR: dataDir, NODE_OPTIONS: '' };
    const created = JSON.parse((await run('pnpm', ['--silent', 'kaiku', 'workspace', 'create', 'Real customer', '--json'], { cwd: ROOT, env })).stdout) as { id: string };
    const { key } = JSON.parse((await run('pnpm', ['--silent', 'kaiku', 'key', 'create', '--workspace', created.id, '--json'], { cwd: ROOT, env })).stdout) as { key: string };
    const port = (receiver.address() as AddressInfo).port;
    const answer = await fetch(`${started?.proxyUrl}/v1/subscriptions`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'inbound_message', target_url: `http://127.0.0.1:${port}/not-for-you` }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'target_url' } } });
  });

  it('reuses the demo workspace and key on the next start', async () => {
    await stop(started);
    started = await pnpmStart(dataDir);
    const me = await fetch(`${started.proxyUrl}/v1/me`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(me.status).toBe(200);
    const inbound = ((await (await fetch(`${started.proxyUrl}/v1/messages/inbound`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()) as { data: unknown[] }).data;
    expect(inbound.length).toBeGreaterThanOrEqual(1);
  });
});
