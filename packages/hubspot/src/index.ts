/** @kaiku/hubspot: HubSpot custom workflow actions (served by the proxy) and the CRM sync of inbound messages. */
export { createHubspotRouter } from './router.js';
export { runBlockedAction } from './execution/execute.js';
export { createHubspotSink, HUBSPOT_SINK_NAME, type HubspotSink, type SinkEvent } from './crm/sink.js';
export { HubspotRetryError, HubspotApiError, createApiClient } from './api/client.js';
export { ensureContactProperties, CONTACT_PROPERTIES, CONTACT_PROPERTY } from './crm/properties.js';
export { actionDefinitions } from './definitions/definitions.js';
export { HUBSPOT_MOUNT_PATH, HUBSPOT_ROUTES, hubspotUrl } from './paths.js';
export { signV2, signV3, verifyV3, verifyHubspotRequest, decodeSignedUri, MAX_SIGNATURE_AGE_MS } from './signature.js';
export type * from './types.js';
export { connectAccount, enableCustomEvents, type ConnectedAccount } from './connect.js';
export { createHubspotInstallRouter, INSTALL_ROUTES, type HubspotInstallDeps } from './oauth/install-router.js';
export { authorizeUrl, exchangeCode, uninstall, HUBSPOT_SCOPES, DEFAULT_AUTHORIZE_URL } from './oauth/tokens-api.js';
