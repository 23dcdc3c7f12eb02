/** Where the proxy mounts the HubSpot router, and the routes under it (HubSpot calls these URLs). */

/** The router's mount path in the proxy. */
export const HUBSPOT_MOUNT_PATH = '/hubspot';

/** Routes under the mount path. */
export const HUBSPOT_ROUTES = {
  sendTemplate: '/actions/send-template',
  reply: '/actions/reply',
  requestConsent: '/actions/request-consent',
  options: '/options',
  /** The consent action's dropdowns: its variable slots leave out the quick replies' payloads (Kaiku's own). */
  consentOptions: '/options/request-consent',
} as const;

/** The absolute URL HubSpot calls for a route, from the proxy's public URL. */
export function hubspotUrl(publicUrl: string, route: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${HUBSPOT_MOUNT_PATH}${route}`;
}
