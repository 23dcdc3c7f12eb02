/** Handlers of /v1/messages: send a template, reply, read inbound messages and an outbound message. */
import { getMessage, listInbound, listStatuses } from '../actions/get-message.js';
import { reply } from '../actions/reply.js';
import { sendTemplate } from '../actions/send-template.js';
import type { Handler } from './context.js';
import { param, query, workspaceId } from './context.js';

function idempotencyHeader(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 255) : null;
}

/** POST /v1/messages/template */
export const postTemplateMessage: Handler = async (req, res, ctx) => {
  const input = ctx.validate.sendTemplate(req.body);
  res.json(await sendTemplate(ctx.deps, workspaceId(ctx), input, idempotencyHeader(req.get('idempotency-key'))));
};

/** POST /v1/messages/reply */
export const postReply: Handler = async (req, res, ctx) => {
  const input = ctx.validate.reply(req.body);
  res.json(await reply(ctx.deps, workspaceId(ctx), input, idempotencyHeader(req.get('idempotency-key'))));
};

/** GET /v1/messages/inbound */
export const getInbound: Handler = async (req, res, ctx) => {
  res.json(await listInbound(ctx.deps, workspaceId(ctx), { since: query(req, 'since'), limit: query(req, 'limit'), type: query(req, 'type'), cursor: query(req, 'cursor') }));
};

/** GET /v1/messages/statuses */
export const getStatuses: Handler = async (req, res, ctx) => {
  const data = await listStatuses(ctx.deps, workspaceId(ctx), { limit: query(req, 'limit'), phoneNumberId: query(req, 'phone_number_id') });
  res.json({ data });
};

/** GET /v1/messages/{id} (outbound or inbound) */
export const getOutbound: Handler = async (req, res, ctx) => {
  res.json(await getMessage(ctx.deps, workspaceId(ctx), param(req, 'id')));
};
