/**
 * Subscription targets must be public: `https` in production, and no private, loopback, link-local or other
 * special-purpose address unless the deployment allows them (tests, the local demo). Checked when subscribing,
 * and again by the delivery worker each time it connects, because a name can be pointed elsewhere later.
 */
import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { ApiError } from '../http/errors.js';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(network, prefix, 'ipv6');

/** True for addresses a subscription may not target by default. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return blocked.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Options of the check. */
export interface TargetPolicy {
  production: boolean;
  allowPrivateTargets: boolean;
  resolve?: (host: string) => Promise<string[]>;
}

async function resolveAll(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

function refuse(message: string): ApiError {
  return new ApiError('validation_failed', message, { field: 'target_url' });
}

/** Throws a 400 naming `target_url` when the URL may not receive deliveries; returns the normalised URL. */
export async function checkTargetUrl(raw: string, policy: TargetPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('The field "target_url" must be an absolute URL such as https://hooks.example.com/kaiku.');
  }
  const allowed = policy.production ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) throw refuse(`The field "target_url" must start with ${policy.production ? 'https://' : 'https:// or http://'}.`);
  if (url.username || url.password) throw refuse('The field "target_url" must not contain a user name or password; use the subscription "secret" to authenticate deliveries.');
  if (policy.allowPrivateTargets) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await (policy.resolve ?? resolveAll)(host);
  } catch {
    throw refuse(`The host "${host}" of "target_url" could not be found. Check the URL.`);
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw refuse(`The field "target_url" points at a private, loopback or link-local address (${host}); deliveries only go to public addresses.`);
  }
  return url.toString();
}

/** How the connect-time check resolves a name (Node's `dns.lookup` with `all: true`). */
export type ResolveAll = (hostname: string, options: dns.LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for outgoing connections that refuses names resolving to a private, loopback or link-local
 * address (error code `EPRIVATETARGET`), so that a subscriber cannot point its host name at the proxy's
 * own network after subscribing.
 */
export function publicAddressLookup(resolve: ResolveAll = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error, '');
        return;
      }
      const refused = addresses.find((answer) => isPrivateAddress(answer.address));
      if (refused !== undefined || addresses.length === 0) {
        const why = refused === undefined ? 'resolves to no address' : `resolves to ${refused.address}, a private, loopback or link-local address`;
        callback(Object.assign(new Error(`${hostname} ${why}; deliveries only go to public addresses`), { code: 'EPRIVATETARGET' }), '');
        return;
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
    });
  };
}
