/** `pnpm start`: the proxy, and beside it the sandbox with a demo workspace when no real number is connected. */
import { SandboxClock } from '@kaiku/sandbox';
import { ConfigError, loadConfig } from './config.js';
import { assertFixedKeyForDemoOnly, demoBanner, startDemo, wantsSandbox } from './cli/demo.js';
import type { Demo } from './cli/demo.js';
import { openRuntime, startProxy } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // One clock for Meta's side and the proxy's decisions: the sandbox's in demo mode, the system clock otherwise.
  const clock = new SandboxClock();
  let now = Date.now;
  const runtime = await openRuntime(config, { now: () => now() });
  // The demo workspace alone may deliver to this machine (its settings say so); other workspaces may not.
  const decision = await wantsSandbox(config, runtime);
  assertFixedKeyForDemoOnly(config, decision.start);
  if (decision.start) now = () => clock.now();
  const proxy = await startProxy(config, { runtime, now: () => new Date(now()) });
  let demo: Demo | null = null;
  if (decision.start) {
    demo = await startDemo(config, runtime, proxy.url, clock);
    console.log(demoBanner(proxy.url, demo, decision.reason));
  } else {
    console.log(`Kaiku proxy listening at ${proxy.url} (${runtime.store.kind}). The sandbox is not running: ${decision.reason}.`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    proxy.logger.info({ signal }, 'shutting down: finishing requests in flight');
    await demo?.stop();
    await proxy.stop();
    await runtime.store.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}

function explain(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const { code, port } = error as { code?: string; port?: number };
  if (code === 'EADDRINUSE') return `Kaiku could not start: port ${port ?? ''} is already in use. Stop the other program, or choose free ports with PORT=… and SANDBOX_PORT=….`;
  return `Kaiku could not start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  console.error(explain(error));
  process.exit(1);
});
