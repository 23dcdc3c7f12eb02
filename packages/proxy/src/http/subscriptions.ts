/** Handlers of /v1/subscriptions and /v1/deliveries. */
import { createSubscription, deleteSubscription, listDeadDeliveries, listSubscriptions, rotateSubscriptionSecret } from '../actions/subscriptions.js';
import type { SubscriptionInput, SubscriptionSource, SubscriptionView } from '../actions/subscriptions.js';
import { getSubscriptionDetail, replayDeadDelivery, replaySubscriptionDead, setSubscriptionPaused } from '../actions/subscription-health.js';
import { CLIENT_HEADER } from '@kaiku/shared/error-words';
import { clientPlatform } from '../actions/subscription-platform.js';
import { ApiError } from './errors.js';
import type { Handler, HandlerContext } from './context.js';
import type { Request, Response } from 'express';
import { baseUrl, param, query, workspaceId } from './context.js';

async function subscribe(req: Request, res: Response, ctx: HandlerContext, input: SubscriptionInput, source: SubscriptionSource): Promise<void> {
  const subscription: SubscriptionView = await createSubscription(ctx.deps, workspaceId(ctx), input, source);
  res.status(201).location(`${baseUrl(req, ctx)}/v1/subscriptions/${encodeURIComponent(subscription.id)}`).json(subscription);
}

/**
 * Validates a subscription body; a filter that cannot be used (unknown key or value) is a 422 `invalid_filter`,
 * like one naming a number that is not the workspace's, so that no trigger is stored that would never fire.
 */
function validated<T>(validate: (body: unknown) => T, body: unknown): T {
  try {
    return validate(body);
  } catch (error) {
    const field = error instanceof ApiError ? error.details.field : undefined;
    if (error instanceof ApiError && typeof field === 'string' && field.startsWith('filter.')) {
      throw new ApiError('invalid_filter', error.message, error.details);
    }
    throw error;
  }
}

/** POST /v1/subscriptions → 201 with an absolute Location; the platform is kept when the client names itself (`Kaiku-Client`, `User-Agent`). */
export const postSubscription: Handler = async (req, res, ctx) => {
  const source = clientPlatform({ client: req.get(CLIENT_HEADER), userAgent: req.get('user-agent') }) ?? 'api';
  await subscribe(req, res, ctx, validated(ctx.validate.subscription, req.body), source);
};

/** POST /v1/subscriptions/inbound_message: Power Automate's "when a message arrives" trigger. */
export const postInboundTrigger: Handler = async (req, res, ctx) => {
  await subscribe(req, res, ctx, { ...validated(ctx.validate.inboundTrigger, req.body), event: 'inbound_message' }, 'power_automate');
};

/** POST /v1/subscriptions/message_status: Power Automate's "when a status changes" trigger. */
export const postStatusTrigger: Handler = async (req, res, ctx) => {
  await subscribe(req, res, ctx, { ...validated(ctx.validate.statusTrigger, req.body), event: 'message_status' }, 'power_automate');
};

/** GET /v1/subscriptions */
export const getSubscriptions: Handler = async (_req, res, ctx) => {
  res.json({ data: await listSubscriptions(ctx.deps, workspaceId(ctx)) });
};

/** DELETE /v1/subscriptions/{id} → 204 */
export const removeSubscription: Handler = async (req, res, ctx) => {
  await deleteSubscription(ctx.deps, workspaceId(ctx), param(req, 'id'));
  res.status(204).end();
};

/** POST /v1/subscriptions/{id}/rotate-secret */
export const postRotateSecret: Handler = async (req, res, ctx) => {
  res.json(await rotateSubscriptionSecret(ctx.deps, workspaceId(ctx), param(req, 'id')));
};

/** GET /v1/deliveries/dead?limit= */
export const getDeadDeliveries: Handler = async (req, res, ctx) => {
  const raw = query(req, 'limit') ?? '50';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new ApiError('validation_failed', 'The field "limit" must be a whole number from 1 to 500.', { field: 'limit' });
  }
  res.json({ data: await listDeadDeliveries(ctx.deps, workspaceId(ctx), limit) });
};

/** GET /v1/subscriptions/{id}: the subscription with its health. */
export const getSubscription: Handler = async (req, res, ctx) => {
  res.json(await getSubscriptionDetail(ctx.deps, workspaceId(ctx), param(req, 'id')));
};

/** POST /v1/subscriptions/{id}/pause */
export const pauseSubscription: Handler = async (req, res, ctx) => {
  res.json(await setSubscriptionPaused(ctx.deps, workspaceId(ctx), param(req, 'id'), true));
};

/** POST /v1/subscriptions/{id}/resume */
export const resumeSubscription: Handler = async (req, res, ctx) => {
  res.json(await setSubscriptionPaused(ctx.deps, workspaceId(ctx), param(req, 'id'), false));
};

/** POST /v1/subscriptions/{id}/replay-dead */
export const replayDeadOfSubscription: Handler = async (req, res, ctx) => {
  res.json(await replaySubscriptionDead(ctx.deps, workspaceId(ctx), param(req, 'id')));
};

/** POST /v1/deliveries/dead/{id}/replay */
export const replayDead: Handler = async (req, res, ctx) => {
  res.json(await replayDeadDelivery(ctx.deps, workspaceId(ctx), param(req, 'id')));
};
