/**
 * The `pnpm start` demo: with no real WhatsApp number connected, the sandbox runs beside the proxy, a demo
 * workspace is connected to it, and the newcomer gets a key and a curl that works as printed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '@kaiku/sandbox';
import type { Config } from '../config.js';
import { addConnection, createApiKey, ensureWorkspace } from '../actions/manage-workspace.js';
import { generateApiKey } from '../secrets.js';
import type { Runtime } from '../start.js';

/** The demo workspace's name: reused across restarts. */
export const DEMO_WORKSPACE = 'Demo (sandbox)';
/** The simulated customer the printed curl writes to. */
export const DEMO_CUSTOMER = '+358 40 123 4567';

/** Whether `pnpm start` should run the sandbox: yes unless a workspace other than the demo has a number. */
export async function wantsSandbox(config: Config, runtime: Runtime): Promise<boolean> {
  if (config.sandbox !== 'auto') return config.sandbox === 'on';
  const [workspaces, connections] = await Promise.all([runtime.store.listWorkspaces(), runtime.store.listConnections()]);
  const demoIds = new Set(workspaces.filter((w) => w.name === DEMO_WORKSPACE).map((w) => w.id));
  return connections.every((connection) => demoIds.has(connection.workspaceId));
}

/**
 * Refuses KAIKU_API_KEY when `pnpm start` runs without the sandbox demo: a fixed key is a demo convenience, and
 * real workspaces get generated keys only.
 */
export function assertFixedKeyForDemoOnly(config: Config, sandboxDemo: boolean): void {
  if (config.apiKey === null || sandboxDemo) return;
  throw new Error('KAIKU_API_KEY only fixes the key of the sandbox demo workspace, and this installation runs without the demo (a real WhatsApp number is connected, or KAIKU_SANDBOX=off). Remove KAIKU_API_KEY and create keys with: pnpm kaiku key create --workspace <id>.');
}

/** The demo key: KAIKU_API_KEY, or one generated once and kept (owner-only) beside the data. */
function demoKey(config: Config): string {
  if (config.apiKey !== null) return config.apiKey;
  const file = join(config.dataDir, 'demo-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const key = generateApiKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** A running demo. */
export interface Demo {
  sandboxUrl: string;
  apiKey: string;
  workspaceId: string;
  phoneNumberId: string;
  stop(): Promise<void>;
}

/** Starts the sandbox with its webhooks pointed at the proxy, and connects the demo workspace to it. */
export async function startDemo(config: Config, runtime: Runtime, proxyUrl: string): Promise<Demo> {
  const found = await ensureWorkspace(runtime.store, DEMO_WORKSPACE);
  // Only this workspace may subscribe a receiver on this machine (outside production): see mayTargetPrivate.
  const workspace = found.settings.sandboxDemo ? found : await runtime.store.updateWorkspaceSettings(found.id, { sandboxDemo: true });
  const existing = (await runtime.store.listConnections(workspace.id))[0];
  const verifyToken = existing?.verifyToken ?? generateApiKey().slice(6, 30);
  const sandbox = await startSandbox({
    port: config.sandboxPort, host: '127.0.0.1', callbackUrl: `${proxyUrl}/webhooks/whatsapp`, verifyToken,
    stateFile: join(config.dataDir, 'sandbox-state.json'),
  });
  try {
    const sandboxConfig = sandbox.config;
    const phone = sandboxConfig.phone_numbers[0];
    if (phone === undefined) throw new Error('The sandbox has no phone number.');
    await addConnection(runtime.store, runtime.secrets, {
      workspaceId: workspace.id, wabaId: sandboxConfig.waba_id, phoneNumberId: phone.id, accessToken: sandboxConfig.access_token,
      appSecret: sandboxConfig.app_secret, verifyToken, graphBaseUrl: sandboxConfig.graph_base_url, graphVersion: sandboxConfig.graph_version,
      publicUrl: null,
    });
    const { key } = await createApiKey(runtime.store, workspace.id, 'demo', demoKey(config));
    return { sandboxUrl: sandbox.url, apiKey: key, workspaceId: workspace.id, phoneNumberId: phone.id, stop: () => sandbox.stop() };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

/** The welcome text with copy-paste commands. */
export function demoBanner(proxyUrl: string, demo: Demo): string {
  const customer = DEMO_CUSTOMER.replace(/\D/g, '');
  const body = JSON.stringify({
    to: DEMO_CUSTOMER, template: 'order_update', language: 'en_US',
    variables: { first_name: 'Aino', order_id: 'KA-1042', delivery_date: '28.11.2026' },
  });
  return [
    '',
    'Kaiku is running with the WhatsApp sandbox (no Meta account needed).',
    `  Proxy:    ${proxyUrl}`,
    `  Sandbox:  ${demo.sandboxUrl}`,
    `  API key:  ${demo.apiKey}`,
    '',
    'Send a template to a simulated customer:',
    `  curl -sS -X POST ${proxyUrl}/v1/messages/template -H "Authorization: Bearer ${demo.apiKey}" -H "Content-Type: application/json" -d '${body}'`,
    '',
    'See what the customer received, then let them reply:',
    `  curl -sS ${demo.sandboxUrl}/_sandbox/customers/${customer}/messages`,
    `  curl -sS -X POST ${demo.sandboxUrl}/_sandbox/customers/${customer}/messages -H "Content-Type: application/json" -d '{"type":"text","text":{"body":"Thanks!"},"profile_name":"Aino"}'`,
    `  curl -sS ${proxyUrl}/v1/messages/inbound -H "Authorization: Bearer ${demo.apiKey}"`,
    '',
  ].join('\n');
}
