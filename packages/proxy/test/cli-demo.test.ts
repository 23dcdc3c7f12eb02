/** When `pnpm start` runs the sandbox, and the banner it prints. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEMO_WORKSPACE, assertFixedKeyForDemoOnly, demoBanner, wantsSandbox } from '../src/cli/demo.js';
import { loadConfig } from '../src/config.js';
import { createBodyValidators } from '../src/http/body-schemas.js';
import { createAjv } from '../src/http/validate.js';
import type { Config } from '../src/config.js';
import { openRuntime } from '../src/start.js';
import type { Runtime } from '../src/start.js';

describe('pnpm start: sandbox or not', () => {
  let dataDir: string;
  let config: Config;
  let runtime: Runtime;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kaiku-demo-'));
    config = { ...loadConfig({ KAIKU_DATA_DIR: dataDir }), encryptionKey: randomBytes(32) };
    runtime = await openRuntime(config);
  });
  afterEach(async () => {
    await runtime.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function connect(workspaceName: string, phoneNumberId: string): Promise<void> {
    const workspace = await runtime.store.createWorkspace({ name: workspaceName });
    await runtime.store.upsertConnection({
      workspaceId: workspace.id, wabaId: '1', phoneNumberId, displayPhoneNumber: '15550001111', verifiedName: null,
      graphBaseUrl: 'https://graph.facebook.com', graphVersion: 'v24.0', accessTokenEnc: runtime.secrets.encrypt('t'), appSecretEnc: runtime.secrets.encrypt('s'), verifyToken: 'v',
    });
  }

  it('runs the sandbox on a fresh install and beside the demo workspace only', async () => {
    expect(await wantsSandbox(config, runtime)).toBe(true);
    await connect(DEMO_WORKSPACE, '100');
    expect(await wantsSandbox(config, runtime)).toBe(true);
  });

  it('does not run it once a real number is connected, unless KAIKU_SANDBOX=on', async () => {
    await connect('Acme Oy', '200');
    expect(await wantsSandbox(config, runtime)).toBe(false);
    expect(await wantsSandbox({ ...config, sandbox: 'on' }, runtime)).toBe(true);
    expect(await wantsSandbox({ ...config, sandbox: 'off' }, { ...runtime })).toBe(false);
  });

  it('prints a curl with the key and a body the send-template schema accepts', () => {
    const banner = demoBanner('http://127.0.0.1:3000', { sandboxUrl: 'http://127.0.0.1:3001', apiKey: 'kaiku_abc', workspaceId: 'w', phoneNumberId: 'p', stop: async () => undefined });
    expect(banner).toContain('Proxy:    http://127.0.0.1:3000');
    expect(banner).toContain('Sandbox:  http://127.0.0.1:3001');
    const body = /-d '(\{"to".*?\})'/.exec(banner)?.[1] ?? '';
    const parsed: unknown = JSON.parse(body);
    expect(createBodyValidators(createAjv()).sendTemplate(parsed)).toMatchObject({ to: '+358 40 123 4567', template: 'order_update', language: 'en_US' });
    expect(banner).toContain('Authorization: Bearer kaiku_abc');
  });

  it('refuses KAIKU_API_KEY when the start runs without the demo, and accepts it for the demo', () => {
    const fixed = { ...config, apiKey: 'kaiku_fixed_key_0123456789abcdef0' };
    expect(() => assertFixedKeyForDemoOnly(fixed, false)).toThrow(/KAIKU_API_KEY only fixes the key of the sandbox demo workspace.*pnpm kaiku key create/);
    expect(() => assertFixedKeyForDemoOnly(fixed, true)).not.toThrow();
    expect(() => assertFixedKeyForDemoOnly(config, false)).not.toThrow();
  });
});
