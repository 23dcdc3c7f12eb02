/** Meta-shaped webhook bodies and a signed POST, for the intake, applier and delivery tests. */
import { randomBytes } from 'node:crypto';
import { signWebhook } from '@kaiku/core';

/** The sandbox's default WABA. */
export const WABA_ID = '102290129340398';
/** The sandbox's default business number. */
export const PHONE_NUMBER_ID = '106540352242922';

/** A `messages` webhook with one inbound text message, as Meta sends it. */
export function inboundWebhook(options: {
  text?: string; from?: string; id?: string; phoneNumberId?: string; wabaId?: string; timestamp?: number; name?: string;
} = {}): Record<string, unknown> {
  const from = options.from ?? '358401234567';
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: options.wabaId ?? WABA_ID,
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001234', phone_number_id: options.phoneNumberId ?? PHONE_NUMBER_ID },
          contacts: [{ profile: { name: options.name ?? 'Aino Virtanen' }, wa_id: from }],
          messages: [{
            from, id: options.id ?? `wamid.${randomBytes(10).toString('hex')}`, timestamp: String(options.timestamp ?? 1_764_064_800),
            type: 'text', text: { body: options.text ?? 'Hello' },
          }],
        },
      }],
    }],
  };
}

/** A `messages` webhook with one status of an outbound message. */
export function statusWebhook(options: { id: string; status: string; recipient?: string; timestamp?: number; phoneNumberId?: string }): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: WABA_ID,
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001234', phone_number_id: options.phoneNumberId ?? PHONE_NUMBER_ID },
          statuses: [{
            id: options.id, status: options.status, timestamp: String(options.timestamp ?? 1_764_064_900), recipient_id: options.recipient ?? '358401234567',
            pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
          }],
        },
      }],
    }],
  };
}

/** A `user_preferences` webhook (the customer stopped or resumed marketing messages in WhatsApp). */
export function preferenceWebhook(options: { waId: string; value: 'stop' | 'resume'; timestamp?: number }): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: WABA_ID, time: options.timestamp ?? 1_764_064_800,
      changes: [{
        field: 'user_preferences',
        value: {
          messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001234', phone_number_id: PHONE_NUMBER_ID },
          contacts: [{ wa_id: options.waId, profile: { name: 'Aino' } }],
          user_preferences: [{ wa_id: options.waId, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: options.value, timestamp: options.timestamp ?? 1_764_064_800 }],
        },
      }],
    }],
  };
}

/** POSTs a body to the intake, signed with `appSecret` (or with the given signature header). */
export async function postWebhook(url: string, body: Buffer | string | Record<string, unknown>, appSecret: string | null, signature?: string): Promise<Response> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature ?? (appSecret === null ? undefined : signWebhook(raw, appSecret));
  if (header !== undefined) headers['x-hub-signature-256'] = header;
  return fetch(url, { method: 'POST', headers, body: raw });
}

/** Waits until `check` holds (bounded), polling; throws with `what` when it never does. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting for: ${what}`);
}
