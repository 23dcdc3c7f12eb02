/** Starts a TypeScript entry in its own Node process (through tsx) and waits for its `{"url": …}` line. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (tsx resolves from here). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A server process of the bench. */
export interface BenchProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Peak resident set size so far, in MB (Linux `VmHWM`). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * The V8 flags `pnpm start` runs the proxy with (packages/proxy/package.json): a smaller young generation
 * keeps a busy proxy's memory down (about 25 MB less at the same throughput here).
 */
export const KAIKU_NODE_FLAGS = ['--max-semi-space-size=4'];

/** Spawns `entry` with `args` (Kaiku's own processes with `KAIKU_NODE_FLAGS`); resolves when it prints its URL. */
export function spawnServer(entry: string, args: string[], nodeFlags: string[] = []): Promise<BenchProcess> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start:\n${err}`));
    }, 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined || child.pid === undefined) return;
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      const pid = child.pid;
      resolve({
        url: (JSON.parse(line) as { url: string }).url, pid, child,
        peakRssMb() {
          const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timeout);
        },
      });
    });
  });
}
