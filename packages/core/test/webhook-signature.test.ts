import { createHmac } from 'node:crypto';
import { readWebhookFixture } from '@kaiku/shared';
import { isKaikuError } from '../src/errors.js';
import { parseWebhookBody, signWebhook, verifyHandshake, verifyWebhookSignature } from '../src/whatsapp/webhook.js';

const secret = 'sandbox-app-secret';
const raw = readWebhookFixture('message.text');
const good = signWebhook(raw, secret);

describe('signWebhook', () => {
  it('is sha256= and the lowercase hex HMAC-SHA256 of the raw bytes with the app secret', () => {
    const expected = createHmac('sha256', secret).update(raw).digest('hex');
    expect(signWebhook(raw, secret)).toBe(`sha256=${expected}`);
    expect(signWebhook(raw.toString('utf8'), secret)).toBe(`sha256=${expected}`);
  });
});

describe('verifyWebhookSignature', () => {
  const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
  const cases: [string, string | string[] | undefined | null, boolean][] = [
    ['the signature Meta would send', good, true],
    ['the same hex in upper case', `sha256=${good.slice(7).toUpperCase()}`, true],
    ['surrounding whitespace', ` ${good} `, true],
    ['one hex digit changed', flipped, false],
    ['signed with another secret', signWebhook(raw, 'another-secret'), false],
    ['no header', undefined, false],
    ['null header', null, false],
    ['empty header', '', false],
    ['repeated header (array)', [good, good], false],
    ['missing sha256= prefix', good.slice(7), false],
    ['sha1= prefix (the old X-Hub-Signature)', `sha1=${good.slice(7)}`, false],
    ['truncated hex', good.slice(0, -2), false],
    ['too long hex', `${good}00`, false],
    ['non-hex characters', `sha256=${'z'.repeat(64)}`, false],
    ['junk before sha256=', `x${good}`, false],
    ['a second scheme before sha256=', `sha1=abc,${good}`, false],
    ['junk after the hex', `${good},sha1=abc`, false],
    ['upper-case SHA256= prefix', `SHA256=${good.slice(7)}`, true],
  ];
  it.each(cases)('%s → %s', (_label, header, expected) => {
    expect(verifyWebhookSignature(raw, header, secret)).toBe(expected);
  });

  it('refuses everything when the app secret is not configured', () => {
    expect(verifyWebhookSignature(raw, signWebhook(raw, ''), '')).toBe(false);
  });

  it('is computed over the raw bytes: re-serialising the parsed body breaks it', () => {
    // Meta escapes non-ASCII (ä, emoji) as \uXXXX; JSON.stringify writes the characters themselves.
    expect(raw.toString('utf8')).toContain('\\u00e4');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.toString('utf8')).toContain('ä');
    expect(verifyWebhookSignature(reserialised, good, secret)).toBe(false);
    expect(verifyWebhookSignature(raw, good, secret)).toBe(true);
  });

  it('detects a body changed by one byte', () => {
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 3] = tampered[tampered.length - 3]! ^ 1;
    expect(verifyWebhookSignature(tampered, good, secret)).toBe(false);
  });
});

describe('verifyHandshake', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1158201444' };
  const cases: [string, Record<string, unknown> | URLSearchParams, string, boolean][] = [
    ['matching token (flat query keys)', query, 'my-verify-token', true],
    ['matching token (URLSearchParams)', new URLSearchParams(query), 'my-verify-token', true],
    ['matching token (qs nested object)', { hub: { mode: 'subscribe', verify_token: 'my-verify-token', challenge: '1158201444' } }, 'my-verify-token', true],
    ['wrong token', query, 'other-token', false],
    ['token differing only in length', query, 'my-verify-token!', false],
    ['mode is not subscribe', { ...query, 'hub.mode': 'unsubscribe' }, 'my-verify-token', false],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token' }, 'my-verify-token', false],
    ['empty challenge', { ...query, 'hub.challenge': '' }, 'my-verify-token', false],
    ['empty challenge (URLSearchParams)', new URLSearchParams({ ...query, 'hub.challenge': '' }), 'my-verify-token', false],
    ['challenge sent twice (array)', { ...query, 'hub.challenge': ['1', '2'] }, 'my-verify-token', false],
    ['no mode', { 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1' }, 'my-verify-token', false],
    ['qs nested object with the wrong token', { hub: { mode: 'subscribe', verify_token: 'nope', challenge: '1158201444' } }, 'my-verify-token', false],
    ['hub is not an object', { hub: 'subscribe', 'hub.challenge': '1' }, 'my-verify-token', false],
    ['hub is null', { hub: null }, 'my-verify-token', false],
    ['no token sent', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'my-verify-token', false],
    ['token sent twice (array)', { ...query, 'hub.verify_token': ['my-verify-token', 'x'] }, 'my-verify-token', false],
    ['verify token not configured', { ...query, 'hub.verify_token': '' }, '', false],
  ];
  it.each(cases)('%s', (_label, q, token, ok) => {
    const result = verifyHandshake(q, token);
    expect(result).toEqual(ok ? { ok: true, challenge: '1158201444' } : { ok: false });
  });
});

describe('parseWebhookBody', () => {
  it('parses the raw bytes of a real payload', () => {
    expect(parseWebhookBody(raw)).toEqual(JSON.parse(raw.toString('utf8')));
    expect(parseWebhookBody(raw.toString('utf8'))).toMatchObject({ object: 'whatsapp_business_account' });
  });

  const invalid: [string, string, RegExp][] = [
    ['truncated JSON', raw.toString('utf8').slice(0, 200), /not valid JSON \(it may have been cut off\)/],
    ['empty body', '', /empty/],
    ['whitespace only', '  \n', /empty/],
    ['an array', '[{"object":"whatsapp_business_account"}]', /not an object/],
    ['a string', '"hello"', /not an object/],
    ['null', 'null', /not an object/],
    ['form-encoded body', 'object=whatsapp_business_account', /not valid JSON/],
  ];
  it.each(invalid)('rejects %s with invalid_webhook', (_label, body, message) => {
    let thrown: unknown;
    try {
      parseWebhookBody(Buffer.from(body));
    } catch (error) {
      thrown = error;
    }
    expect(isKaikuError(thrown) && thrown.code).toBe('invalid_webhook');
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('parseWebhookBody on a cut-off body', () => {
  it('keeps the parse error as the cause and the length received', () => {
    let thrown: unknown;
    try {
      parseWebhookBody('{"object":');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_webhook', details: { length: 10 }, cause: expect.any(SyntaxError) });
  });
});
