/**
 * What an unauthenticated webhook POST costs the intake, in CPU per request: a 3.9 MB body naming 100 known
 * numbers, unsigned and with a wrong signature (100 numbers of one Meta app), against a signed 1.4 KB webhook.
 */
import { signWebhook } from '../../packages/core/src/index.js';
import { createSecrets, generateEncryptionKey } from '../../packages/proxy/src/secrets.js';
import { ConnectionDirectory, receiveWebhook } from '../../packages/proxy/src/actions/receive-webhook.js';
import { connectionInput, openTestStore } from '../../packages/proxy/test/store-fixtures.js';
import { inboundWebhook } from '../../packages/proxy/test/intake-fixtures.js';

/** CPU milliseconds per request of each kind, and HMACs computed per request. */
export interface UnsignedFigures {
  rows: Array<{ name: string; status: number; cpuMs: number; hmacs: number }>;
}

/** Runs each kind `repeat` times against a SQLite store with 100 connections of one app. */
export async function benchUnsigned(repeat: number): Promise<UnsignedFigures> {
  const t = await openTestStore('sqlite');
  try {
    const secrets = createSecrets(generateEncryptionKey());
    const phones = Array.from({ length: 100 }, (_, i) => `1${String(i).padStart(14, '0')}`);
    for (const [i, phone] of phones.entries()) {
      const ws = await t.store.createWorkspace({ name: `tenant ${i}` });
      await t.store.upsertConnection(connectionInput(ws.id, { phoneNumberId: phone, appSecretEnc: secrets.encrypt('one-app') }));
    }
    const directory = new ConnectionDirectory(t.store, (s) => secrets.decrypt(s), { minRefreshMs: 0 });
    let hmacs = 0;
    const deps = { directory, receipts: { save: async () => 1 }, onSignatureCheck: () => { hmacs += 1; } };
    const changes = phones.map((id) => ({ field: 'messages', value: { metadata: { phone_number_id: id }, messages: [] } }));
    const big = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes, padding: 'x'.repeat(3_900_000) }] }));
    const small = Buffer.from(JSON.stringify(inboundWebhook({ phoneNumberId: phones[0] })));
    const kinds = [
      { name: 'signed 1.4 KB webhook', body: small, signature: signWebhook(small, 'one-app') },
      { name: 'unsigned 3.9 MB, 100 numbers', body: big, signature: undefined },
      { name: 'wrong signature 3.9 MB, 100 numbers', body: big, signature: `sha256=${'0'.repeat(64)}` },
    ];
    const rows: UnsignedFigures['rows'] = [];
    for (const kind of kinds) {
      await receiveWebhook(deps, kind.body, kind.signature);
      hmacs = 0;
      const before = process.cpuUsage();
      let status = 0;
      for (let i = 0; i < repeat; i += 1) {
        const outcome = await receiveWebhook(deps, kind.body, kind.signature);
        status = outcome.ok ? 200 : outcome.status;
      }
      const used = process.cpuUsage(before);
      rows.push({ name: kind.name, status, cpuMs: (used.user + used.system) / 1000 / repeat, hmacs: hmacs / repeat });
    }
    return { rows };
  } finally {
    await t.cleanup();
  }
}
