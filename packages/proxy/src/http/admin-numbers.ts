/** Handlers of the WhatsApp numbers page's API (admins): a number's live state, connect, rotate the token, disconnect. */
import { connectNumber, disconnectNumber, numberStatus, ownedConnection, rotateToken } from '../actions/phone-numbers-admin.js';
import type { Handler } from './context.js';
import { param, workspaceId } from './context.js';


/** GET /v1/phone-numbers/{id} */
export const getPhoneNumber: Handler = async (req, res, ctx) => {
  res.json(await numberStatus(ctx.deps, await ownedConnection(ctx.deps, workspaceId(ctx), param(req, 'id'))));
};

/** POST /v1/phone-numbers */
export const postPhoneNumber: Handler = async (req, res, ctx) => {
  const answer = await connectNumber(ctx.deps, workspaceId(ctx), ctx.validate.admin('ConnectPhoneNumberInput', req.body));
  res.status(201).location(`/v1/phone-numbers/${encodeURIComponent(answer.phone_number.id)}`).json(answer);
};

/** PUT /v1/phone-numbers/{id}/token */
export const putPhoneNumberToken: Handler = async (req, res, ctx) => {
  res.json(await rotateToken(ctx.deps, workspaceId(ctx), param(req, 'id'), ctx.validate.admin('RotateTokenInput', req.body)));
};

/** DELETE /v1/phone-numbers/{id} */
export const deletePhoneNumber: Handler = async (req, res, ctx) => {
  await disconnectNumber(ctx.deps, workspaceId(ctx), param(req, 'id'));
  res.status(204).end();
};
