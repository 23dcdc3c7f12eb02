/**
 * `pnpm kaiku` commands that take or undo things, run in-process against a sandbox: a number another workspace
 * holds is refused without --move, an unreachable Graph promises no retry and saves nothing, and key revoke,
 * connection remove and workspace delete do what they say.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox } from '@kaiku/sandbox';
import { commands } from '../src/cli/commands.js';
import type { CommandContext, Options } from '../src/cli/commands.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/start.js';
import type { Runtime } from '../src/start.js';

describe('pnpm kaiku: taking and undoing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-cli-manage-'));
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let runtime: Runtime;
  let ctx: CommandContext;

  const run = async (name: string, options: Options = {}, args: string[] = []) => {
    const command = commands[name];
    if (command === undefined) throw new Error(`no command ${name}`);
    return command(ctx, options, args);
  };
  const failure = (promise: Promise<unknown>) => promise.then(() => '', (error: unknown) => (error as Error).message);
  const connect = (workspace: string, extra: Options = {}) => run('connection add', {
    workspace, 'waba-id': sandbox.config.waba_id, 'phone-number-id': sandbox.config.phone_numbers[0]?.id, 'access-token': sandbox.config.access_token,
    'app-secret': sandbox.config.app_secret, 'graph-base-url': sandbox.config.graph_base_url, 'graph-version': sandbox.config.graph_version, ...extra,
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const config = { ...loadConfig({ KAIKU_DATA_DIR: dataDir }), encryptionKey: randomBytes(32) };
    runtime = await openRuntime(config);
    ctx = { config, store: runtime.store, secrets: runtime.secrets };
  });
  afterAll(async () => {
    await runtime.store.close();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a number another workspace holds unless --move', async () => {
    const acme = (await run('workspace create', {}, ['Acme Oy'])).data as { id: string };
    const beta = (await run('workspace create', {}, ['Beta Oy'])).data as { id: string };
    await connect(acme.id);
    const refused = await failure(connect(beta.id));
    expect(refused).toContain(`is connected to workspace ${acme.id} (Acme Oy)`);
    expect(refused).toContain('--move');
    expect(await runtime.store.listConnections(acme.id)).toHaveLength(1);
    await connect(beta.id, { move: true });
    expect(await runtime.store.listConnections(acme.id)).toHaveLength(0);
    expect(await runtime.store.listConnections(beta.id)).toHaveLength(1);
  });

  it('says Graph could not be reached, promises no retry and saves nothing', async () => {
    const offline = (await run('workspace create', {}, ['Offline Oy'])).data as { id: string };
    const message = await failure(run('connection add', {
      workspace: offline.id, 'waba-id': '1', 'phone-number-id': '555', 'access-token': 't', 'app-secret': 's', 'graph-base-url': 'http://127.0.0.1:1',
    }));
    expect(message).toContain('Could not reach the Graph API at http://127.0.0.1:1');
    expect(message).toContain('Nothing was saved');
    expect(message).not.toContain('retried');
    expect(await runtime.store.listConnections(offline.id)).toEqual([]);
  });

  it('revokes a key, removes a connection and deletes a workspace only with --yes', async () => {
    const gamma = (await run('workspace create', {}, ['Gamma Oy'])).data as { id: string };
    const key = (await run('key create', { workspace: gamma.id, name: 'zapier' })).data as { id: string };
    expect((await failure(run('key revoke', { workspace: 'ws_other' }, [key.id])))).toContain(`has no API key ${key.id}`);
    expect((await run('key revoke', { workspace: gamma.id }, [key.id])).lines[0]).toContain(`Revoked API key ${key.id}`);
    expect((await runtime.store.listApiKeys(gamma.id))[0]?.revokedAt).toBeInstanceOf(Date);

    await connect(gamma.id, { move: true });
    const removed = await run('connection remove', { 'phone-number-id': sandbox.config.phone_numbers[0]?.id });
    expect(removed.lines[0]).toContain(`from workspace ${gamma.id}`);
    expect(await runtime.store.listConnections()).toEqual([]);
    expect(await failure(run('connection remove', { 'phone-number-id': '999' }))).toContain('is not connected');

    expect(await failure(run('workspace delete', {}, [gamma.id]))).toContain('--yes');
    expect(await runtime.store.getWorkspace(gamma.id)).not.toBeNull();
    expect((await run('workspace delete', { yes: true }, [gamma.id])).lines[0]).toBe(`Deleted workspace ${gamma.id} (Gamma Oy).`);
    expect(await runtime.store.getWorkspace(gamma.id)).toBeNull();
    expect(await runtime.store.listApiKeys(gamma.id)).toEqual([]);
  });
});
