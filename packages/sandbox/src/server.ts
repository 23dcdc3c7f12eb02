/** `startSandbox`: one Express server with the Graph surface under `/{version}` and the `/_sandbox` controls. */
import type { Server } from 'node:http';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Sandbox } from './context.js';
import { GraphError, graphErrorHandler } from './graph-error.js';
import { downloadMedia } from './media/routes.js';
import { RateLimits } from './messages/rate-limits.js';
import type { SandboxOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { SandboxConfig } from './routes/control.js';
import { controlRouter, sandboxConfig } from './routes/control.js';
import { graphRouter } from './routes/graph.js';
import { checkVersion, looksLikeVersion } from './routes/versions.js';
import { review } from './templates/create.js';
import { loadState, saveState } from './state.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:40123` (the Graph surface is at `${url}/${version}/…`). */
  url: string;
  config: SandboxConfig;
  sandbox: Sandbox;
  /** Stops timers and webhook retries, saves the state file, closes the server. */
  stop(): Promise<void>;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}

/** Starts a sandbox (port 0 = ephemeral) and resolves once it listens. */
export async function startSandbox(input: SandboxOptions = {}): Promise<RunningSandbox> {
  const options = resolveOptions(input);
  const state = loadState(options);
  // A restart keeps Meta-side time where it was moved to.
  const kept = state.clock_offset_ms ?? 0;
  if (kept > options.clock.offset()) options.clock.advance(kept - options.clock.offset());
  let baseUrl = '';
  let stopped = false;
  // Status webhooks, template review and webhook retries wait on the clock: advancing it runs them.
  const schedule = (fn: () => void, ms: number) => {
    if (!stopped) options.clock.schedule(fn, ms);
  };
  let saveTimer: NodeJS.Timeout | null = null;
  const persist = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (options.stateFile) saveState(options.stateFile, state);
  };
  const changed = () => {
    if (!options.stateFile || saveTimer || stopped) return;
    saveTimer = setTimeout(persist, 50);
  };
  const webhooks = new WebhookDispatcher({ appSecret: () => options.appSecret, retry: options.retry, duplicateRate: options.duplicateRate, schedule, now: () => options.clock.now() });
  const sandbox: Sandbox = { options, state, webhooks, baseUrl: () => baseUrl, schedule, changed };
  for (const template of state.templates.filter((t) => t.status === 'PENDING')) schedule(() => review(sandbox, template), options.templateReviewMs);
  const limits = new RateLimits(options.throughputPerSecond, options.pairRateLimit, options.throttleHttpStatus, () => options.clock.now());

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(express.json({ limit: '4mb' }), express.urlencoded({ extended: true, limit: '4mb' }));
  app.use('/_sandbox', controlRouter(sandbox));
  app.get('/whatsapp_business/attachments', (req: Request, res: Response) => downloadMedia(sandbox, req, res));
  const graph = graphRouter(sandbox, limits);
  app.use('/:version', (req: Request, res: Response, next: NextFunction) => {
    const version = String(req.params.version);
    if (!looksLikeVersion(version)) return next();
    checkVersion(version, options.graphVersion, req.method);
    graph(req, res, next);
  });
  // Unversioned paths: Graph serves them with the app's default version.
  app.use(graph);
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new GraphError(2500, 'Unknown path components', { status: 400, noErrorData: true, message: `Unknown path components: ${req.path}` }));
  });
  app.use(graphErrorHandler);

  const server = await listen(app, options.port, options.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  persist();
  return {
    url: baseUrl,
    config: sandboxConfig(sandbox),
    sandbox,
    async stop() {
      stopped = true;
      webhooks.close();
      options.clock.cancelAll();
      persist();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
