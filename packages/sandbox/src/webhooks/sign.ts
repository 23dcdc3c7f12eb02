/** Webhook bodies serialised and signed the way Meta does it. */
import { createHmac } from 'node:crypto';

/** JSON with every non-ASCII UTF-16 unit escaped as lowercase `\uXXXX`, as Meta sends it. */
export function serializeWebhook(payload: unknown): string {
  return JSON.stringify(payload).replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the app secret>`. */
export function signWebhook(body: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}

/** The legacy `X-Hub-Signature` header Meta still sends beside the SHA-256 one: `sha1=<hex>`. */
export function signWebhookSha1(body: string, appSecret: string): string {
  return `sha1=${createHmac('sha1', appSecret).update(body, 'utf8').digest('hex')}`;
}
