/**
 * Subscription targets at their edges: a name checked with the system resolver (a stand-in for `node:dns/promises`
 * that answers like Node's `lookup`, so that no real DNS is asked) is refused when any of its addresses is private,
 * naming the first one in the resolver's own order; the connect-time lookup hands over the first answer's family,
 * and no address at all along with a refusal or a resolver's error.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, expect, it, jest } from '@jest/globals';
import type { ResolveAll } from '../src/actions/check-target-url.js';

/** What the stand-in resolver knows; any other name is not found. */
const records: Record<string, LookupAddress[]> = {
  'hooks.example.com': [{ address: '93.184.215.14', family: 4 }, { address: '2606:4700::1111', family: 6 }],
  'intranet.example.com': [{ address: 'fd00::5', family: 6 }, { address: '10.0.0.5', family: 4 }],
};

/** Node's `lookup`: one answer unless `all`, IPv4 first unless `verbatim` (Node 20's default order is verbatim). */
async function lookup(host: string, options: LookupOptions = {}): Promise<LookupAddress | LookupAddress[]> {
  const found = records[host];
  if (found === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  const ordered = options.verbatim === false ? [...found].sort((a, b) => a.family - b.family) : found;
  if (options.all === true) return ordered;
  const [first] = ordered;
  if (first === undefined) throw Object.assign(new Error(`getaddrinfo ENODATA ${host}`), { code: 'ENODATA' });
  return first;
}

jest.unstable_mockModule('node:dns/promises', () => ({ lookup }));
const { checkTargetUrl, publicAddressLookup } = await import('../src/actions/check-target-url.js');

const policy = { production: true, allowPrivateTargets: false };

describe('checking a target with the system resolver', () => {
  it('accepts a name whose every address is public', async () => {
    await expect(checkTargetUrl('https://hooks.example.com/kaiku', policy)).resolves.toBe('https://hooks.example.com/kaiku');
  });

  it('refuses a name with a private address, naming the first one in the order the resolver gave', async () => {
    await expect(checkTargetUrl('https://intranet.example.com/kaiku', policy)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'target_url' },
      message: 'The field "target_url" points at a private, loopback or other non-public address (intranet.example.com resolves to fd00::5); deliveries only go to public addresses.',
    });
  });

  it('says a name the resolver does not know could not be found', async () => {
    await expect(checkTargetUrl('https://nowhere.example.com/kaiku', policy)).rejects.toThrow('The host "nowhere.example.com" of "target_url" could not be found. Check the URL.');
  });
});

describe('the connect-time lookup at its edges', () => {
  const answering = (addresses: LookupAddress[] | Error): ResolveAll => (_host, _options, callback) => {
    if (addresses instanceof Error) callback(addresses, []);
    else callback(null, addresses);
  };
  const lookUp = (resolve: ResolveAll, all: boolean) => new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((done) => {
    publicAddressLookup(resolve)('hooks.example.com', { all }, (error, address, family) => done({ error, address, ...(family === undefined ? {} : { family }) }));
  });

  it('hands over the first answer with its own family when one address is asked for', async () => {
    const answers = [{ address: '2606:4700::1111', family: 6 }, { address: '93.184.215.14', family: 4 }];
    expect(await lookUp(answering(answers), false)).toEqual({ error: null, address: '2606:4700::1111', family: 6 });
  });

  it('refuses a name that resolves to nothing in whichever form the connection asked', async () => {
    for (const all of [true, false]) {
      const { error, address } = await lookUp(answering([]), all);
      expect([all, error?.code, address]).toEqual([all, 'EPRIVATETARGET', '']);
    }
  });

  it('hands over no address along with a refusal or the resolver\'s error', async () => {
    const refused = await lookUp(answering([{ address: '10.0.0.5', family: 4 }]), false);
    expect(refused).toMatchObject({ error: { code: 'EPRIVATETARGET' }, address: '' });
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' });
    expect(await lookUp(answering(notFound), false)).toEqual({ error: notFound, address: '' });
  });
});
