/**
 * `/{waba-id}/subscribed_apps`: subscribe the app to the WABA, optionally with Meta's per-WABA callback
 * override. Like Meta, the sandbox performs the GET verification handshake against the new URL first and
 * refuses the override when it fails.
 */
import type { Request } from 'express';
import type { Sandbox } from '../context.js';
import { GraphError, invalidParameter } from '../graph-error.js';
import { isObject } from '../messages/fields.js';
import { verifyCallback } from '../webhooks/handshake.js';

/** The sandbox's one app, as `whatsapp_business_api_data` lists it. */
export const SANDBOX_APP = { id: '901234567890123', link: 'https://www.facebook.com/games/?app_id=901234567890123', name: 'Kaiku Sandbox App' };

function param(req: Request, name: string): string | undefined {
  const body: unknown = req.body;
  const fromBody = isObject(body) ? body[name] : undefined;
  const value = fromBody ?? req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `POST`: subscribes, with the override only after a successful handshake. */
export async function subscribeApp(sandbox: Sandbox, wabaId: string, req: Request): Promise<Record<string, unknown>> {
  const uri = param(req, 'override_callback_uri');
  const verifyToken = param(req, 'verify_token');
  if (!uri) {
    if (verifyToken) throw invalidParameter('verify_token is only used together with override_callback_uri.');
    sandbox.state.subscriptions[wabaId] = { override_callback_uri: null, verify_token: null };
    sandbox.changed();
    return { success: true };
  }
  if (!verifyToken) throw invalidParameter('The parameter verify_token is required when override_callback_uri is set.');
  if (!/^https?:\/\//i.test(uri)) throw invalidParameter('override_callback_uri must be an http(s) URL.');
  const result = await verifyCallback(uri, verifyToken);
  if (!result.ok) {
    throw new GraphError(2200, 'Callback verification failed', {
      status: 400,
      message: `(#2200) Callback verification failed with the following errors: ${result.problem}`,
      details: result.problem,
    });
  }
  sandbox.state.subscriptions[wabaId] = { override_callback_uri: uri, verify_token: verifyToken };
  sandbox.changed();
  return { success: true };
}

/** `GET`: the app subscribed to this WABA, with its override when one is set. */
export function listSubscribedApps(sandbox: Sandbox, wabaId: string): Record<string, unknown> {
  const subscription = sandbox.state.subscriptions[wabaId];
  if (!subscription) return { data: [] };
  const item: Record<string, unknown> = { whatsapp_business_api_data: SANDBOX_APP };
  if (subscription.override_callback_uri) item.override_callback_uri = subscription.override_callback_uri;
  return { data: [item] };
}

/** `DELETE`: unsubscribes the app; webhooks for this WABA stop until it subscribes again. */
export function unsubscribeApp(sandbox: Sandbox, wabaId: string): Record<string, unknown> {
  delete sandbox.state.subscriptions[wabaId];
  sandbox.changed();
  return { success: true };
}
