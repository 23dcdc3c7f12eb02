/**
 * Spawning real proxy processes (`src/jobs/worker-process.ts` through tsx) and a local subscriber that counts
 * deliveries: for the crash and multi-process tests and the bench.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../src/jobs/worker-process.ts', import.meta.url));

/** A running proxy process. */
export interface ProxyProcess {
  url: string;
  child: ChildProcess;
  /** Ends it with SIGKILL (a crash) or SIGTERM (a clean stop, SIGKILL after 5 s) and waits for the exit. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Its stderr so far (for failure messages). */
  stderr(): string;
}

/** Starts a proxy process with the given worker-process arguments; resolves once it listens. */
export function spawnProxyProcess(args: string[]): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The proxy process did not start within 30 s:\n${err}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`The proxy process exited with ${code}:\n${err}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined || started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: (JSON.parse(line) as { url: string }).url, child, stderr: () => err,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const escalate = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(escalate);
        },
      });
    });
  });
}

/** One delivery the subscriber received. */
export interface Received {
  eventId: string;
  messageId: string;
  from: string;
  text: string | null;
}

/** A local subscriber that records every delivery and answers 200. */
export interface Subscriber {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Starts the subscriber on 127.0.0.1 and an ephemeral port. */
export async function startSubscriber(): Promise<Subscriber> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; from: string; text: string | null };
      received.push({ eventId: String(req.headers['webhook-id']), messageId: body.id, from: body.from, text: body.text });
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaiku`, received,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
