/** The trigger's check of Kaiku's deliveries: Standard Webhooks signatures, as Kaiku signs them. */
import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { verifyDelivery } from '../lib/verify-delivery.js';

const secret = `whsec_${Buffer.from('kaiku-n8n-test-secret-32-bytes!!').toString('base64')}`;
const body = JSON.stringify({ id: 'wamid.1', from: '358401234567', type: 'text', text: 'Hei' });

function signed(content = body, at = new Date(), key = secret): Record<string, string> {
  const id = 'evt_1';
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign(id, at, content) };
}

describe('verifyDelivery', () => {
  it('passes a delivery signed with the subscription\'s secret and answers its record', () => {
    expect(verifyDelivery(secret, Buffer.from(body), signed())).toEqual({ ok: true, record: JSON.parse(body) });
  });

  it('passes a delivery during a rotation, when one of several signatures is the subscription\'s', () => {
    const other = `whsec_${Buffer.from('another-secret-of-thirty-two-byt').toString('base64')}`;
    const headers = signed();
    headers['webhook-signature'] = `${signed(body, new Date(), other)['webhook-signature']} ${headers['webhook-signature']}`;
    expect(verifyDelivery(secret, body, headers).ok).toBe(true);
  });

  it.each([
    ['a changed body', () => verifyDelivery(secret, body.replace('Hei', 'Moi'), signed()), /signature does not match/],
    ['another secret', () => verifyDelivery(`whsec_${Buffer.from('not-the-subscriptions-secret-32b').toString('base64')}`, body, signed()), /signature does not match/],
    ['a timestamp 10 minutes old', () => verifyDelivery(secret, body, signed(body, new Date(Date.now() - 600_000))), /signature does not match.*timestamp/i],
    ['no signature headers', () => verifyDelivery(secret, body, {}), /no Standard Webhooks signature headers/],
    ['no stored secret', () => verifyDelivery(undefined, body, signed()), /no signing secret stored/],
  ])('refuses %s, saying why', (_label, check, reason) => {
    const verdict = check();
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
  });

  it('refuses a signed body that is not a record', () => {
    expect(verifyDelivery(secret, '[1,2]', signed('[1,2]'))).toEqual({ ok: false, reason: 'The signed body is not a Kaiku record.' });
  });
});
