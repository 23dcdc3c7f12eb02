/** An embedded install's data folder is 0700 and its database, WAL, SHM, keys and sandbox state 0600; wider modes are reported at start. */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSandbox } from '@kaiku/sandbox';
import { loadConfig } from '../src/config.js';
import { dataFileWarnings } from '../src/data-files.js';
import { createLogger } from '../src/logger.js';
import { openRuntime, startProxy } from '../src/start.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('file modes of an embedded install', () => {
  let parent: string;
  let dataDir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'kaiku-modes-'));
    dataDir = join(parent, 'data');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('creates the folder 0700 and the database, its WAL and SHM, and the key 0600', async () => {
    const config = loadConfig({ KAIKU_DATA_DIR: dataDir });
    const runtime = await openRuntime(config);
    await runtime.store.createWorkspace({ name: 'Acme' });
    try {
      expect(modeOf(dataDir)).toBe('700');
      for (const name of ['kaiku.sqlite', 'kaiku.sqlite-wal', 'kaiku.sqlite-shm', 'encryption.key']) expect([name, modeOf(join(dataDir, name))]).toEqual([name, '600']);
      expect(dataFileWarnings(dataDir)).toEqual([]);
    } finally {
      await runtime.store.close();
    }
  });

  it('writes the sandbox state 0600', async () => {
    const stateFile = join(parent, 'sandbox-state.json');
    const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', stateFile });
    await fetch(`${sandbox.url}/_sandbox/customers/358401234567/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'Hei' }, profile_name: 'Aino' }),
    });
    await sandbox.stop();
    expect(modeOf(stateFile)).toBe('600');
  });

  it('warns at start about a folder or file that others may read, saying how to fix it', async () => {
    const config = { ...loadConfig({ KAIKU_DATA_DIR: dataDir, PORT: '0' }), host: '127.0.0.1' };
    const runtime = await openRuntime(config);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'kaiku.sqlite'), 0o644);
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
    const proxy = await startProxy(config, { runtime, workers: false, logger: createLogger({ level: 'warn', destination }) });
    await proxy.stop();
    await runtime.store.close();
    const log = lines.join('');
    expect(log).toContain(`chmod 700 ${dataDir}`);
    expect(log).toContain(`chmod 600 ${join(dataDir, 'kaiku.sqlite')}`);
  });
});
