/**
 * What the two instant triggers share: a REST hook subscription per zap on the proxy, signed
 * deliveries, and turning one delivery into the one-record list Zapier expects.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { callProxy, segment } from '../api.js';

/** The events a zap can subscribe to on the proxy. */
export type HookEvent = 'inbound_message' | 'message_status';

/** What the proxy answers to `POST /v1/subscriptions`, plus the signing secret we chose. */
export interface SubscribeData {
  id: string;
  event: HookEvent;
  target_url: string;
  created_at: string;
  secret?: string;
}

/** `performSubscribe`: one subscription per zap, with a fresh secret so deliveries can be verified. */
export function subscribeTo(event: HookEvent, filterOf: (bundle: Bundle) => Record<string, string> | undefined) {
  return async (z: ZObject, bundle: Bundle): Promise<SubscribeData> => {
    const secret = randomBytes(32).toString('hex');
    const filter = filterOf(bundle);
    const body: Record<string, unknown> = { event, target_url: bundle.targetUrl, secret };
    if (filter && Object.keys(filter).length > 0) body.filter = filter;
    const subscription = await callProxy<SubscribeData>(z, bundle, { method: 'POST', path: '/subscriptions', body });
    return { ...subscription, secret };
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

/** True when the delivery carries a valid `Kaiku-Signature` for the subscription's secret (or none is expected). */
export function hasValidSignature(bundle: Bundle): boolean {
  const secret = (bundle.subscribeData as Partial<SubscribeData> | undefined)?.secret;
  const raw = bundle.rawRequest;
  if (!secret || !raw || typeof raw.content !== 'string') return true;
  const signature = header(raw.headers, 'Kaiku-Signature');
  const timestamp = header(raw.headers, 'Kaiku-Timestamp');
  if (!signature?.startsWith('v1=') || !timestamp) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${raw.content}`).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
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
