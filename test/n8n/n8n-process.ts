/**
 * A real n8n for tests and the bench: the cached install (see `install.ts`) run as a child process bound to
 * 127.0.0.1 on a free port, with a user folder of its own (its SQLite database, encryption key and custom
 * nodes), diagnostics and every call home switched off. Workflows and credentials are imported, and workflows
 * published, with n8n's own CLI before the server starts.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { N8nInstall } from './install.js';

const run = promisify(execFile);

/** A free loopback port (taken by the OS, then released for n8n). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port.'))));
    });
  });
}

/** An n8n user folder with its port chosen, not yet started. */
export interface N8nInstance {
  url: string;
  port: number;
  userFolder: string;
  /** Runs an n8n CLI command (`import:workflow`, `publish:workflow`, …) against this instance's database. */
  cli(args: string[]): Promise<string>;
  /** Imports workflows (n8n's export format) and publishes those named in `publish`. */
  importWorkflows(workflows: Array<Record<string, unknown>>, publish: string[]): Promise<void>;
  /** Imports credentials; `data` is given in plain text and encrypted by n8n with this instance's key. */
  importCredentials(credentials: Array<Record<string, unknown>>): Promise<void>;
  /** Starts the server and waits until it answers its readiness check. */
  start(): Promise<void>;
  /** The server's process (for its RSS in the bench). */
  process(): ChildProcess | null;
  /** What the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** Prepares an n8n instance; `customPackage` (a folder with package.json and dist/) is copied in as a custom node package. */
export async function createN8n(install: N8nInstall, options: { customPackage?: string; logLevel?: string } = {}): Promise<N8nInstance> {
  const port = await freePort();
  const brokerPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const userFolder = mkdtempSync(join(tmpdir(), 'kaiku-n8n-'));
  const custom = join(userFolder, '.n8n', 'custom');
  mkdirSync(custom, { recursive: true });
  if (options.customPackage) {
    const target = join(custom, 'n8n-nodes-kaiku');
    cpSync(join(options.customPackage, 'package.json'), join(target, 'package.json'));
    cpSync(join(options.customPackage, 'dist'), join(target, 'dist'), { recursive: true });
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    N8N_USER_FOLDER: userFolder,
    N8N_PORT: String(port),
    // The task runners' broker listens on a fixed port (5679) unless told otherwise: two instances would collide.
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PROTOCOL: 'http',
    WEBHOOK_URL: `${url}/`,
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_PUBLIC_API_DISABLED: 'true',
    N8N_SECURE_COOKIE: 'false',
    N8N_LOG_LEVEL: options.logLevel ?? 'warn',
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    DB_TYPE: 'sqlite',
    // Jest sets NODE_ENV=test, under which n8n refuses to load nodes: it runs here as it runs for its users.
    NODE_ENV: 'production',
    NODE_OPTIONS: '',
  };
  let child: ChildProcess | null = null;
  let printed = '';
  const cli = async (args: string[]) => (await run(install.binary, args, { env, cwd: userFolder, maxBuffer: 16 * 1024 * 1024 })).stdout;
  const writeJson = (name: string, value: unknown) => {
    const file = join(userFolder, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const instance: N8nInstance = {
    url, port, userFolder, cli,
    async importCredentials(credentials) {
      await cli(['import:credentials', `--input=${writeJson('credentials.json', credentials)}`]);
    },
    async importWorkflows(workflows, publish) {
      await cli(['import:workflow', `--input=${writeJson('workflows.json', workflows)}`]);
      for (const id of publish) await cli(['publish:workflow', `--id=${id}`]);
    },
    async start() {
      // Its own process group, so that stopping it also stops the task runner it starts.
      child = spawn(install.binary, ['start'], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const keep = (chunk: Buffer) => { printed = (printed + chunk.toString()).slice(-20_000); };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}:\n${printed}`);
        const ready = await fetch(`${url}/healthz/readiness`).then((answer) => answer.ok, () => false);
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`n8n did not get ready in 3 minutes:\n${printed}`);
    },
    process: () => child,
    output: () => printed,
    async stop() {
      const running = child;
      if (running && running.exitCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        const signal = (name: NodeJS.Signals) => { if (running.pid) process.kill(-running.pid, name); };
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(userFolder, { recursive: true, force: true });
    },
  };
  return instance;
}
