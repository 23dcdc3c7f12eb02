import { describe, expect, it } from '@jest/globals';
import { Signature } from '@hubspot/api-client';
import { decodeSignedUri, MAX_SIGNATURE_AGE_MS, signV2, signV3, verifyHubspotRequest, verifyV3 } from '../src/signature.js';

const secret = 'client-secret-4b9a';
const now = 1_764_000_000_000;
const body = '{"callbackId":"ap-102-4-1-0","origin":{"portalId":102},"inputFields":{"template":"12"}}';

function request(overrides: Partial<{ method: string; uri: string; rawBody: string; timestamp: string; signature: string }> = {}) {
  const base = { method: 'POST', uri: 'https://kaiku.example.com/hubspot/actions/send-template', rawBody: body, timestamp: String(now - 1000) };
  const merged = { ...base, ...overrides };
  return { ...merged, signature: overrides.signature ?? signV3(merged, secret) };
}

describe('v3 signature', () => {
  it('matches the SDK getSignature for the same request', () => {
    const uri = 'https://kaiku.example.com/hubspot/options?portal=102&x=a:b';
    const timestamp = String(now);
    const sdk = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: secret, requestBody: body, url: uri, timestamp: Number(timestamp) });
    expect(signV3({ method: 'POST', uri, rawBody: body, timestamp }, secret)).toBe(sdk);
  });

  it('decodes the escapes HubSpot decodes, and only those', () => {
    expect(decodeSignedUri('https://h.example/p%3Fa%3Ab%2Fc%40d%21%24%27%28%29%2A%2C%3B?q=%20%3a')).toBe("https://h.example/p?a:b/c@d!$'()*,;?q=%20:");
  });

  it('signs the decoded URI so that an escaped call verifies like HubSpot computed it', () => {
    const called = 'https://kaiku.example.com/hubspot/options?next=a%3Ab';
    const sdkOverDecoded = Signature.getSignature('POST', 'v3', {
      signature: '', clientSecret: secret, requestBody: body, url: 'https://kaiku.example.com/hubspot/options?next=a:b', timestamp: now,
    });
    expect(verifyV3({ method: 'POST', uri: called, rawBody: body, timestamp: String(now), signature: sdkOverDecoded }, secret, now)).toEqual({ ok: true });
  });

  it('accepts a fresh, correct signature', () => {
    expect(verifyV3(request(), secret, now)).toEqual({ ok: true });
  });

  it.each([
    ['a tampered body', { rawBody: body.replace('12', '13') }],
    ['another path', { uri: 'https://kaiku.example.com/hubspot/actions/reply' }],
    ['another method', { method: 'PUT' }],
    ['another timestamp', { timestamp: String(now - 2000) }],
  ])('rejects %s', (_label, change) => {
    const signed = request();
    expect(verifyV3({ ...signed, ...change }, secret, now).ok).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    const forged = request({ signature: signV3({ method: 'POST', uri: 'https://kaiku.example.com/hubspot/actions/send-template', rawBody: body, timestamp: String(now - 1000) }, 'other') });
    expect(verifyV3(forged, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
  });

  it('rejects timestamps older than five minutes and ones far in the future', () => {
    const stale = request({ timestamp: String(now - MAX_SIGNATURE_AGE_MS - 1) });
    expect(verifyV3(stale, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('older than 5 minutes') });
    const future = request({ timestamp: String(now + MAX_SIGNATURE_AGE_MS + 1) });
    expect(verifyV3(future, secret, now).ok).toBe(false);
    expect(verifyV3(request({ timestamp: String(now - MAX_SIGNATURE_AGE_MS) }), secret, now).ok).toBe(true);
  });

  it('rejects missing or non-numeric timestamps and missing signatures', () => {
    expect(verifyV3({ ...request(), timestamp: '' }, secret, now).ok).toBe(false);
    expect(verifyV3({ ...request(), timestamp: 'yesterday' }, secret, now).ok).toBe(false);
    expect(verifyV3({ ...request(), signature: undefined }, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('missing') });
  });

  it('rejects a signature of another length without throwing', () => {
    expect(verifyV3(request({ signature: 'abc' }), secret, now).ok).toBe(false);
  });
});

describe('v2 signature (the custom action guide\'s), when no v3 is sent', () => {
  // The worked example of HubSpot's "v2 request validation" page.
  const documented = { secret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy', method: 'GET', uri: 'https://www.example.com/webhook_uri', rawBody: '' };

  it('reproduces HubSpot\'s documented v2 example and the SDK\'s v2', () => {
    expect(signV2(documented, documented.secret)).toBe('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e');
    const uri = 'https://kaiku.example.com/hubspot/actions/send-template?b=2&a=1';
    const sdk = Signature.getSignature('POST', 'v2', { signature: '', clientSecret: secret, requestBody: body, url: uri });
    expect(signV2({ method: 'POST', uri, rawBody: body }, secret)).toBe(sdk);
  });

  const signed = { method: 'POST', uri: 'https://kaiku.example.com/hubspot/options?a=b%3Ac', rawBody: body };
  const v2 = (request = signed) => ({ v2: signV2(request, secret), version: 'v2' });

  it('accepts a correct v2 signature, signed over the URI exactly as called (escapes kept)', () => {
    expect(verifyHubspotRequest(signed, v2(), secret, now)).toEqual({ ok: true });
    expect(verifyHubspotRequest(signed, v2({ ...signed, uri: 'https://kaiku.example.com/hubspot/options?a=b:c' }), secret, now).ok).toBe(false);
  });

  it.each([
    ['a tampered body', { rawBody: body.replace('12', '13') }],
    ['another query order', { uri: 'https://kaiku.example.com/hubspot/options?c=d&a=b%3Ac' }],
    ['another method', { method: 'PUT' }],
  ])('rejects %s', (_label, change) => {
    expect(verifyHubspotRequest({ ...signed, ...change }, v2(), secret, now).ok).toBe(false);
  });

  it('rejects v1 and unversioned signatures, and a request with none', () => {
    expect(verifyHubspotRequest(signed, { ...v2(), version: 'v1' }, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('"v1"') });
    expect(verifyHubspotRequest(signed, { v2: v2().v2 }, secret, now).ok).toBe(false);
    expect(verifyHubspotRequest(signed, {}, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('no HubSpot signature') });
  });

  it('checks v3 when present and does not fall back to a valid v2 when v3 fails', () => {
    const timestamp = String(now);
    const v3 = signV3({ ...signed, timestamp }, secret);
    expect(verifyHubspotRequest(signed, { v3, timestamp, ...v2() }, secret, now)).toEqual({ ok: true });
    expect(verifyHubspotRequest(signed, { v3: 'forged', timestamp, ...v2() }, secret, now).ok).toBe(false);
  });
});
