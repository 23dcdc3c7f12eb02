/**
 * A newcomer follows the README on a fresh clone of the committed HEAD: installs (offline, from the store
 * the machine already has), runs the README's start command, pastes the printed `export KAIKU_API_KEY=…` and
 * runs every curl in the README in order; each must succeed. Ctrl-C then stops it with exit 0 and no pnpm error.
 * Ports are ephemeral: the README's 3000/3001 are replaced by the printed URLs.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from './harness/index.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

/** The shell commands of the README's ```sh blocks, continuation lines joined and trailing comments dropped. */
function readmeCommands(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s{2,}#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The environment of a newcomer's shell: nothing of Kaiku's set. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', CI: 'true' };
  for (const name of Object.keys(env)) if (name.startsWith('KAIKU_') || name === 'DATABASE_URL' || name.startsWith('SANDBOX_')) delete env[name];
  return env;
}

describe('a newcomer on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-newcomer-'));
  const clone = join(dir, 'kaiku');
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null> = Promise.resolve(null);

  beforeAll(async () => {
    await run('git', ['clone', '--quiet', ROOT, clone]);
    await run('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: clone, env: cleanEnv(), timeout: 240_000 });
  }, 300_000);
  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the README\'s command, prints the key to export, and every README curl succeeds', async () => {
    const readme = readFileSync(join(clone, 'README.md'), 'utf8');
    const commands = readmeCommands(readme);
    const startLine = commands.find((line) => line.includes('pnpm start')) ?? '';
    const start = startLine.split('&&').map((part) => part.trim()).find((part) => part.startsWith('pnpm start'));
    expect(start).toBe('pnpm start');

    // Run as a terminal runs it (no extra shell in between, which Ctrl-C would kill first).
    const [program = 'pnpm', ...args] = (start ?? '').split(' ');
    child = spawn(program, args, { cwd: clone, env: { ...cleanEnv(), PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const started = child;
    exited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
    started.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    await eventually(async () => /export KAIKU_API_KEY=\S+/.test(output) && /Sandbox:\s+\S+/.test(output), 120_000, `the start banner (so far: ${output})`);
    const proxyUrl = /Proxy:\s+(\S+)/.exec(output)?.[1] ?? '';
    const sandboxUrl = /Sandbox:\s+(\S+)/.exec(output)?.[1] ?? '';
    const exportLine = output.split('\n').map((line) => line.trim()).find((line) => line.startsWith('export KAIKU_API_KEY=')) ?? '';
    expect(output).toContain('because no real WhatsApp number is connected');

    // The demo's curls; the automation and consent examples address a deployment of your own ("$KAIKU", "$KEY").
    const curls = commands.filter((line) => line.startsWith('curl ') && !line.includes('$KAIKU/'));
    expect(curls.length).toBeGreaterThanOrEqual(5);
    const answers: string[] = [];
    for (const curl of curls) {
      const local = curl.replaceAll('http://127.0.0.1:3000', proxyUrl).replaceAll('http://127.0.0.1:3001', sandboxUrl).replace(/^curl /, 'curl -sS --fail-with-body ');
      const result = await run('sh', ['-c', `${exportLine}\n${local}`], { env: cleanEnv() }).catch((error: unknown) => {
        const failed = error as { stdout?: string; stderr?: string };
        throw new Error(`README curl failed: ${curl}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
      });
      answers.push(result.stdout);
    }
    const reply = answers.find((_, i) => curls[i]?.includes('/v1/messages/reply')) ?? '{}';
    expect(JSON.parse(reply)).toMatchObject({ sent_as: 'fallback_template' });
  }, 200_000);

  it('stops on Ctrl-C with exit 0 and no pnpm error', async () => {
    if (child?.pid === undefined) throw new Error('pnpm start did not run');
    process.kill(-child.pid, 'SIGINT');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE/);
  }, 60_000);
});
