/**
 * The plain words for Meta's refusals while connecting a number: one case per answer of Meta's (a label, the
 * error, and what the admin must read), so that every code the connect form can meet says what to do.
 */
import { describe, expect, it } from '@jest/globals';
import { KaikuError, MetaApiError } from '@kaiku/core';
import { explainFailure, missingPermissionWords } from '../src/actions/connect-words.js';
import type { ConnectStepName } from '../src/actions/connect-words.js';

const ids = { wabaId: '1022', phoneNumberId: '1065', graphBaseUrl: 'https://graph.example', callbackUrl: 'https://kaiku.example.com/webhooks/whatsapp' };
const meta = (metaCode: number, metaSubcode?: number) => new MetaApiError('meta_error', 'Kaiku table words', { metaCode, ...(metaSubcode === undefined ? {} : { metaSubcode }), retryable: false });

const cases: Array<[string, ConnectStepName | 'waba', unknown, string[]]> = [
  ['a garbage token (190)', 'token', meta(190), ['does not accept this access token (error 190)', 'System users']],
  ['an expired token (190/463)', 'token', meta(190, 463), ['has expired', '"Never"']],
  ['an invalidated session (0)', 'phone_number', meta(0), ['does not accept this access token (error 0)']],
  ['a permission removed (10)', 'phone_number', meta(10), ['may not do this (Meta error 10)', 'whatsapp_business_messaging']],
  ['a permission error in the 200 range', 'webhook', meta(200), ['may not do this (Meta error 200)']],
  ['the last code of the 200 range (299)', 'webhook', meta(299), ['may not do this (Meta error 299)']],
  ['an app without the capability (3)', 'token', meta(3), ['may not do this (Meta error 3)']],
  ['an access denied to the number (131005)', 'phone_number', meta(131005), ['may not do this (Meta error 131005)']],
  ['an unknown phone number id (100/33)', 'phone_number', meta(100, 33), ['no phone number id 1065', 'Phone number ID']],
  ['an unknown WABA (100/33)', 'waba', meta(100, 33), ['no WhatsApp Business Account 1022', 'Account tools']],
  ['an invalid parameter that is no unknown id (100)', 'phone_number', meta(100), ['Meta refused (error 100): Kaiku table words']],
  ['an invalid parameter with another subcode (100/99)', 'waba', meta(100, 99), ['Meta refused (error 100): Kaiku table words']],
  ['subcode 33 under another code (131009/33)', 'phone_number', meta(131009, 33), ['Meta refused (error 131009): Kaiku table words']],
  ['a callback Meta could not verify (2200)', 'webhook', meta(2200), ['could not verify the webhook at https://kaiku.example.com/webhooks/whatsapp', 'KAIKU_PUBLIC_URL']],
  ['an app rate limit (4)', 'token', meta(4), ['limiting calls', 'Wait a few minutes']],
  ['a WABA rate limit (80007)', 'waba', meta(80007), ['limiting calls']],
  ['any other code', 'phone_number', meta(131000), ['Meta refused (error 131000)']],
  ['no answer from Graph', 'token', new KaikuError('network_error', 'x', { cause: new Error('connect ECONNREFUSED') }), ['Could not reach the Graph API at https://graph.example (connect ECONNREFUSED)']],
  ['no answer from Graph, with no cause told', 'webhook', new KaikuError('network_error', 'timed out'), ['Could not reach the Graph API at https://graph.example (no answer): check the address']],
  ['a bug of ours', 'token', new TypeError('boom'), ['failed unexpectedly (boom)']],
];

describe('explainFailure', () => {
  it.each(cases)('%s', (_label, step, error, words) => {
    const message = explainFailure(step, error, ids);
    for (const word of words) expect(message).toContain(word);
  });

  it('names "the public URL" for a webhook Meta could not verify when no public URL is set', () => {
    expect(explainFailure('webhook', meta(2200), { ...ids, callbackUrl: null })).toMatch(/^Meta could not verify the webhook at the public URL: it must answer from the internet\./);
  });

  it('names the missing permission and why it is needed', () => {
    expect(missingPermissionWords('whatsapp_business_messaging')).toMatch(/^The token has no whatsapp_business_messaging permission \(it is needed to send and receive messages\): give the system user that permission/);
    expect(missingPermissionWords('whatsapp_business_management')).toContain('needed to read the number and register the webhook');
  });
});
