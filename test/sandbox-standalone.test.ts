/** The sandbox as a user runs it: standalone from the environment, and restarted on a state file. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { configFromEnv, startSandbox } from '@kaiku/sandbox';

const folder = mkdtempSync(join(tmpdir(), 'kaiku-sandbox-'));
const AUTH = { Authorization: 'Bearer sandbox-access-token', 'Content-Type': 'application/json' };

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('configuration from the environment', () => {
  it('maps SANDBOX_* variables onto the options and keeps defaults for the rest', () => {
    const options = configFromEnv({ SANDBOX_PORT: '4555', SANDBOX_ACCESS_TOKEN: 'tok', SANDBOX_STATUS_DELAYS_MS: '1,2,3', SANDBOX_PHONE_NUMBER_ID: '111', SANDBOX_DUPLICATE_RATE: '0.1' });
    expect(options).toMatchObject({ port: 4555, accessToken: 'tok', statusDelaysMs: { sent: 1, delivered: 2, read: 3 }, duplicateRate: 0.1, phoneNumbers: [{ id: '111', display_phone_number: '15550001234' }] });
    expect(configFromEnv({}).port).toBe(3001);
    expect(() => configFromEnv({ SANDBOX_PORT: 'abc' })).toThrow(/SANDBOX_PORT must be a number/);
  });
});

describe('standalone start', () => {
  it('starts from src/main.ts on the port from SANDBOX_PORT and serves the config', async () => {
    const cwd = fileURLToPath(new URL('../packages/sandbox/', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PORT: '0', SANDBOX_APP_SECRET: 'from-env' };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
      });
      const config = (await (await fetch(`${url}/_sandbox/config`)).json()) as Record<string, unknown>;
      expect(config).toMatchObject({ graph_base_url: url, app_secret: 'from-env', waba_id: '102290129340398' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('state file', () => {
  it('keeps customers, messages, templates and media across a restart, and finishes pending reviews', async () => {
    const stateFile = join(folder, 'state.json');
    const first = await startSandbox({ stateFile, templateReviewMs: 60_000 });
    await fetch(`${first.url}/_sandbox/customers/358400000601/messages`, { method: 'POST', headers: AUTH, body: JSON.stringify({ type: 'text', text: { body: 'Muista minut' }, profile_name: 'Aino' }) });
    await fetch(`${first.url}/v24.0/102290129340398/message_templates`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ name: 'kept_template', language: 'fi', category: 'UTILITY', components: [{ type: 'BODY', text: 'Tämä pohja säilyy uudelleenkäynnistyksen yli.' }] }),
    });
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('file', new Blob(['kept'], { type: 'text/plain' }), 'kept.txt');
    const media = (await (await fetch(`${first.url}/v24.0/106540352242922/media`, { method: 'POST', headers: { Authorization: AUTH.Authorization }, body: form })).json()) as { id: string };
    await first.stop();

    const second = await startSandbox({ stateFile, templateReviewMs: 5 });
    try {
      const phone = (await (await fetch(`${second.url}/_sandbox/customers/358400000601/messages`)).json()) as { data: Array<{ text: string }> };
      expect(phone.data.map((m) => m.text)).toEqual(['Muista minut']);
      const customer = (await (await fetch(`${second.url}/_sandbox/customers/358400000601`)).json()) as { profile_name: string; last_inbound_at: number };
      expect(customer.profile_name).toBe('Aino');
      const templates = (await (await fetch(`${second.url}/v24.0/102290129340398/message_templates?name=kept_template`, { headers: AUTH })).json()) as { data: Array<{ language: string }> };
      expect(templates.data).toEqual([expect.objectContaining({ language: 'fi' })]);
      const kept = second.sandbox.state.templates.find((t) => t.name === 'kept_template');
      for (let i = 0; i < 100 && kept?.status === 'PENDING'; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(kept?.status).toBe('APPROVED');
      const info = (await (await fetch(`${second.url}/v24.0/${media.id}`, { headers: AUTH })).json()) as { url: string };
      expect(await (await fetch(info.url, { headers: AUTH })).text()).toBe('kept');
    } finally {
      await second.stop();
    }
    const fresh = await startSandbox({});
    try {
      const phone = (await (await fetch(`${fresh.url}/_sandbox/customers/358400000601/messages`)).json()) as { data: unknown[] };
      expect(phone.data).toEqual([]);
    } finally {
      await fresh.stop();
    }
  });
});
