import { describe, expect, it } from '@jest/globals';
import { isKaikuError } from '../src/errors.js';
import { MetaApiError, metaErrorFromResponse, networkError, parseRetryAfter } from '../src/whatsapp/client-errors.js';
import { describeMetaError, knownMetaErrorCodes } from '../src/whatsapp/error-table.js';

/** Meta's sync envelope for a code, as in the reference §2.1. */
function envelope(code: number, details?: string) {
  return {
    error: {
      message: `(#${code}) Title for ${code}`,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      fbtrace_id: 'AvJ0yQyZ1n7s',
    },
  };
}

describe('metaErrorFromResponse', () => {
  it.each(knownMetaErrorCodes())('turns the envelope of %i into a MetaApiError following the table', (code) => {
    const error = metaErrorFromResponse(400, envelope(code));
    const described = describeMetaError(code);
    expect(error).toBeInstanceOf(MetaApiError);
    expect(isKaikuError(error)).toBe(true);
    expect(error).toMatchObject({ code: described.code, retryable: described.retryable, message: described.message, metaCode: code, httpStatus: 400, fbtraceId: 'AvJ0yQyZ1n7s' });
  });

  it("keeps the reference's pair-rate example whole", () => {
    const body = {
      error: {
        message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        type: 'OAuthException',
        code: 131056,
        error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
        error_subcode: 2494055,
        fbtrace_id: 'AbCdEf',
      },
    };
    expect(metaErrorFromResponse(400, body, 2000)).toMatchObject({
      code: 'pair_rate_limited', retryable: true, retryAfterMs: 2000, metaCode: 131056, metaSubcode: 2494055, metaType: 'OAuthException', fbtraceId: 'AbCdEf',
      details: { meta_message: '(#131056) (Business Account, Consumer Account) pair rate limit hit', meta_details: expect.stringMatching(/^Message failed to send/) },
    });
  });

  it('treats an unknown code on a 5xx as retryable', () => {
    expect(metaErrorFromResponse(503, envelope(987654))).toMatchObject({ code: 'meta_error', retryable: true });
    expect(metaErrorFromResponse(400, envelope(987654))).toMatchObject({ code: 'meta_error', retryable: false });
  });

  it.each([
    [429, 'rate_limited', true],
    [500, 'meta_unavailable', true],
    [401, 'meta_auth_failed', false],
    [404, 'meta_error', false],
  ])('explains HTTP %i without an envelope as %s', (status, code, retryable) => {
    expect(metaErrorFromResponse(status, 'Not Found')).toMatchObject({ code, retryable, httpStatus: status, details: { body: 'Not Found' } });
  });

  it('network errors are retryable KaikuErrors that say what happened', () => {
    expect(networkError(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toMatchObject({
      code: 'network_error', retryable: true, message: 'Could not reach WhatsApp (connect ECONNREFUSED 127.0.0.1:9). Check the network; the request will be retried.',
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Wed, 25 Nov 2026 12:00:10 GMT', 10_000],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
  ])('%s → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([null, '', 'soon'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
