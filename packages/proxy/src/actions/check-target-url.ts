/**
 * Subscription targets must be public: `https` in production, and no private, loopback, link-local or other
 * special-purpose address unless the deployment allows them (tests, the local demo). Checked when subscribing,
 * and again by the delivery worker each time it connects, because a name can be pointed elsewhere later.
 */
import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { hostRefusal, isPublicAddress } from '@kaiku/core';
import type { Config } from '../config.js';
import type { Workspace } from '../store/types.js';
import { ApiError } from '../http/errors.js';

/** True for addresses a subscription may not target by default (core's one classification: all but public unicast). */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
}

/**
 * Whether a workspace's subscriptions may reach private and loopback addresses: when the operator set
 * KAIKU_ALLOW_PRIVATE_TARGETS, or for the sandbox demo workspace of `pnpm start` outside production. Decided
 * per workspace, never per process, so that a real workspace beside the demo gets no such allowance.
 */
export function mayTargetPrivate(config: Pick<Config, 'allowPrivateTargets' | 'production'>, workspace: Workspace | null): boolean {
  return config.allowPrivateTargets || (!config.production && workspace?.settings.sandboxDemo === true);
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
  const refusal = hostRefusal(url.hostname);
  if (refusal !== undefined) throw refuse(`The field "target_url" must point at a public host: ${refusal}. Deliveries only go to public addresses.`);
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await (policy.resolve ?? resolveAll)(host);
  } catch {
    throw refuse(`The host "${host}" of "target_url" could not be found. Check the URL.`);
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    const found = addresses.find(isPrivateAddress) ?? 'no address';
    throw refuse(`The field "target_url" points at a private, loopback or other non-public address (${host} resolves to ${found}); deliveries only go to public addresses.`);
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
      const first = addresses[0];
      if (refused !== undefined || first === undefined) {
        const why = refused === undefined ? 'resolves to no address' : `resolves to ${refused.address}, a private, loopback or link-local address`;
        callback(Object.assign(new Error(`${hostname} ${why}; deliveries only go to public addresses`), { code: 'EPRIVATETARGET' }), '');
        return;
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
