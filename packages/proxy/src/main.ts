/** `pnpm start`: the proxy, and beside it the sandbox with a demo workspace when no real number is connected. */
import { ConfigError, loadConfig } from './config.js';
import { assertFixedKeyForDemoOnly, demoBanner, startDemo, wantsSandbox } from './cli/demo.js';
import type { Demo } from './cli/demo.js';
import { openRuntime, startProxy } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  // The demo workspace alone may deliver to this machine (its settings say so); other workspaces may not.
  const sandboxDemo = await wantsSandbox(config, runtime);
  assertFixedKeyForDemoOnly(config, sandboxDemo);
  const proxy = await startProxy(config, { runtime });
  let demo: Demo | null = null;
  if (sandboxDemo) {
    demo = await startDemo(config, runtime, proxy.url);
    console.log(demoBanner(proxy.url, demo));
  } else {
    console.log(`Kaiku proxy listening at ${proxy.url} (${runtime.store.kind}).`);
  }
  const shutdown = async () => {
    await demo?.stop();
    await proxy.stop();
    await runtime.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
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
