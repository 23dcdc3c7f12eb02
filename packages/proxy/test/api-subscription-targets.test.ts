/** Subscription targets: https only in production; private, loopback and link-local refused unless allowed. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import { checkTargetUrl, isPrivateAddress, publicAddressLookup } from '../src/actions/check-target-url.js';
import type { ResolveAll } from '../src/actions/check-target-url.js';
import { createHttpPost } from '../src/jobs/http-post.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

const publicDns = async () => ['93.184.215.14'];
const privateDns = async () => ['10.1.2.3'];

describe('checkTargetUrl', () => {
  it('knows the special-purpose ranges', () => {
    for (const address of ['127.0.0.1', '10.0.0.5', '172.20.1.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) expect([address, isPrivateAddress(address)]).toEqual([address, false]);
  });

  it('refuses http in production and accepts https to a public host', async () => {
    const production = { production: true, allowPrivateTargets: false, resolve: publicDns };
    await expect(checkTargetUrl('http://hooks.example.com/a', production)).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'target_url' } });
    await expect(checkTargetUrl('https://hooks.example.com/a', production)).resolves.toBe('https://hooks.example.com/a');
    await expect(checkTargetUrl('ftp://hooks.example.com/a', { ...production, production: false })).rejects.toThrow(/https:\/\//);
  });

  it('refuses private addresses, also behind a DNS name, unless allowed', async () => {
    const policy = { production: false, allowPrivateTargets: false, resolve: privateDns };
    await expect(checkTargetUrl('https://internal.example.com/x', policy)).rejects.toThrow(/internal.example.com resolves to 10.1.2.3/);
    await expect(checkTargetUrl('http://169.254.169.254/latest/meta-data', policy)).rejects.toThrow(/169.254.169.254 is not a public address \(link-local\)/);
    await expect(checkTargetUrl('http://[::1]:8080/x', policy)).rejects.toThrow(/\[::1\] is not a public address \(loopback\)/);
    await expect(checkTargetUrl('http://127.0.0.1:8080/x', { ...policy, allowPrivateTargets: true })).resolves.toBe('http://127.0.0.1:8080/x');
    await expect(checkTargetUrl('https://user:pw@hooks.example.com/x', { ...policy, resolve: publicDns })).rejects.toThrow(/password/);
    await expect(checkTargetUrl('not a url', policy)).rejects.toThrow(/absolute URL/);
  });
});

describe('the connect-time lookup of the delivery worker', () => {
  const dnsAnswering = (addresses: LookupAddress[] | Error): ResolveAll => (_host, _options, callback) => {
    if (addresses instanceof Error) callback(addresses, []);
    else callback(null, addresses);
  };
  const lookUp = (resolve: ResolveAll, all: boolean) => new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((done) => {
    publicAddressLookup(resolve)('hooks.example.com', { all }, (error, address, family) => done({ error, address, ...(family === undefined ? {} : { family }) }));
  });

  it('passes public answers on, in the form the connection asked for', async () => {
    const answers = [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }];
    expect(await lookUp(dnsAnswering(answers), true)).toEqual({ error: null, address: answers });
    expect(await lookUp(dnsAnswering(answers), false)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
  });

  it('refuses a name with any private answer, naming it', async () => {
    const { error } = await lookUp(dnsAnswering([{ address: '93.184.215.14', family: 4 }, { address: '169.254.169.254', family: 4 }]), true);
    expect(error).toMatchObject({ code: 'EPRIVATETARGET', message: 'hooks.example.com resolves to 169.254.169.254, a private, loopback or link-local address; deliveries only go to public addresses' });
  });

  it('refuses answers in ranges a hand-written list missed (IPv4-compatible, NAT64, 6to4, site-local)', async () => {
    for (const address of ['::7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fec0::1']) {
      const { error } = await lookUp(dnsAnswering([{ address, family: 6 }]), true);
      expect([address, error?.code]).toEqual([address, 'EPRIVATETARGET']);
    }
  });

  it('refuses a literal non-public address before connecting', async () => {
    const post = createHttpPost(1, { publicOnly: true });
    for (const url of ['http://[::7f00:1]:9/x', 'http://[::ffff:7f00:1]:9/x', 'http://[64:ff9b::7f00:1]:9/x']) {
      await expect(post(url, {}, '{}', 1000)).rejects.toMatchObject({ code: 'EPRIVATETARGET' });
    }
  });

  it('passes resolution failures on as they are', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' });
    expect((await lookUp(dnsAnswering(failure), true)).error).toBe(failure);
  });
});

describe('POST /v1/subscriptions without KAIKU_ALLOW_PRIVATE_TARGETS', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('refuses a loopback target with 400 naming target_url', async () => {
    const response = await api.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: 'http://127.0.0.1:8080/hook' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'target_url' } } });
  });

  it.each([
    'http://[::127.0.0.1]:8080/hook', 'http://[64:ff9b::7f00:1]/hook', 'http://[2002:7f00:1::]/hook', 'http://[fec0::1]/hook',
    'http://169.254.169.254/latest/meta-data/', 'http://0x7f.1:8080/hook', 'http://2130706433/hook', 'http://localhost:8080/hook',
    'http://[fd12::1]/hook', 'http://[::ffff:10.0.0.1]/hook',
  ])('refuses %s with 400 naming target_url', async (target) => {
    const response = await api.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: target }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', details: { field: 'target_url' } } });
  });

  it('builds Location from KAIKU_PUBLIC_URL when it is set', async () => {
    const behindProxy = await startApiFixture({ KAIKU_PUBLIC_URL: 'https://kaiku.example.com', KAIKU_ALLOW_PRIVATE_TARGETS: 'true' });
    try {
      const response = await behindProxy.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'message_status', target_url: 'http://127.0.0.1:8080/hook' }) });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      expect(response.headers.get('location')).toBe(`https://kaiku.example.com/v1/subscriptions/${id}`);
    } finally {
      await behindProxy.stop();
    }
  });
});
