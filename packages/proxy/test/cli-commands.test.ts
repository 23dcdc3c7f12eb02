/**
 * `pnpm kaiku …` run as a process: workspaces, keys (shown once, stored hashed) and connections (token checked
 * against the Graph API, the proxy registered as the WABA's webhook through subscribed_apps when
 * KAIKU_PUBLIC_URL is set) — no hand-written SQL.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox } from '@kaiku/sandbox';
import { loadConfig } from '../src/config.js';
import { startProxy } from '../src/start.js';
import type { RunningProxy } from '../src/start.js';

const run = promisify(execFile);
const PACKAGE = new URL('..', import.meta.url).pathname;
const TSX = join(PACKAGE, '..', '..', 'node_modules', '.bin', 'tsx');

describe('pnpm kaiku', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-cli-'));
  const encryptionKey = randomBytes(32).toString('hex');
  const env = { ...process.env, KAIKU_DATA_DIR: dataDir, KAIKU_ENCRYPTION_KEY: encryptionKey, NODE_OPTIONS: '', LOG_LEVEL: 'silent' };
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let proxy: RunningProxy;

  async function kaiku(args: string[], extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await run(TSX, ['src/cli.ts', ...args], { cwd: PACKAGE, env: { ...env, ...extraEnv } });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    proxy = await startProxy({ ...loadConfig({ PORT: '0', KAIKU_DATA_DIR: dataDir, KAIKU_ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: 'silent' }), host: '127.0.0.1' }, { workers: false });
  });
  afterAll(async () => {
    await proxy.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says a command is unknown, then prints usage', async () => {
    const result = await kaiku(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stdout).toContain('workspace create <name>');
  }, 60_000);

  it('creates and lists workspaces, connects the sandbox number and registers the webhook, issues a key shown once', async () => {
    const created = JSON.parse((await kaiku(['workspace', 'create', 'Acme Oy', '--json'])).stdout) as { id: string; name: string };
    expect(created.name).toBe('Acme Oy');
    const listed = JSON.parse((await kaiku(['workspace', 'list', '--json'])).stdout) as Array<{ id: string }>;
    expect(listed.map((w) => w.id)).toContain(created.id);

    const c = sandbox.config;
    const connectArgs = ['connection', 'add', '--workspace', created.id, '--waba-id', c.waba_id, '--phone-number-id', c.phone_numbers[0]?.id ?? '', '--app-secret', c.app_secret, '--graph-base-url', c.graph_base_url, '--graph-version', c.graph_version];
    const badToken = await kaiku([...connectArgs, '--access-token', 'wrong-token']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^kaiku: /);
    expect(badToken.stderr).not.toContain('wrong-token');

    const connected = await kaiku([...connectArgs, '--access-token', c.access_token, '--json'], { KAIKU_PUBLIC_URL: proxy.url });
    expect(connected.code).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ workspace_id: created.id, display_phone_number: '15550001234', webhook_registered: true, callback_url: `${proxy.url}/webhooks/whatsapp` });
    const apps = (await (await fetch(`${c.graph_base_url}/${c.graph_version}/${c.waba_id}/subscribed_apps`, { headers: { authorization: `Bearer ${c.access_token}` } })).json()) as { data: Array<{ override_callback_uri?: string }> };
    expect(apps.data[0]?.override_callback_uri).toBe(`${proxy.url}/webhooks/whatsapp`);
    const connections = JSON.parse((await kaiku(['connection', 'list', '--workspace', created.id, '--json'])).stdout) as Array<{ phone_number_id: string }>;
    expect(connections.map((x) => x.phone_number_id)).toEqual([c.phone_numbers[0]?.id]);

    const key = JSON.parse((await kaiku(['key', 'create', '--workspace', created.id, '--name', 'zapier', '--json'])).stdout) as { key: string };
    expect(key.key).toMatch(/^kaiku_/);
    const keys = await kaiku(['key', 'list', '--workspace', created.id]);
    expect(keys.stdout).toContain('zapier');
    expect(keys.stdout).not.toContain(key.key);
    for (const file of readdirSync(dataDir)) {
      if (file.endsWith('.key')) continue;
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      expect(bytes).not.toContain(key.key);
      expect(bytes).not.toContain(c.access_token);
    }

    const me = await fetch(`${proxy.url}/v1/me`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(await me.json()).toMatchObject({ workspace: { id: created.id, name: 'Acme Oy' }, phone_numbers: [{ id: c.phone_numbers[0]?.id }] });

  }, 120_000);

  it('says what is missing', async () => {
    const result = await kaiku(['key', 'create']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--workspace');
  }, 30_000);
});
