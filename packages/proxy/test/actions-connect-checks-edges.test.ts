/**
 * The connect checks' words at their edges: every missing permission said as its own sentence, a WABA that Meta
 * will not list reported as the number step, and a number found in another WABA listing each of that WABA's numbers.
 */
import { describe, expect, it } from '@jest/globals';
import { MetaApiError } from '@kaiku/core';
import type { CloudApiClient, PhoneNumberInfo } from '@kaiku/core';
import { checkToken, lookUpNumber } from '../src/actions/connect-checks.js';
import { missingPermissionWords } from '../src/actions/connect-words.js';

const ids = { wabaId: '1022', phoneNumberId: '1065', graphBaseUrl: 'https://graph.example', callbackUrl: null };
const phone = { id: '1065', display_phone_number: '+1 555 000 1234', verified_name: 'Kaiku Oy' } as PhoneNumberInfo;

/** A Cloud API client answering the checks' lookups as given. */
function client(answers: { permissions?: string[]; numbers?: () => Promise<PhoneNumberInfo[]> }): CloudApiClient {
  const fake = {
    grantedPermissions: async () => answers.permissions ?? [],
    getPhoneNumber: async () => phone,
    listPhoneNumbers: async () => (answers.numbers ?? (async () => [phone]))(),
  };
  return fake as unknown as CloudApiClient;
}

describe('the token step', () => {
  it('says each missing permission as its own sentence, separated by a space', async () => {
    const step = await checkToken(client({ permissions: ['business_management'] }), ids);
    expect(step).toEqual({
      step: 'token', outcome: 'failed', meta_code: null,
      message: `${missingPermissionWords('whatsapp_business_messaging')} ${missingPermissionWords('whatsapp_business_management')}`,
    });
  });
});

describe('the number step', () => {
  it('reports a WABA Meta will not list as a failed number step with Meta\'s code', async () => {
    const refused = new MetaApiError('meta_error', 'Unsupported get request', { metaCode: 100, metaSubcode: 33, retryable: false });
    const { step, phone: found } = await lookUpNumber(client({ numbers: async () => { throw refused; } }), ids);
    expect(found).toBeNull();
    expect(step).toMatchObject({ step: 'phone_number', outcome: 'failed', meta_code: 100 });
  });

  it('lists every number of the other WABA, separated by commas', async () => {
    const numbers = [{ ...phone, id: '2000', display_phone_number: '+1 555 000 2000' }, { ...phone, id: '3000', display_phone_number: '+1 555 000 3000' }];
    const { step } = await lookUpNumber(client({ numbers: async () => numbers }), ids);
    expect(step.message).toBe('Phone number id 1065 is not in WhatsApp Business Account 1022 (its numbers: 2000 (+1 555 000 2000), 3000 (+1 555 000 3000)). Check both ids in WhatsApp Manager.');
  });
});
