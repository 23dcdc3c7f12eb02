import { readWebhookFixture, webhookFixtureNames } from '../index.js';

// Meta's shapes that emulators most often get wrong (Cloud API reference §7), checked on every raw fixture so
// that the sandbox and the proxy tests, which reuse these files, see what Meta really sends.
type Json = Record<string, unknown>;
const fixtures = webhookFixtureNames().map((name) => [name, readWebhookFixture(name)] as const);
const changes = (payload: Json): { field: string; value: Json }[] =>
  (payload.entry as { changes: { field: string; value: Json }[] }[]).flatMap((entry) => entry.changes);

describe.each(fixtures)('webhooks/%s', (_name, raw) => {
  const payload = JSON.parse(raw.toString('utf8')) as Json;

  it('is ASCII only: Meta escapes non-ASCII characters as \\uXXXX', () => {
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
  });

  it('is a WABA envelope whose entry id is the WABA id', () => {
    expect(payload.object).toBe('whatsapp_business_account');
    for (const entry of payload.entry as Json[]) {
      expect(entry.id).toMatch(/^\d+$/);
      if ('time' in entry) expect(typeof entry.time).toBe('number');
    }
  });

  it('uses string timestamps in messages and statuses, numbers elsewhere', () => {
    for (const { field, value } of changes(payload)) {
      if (field === 'messages') {
        expect(value.metadata).toEqual({ display_phone_number: expect.stringMatching(/^\d+$/), phone_number_id: expect.stringMatching(/^\d+$/) });
        for (const item of [...((value.messages as Json[]) ?? []), ...((value.statuses as Json[]) ?? [])]) {
          expect(item.timestamp).toMatch(/^\d{10}$/);
          expect(item.id).toMatch(/^wamid\./);
        }
        for (const message of (value.messages as Json[]) ?? []) {
          const location = message.location as Json | undefined;
          if (location) expect([typeof location.latitude, typeof location.longitude]).toEqual(['number', 'number']);
          // The sender's contact entry: by number, or by BSUID when WhatsApp keeps a username user's number back.
          const sender = message.from === undefined ? { user_id: message.from_user_id } : { wa_id: message.from };
          if (message.type !== 'system') expect(value.contacts).toEqual(expect.arrayContaining([expect.objectContaining(sender)]));
        }
      }
      if (field === 'message_template_status_update') expect(typeof value.message_template_id).toBe('number');
      if (field === 'user_preferences') {
        for (const preference of value.user_preferences as Json[]) expect(typeof preference.timestamp).toBe('number');
      }
    }
  });
});
