/** `pnpm kaiku user …` run as a process: create (password generated and shown once), list, reset-password, remove. */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { verifyPassword } from '../src/actions/passwords.js';
import { SqliteStore } from '../src/store/index.js';

const run = promisify(execFile);
const PACKAGE = new URL('..', import.meta.url).pathname;
const TSX = join(PACKAGE, '..', '..', 'node_modules', '.bin', 'tsx');

describe('pnpm kaiku user', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-cli-users-'));
  const env = { ...process.env, KAIKU_DATA_DIR: dataDir, KAIKU_ENCRYPTION_KEY: randomBytes(32).toString('hex'), NODE_OPTIONS: '', LOG_LEVEL: 'silent' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function kaiku(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await run(TSX, ['src/cli.ts', ...args], { cwd: PACKAGE, env });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return failed;
    }
  }

  async function hashOf(email: string): Promise<string> {
    const store = new SqliteStore({ dataDir });
    await store.migrate();
    try {
      return (await store.findConsoleUserByEmail(email))?.passwordHash ?? '';
    } finally {
      await store.close();
    }
  }

  it('creates, lists, resets and removes console users, keeping only scrypt hashes', async () => {
    const workspace = JSON.parse((await kaiku('workspace', 'create', 'Acme Oy', '--json')).stdout) as { id: string };
    const created = await kaiku('user', 'create', '--workspace', workspace.id, '--email', 'Aino@Example.com', '--role', 'admin', '--json');
    const { password, email, role } = JSON.parse(created.stdout) as { password: string; email: string; role: string };
    expect([email, role]).toEqual(['aino@example.com', 'admin']);
    expect(password).toMatch(/^[\w-]{18}$/);
    const hash = await hashOf('aino@example.com');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(password, hash)).toBe(true);

    const agent = await kaiku('user', 'create', '--workspace', workspace.id, '--email', 'eino@example.com', '--password', 'a long enough password');
    expect(agent.stdout).toContain('Created console user eino@example.com (agent)');
    expect(agent.stdout).not.toContain('a long enough password');
    expect((await kaiku('user', 'list')).stdout).toMatch(/aino@example\.com\s+admin[\s\S]*eino@example\.com\s+agent/);

    const short = await kaiku('user', 'create', '--workspace', workspace.id, '--email', 'x@example.com', '--password', 'short');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const badRole = await kaiku('user', 'create', '--workspace', workspace.id, '--email', 'y@example.com', '--role', 'owner');
    expect(badRole.stderr).toMatch(/"admin".*"agent"/);

    const reset = await kaiku('user', 'reset-password', 'eino@example.com', '--json');
    const fresh = (JSON.parse(reset.stdout) as { password: string }).password;
    expect(await verifyPassword(fresh, await hashOf('eino@example.com'))).toBe(true);
    expect((await kaiku('user', 'remove', 'eino@example.com')).stdout).toContain('Removed console user eino@example.com');
    expect((await kaiku('user', 'remove', 'eino@example.com')).stderr).toMatch(/not found/);
  }, 180_000);
});
