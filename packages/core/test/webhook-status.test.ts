/** One of Meta's `statuses[]` items → the flat status record: what is required, and how an error reads. */
import { toStatusRecord } from '../src/whatsapp/webhook-status.js';
import type { WireError, WireStatus } from '../src/whatsapp/wire-webhook.js';

const PHONE = '106540352242922';
const SENT: WireStatus = { id: 'wamid.HBgM', status: 'sent', timestamp: '1767259842', recipient_id: '358401234567' };

function failed(errors: WireError[]): WireStatus {
  return { ...SENT, status: 'failed', errors };
}

describe('toStatusRecord: required fields', () => {
  it('reads a plain status, with no error', () => {
    expect(toStatusRecord(SENT, PHONE)).toEqual({
      id: 'wamid.HBgM', phone_number_id: PHONE, recipient_id: '358401234567', status: 'sent', timestamp: '2026-01-01T09:30:42Z',
      error_code: null, error_title: null, error_message: null, pricing_category: null, pricing_type: null, billable: null,
    });
  });

  const missing: [string, WireStatus][] = [
    ['no message id', { ...SENT, id: undefined }],
    ['a message id that is no string', { ...SENT, id: 42 as unknown as string }],
    ['no recipient', { ...SENT, recipient_id: undefined }],
    ['no timestamp', { ...SENT, timestamp: undefined }],
    ['a timestamp that is no time', { ...SENT, timestamp: 'soon' }],
    ['a status Kaiku does not know', { ...SENT, status: 'deleted' }],
  ];

  it.each(missing)('gives no record for %s', (_label, status) => {
    expect(toStatusRecord(status, PHONE)).toBeNull();
  });

  it('drops NUL characters from the message id', () => {
    expect(toStatusRecord({ ...SENT, id: 'wamid.\u0000HBgM' }, PHONE)).toMatchObject({ id: 'wamid.HBgM' });
  });
});

describe('toStatusRecord: the error of a failed status', () => {
  it('keeps the code, the title and Kaiku\'s message for the code', () => {
    expect(toStatusRecord(failed([{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }]), PHONE)).toMatchObject({
      status: 'failed', error_code: 131047, error_title: 'Re-engagement message', error_message: expect.stringContaining('send a template'),
    });
  });

  it('takes the title over the message, and the message when there is no title', () => {
    expect(toStatusRecord(failed([{ code: 131047, title: 'The title', message: 'The message' }]), PHONE)).toMatchObject({ error_title: 'The title' });
    expect(toStatusRecord(failed([{ code: 131047, message: 'The message' }]), PHONE)).toMatchObject({ error_title: 'The message' });
    expect(toStatusRecord(failed([{ code: 131047 }]), PHONE)).toMatchObject({ error_code: 131047, error_title: null });
  });

  it('adds what WhatsApp says in error_data.details for a code that shows details', () => {
    const status = failed([{ code: 131008, title: 'Required parameter is missing', error_data: { details: 'Parameter name is missing' } }]);
    expect(toStatusRecord(status, PHONE)?.error_message).toContain('WhatsApp says: Parameter name is missing');
    const withoutDetails = toStatusRecord(failed([{ code: 131008, error_data: {} }]), PHONE);
    expect(withoutDetails?.error_message).toContain('A required field is missing');
    expect(withoutDetails?.error_message).not.toContain('WhatsApp says');
  });

  it('reads only the first error', () => {
    expect(toStatusRecord(failed([{ code: 131047 }, { code: 131026 }]), PHONE)).toMatchObject({ error_code: 131047 });
  });

  it('keeps the largest and smallest codes that fit a 32-bit integer', () => {
    expect(toStatusRecord(failed([{ code: 2 ** 31 - 1 }]), PHONE)).toMatchObject({ error_code: 2 ** 31 - 1, error_message: expect.any(String) });
    expect(toStatusRecord(failed([{ code: -(2 ** 31) + 1 }]), PHONE)).toMatchObject({ error_code: -(2 ** 31) + 1 });
  });

  const noCode: [string, WireError[]][] = [
    ['an error without a code', [{ title: 'Something', message: 'Something failed' }]],
    ['a code that is no whole number', [{ code: 131047.5, title: 'Odd' }]],
    ['a code written as a string', [{ code: '131047' as unknown as number, title: 'Odd' }]],
    ['a code of 2^31', [{ code: 2 ** 31, title: 'Too large' }]],
    ['a code of -2^31', [{ code: -(2 ** 31), title: 'Too small' }]],
    ['an error that is null', [null as unknown as WireError]],
    ['an error that is a string', ['failed' as unknown as WireError]],
    ['an empty errors list', []],
  ];

  it.each(noCode)('keeps the status but no error fields for %s', (_label, errors) => {
    expect(toStatusRecord(failed(errors), PHONE)).toMatchObject({ status: 'failed', error_code: null, error_title: null, error_message: null });
  });
});
