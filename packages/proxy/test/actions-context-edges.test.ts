/**
 * The template cache after a failed lookup: a refusal from Meta is not kept, so the next send that needs the
 * WABA's templates asks Meta again instead of failing from the cache for the rest of the cache time.
 */
import { describe, expect, it } from '@jest/globals';
import { WhatsAppAccess } from '../src/actions/context.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Connection } from '../src/store/index.js';

const secrets = createSecrets(generateEncryptionKey());
const connection = {
  id: 'con_1', workspaceId: 'ws_1', wabaId: '1022', phoneNumberId: '1065', displayPhoneNumber: '15550001234', verifiedName: null,
  graphBaseUrl: 'http://127.0.0.1:1', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt('s'),
  verifyToken: 'v', createdAt: new Date(),
} as Connection;

describe('the template cache', () => {
  it('asks Meta again after a refused lookup, within the cache time', async () => {
    const asked: string[] = [];
    let refuse = true;
    const fetch = (async (input: string | URL | Request) => {
      asked.push(String(input));
      const body = refuse
        ? { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100 } }
        : { data: [{ name: 'order_update', language: 'fi', status: 'APPROVED', category: 'UTILITY', components: [] }] };
      return new Response(JSON.stringify(body), { status: refuse ? 400 : 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const access = new WhatsAppAccess(secrets, { templateCacheMs: 60_000, fetch, now: () => 1_000_000 });
    await expect(access.templates(connection)).rejects.toThrow();
    expect(asked).toHaveLength(1);
    refuse = false;
    expect((await access.templates(connection)).map((t) => t.name)).toEqual(['order_update']);
    expect(asked).toHaveLength(2);
  });
});
