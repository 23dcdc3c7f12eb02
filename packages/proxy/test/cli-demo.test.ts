/** When `pnpm start` runs the sandbox, and the banner it prints. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEMO_WORKSPACE, assertFixedKeyForDemoOnly, demoBanner, startDemo, wantsSandbox } from '../src/cli/demo.js';
import { loadConfig } from '../src/config.js';
import { createBodyValidators } from '../src/http/body-schemas.js';
import { createAjv } from '../src/http/validate.js';
import type { Config } from '../src/config.js';
import { openRuntime } from '../src/start.js';
import type { Runtime } from '../src/start.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from './store-fixtures.js';

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
    expect(await wantsSandbox(config, runtime)).toEqual({ start: true, reason: 'no real WhatsApp number is connected' });
    await connect(DEMO_WORKSPACE, '100');
    expect((await wantsSandbox(config, runtime)).start).toBe(true);
  });

  it('does not run it once a real number is connected, unless KAIKU_SANDBOX=on', async () => {
    await connect('Acme Oy', '200');
    const decision = await wantsSandbox(config, runtime);
    expect(decision.start).toBe(false);
    expect(decision.reason).toContain('phone number id 200 is connected to workspace');
    expect(decision.reason).toContain('KAIKU_SANDBOX=on');
    expect(await wantsSandbox({ ...config, sandbox: 'on' }, runtime)).toEqual({ start: true, reason: 'KAIKU_SANDBOX=on' });
    expect(await wantsSandbox({ ...config, sandbox: 'off' }, { ...runtime })).toEqual({ start: false, reason: 'KAIKU_SANDBOX=off' });
  });

  it('prints a curl with the key and a body the send-template schema accepts', () => {
    const banner = demoBanner('http://127.0.0.1:3000', { sandboxUrl: 'http://127.0.0.1:3001', apiKey: 'kaiku_abc', workspaceId: 'w', phoneNumberId: 'p', signInUrl: 'http://127.0.0.1:3000/sign-in#token=t0k', stop: async () => undefined }, 'no real WhatsApp number is connected');
    expect(banner).toContain('Console:  http://127.0.0.1:3000/sign-in#token=t0k');
    expect(banner).toContain('Proxy:    http://127.0.0.1:3000');
    expect(banner).toContain('Sandbox:  http://127.0.0.1:3001');
    const body = /-d '(\{"to".*?\})'/.exec(banner)?.[1] ?? '';
    const parsed: unknown = JSON.parse(body);
    expect(createBodyValidators(createAjv()).sendTemplate(parsed)).toMatchObject({ to: '+358 40 123 4567', template: 'order_update', language: 'en_US' });
    expect(banner).toContain('Authorization: Bearer kaiku_abc');
    expect(banner).toContain('because no real WhatsApp number is connected');
    expect(banner.split('\n')).toContain('  export KAIKU_API_KEY=kaiku_abc');
  });

  it('refuses KAIKU_API_KEY when the start runs without the demo, and accepts it for the demo', () => {
    const fixed = { ...config, apiKey: 'kaiku_fixed_key_0123456789abcdef0' };
    expect(() => assertFixedKeyForDemoOnly(fixed, false)).toThrow(/KAIKU_API_KEY only fixes the key of the sandbox demo workspace.*pnpm kaiku key create/);
    expect(() => assertFixedKeyForDemoOnly(fixed, true)).not.toThrow();
    expect(() => assertFixedKeyForDemoOnly(config, false)).not.toThrow();
  });
});

describe('pnpm start with DATABASE_URL on a fresh checkout', () => {
  it('creates the data folder for the sandbox state instead of crashing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kaiku-demo-pg-'));
    const dataDir = join(parent, 'fresh', '.data');
    const schema = randomSchema();
    const config = { ...loadConfig({ KAIKU_DATA_DIR: dataDir, DATABASE_URL: TEST_DATABASE_URL, SANDBOX_PORT: '0' }), encryptionKey: randomBytes(32) };
    const runtime = await openRuntime(config, { schema });
    try {
      expect(existsSync(dataDir)).toBe(false);
      const demo = await startDemo(config, runtime, 'http://127.0.0.1:9');
      await demo.stop();
      expect(existsSync(join(dataDir, 'sandbox-state.json'))).toBe(true);
    } finally {
      await runtime.store.close();
      await dropSchema(schema);
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
