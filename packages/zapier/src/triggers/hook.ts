/**
 * What the two instant triggers share: a REST hook subscription per zap on the proxy, signed
 * deliveries, and turning one delivery into the one-record list Zapier expects.
 */
import { Webhook } from 'standardwebhooks';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { callProxy, segment } from '../api.js';

/** The events a zap can subscribe to on the proxy. */
export type HookEvent = 'inbound_message' | 'message_status';

/** What the proxy answers to `POST /v1/subscriptions`, with the signing secret it made (shown only then). */
export interface SubscribeData {
  id: string;
  event: HookEvent;
  target_url: string;
  created_at: string;
  secret?: string;
}

/** `performSubscribe`: one subscription per zap; the proxy makes its signing secret, kept in the subscribe data. */
export function subscribeTo(event: HookEvent, filterOf: (bundle: Bundle) => Record<string, string> | undefined) {
  return async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
    const filter = filterOf(bundle);
    const body: Record<string, unknown> = { event, target_url: bundle.targetUrl };
    if (filter && Object.keys(filter).length > 0) body.filter = filter;
    return callProxy<SubscribeData>(z, bundle, { method: 'POST', path: '/subscriptions', body });
  };
}

/** The trigger field that limits a zap to one business number (a dropdown of the workspace's numbers). */
export const businessNumberField = {
  key: 'phone_number_id', label: 'Only Business Number', required: false, dynamic: 'phone_number_list.id.name',
  helpText: 'Trigger only for this business number, e.g. only your support line. Leave empty to trigger for all of them.',
};

/** The chosen business number of a trigger, if any. */
export function businessNumberOf(bundle: Bundle): string | undefined {
  const id = bundle.inputData.phone_number_id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** `performUnsubscribe`: deletes exactly the subscription this zap created. */
export async function unsubscribe(z: ZObject, bundle: Bundle): Promise<Record<string, never>> {
  const id = bundle.subscribeData?.id;
  if (!id) return {};
  await callProxy(z, bundle, { method: 'DELETE', path: `/subscriptions/${segment(id)}` });
  return {};
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = [name.toLowerCase(), `http-${name.toLowerCase()}`];
  const found = Object.entries(headers ?? {}).find(([key]) => wanted.includes(key.toLowerCase()));
  return found?.[1];
}

/** The verifier of a secret: a Standard Webhooks `whsec_…` secret, or (zaps subscribed by earlier versions) raw key bytes. */
function webhookFor(secret: string): Webhook {
  if (secret.startsWith('whsec_')) return new Webhook(secret);
  return new Webhook(new Uint8Array(Buffer.from(secret, 'utf8')), { format: 'raw' });
}

/**
 * True when the delivery carries a valid Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, at most 5 minutes old) for the subscription's secret, or when none is expected.
 */
export function hasValidSignature(bundle: Bundle): boolean {
  const secret = (bundle.subscribeData as Partial<SubscribeData> | undefined)?.secret;
  const raw = bundle.rawRequest;
  if (!secret || !raw || typeof raw.content !== 'string') return true;
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = header(raw.headers, name) ?? '';
  try {
    webhookFor(secret).verify(raw.content, headers, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}

/** The delivered record (one flat inbound-message or message-status object), verified. */
export function deliveredRecord(z: ZObject, bundle: Bundle): Record<string, unknown> | null {
  if (!hasValidSignature(bundle)) {
    throw new z.errors.HaltedError('Ignored a delivery whose signature does not match this zap\'s Kaiku subscription; it did not come from your Kaiku server.');
  }
  const record: unknown = bundle.cleanedRequest;
  if (!record || typeof record !== 'object' || Array.isArray(record)) return null;
  return record as Record<string, unknown>;
}
