/**
 * `pnpm kaiku user …`: create (password generated and shown once), list, reset-password, remove. The commands
 * run in-process against a real store; one run as a process proves the command line reaches them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyPassword } from '../src/actions/passwords.js';
import { commands } from '../src/cli/commands.js';
import type { CommandContext, Options } from '../src/cli/commands.js';
import { loadConfig } from '../src/config.js';
import { createSecrets } from '../src/secrets.js';
import { SqliteStore } from '../src/store/index.js';

const run = promisify(execFile);
const PACKAGE = new URL('..', import.meta.url).pathname;
const TSX = join(PACKAGE, '..', '..', 'node_modules', '.bin', 'tsx');

describe('pnpm kaiku user', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-cli-users-'));
  const encryptionKey = randomBytes(32);
  let store: SqliteStore;
  let ctx: CommandContext;
  beforeAll(async () => {
    store = new SqliteStore({ dataDir });
    await store.migrate();
    const config = loadConfig({ KAIKU_DATA_DIR: dataDir });
    ctx = { config, store, secrets: createSecrets(encryptionKey) };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const kaiku = async (line: string, options: Options = {}, args: string[] = []) => {
    const command = commands[line];
    if (command === undefined) throw new Error(`no command ${line}`);
    return command(ctx, options, args);
  };

  it('creates, lists, resets and removes console users, keeping only scrypt hashes', async () => {
    const workspace = (await store.createWorkspace({ name: 'Acme Oy' })).id;
    const created = await kaiku('user create', { workspace, email: 'Aino@Example.com', role: 'admin' });
    const { password, email, role } = created.data as { password: string; email: string; role: string };
    expect([email, role]).toEqual(['aino@example.com', 'admin']);
    expect(password).toMatch(/^[\w-]{18}$/);
    expect(created.lines.join('\n')).toContain(password);
    const hash = (await store.findConsoleUserByEmail('aino@example.com'))?.passwordHash ?? '';
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(password, hash)).toBe(true);

    const agent = await kaiku('user create', { workspace, email: 'eino@example.com', password: 'a long enough password' });
    expect(agent.lines.join('\n')).toContain('Created console user eino@example.com (agent)');
    expect(agent.lines.join('\n')).not.toContain('a long enough password');
    await expect(kaiku('user create', { workspace, email: 'x@example.com', password: 'short' })).rejects.toThrow(/at least 12 characters/);
    await expect(kaiku('user create', { workspace, email: 'y@example.com', role: 'owner' })).rejects.toThrow(/"admin".*"agent"/);
    await expect(kaiku('user create', { workspace, email: 'not an address' })).rejects.toThrow(/not an e-mail address/);

    const reset = await kaiku('user reset-password', {}, ['eino@example.com']);
    const fresh = (reset.data as { password: string }).password;
    expect(await verifyPassword(fresh, (await store.findConsoleUserByEmail('eino@example.com'))?.passwordHash ?? '')).toBe(true);
    expect((await kaiku('user remove', {}, ['eino@example.com'])).lines[0]).toContain('Removed console user eino@example.com');
    await expect(kaiku('user remove', {}, ['eino@example.com'])).rejects.toThrow(/not found/);
  });

  it('is reachable from the command line', async () => {
    const env = { ...process.env, KAIKU_DATA_DIR: dataDir, KAIKU_ENCRYPTION_KEY: encryptionKey.toString('hex'), NODE_OPTIONS: '', LOG_LEVEL: 'silent' };
    const { stdout } = await run(TSX, ['src/cli.ts', 'user', 'list'], { cwd: PACKAGE, env });
    expect(stdout).toMatch(/aino@example\.com\s+admin/);
  }, 60_000);
});
