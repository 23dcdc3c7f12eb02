/** A proxy on an ephemeral loopback port with a fresh SQLite store, for the API tests of this package. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import { createApiKey } from '../src/actions/manage-workspace.js';
import { openRuntime, startProxy } from '../src/start.js';
import type { ProxyOptions, RunningProxy, Runtime } from '../src/start.js';

/** A running proxy with one workspace and key; `addWorkspace` makes more. */
export interface ApiFixture {
  url: string;
  dataDir: string;
  runtime: Runtime;
  proxy: RunningProxy;
  apiKey: string;
  workspaceId: string;
  addWorkspace(name: string): Promise<{ workspaceId: string; apiKey: string }>;
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts the fixture; `env` adds configuration as environment variables would. */
export async function startApiFixture(env: Record<string, string> = {}, overrides: Partial<Config> = {}, options: Omit<ProxyOptions, 'runtime'> = {}): Promise<ApiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-api-'));
  const config: Config = {
    ...loadConfig({ PORT: '0', KAIKU_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }),
    host: '127.0.0.1', encryptionKey: randomBytes(32), ...overrides,
  };
  const runtime = await openRuntime(config);
  const proxy = await startProxy(config, { runtime, workers: false, ...options });
  const addWorkspace = async (name: string) => {
    const workspace = await runtime.store.createWorkspace({ name });
    const { key } = await createApiKey(runtime.store, workspace.id, 'test');
    return { workspaceId: workspace.id, apiKey: key };
  };
  const first = await addWorkspace('Fixture workspace');
  return {
    url: proxy.url, dataDir, runtime, proxy, ...first, addWorkspace,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      const key = init.key === undefined ? first.apiKey : init.key;
      if (key !== null) headers.set('authorization', `Bearer ${key}`);
      if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${proxy.url}${path}`, { ...init, headers });
    },
    async stop() {
      await proxy.stop();
      await runtime.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
