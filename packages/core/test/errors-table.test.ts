import { describe, expect, it } from '@jest/globals';
import { describeMetaError, knownMetaErrorCodes } from '../src/whatsapp/error-table.js';
import type { KaikuErrorCode } from '../src/errors.js';

/** Every row of the Cloud API reference's error table (§2.3): Meta code → Kaiku code, retry, a word of the message. */
const ROWS: Array<[number, KaikuErrorCode, boolean, RegExp]> = [
  [0, 'meta_auth_failed', false, /new token/],
  [1, 'meta_unavailable', true, /Try again/],
  [2, 'meta_unavailable', true, /temporarily unavailable/],
  [3, 'meta_permission_denied', false, /permission/],
  [4, 'rate_limited', true, /Too many requests/],
  [10, 'meta_permission_denied', false, /permission/],
  [33, 'meta_invalid_request', false, /phone number was deleted/],
  [100, 'meta_invalid_request', false, /invalid/],
  [190, 'meta_auth_failed', false, /new token/],
  [200, 'meta_permission_denied', false, /permission/],
  [250, 'meta_permission_denied', false, /permission/],
  [299, 'meta_permission_denied', false, /permission/],
  [368, 'meta_permission_denied', false, /policy/],
  [80007, 'rate_limited', true, /management requests/],
  [130403, 'meta_error', false, /blocked this customer/],
  [130429, 'throughput_limited', true, /faster than it allows/],
  [130472, 'meta_error', false, /experiment/],
  [130497, 'meta_permission_denied', false, /country/],
  [131000, 'meta_unavailable', true, /went wrong/],
  [131005, 'meta_permission_denied', false, /access denied/],
  [131008, 'meta_invalid_request', false, /required field is missing/],
  [131009, 'meta_invalid_request', false, /not valid/],
  [131016, 'meta_unavailable', true, /temporarily unavailable/],
  [131021, 'meta_invalid_request', false, /your own business number/],
  [131026, 'recipient_not_on_whatsapp', false, /not be on WhatsApp/],
  [131030, 'meta_permission_denied', false, /allowed list/],
  [131031, 'meta_permission_denied', false, /locked/],
  [131037, 'meta_error', false, /display name/],
  [131042, 'meta_error', false, /payment method/],
  [131045, 'meta_error', false, /not registered correctly/],
  [131047, 'window_closed', false, /^The customer's last message was more than 24 hours ago; send a template instead\.$/],
  [131048, 'rate_limited', false, /blocked or reported/],
  [131049, 'meta_error', false, /24 hours/],
  [131050, 'opted_out', false, /stopped marketing/],
  [131051, 'meta_invalid_request', false, /does not support this message type/],
  [131052, 'media_error', false, /100 MB/],
  [131053, 'media_error', false, /public HTTPS/],
  [131056, 'pair_rate_limited', true, /this customer/],
  [131057, 'meta_unavailable', true, /maintenance/],
  [131062, 'meta_invalid_request', false, /username/],
  [131063, 'meta_permission_denied', false, /Marketing templates are turned off/],
  [131064, 'meta_error', false, /category/],
  [132000, 'template_variables_invalid', false, /number of template variables/],
  [132001, 'template_not_found', false, /does not exist in that language/],
  [132005, 'template_variables_invalid', false, /too long/],
  [132007, 'template_not_approved', false, /policy/],
  [132008, 'template_variables_invalid', false, /not valid/],
  [132012, 'template_variables_invalid', false, /wrong format/],
  [132015, 'template_not_approved', false, /paused/],
  [132016, 'template_not_approved', false, /disabled/],
  [132018, 'template_variables_invalid', false, /line break, a tab or more than 4 spaces/],
  [132068, 'meta_error', false, /Flow .*blocked/],
  [132069, 'rate_limited', false, /Flow was sent too often/],
  [133000, 'meta_error', false, /deregistration/],
  [133004, 'meta_unavailable', true, /temporarily unavailable/],
  [133005, 'meta_auth_failed', false, /PIN is wrong/],
  [133006, 'meta_error', false, /verified/],
  [133008, 'rate_limited', false, /PIN attempts/],
  [133009, 'rate_limited', false, /too fast/],
  [133010, 'meta_error', false, /not registered/],
  [133015, 'meta_error', false, /5 minutes/],
  [133016, 'rate_limited', false, /register\/deregister/],
  [134011, 'meta_error', false, /Payments terms/],
  [135000, 'meta_invalid_request', false, /request parameters/],
];

describe('describeMetaError: every code of the reference table', () => {
  it.each(ROWS)('Meta %i → %s (retryable %s)', (metaCode, code, retryable, message) => {
    const described = describeMetaError(metaCode);
    expect(described.code).toBe(code);
    expect(described.retryable).toBe(retryable);
    expect(described.message).toMatch(message);
  });

  it('covers every explicit row the table knows, and nothing in the table is left untested', () => {
    const tested = new Set(ROWS.map(([metaCode]) => metaCode));
    expect(knownMetaErrorCodes().filter((code) => !tested.has(code))).toEqual([]);
  });

  it('retries exactly the codes the reference names as retryable, and no others', () => {
    const retryable = knownMetaErrorCodes().filter((code) => describeMetaError(code).retryable);
    expect(retryable.sort((a, b) => a - b)).toEqual([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004]);
  });

  it("appends Meta's details exactly for the codes whose details name the field at fault", () => {
    const withDetails = knownMetaErrorCodes().filter((code) => describeMetaError(code, undefined, ' the field ').message.endsWith(' WhatsApp says: the field'));
    expect(withDetails.sort((a, b) => a - b)).toEqual([1, 100, 131008, 131009, 131053, 132000, 132001, 132008, 132012, 132018, 135000]);
    expect(describeMetaError(250, undefined, 'x').message).not.toMatch(/WhatsApp says/);
    expect(describeMetaError(999999, undefined, 'x').message).toMatch(/ WhatsApp says: x$/);
    expect(describeMetaError(132000, undefined, '').message).not.toMatch(/WhatsApp says/);
  });
});

describe('describeMetaError: subcodes and details', () => {
  it('explains code 100 subcode 33 as an unknown or inaccessible id', () => {
    expect(describeMetaError(100, 33)).toEqual({
      code: 'meta_invalid_request',
      retryable: false,
      message: 'The phone number, template or media id does not exist, or this connection cannot access it. Check the id.',
    });
  });

  it.each([
    [2388019, /template limit/],
    [2388023, /name is invalid/],
    [2388024, /already exists/],
    [2388039, /status does not allow/],
    [2388040, /longer than WhatsApp allows/],
    [2388042, /formatted incorrectly/],
    [2388043, /no example value/],
    [2388047, /header/],
    [2388072, /body/],
    [2388073, /footer/],
    [2388293, /too many variables/],
    [2388299, /may not start or end with a variable/],
  ])('explains template-creation subcode %i', (subcode, message) => {
    const described = describeMetaError(100, subcode);
    expect(described.code).toBe('meta_invalid_request');
    expect(described.message).toMatch(message);
  });

  it('falls back to the code when the subcode is unknown, e.g. 2494055 on 130429', () => {
    expect(describeMetaError(130429, 2494055).code).toBe('throughput_limited');
    expect(describeMetaError(100, 999).message).toMatch(/^WhatsApp rejected a field/);
  });

  it("appends Meta's details where they name the field at fault", () => {
    const text = 'body: number of localizable_params (1) does not match the expected number of params (3)';
    expect(describeMetaError(132000, undefined, text).message).toBe(
      "The number of template variables does not match the template. Fill in exactly the template's variables. " +
        `WhatsApp says: ${text}`,
    );
  });

  it('keeps the window message exact even when Meta adds details', () => {
    expect(describeMetaError(131047, undefined, 'Message failed to send because more than 24 hours have passed').message).toBe(
      "The customer's last message was more than 24 hours ago; send a template instead.",
    );
  });

  it('describes an unknown code as a non-retryable meta_error naming the code', () => {
    expect(describeMetaError(999999)).toEqual({
      code: 'meta_error',
      retryable: false,
      message: 'WhatsApp returned error 999999. Check the request; if it keeps failing, contact support.',
    });
  });
});

/** The template-management subcodes of the reference (§2.3), sent with code 100. */
const SUBCODES = [33, 2388019, 2388023, 2388024, 2388039, 2388040, 2388042, 2388043, 2388047, 2388072, 2388073, 2388293, 2388299];

describe('describeMetaError: the retry decision for every (code, subcode) pair', () => {
  // A subcode changes the meaning only of code 100; on any other code it must not change the retry decision.
  it.each(ROWS)('code %i with each subcode', (metaCode, code, retryable) => {
    for (const subcode of [...SUBCODES, 2494055, 999]) {
      const described = describeMetaError(metaCode, subcode);
      if (metaCode === 100 && SUBCODES.includes(subcode)) {
        expect({ subcode, ...described }).toMatchObject({ subcode, code: 'meta_invalid_request', retryable: false });
        expect(described.message).not.toBe(describeMetaError(100).message);
      } else {
        expect({ subcode, ...described }).toEqual({ subcode, code, retryable, message: describeMetaError(metaCode).message });
      }
    }
  });

  it('a retryable pair-rate error stays retryable with any subcode', () => {
    expect(describeMetaError(131056, 33)).toMatchObject({ code: 'pair_rate_limited', retryable: true });
    expect(describeMetaError(130429, 2388019)).toMatchObject({ code: 'throughput_limited', retryable: true });
  });

  it('the permission range ends at 200 and 299', () => {
    expect(describeMetaError(199).code).toBe('meta_error');
    expect(describeMetaError(300).code).toBe('meta_error');
    expect(describeMetaError(200, 33).code).toBe('meta_permission_denied');
  });
});
