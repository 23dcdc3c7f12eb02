/** Handlers of /v1/contacts/{phone}/consent. */
import { getConsent, recordConsent } from '../actions/record-consent.js';
import { requestOptIn } from '../actions/request-opt-in.js';
import type { Handler } from './context.js';
import { param, workspaceId } from './context.js';

/** GET /v1/contacts/{phone}/consent */
export const getContactConsent: Handler = async (req, res, ctx) => {
  res.json(await getConsent(ctx.deps, workspaceId(ctx), param(req, 'phone')));
};

/** PUT /v1/contacts/{phone}/consent */
export const putContactConsent: Handler = async (req, res, ctx) => {
  const input = ctx.validate.consent(req.body);
  res.json(await recordConsent(ctx.deps, workspaceId(ctx), param(req, 'phone'), input));
};

/** POST /v1/contacts/{phone}/opt-in-request */
export const postOptInRequest: Handler = async (req, res, ctx) => {
  const input = ctx.validate.optInRequest(req.body);
  res.json(await requestOptIn(ctx.deps, workspaceId(ctx), param(req, 'phone'), input));
};
