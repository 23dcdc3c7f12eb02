/**
 * HubSpot's request signatures. https://developers.hubspot.com/docs/api/webhooks/validating-requests
 * v3 (X-HubSpot-Signature-v3 + X-HubSpot-Request-Timestamp): base64(HMAC-SHA256(clientSecret, METHOD +
 * decodedUri + rawBody + timestamp)); timestamp in epoch ms, rejected when more than five minutes away from now.
 * v2 (X-HubSpot-Signature with X-HubSpot-Signature-Version: v2, what the custom action guide names): hex
 * SHA-256 of clientSecret + METHOD + the URI exactly as called + rawBody. v3 is checked when present, else v2.
 * We do not use the SDK's `Signature.isValid`: it defaults to v1, compares with `===` and throws on stale
 * timestamps.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, either way (HubSpot: 5 minutes). */
export const MAX_SIGNATURE_AGE_MS = 300_000;

/** The escapes HubSpot decodes in the URI before signing (all other escapes stay as sent). */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** Decodes exactly the URI escapes HubSpot decodes before computing a v3 signature. */
export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape);
}

/** What a v3 signature covers. `uri` is the full URI HubSpot called (scheme, host, path, query). */
export interface SignedRequest {
  method: string;
  uri: string;
  rawBody: Buffer | string;
  timestamp: string;
}

/** Computes the v3 signature of a request, as HubSpot does. */
export function signV3(request: SignedRequest, clientSecret: string): string {
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
  return createHmac('sha256', clientSecret)
    .update(request.method.toUpperCase() + decodeSignedUri(request.uri))
    .update(body)
    .update(request.timestamp)
    .digest('base64');
}

/** The verdict on a request's signature; `reason` is for logs and the 401 answer. */
export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/** Checks a v3 signature in constant time and the timestamp's age (both directions). */
export function verifyV3(
  request: SignedRequest & { signature: string | undefined },
  clientSecret: string,
  now: number = Date.now(),
): SignatureVerdict {
  if (!request.signature) return { ok: false, reason: 'The X-HubSpot-Signature-v3 header is missing.' };
  if (!/^\d{10,16}$/.test(request.timestamp)) {
    return { ok: false, reason: 'The X-HubSpot-Request-Timestamp header is missing or not a number of milliseconds.' };
  }
  if (Math.abs(now - Number(request.timestamp)) > MAX_SIGNATURE_AGE_MS) {
    return { ok: false, reason: 'The request is older than 5 minutes (or its clock is far off) and is rejected.' };
  }
  if (!sameText(request.signature, signV3(request, clientSecret))) {
    return { ok: false, reason: 'The request signature does not match: check the app client secret Kaiku is configured with.' };
  }
  return { ok: true };
}

/** Computes the v2 signature of a request (hex): the URI is signed exactly as called, query order included. */
export function signV2(request: Omit<SignedRequest, 'timestamp'>, clientSecret: string): string {
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
  return createHash('sha256').update(clientSecret + request.method.toUpperCase() + request.uri, 'utf8').update(body).digest('hex');
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signature headers of a HubSpot request, as sent (any may be missing). */
export interface SignatureHeaders {
  v3?: string | undefined;
  timestamp?: string | undefined;
  v2?: string | undefined;
  version?: string | undefined;
}

/**
 * Checks a HubSpot request: its v3 signature when it carries one (a bad v3 is not rescued by v2), otherwise its
 * v2 signature, both compared in constant time.
 */
export function verifyHubspotRequest(
  request: Omit<SignedRequest, 'timestamp'>,
  headers: SignatureHeaders,
  clientSecret: string,
  now: number = Date.now(),
): SignatureVerdict {
  if (headers.v3) return verifyV3({ ...request, timestamp: headers.timestamp ?? '', signature: headers.v3 }, clientSecret, now);
  if (!headers.v2) return { ok: false, reason: 'The request carries no HubSpot signature (X-HubSpot-Signature-v3 or X-HubSpot-Signature).' };
  if ((headers.version ?? '').toLowerCase() !== 'v2') {
    return { ok: false, reason: `Only v3 and v2 HubSpot signatures are accepted; this one says version "${headers.version ?? ''}".` };
  }
  if (!sameText(headers.v2.toLowerCase(), signV2(request, clientSecret))) {
    return { ok: false, reason: 'The request signature does not match: check the app client secret Kaiku is configured with.' };
  }
  return { ok: true };
}
