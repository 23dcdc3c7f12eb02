/**
 * Checks a delivery from Kaiku before it reaches a workflow: a Standard Webhooks signature (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`) over the raw body with the subscription's `whsec_…` secret, and a
 * timestamp at most 5 minutes off. Verified with the reference library, `standardwebhooks`.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Request headers as Node's HTTP server gives them. */
export type Headers = Record<string, string | string[] | undefined>;

/** What a check found: the delivered record, or why the delivery is refused. */
export type Verdict = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

function header(headers: Headers, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Verifies `rawBody` as delivered with `headers` against `secret` (undefined when the node has none stored). */
export function verifyDelivery(secret: string | undefined, rawBody: Buffer | string, headers: Headers): Verdict {
  if (!secret) {
    return { ok: false, reason: 'This trigger has no signing secret stored; deactivate and activate the workflow to subscribe again.' };
  }
  const signed = { 'webhook-id': header(headers, 'webhook-id'), 'webhook-timestamp': header(headers, 'webhook-timestamp'), 'webhook-signature': header(headers, 'webhook-signature') };
  if (!signed['webhook-id'] || !signed['webhook-timestamp'] || !signed['webhook-signature']) {
    return { ok: false, reason: 'The request has no Standard Webhooks signature headers (webhook-id, webhook-timestamp, webhook-signature).' };
  }
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  let record: unknown;
  try {
    record = new Webhook(secret).verify(body, signed);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, reason: `The signature does not match this trigger's Kaiku subscription: ${error.message}.` };
    return { ok: false, reason: 'The signed body is not JSON.' };
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return { ok: false, reason: 'The signed body is not a Kaiku record.' };
  return { ok: true, record: record as Record<string, unknown> };
}
