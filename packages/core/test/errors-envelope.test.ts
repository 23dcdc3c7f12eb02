import { describe, expect, it } from '@jest/globals';
import { isKaikuError } from '../src/errors.js';
import { MetaApiError, metaErrorFromResponse, networkError, parseRetryAfter } from '../src/whatsapp/client-errors.js';
import { knownMetaErrorCodes } from '../src/whatsapp/error-table.js';

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
  // Expected values written out from the reference, not taken from the table the code uses.
  it.each([
    [131056, 'pair_rate_limited', true, 'Too many messages to this customer in a short time. The message will be retried after a pause.'],
    [130429, 'throughput_limited', true, 'WhatsApp is receiving messages from this number faster than it allows. The message will be retried shortly.'],
    [131047, 'window_closed', false, "The customer's last message was more than 24 hours ago; send a template instead."],
    [190, 'meta_auth_failed', false, 'WhatsApp rejected the access token of this connection (expired or invalid). Reconnect your WhatsApp account with a new token.'],
    [131026, 'recipient_not_on_whatsapp', false, 'WhatsApp could not deliver the message: the number may not be on WhatsApp, or the customer must update WhatsApp or accept its terms.'],
    [131000, 'meta_unavailable', true, 'Something went wrong at WhatsApp. Try again; if it keeps failing, contact support.'],
  ])('turns the envelope of %i into a MetaApiError: %s, retryable %s', (code, kaikuCode, retryable, message) => {
    const error = metaErrorFromResponse(400, envelope(code));
    expect(error).toBeInstanceOf(MetaApiError);
    expect(isKaikuError(error)).toBe(true);
    expect(error).toMatchObject({ code: kaikuCode, retryable, message, metaCode: code, httpStatus: 400, fbtraceId: 'AvJ0yQyZ1n7s', details: { meta_message: `(#${code}) Title for ${code}` } });
  });

  it('reads the subcode and the details of the envelope', () => {
    const body = { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2388023, fbtrace_id: 'X' } };
    expect(metaErrorFromResponse(400, body)).toMatchObject({ code: 'meta_invalid_request', retryable: false, metaSubcode: 2388023, message: 'The template name is invalid: use lowercase letters, digits and underscores only.' });
    expect(metaErrorFromResponse(400, envelope(131008, 'to is required')).message).toBe('A required field is missing from the message. Fill in every required field. WhatsApp says: to is required');
  });

  it('shows Meta\'s user message when there are no details, and keeps its title', () => {
    const body = { error: { message: 'm', type: 'OAuthException', code: 131009, error_user_title: 'Bad value', error_user_msg: 'The value of to is wrong', fbtrace_id: 'X' } };
    expect(metaErrorFromResponse(400, body)).toMatchObject({
      message: 'A value in the message is not valid for WhatsApp. Check the values you mapped. WhatsApp says: The value of to is wrong',
      details: { meta_message: 'm', meta_user_title: 'Bad value', meta_user_message: 'The value of to is wrong' },
    });
  });

  it.each(knownMetaErrorCodes())('the envelope of %i keeps its code, status and trace id', (code) => {
    expect(metaErrorFromResponse(400, envelope(code))).toMatchObject({ metaCode: code, httpStatus: 400, fbtraceId: 'AvJ0yQyZ1n7s' });
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

  it.each([null, '', 'soon', '-5', '-0.5'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('metaErrorFromResponse with a body that is no object', () => {
  it.each([['a text', '<html>Bad gateway</html>'], ['a number', 502], ['true', true]])('reads %s as an answer without an envelope', (_name, body) => {
    const error = metaErrorFromResponse(502, body);
    expect(error).toMatchObject({ code: 'meta_unavailable', metaCode: 0, httpStatus: 502, retryable: true });
    expect(error.message).toBe('WhatsApp answered HTTP 502. Try again in a few minutes.');
  });
});
