/**
 * HubSpot's OAuth 2.0 calls (authorization code grant), through @hubspot/api-client's `oauth` module: the
 * authorize URL an admin is sent to, the code exchange, and revoking an install.
 * https://developers.hubspot.com/docs/api/oauth-quickstart-guide
 */
import { callHubspot, createApiClient, HubspotApiError, translateApiError } from '../api/client.js';
import type { HubspotTokens } from '../types.js';

/**
 * The scopes the app asks for: `oauth` (every app), `automation` (completing blocked workflow actions), and the
 * CRM scopes the actions and the inbound sync use (contacts read/write, contact properties).
 */
export const HUBSPOT_SCOPES = ['oauth', 'automation', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.write'] as const;

/** HubSpot's authorize page, unless configured otherwise (a local fake in tests). */
export const DEFAULT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/** The app's OAuth credentials and where HubSpot is. */
export interface OAuthApp {
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The URL that asks the admin to install the app, carrying `state` back to the redirect URI. */
export function authorizeUrl(options: { authorizeUrl: string; clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(options.authorizeUrl);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', HUBSPOT_SCOPES.join(' '));
  url.searchParams.set('state', options.state);
  return url.toString();
}

/** What installing gave: the portal (hub id) and its tokens. */
export interface Installed {
  portalId: number;
  tokens: HubspotTokens;
}

/** Exchanges the redirect's `code` for tokens and learns which portal installed the app. */
export async function exchangeCode(app: OAuthApp, code: string, redirectUri: string, now: number = Date.now()): Promise<Installed> {
  const client = createApiClient({ baseUrl: app.apiBaseUrl });
  const answer = await callHubspot('exchange the install code for tokens', () =>
    client.oauth.tokensApi.create('authorization_code', code, redirectUri, app.clientId, app.clientSecret),
  );
  const info = await callHubspot('read which account installed the app', () => client.oauth.accessTokensApi.get(answer.accessToken));
  return {
    portalId: info.hubId,
    tokens: { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: new Date(now + answer.expiresIn * 1000) },
  };
}

/** HubSpot says a refresh token or resource is already gone (a 400 BAD_REFRESH_TOKEN, or a 404). */
const alreadyGone = (error: unknown): boolean => error instanceof HubspotApiError && (error.status === 400 || error.status === 404);

/**
 * Uninstalls the app from the account (`DELETE /appinstalls/v3/external-install`, so that its workflow actions
 * go away there) with a freshly refreshed access token, then revokes the refresh token. An install HubSpot has
 * already forgotten counts as uninstalled. Answers false when it was gone already.
 */
export async function uninstall(app: OAuthApp, refreshToken: string): Promise<boolean> {
  const oauth = createApiClient({ baseUrl: app.apiBaseUrl });
  let accessToken: string;
  try {
    const fresh = await callHubspot('refresh the OAuth token', () =>
      oauth.oauth.tokensApi.create('refresh_token', undefined, undefined, app.clientId, app.clientSecret, refreshToken),
    );
    accessToken = fresh.accessToken;
  } catch (error) {
    if (alreadyGone(error)) return false;
    throw error;
  }
  const client = createApiClient({ baseUrl: app.apiBaseUrl, accessToken });
  const response = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/v3/external-install' });
  if (!response.ok && response.status !== 404) {
    const body: unknown = await response.json().catch(() => null);
    throw translateApiError({ code: response.status, headers: {}, body }, 'uninstall the app from the account');
  }
  await callHubspot('revoke the refresh token', () => oauth.oauth.refreshTokensApi.archive(refreshToken)).catch((error: unknown) => {
    if (!alreadyGone(error)) throw error;
  });
  return true;
}
