/**
 * Which platform a subscription serves (the console's Integrations page groups by it). Told by the caller when it
 * says so (`Kaiku-Client` header, or Power Automate's trigger paths), recognised from the client (Zapier's and n8n's
 * HTTP clients name themselves in `User-Agent`), or from the target (Zapier's and Power Automate's callback hosts);
 * anything else is `api`. It is a best guess about who made it, never used to decide how to deliver.
 */
import type { Subscription } from '../store/types.js';
import { isPowerAutomate } from './deliver-event.js';

/** The platforms the console knows. */
export const platforms = ['zapier', 'power_automate', 'hubspot', 'n8n', 'api'] as const;
/** One of `platforms`. */
export type Platform = (typeof platforms)[number];

const isPlatform = (value: string | undefined): value is Platform => (platforms as readonly (string | undefined)[]).includes(value);

/** Zapier's REST hook targets. */
const ZAPIER_HOSTS = ['hooks.zapier.com'];

/** Whether the target is one of Zapier's hosts (URL parsing lower-cases the host). */
function isZapierTarget(url: string | null): boolean {
  try {
    return ZAPIER_HOSTS.includes(new URL(url ?? '').hostname);
  } catch {
    return false;
  }
}

/** The platform a request to create a subscription comes from, by what it says of itself; null when it does not say. */
export function clientPlatform(headers: { client?: string | undefined; userAgent?: string | undefined }): Exclude<Platform, 'hubspot'> | null {
  const told = headers.client?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (isPlatform(told) && told !== 'hubspot') return told;
  const agent = headers.userAgent ?? '';
  if (/\bzapier\b/i.test(agent)) return 'zapier';
  if (/\bn8n\b/i.test(agent)) return 'n8n';
  return null;
}

/** The platform a stored subscription serves. */
export function platformOf(subscription: Subscription): Platform {
  const source = subscription.source ?? '';
  if (subscription.sink === 'hubspot') return 'hubspot';
  // A stored platform is taken as it is (hubspot included); `api` says only that the caller did not say.
  if (isPlatform(source) && source !== 'api') return source;
  if (isPowerAutomate(subscription)) return 'power_automate';
  if (isZapierTarget(subscription.targetUrl)) return 'zapier';
  return 'api';
}
