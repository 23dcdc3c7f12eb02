/**
 * The app factory: builds the Express app from its dependencies and never listens. Meta's webhook intake is
 * mounted before any body parser (it needs the raw bytes); `/v1` parses JSON with a size limit.
 */
import express from 'express';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Secrets } from '../secrets.js';
import type { Store } from '../store/types.js';
import { WhatsAppAccess } from '../actions/context.js';
import type { ActionDeps } from '../actions/context.js';
import { authenticate, RateLimiter } from './auth.js';
import type { Caller } from './auth.js';
import { FailedAuthLimiter } from './auth-failures.js';
import { callerOf } from './console-auth.js';
import { createBodyValidators } from './body-schemas.js';
import type { HandlerContext } from './context.js';
import { ApiError, errorMiddleware } from './errors.js';
import { requestLog } from './request-log.js';
import type { WebhookIntakeHandler } from './webhook-intake.js';
import { routes } from './routes.js';
import type { Route } from './routes.js';
import { createAjv } from './validate.js';

/** Everything the app needs; tests pass their own store, clock and fetch. */
export interface AppDeps {
  config: Config;
  store: Store;
  secrets: Secrets;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** The fetch the Cloud API clients use (default: global fetch). */
  fetch?: typeof fetch;
  /** Meta's webhook intake, mounted at `/webhooks/whatsapp` before the body parsers. */
  webhookIntake?: WebhookIntakeHandler;
  /** Other routers mounted before the body parsers (e.g. HubSpot's action endpoints, which verify raw bodies). */
  mounts?: Array<{ path: string; handler: RequestHandler }>;
  /** Extra routes served with the same auth and error handling (e.g. `GET /v1/openapi.json`). */
  extraRoutes?: Route[];
  /** Reloads the webhook intake's connections (after a number is connected). */
  connectionsChanged?: () => Promise<void>;
}

/** The action dependencies the app builds from its own. */
export function actionDeps(deps: AppDeps): ActionDeps {
  return {
    config: deps.config,
    store: deps.store,
    secrets: deps.secrets,
    logger: deps.logger,
    metrics: deps.metrics,
    whatsapp: new WhatsAppAccess(deps.secrets, { templateCacheMs: deps.config.templateCacheMs, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
    now: deps.now ?? (() => new Date()),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    ...(deps.connectionsChanged ? { connectionsChanged: deps.connectionsChanged } : {}),
  };
}

async function authenticated(req: Request, res: Response, store: Store, failures: FailedAuthLimiter): Promise<Caller> {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  failures.check(address);
  try {
    return await authenticate(req, store);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') throw await failures.failed(address, error, res.locals.log as Logger);
    throw error;
  }
}

function bind(route: Route, base: Omit<HandlerContext, 'caller'>, limiter: RateLimiter, failures: FailedAuthLimiter): RequestHandler {
  return async (req: Request, res: Response) => {
    let caller = null;
    if (route.auth !== 'none') {
      caller = await callerOf(req, base.deps, route.auth, () => authenticated(req, res, base.deps.store, failures));
      await limiter.take(caller.keyId);
      res.locals.log = (res.locals.log as Logger).child({ workspace_id: caller.workspaceId });
    }
    await route.handler(req, res, { ...base, caller });
  };
}

/** Builds the proxy's Express app. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(deps.logger));
  if (deps.webhookIntake !== undefined) app.use('/webhooks/whatsapp', deps.webhookIntake);
  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.handler);

  app.use('/v1', express.json({ limit: deps.config.maxBodyBytes, strict: true, type: ['application/json', 'application/*+json'] }));
  const base = { deps: actionDeps(deps), validate: createBodyValidators(createAjv()) };
  const limiter = new RateLimiter(deps.config.rateLimitPerMinute, (keyId, perMinute) => deps.store.takeRequestToken(keyId, perMinute));
  const failures = new FailedAuthLimiter((bucket, perMinute) => deps.store.takeRequestToken(bucket, perMinute), deps.metrics);
  for (const route of [...(deps.extraRoutes ?? []), ...routes]) app[route.method](route.path, bind(route, base, limiter, failures));

  app.use((req: Request) => {
    throw new ApiError('not_found', `There is no ${req.method} ${req.path} in the Kaiku API. The operations are listed at GET /v1/openapi.json.`);
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
