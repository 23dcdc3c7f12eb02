/**
 * Connecting a number, step by step (token, number, webhook) with plain words for each result; the Cloud API
 * clients and the template cache every action shares; and the subscription targets' address check.
 */
import { describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import { KaikuError, MetaApiError } from '@kaiku/core';
import type { CloudApiClient, PhoneNumberInfo } from '@kaiku/core';
import { checkTargetUrl, mayTargetPrivate, publicAddressLookup } from '../src/actions/check-target-url.js';
import type { ResolveAll } from '../src/actions/check-target-url.js';
import { checkToken, lookUpNumber, PHONE_FIELDS, registerWebhook, REQUIRED_PERMISSIONS } from '../src/actions/connect-checks.js';
import { failed, ok, skipped } from '../src/actions/connect-words.js';
import { WhatsAppAccess } from '../src/actions/context.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Connection, Workspace } from '../src/store/index.js';

const ids = { wabaId: '1022', phoneNumberId: '1065', graphBaseUrl: 'https://graph.example', callbackUrl: 'https://kaiku.example.com/webhooks/whatsapp' };
const meta = (metaCode: number, metaSubcode?: number) => new MetaApiError('meta_error', 'Meta says no', { metaCode, ...(metaSubcode === undefined ? {} : { metaSubcode }), retryable: false });
const phone: PhoneNumberInfo = { id: '1065', display_phone_number: '+1 555 000 1234', verified_name: 'Kaiku Oy' } as PhoneNumberInfo;

/** A Cloud API client whose answers the test chooses; it records what it was asked. */
function client(answers: {
  permissions?: () => Promise<string[]>; phone?: () => Promise<PhoneNumberInfo>; numbers?: () => Promise<PhoneNumberInfo[]>; subscribe?: () => Promise<void>;
}, asked: unknown[][] = []): CloudApiClient {
  const fake = {
    grantedPermissions: async () => (answers.permissions ?? (async () => [...REQUIRED_PERMISSIONS]))(),
    getPhoneNumber: async (...args: unknown[]) => { asked.push(['getPhoneNumber', ...args]); return (answers.phone ?? (async () => phone))(); },
    listPhoneNumbers: async (...args: unknown[]) => { asked.push(['listPhoneNumbers', ...args]); return (answers.numbers ?? (async () => [phone]))(); },
    subscribeApp: async (...args: unknown[]) => { asked.push(['subscribeApp', ...args]); return (answers.subscribe ?? (async () => undefined))(); },
  };
  return fake as unknown as CloudApiClient;
}

describe('step 1: the token', () => {
  it('is ok with both permissions', async () => {
    expect(await checkToken(client({}), ids)).toEqual(ok('token', 'Meta accepts the access token, with the whatsapp_business_messaging and whatsapp_business_management permissions.'));
  });

  it('fails naming each missing permission', async () => {
    const one = await checkToken(client({ permissions: async () => ['whatsapp_business_messaging', 'business_management'] }), ids);
    expect(one).toMatchObject({ step: 'token', outcome: 'failed', meta_code: null });
    expect(one.message).toMatch(/^The token has no whatsapp_business_management permission/);
    const both = await checkToken(client({ permissions: async () => [] }), ids);
    expect(both.message).toContain('no whatsapp_business_messaging permission');
    expect(both.message).toContain('no whatsapp_business_management permission');
  });

  it('fails on a refused token or no answer, and skips when Meta only would not list permissions', async () => {
    for (const code of [190, 0]) {
      const step = await checkToken(client({ permissions: async () => { throw meta(code); } }), ids);
      expect(step).toMatchObject({ step: 'token', outcome: 'failed', meta_code: code });
      expect(step.message).toContain('access token');
    }
    const offline = await checkToken(client({ permissions: async () => { throw new KaikuError('network_error', 'down', { cause: new Error('ECONNREFUSED') }); } }), ids);
    expect(offline).toMatchObject({ outcome: 'failed', meta_code: null });
    expect(offline.message).toContain('Could not reach the Graph API at https://graph.example');
    for (const error of [meta(10), new KaikuError('meta_error', 'odd')]) {
      expect(await checkToken(client({ permissions: async () => { throw error; } }), ids))
        .toEqual(skipped('token', 'Meta did not list the token\'s permissions; the number lookup below checks the token instead.'));
    }
  });
});

describe('step 2: the number', () => {
  it('finds the number in the WABA, asking for the fields the numbers page shows', async () => {
    const asked: unknown[][] = [];
    const { step, phone: found } = await lookUpNumber(client({}, asked), ids);
    expect(step).toEqual(ok('phone_number', 'Found +1 555 000 1234 (Kaiku Oy) in WhatsApp Business Account 1022.'));
    expect(found).toBe(phone);
    expect(asked).toEqual([['getPhoneNumber', '1065', PHONE_FIELDS], ['listPhoneNumbers', '1022']]);
    const unnamed = await lookUpNumber(client({ phone: async () => ({ ...phone, verified_name: '' }) }), ids);
    expect(unnamed.step.message).toBe('Found +1 555 000 1234 in WhatsApp Business Account 1022.');
  });

  it('fails when the number is unknown, the WABA is unknown, or the number is in another WABA', async () => {
    const noNumber = await lookUpNumber(client({ phone: async () => { throw meta(100, 33); } }), ids);
    expect(noNumber).toEqual({ step: { step: 'phone_number', outcome: 'failed', message: expect.stringContaining('no phone number id 1065'), meta_code: 100 }, phone: null });
    const noWaba = await lookUpNumber(client({ numbers: async () => { throw meta(100, 33); } }), ids);
    expect(noWaba.step.message).toContain('no WhatsApp Business Account 1022');
    expect(noWaba.phone).toBeNull();
    const elsewhere = await lookUpNumber(client({ numbers: async () => [{ ...phone, id: '2000', display_phone_number: '+1 555 000 2000' }] }), ids);
    expect(elsewhere).toEqual({ step: failed('phone_number', 'Phone number id 1065 is not in WhatsApp Business Account 1022 (its numbers: 2000 (+1 555 000 2000)). Check both ids in WhatsApp Manager.'), phone: null });
    const empty = await lookUpNumber(client({ numbers: async () => [] }), ids);
    expect(empty.step.message).toContain('(its numbers: none)');
  });
});

describe('step 3: the webhook', () => {
  it('is skipped without a public URL, saying what to set', async () => {
    const step = await registerWebhook(client({}), { ...ids, callbackUrl: null }, 'verify');
    expect(step).toMatchObject({ step: 'webhook', outcome: 'skipped' });
    expect(step.message).toContain('KAIKU_PUBLIC_URL is not set');
  });

  it('registers the callback with the verify token, or says why Meta refused', async () => {
    const asked: unknown[][] = [];
    expect(await registerWebhook(client({}, asked), ids, 'verify-me')).toEqual(ok('webhook', 'Registered https://kaiku.example.com/webhooks/whatsapp as the webhook of WhatsApp Business Account 1022.'));
    expect(asked).toEqual([['subscribeApp', '1022', { overrideCallbackUri: 'https://kaiku.example.com/webhooks/whatsapp', verifyToken: 'verify-me' }]]);
    const refused = await registerWebhook(client({ subscribe: async () => { throw meta(2200); } }), ids, 'verify-me');
    expect(refused).toMatchObject({ step: 'webhook', outcome: 'failed', meta_code: 2200 });
    expect(refused.message).toContain('could not verify the webhook');
  });
});

describe('Cloud API clients and the template cache', () => {
  const secrets = createSecrets(generateEncryptionKey());
  const connection = (token: string, overrides: Partial<Connection> = {}): Connection => ({
    id: 'con_1', workspaceId: 'ws_1', wabaId: '1022', phoneNumberId: '1065', displayPhoneNumber: '15550001234', verifiedName: null,
    graphBaseUrl: 'http://127.0.0.1:1', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt(token), appSecretEnc: secrets.encrypt('s'),
    verifyToken: 'v', createdAt: new Date(), ...overrides,
  } as Connection);

  function graph(status = 200) {
    const requests: Array<{ url: string; authorization: string | null }> = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      const body = status === 200 ? { data: [{ name: `t${requests.length}`, language: 'fi', status: 'APPROVED', category: 'UTILITY', components: [] }] } : { error: { message: 'down', code: 2 } };
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    return { requests, fetch };
  }

  it('keeps one client per connection until its token changes, with the decrypted token', async () => {
    const { requests, fetch } = graph();
    const access = new WhatsAppAccess(secrets, { templateCacheMs: 0, fetch });
    const first = connection('token-1');
    const client1 = access.clientFor(first);
    expect(access.clientFor(first)).toBe(client1);
    const client2 = access.clientFor(connection('token-2'));
    expect(client2).not.toBe(client1);
    await access.templates(connection('token-3'));
    expect(requests[0]?.authorization).toBe('Bearer token-3');
    expect(requests[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:1\/v24\.0\/1022\/message_templates\?/);
  });

  it('caches a WABA\'s templates for the configured time, forgets them on request or failure', async () => {
    let now = 1_000_000;
    const { requests, fetch } = graph();
    const access = new WhatsAppAccess(secrets, { templateCacheMs: 5000, fetch, now: () => now });
    const con = connection('token');
    const first = await access.templates(con);
    expect(first.map((t) => t.name)).toEqual(['t1']);
    now += 4999;
    expect(await access.templates(con)).toBe(first);
    expect(requests).toHaveLength(1);
    now += 1;
    expect((await access.templates(con)).map((t) => t.name)).toEqual(['t2']);
    access.forgetTemplates(con);
    expect((await access.templates(con)).map((t) => t.name)).toEqual(['t3']);
    expect((await access.templates(connection('token', { wabaId: '9999' }))).map((t) => t.name)).toEqual(['t4']);
    expect((await access.templates(connection('token', { graphBaseUrl: 'http://127.0.0.1:2' }))).map((t) => t.name)).toEqual(['t5']);
    expect(requests).toHaveLength(5);

    const failing = graph(500);
    const broken = new WhatsAppAccess(secrets, { templateCacheMs: 60_000, fetch: failing.fetch, now: () => now });
    await expect(broken.templates(con)).rejects.toThrow();
    await expect(broken.templates(con)).rejects.toThrow();
    expect(failing.requests.length).toBeGreaterThanOrEqual(2);
  });
});

describe('subscription targets', () => {
  const workspace = (sandboxDemo: boolean) => ({ settings: { sandboxDemo } }) as unknown as Workspace;

  it('lets only the operator\'s setting or the local demo workspace reach private addresses', () => {
    expect(mayTargetPrivate({ allowPrivateTargets: true, production: true }, null)).toBe(true);
    expect(mayTargetPrivate({ allowPrivateTargets: false, production: false }, workspace(true))).toBe(true);
    expect(mayTargetPrivate({ allowPrivateTargets: false, production: true }, workspace(true))).toBe(false);
    expect(mayTargetPrivate({ allowPrivateTargets: false, production: false }, workspace(false))).toBe(false);
    expect(mayTargetPrivate({ allowPrivateTargets: false, production: false }, null)).toBe(false);
  });

  it('says exactly what is wrong with a target', async () => {
    const policy = { production: true, allowPrivateTargets: false, resolve: async () => ['93.184.215.14'] };
    await expect(checkTargetUrl('http://hooks.example.com/a', policy)).rejects.toThrow('The field "target_url" must start with https://.');
    await expect(checkTargetUrl('not a url', policy)).rejects.toThrow('The field "target_url" must be an absolute URL such as https://hooks.example.com/kaiku.');
    await expect(checkTargetUrl('https://user@hooks.example.com/a', policy)).rejects.toThrow('must not contain a user name or password');
    await expect(checkTargetUrl('https://:pw@hooks.example.com/a', policy)).rejects.toThrow('must not contain a user name or password');
    await expect(checkTargetUrl('https://hooks.example.com/a', { ...policy, resolve: async () => [] }))
      .rejects.toThrow('The field "target_url" points at a private, loopback or other non-public address (hooks.example.com resolves to no address); deliveries only go to public addresses.');
    await expect(checkTargetUrl('https://hooks.example.com/a', { ...policy, resolve: async () => ['93.184.215.14', '10.0.0.1'] })).rejects.toThrow('resolves to 10.0.0.1');
    await expect(checkTargetUrl('https://hooks.example.com/a', { ...policy, resolve: async () => { throw new Error('ENOTFOUND'); } }))
      .rejects.toThrow('The host "hooks.example.com" of "target_url" could not be found. Check the URL.');
    await expect(checkTargetUrl('https://hooks.example.com/a', { ...policy, resolve: async () => { throw new Error('ENOTFOUND'); } }))
      .rejects.toMatchObject({ code: 'validation_failed', details: { field: 'target_url' } });
    await expect(checkTargetUrl('https://[2606:4700::1111]/a', { ...policy, resolve: async () => { throw new Error('must not resolve a literal'); } })).resolves.toBe('https://[2606:4700::1111]/a');
    await expect(checkTargetUrl('https://HOOKS.example.com', policy)).resolves.toBe('https://hooks.example.com/');
    await expect(checkTargetUrl('https://localhost/a', policy)).rejects.toThrow('must point at a public host');
  });

  it('refuses a name that resolves to nothing at connect time', async () => {
    const none: ResolveAll = (_host, _options, callback) => callback(null, [] as LookupAddress[]);
    const error = await new Promise<NodeJS.ErrnoException | null>((done) => publicAddressLookup(none)('hooks.example.com', { all: false }, (e) => done(e)));
    expect(error).toMatchObject({ code: 'EPRIVATETARGET', message: 'hooks.example.com resolves to no address; deliveries only go to public addresses' });
    const asked: unknown[] = [];
    const spy: ResolveAll = (_host, options, callback) => {
      asked.push(options);
      callback(null, [{ address: '93.184.215.14', family: 4 }]);
    };
    await new Promise((done) => publicAddressLookup(spy)('hooks.example.com', { family: 4 }, done));
    expect(asked).toEqual([{ family: 4, all: true }]);
  });
});
