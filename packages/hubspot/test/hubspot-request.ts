/**
 * Sends a request the way HubSpot sends one to an action or options URL: JSON body, v3 signature computed by
 * HubSpot's own SDK (`Signature.getSignature`) over the public URI, and the timestamp header in epoch ms.
 */
import { Signature } from '@hubspot/api-client';

/** Options: another secret or timestamp (to test rejections), or a raw body instead of JSON. */
export interface SignOptions {
  secret: string;
  timestamp?: number;
  raw?: string;
}

/** POSTs `body` to `localUrl` signed for `publicUri` (what HubSpot called); answers status and JSON body. */
export async function postAsHubspot(localUrl: string, publicUri: string, body: unknown, options: SignOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = options.raw ?? JSON.stringify(body);
  const timestamp = options.timestamp ?? Date.now();
  const signature = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: options.secret, requestBody: raw, url: publicUri, timestamp });
  const response = await fetch(localUrl, {
    method: 'POST', body: raw,
    headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
