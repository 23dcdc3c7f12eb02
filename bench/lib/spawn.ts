/**
 * Server processes of the bench: Kaiku's proxy as a deployment runs it (the built `dist/main.mjs`, plain
 * Node, the flags of `pnpm start`) and TypeScript helpers through tsx. Each is ready when it prints its URL.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildProxy } from '../../packages/proxy/scripts/build.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The V8 flags `pnpm start` runs the proxy with, read from its script in packages/proxy/package.json: a
 * smaller young generation and a 512 MB old-generation limit. With V8's default limit on a large machine
 * (gigabytes) a busy proxy lets garbage pile up to about 40 MB more before it collects.
 */
export const KAIKU_NODE_FLAGS = startFlags();

function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../../packages/proxy/package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const run = manifest.scripts.start.split('&&').map((part) => part.trim()).find((part) => part.endsWith('dist/main.mjs'));
  if (run === undefined) throw new Error('The proxy\'s start script no longer runs dist/main.mjs; update bench/lib/spawn.ts.');
  return run.split(/\s+/).filter((token) => token.startsWith('--max-'));
}

/** A server process of the bench. */
export interface BenchProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Peak resident set size so far, in MB (Linux `VmHWM`). */
  peakRssMb(): number;
  /** CPU time used so far (user + system), in milliseconds (Linux `/proc/PID/stat`, 10 ms steps). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Linux's USER_HZ, the unit of `/proc/PID/stat`'s CPU times (100 on every Linux this runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

let built: Promise<string> | null = null;

/** Builds the proxy once per bench run; answers the path of `dist/main.mjs`. */
export function proxyBundle(): Promise<string> {
  built ??= buildProxy().then((files) => files.main);
  return built;
}

/** The URL a server prints: `{"url": …}` (helpers) or a "listening at/on …" line (the proxy, the sandbox). */
function urlIn(output: string): string | null {
  for (const line of output.split('\n')) {
    const listening = /listening (?:at|on) (http:\/\/\S+)/.exec(line);
    if (listening?.[1] !== undefined) return listening[1];
    if (line.startsWith('{"url"')) return (JSON.parse(line) as { url: string }).url;
  }
  return null;
}

/** Spawns `node …args` with `env` added; resolves when it prints its URL. */
function spawnServer(args: string[], env: Record<string, string> = {}): Promise<BenchProcess> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not start:\n${err}${out}`));
    }, 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const url = urlIn(out);
      if (url === null || child.pid === undefined) return;
      clearTimeout(timer);
      // Keep draining the output (the proxy logs requests at info level) without holding on to it.
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const pid = child.pid;
      resolve({
        url, pid, child,
        peakRssMb() {
          const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024;
        },
        cpuMs() {
          // Fields after the command name: state is the 1st, utime the 12th and stime the 13th.
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
          return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
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

/** Kaiku's proxy as deployed: the bundle in plain Node, configured through `env` like any installation (its subscribers here are on loopback). */
export async function spawnProxy(env: Record<string, string>): Promise<BenchProcess> {
  return spawnServer([...KAIKU_NODE_FLAGS, await proxyBundle()], { PORT: '0', KAIKU_SANDBOX: 'off', LOG_LEVEL: 'info', NODE_ENV: '', KAIKU_ALLOW_PRIVATE_TARGETS: 'true', ...env });
}

/** A TypeScript helper of the bench or the sandbox (through tsx). */
export function spawnHelper(entry: string, args: string[], env: Record<string, string> = {}): Promise<BenchProcess> {
  return spawnServer(['--import', 'tsx', entry, ...args], env);
}
