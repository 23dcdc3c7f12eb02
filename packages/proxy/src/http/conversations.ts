/** Handlers of /v1/conversations: the list, one customer's timeline, and marking it read. */
import { listConversations } from '../actions/list-conversations.js';
import { listMessages } from '../actions/list-messages.js';
import { markRead } from '../actions/mark-read.js';
import type { Handler } from './context.js';
import { param, query, workspaceId } from './context.js';

/** GET /v1/conversations */
export const getConversations: Handler = async (req, res, ctx) => {
  res.json(await listConversations(ctx.deps, workspaceId(ctx), { cursor: query(req, 'cursor'), limit: query(req, 'limit'), q: query(req, 'q') }));
};

/** GET /v1/conversations/{customer}/messages */
export const getConversationMessages: Handler = async (req, res, ctx) => {
  res.json(await listMessages(ctx.deps, workspaceId(ctx), param(req, 'customer'), { before: query(req, 'before'), limit: query(req, 'limit') }));
};

/** POST /v1/conversations/{customer}/read */
export const postConversationRead: Handler = async (req, res, ctx) => {
  res.json(await markRead(ctx.deps, workspaceId(ctx), param(req, 'customer')));
};
