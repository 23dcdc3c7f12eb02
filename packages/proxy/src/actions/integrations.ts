/**
 * Use cases behind the console's Integrations page: what each platform needs pasted where (this deployment's
 * address), HubSpot's state and a one-time install link, and the Power Platform connector's import files generated
 * for this deployment's public URL (the files `pnpm connectors --public-url` writes).
 */
import { HUBSPOT_MOUNT_PATH, INSTALL_ROUTES, hubspotUrl } from '@kaiku/hubspot';
// The builders, not generate.ts: that one is a script whose main block would run inside the proxy's bundle.
import { buildApiDefinition } from '../../../../power-platform-connector/scripts/build-definition.js';
import { buildApiProperties } from '../../../../power-platform-connector/scripts/build-properties.js';
import { ApiError } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { createLinkCode } from './hubspot-account.js';

/** The Power Platform files a maker imports as a custom connector. */
export const powerPlatformFiles = ['apiDefinition.swagger.json', 'apiProperties.json'] as const;

/** What `GET /v1/integrations` answers. */
export interface IntegrationsView {
  /** The address Zapier, Power Automate and n8n reach Kaiku at: KAIKU_PUBLIC_URL, else the address this request came to. */
  kaiku_url: string;
  /** False when KAIKU_PUBLIC_URL is not set: the address above is then only this browser's view. */
  public_url_set: boolean;
  hubspot: { app_configured: boolean; connected: boolean; portal_id: number | null; install_path: string };
  power_platform: { files: Array<{ name: string; path: string }> };
  n8n: { package: string };
}

/** GET /v1/integrations */
export async function integrationsOverview(deps: ActionDeps, workspaceId: string, requestBase: string): Promise<IntegrationsView> {
  const { publicUrl, hubspotClientId, hubspotClientSecret } = deps.config;
  const account = await deps.store.getHubspotAccount(workspaceId);
  return {
    kaiku_url: publicUrl ?? requestBase,
    public_url_set: publicUrl !== null,
    hubspot: {
      app_configured: publicUrl !== null && hubspotClientId !== null && hubspotClientSecret !== null,
      connected: account !== null, portal_id: account?.portalId ?? null, install_path: `${HUBSPOT_MOUNT_PATH}${INSTALL_ROUTES.install}`,
    },
    power_platform: { files: powerPlatformFiles.map((name) => ({ name, path: `/v1/integrations/power-platform/${name}` })) },
    n8n: { package: 'n8n-nodes-kaiku' },
  };
}

/** POST /v1/integrations/hubspot/install-link: a one-time link (30 minutes) that installs the HubSpot app for this workspace. */
export async function hubspotInstallLink(deps: ActionDeps, workspaceId: string): Promise<{ url: string; expires_at: string }> {
  const { publicUrl, hubspotClientId, hubspotClientSecret } = deps.config;
  if (publicUrl === null || hubspotClientId === null || hubspotClientSecret === null) {
    throw new ApiError('conflict', 'Installing the HubSpot app needs KAIKU_PUBLIC_URL, HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET (your HubSpot app\'s credentials) set where Kaiku runs; ask whoever runs Kaiku to set them and restart it.', { missing: 'hubspot_app' });
  }
  const { code, expiresAt } = await createLinkCode(deps.store, workspaceId, deps.now());
  return { url: `${hubspotUrl(publicUrl, INSTALL_ROUTES.install)}?code=${encodeURIComponent(code)}`, expires_at: expiresAt.toISOString() };
}

/** GET /v1/integrations/power-platform/{file}: the file's JSON, generated for KAIKU_PUBLIC_URL. */
export function powerPlatformFile(deps: ActionDeps, name: string): string {
  if (!(powerPlatformFiles as readonly string[]).includes(name)) {
    throw new ApiError('not_found', `There is no Power Platform file "${name}"; the files are ${powerPlatformFiles.join(' and ')}.`, { field: 'file' });
  }
  const { publicUrl } = deps.config;
  if (publicUrl === null) {
    throw new ApiError('conflict', 'The Power Platform files name this Kaiku\'s public address, and KAIKU_PUBLIC_URL is not set. Ask whoever runs Kaiku to set it (e.g. https://kaiku.yourcompany.com) and restart it.', { missing: 'KAIKU_PUBLIC_URL' });
  }
  const document = name === 'apiProperties.json' ? buildApiProperties() : buildApiDefinition(publicUrl);
  // Four-space JSON with a final newline, byte for byte what `pnpm connectors --public-url` writes.
  return `${JSON.stringify(document, null, 4)}\n`;
}
