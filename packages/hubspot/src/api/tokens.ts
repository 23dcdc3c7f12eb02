/**
 * Access tokens for a connected account. Private app tokens never expire; OAuth tokens are refreshed
 * shortly before `expiresAt` (HubSpot's `expires_in`), not after a 401.
 */
import type { HubspotAccount, HubspotApiDeps } from '../types.js';
import { callHubspot, createApiClient, HubspotApiError } from './client.js';

/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** A usable access token for the account, refreshing (and saving) OAuth tokens that are about to expire. */
export async function accessTokenFor(account: HubspotAccount, deps: HubspotApiDeps): Promise<string> {
  const now = deps.now?.() ?? Date.now();
  if (!account.refreshToken || !account.expiresAt) return account.accessToken;
  if (account.expiresAt.getTime() - now > REFRESH_MARGIN_MS) return account.accessToken;
  if (!deps.oauth) return account.accessToken;
  const { clientId, clientSecret } = deps.oauth;
  const refreshToken = account.refreshToken;
  const client = createApiClient({ baseUrl: deps.apiBaseUrl });
  const answer = await callHubspot('refresh the OAuth token', () =>
    client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, refreshToken),
  ).catch(async (error: unknown) => {
    if (!(error instanceof HubspotApiError && error.status === 400)) throw error;
    // BAD_REFRESH_TOKEN: the app was uninstalled from the account, or its access revoked. No retry helps.
    await deps.forgetAccount?.(account.workspaceId);
    throw new HubspotApiError(
      `HubSpot account ${account.portalId} no longer accepts Kaiku's refresh token: the app was uninstalled there or its access revoked. ` +
      'Kaiku disconnected the workspace; install the app again with a new link (pnpm kaiku hubspot link-code).', 401, { cause: error },
    );
  });
  const tokens = {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresAt: new Date(now + answer.expiresIn * 1000),
  };
  await deps.saveTokens?.(account.workspaceId, tokens);
  account.accessToken = tokens.accessToken;
  account.refreshToken = tokens.refreshToken;
  account.expiresAt = tokens.expiresAt;
  return tokens.accessToken;
}

type ApiClient = ReturnType<typeof createApiClient>;

/** One client per account and token, so that the burst limiter sees all of an account's calls. */
const clients = new Map<string, { token: string; client: ApiClient }>();

/** An SDK client acting for the account. */
export async function accountClient(account: HubspotAccount, deps: HubspotApiDeps): Promise<ApiClient> {
  const token = await accessTokenFor(account, deps);
  const key = `${deps.apiBaseUrl} ${account.portalId}`;
  const cached = clients.get(key);
  if (cached?.token === token) return cached.client;
  const client = createApiClient({ baseUrl: deps.apiBaseUrl, accessToken: token });
  clients.set(key, { token, client });
  return client;
}
