/**
 * The glue between the proxy and `@kaiku/hubspot`: builds the HubSpot router's deps from the proxy's store
 * and use cases, and the CRM sink that the delivery machinery feeds. The HubSpot package never imports the
 * proxy; this file is the only place that knows both.
 */
import type { RequestHandler } from 'express';
import { createHubspotInstallRouter, createHubspotRouter, createHubspotSink, HubspotRetryError, HUBSPOT_MOUNT_PATH, INSTALL_ROUTES } from '@kaiku/hubspot';
import type { HubspotAccount, HubspotApiDeps, HubspotDeps, HubspotInstallDeps, HubspotSinkDeps } from '@kaiku/hubspot';
import { linkHash, linkHubspotAccount, unlinkHubspotAccount } from '../actions/hubspot-account.js';
import { replyOnce } from '../actions/reply.js';
import { requestOptInOnce } from '../actions/request-opt-in.js';
import { sendTemplateOnce } from '../actions/send-template.js';
import { listTemplates } from '../actions/templates.js';
import type { ActionDeps } from '../actions/context.js';
import { HubspotBlockedWorker } from '../jobs/hubspot-blocked.js';
import { SinkRetryError } from '../jobs/sinks.js';
import type { EventSink } from '../jobs/sinks.js';
import type { HubspotAccountRecord } from '../store/types.js';

/** What the integration adds to the proxy: a mount, the CRM sink, and (when configured) the worker of blocked actions. */
export interface HubspotIntegration {
  mounts: Array<{ path: string; handler: RequestHandler }>;
  sink: EventSink;
  blockedWorker: HubspotBlockedWorker | null;
}

async function toAccount(deps: ActionDeps, record: HubspotAccountRecord | null): Promise<HubspotAccount | null> {
  if (record === null) return null;
  const workspace = await deps.store.getWorkspace(record.workspaceId);
  return {
    workspaceId: record.workspaceId,
    portalId: record.portalId,
    accessToken: deps.secrets.decrypt(record.accessTokenEnc),
    refreshToken: record.refreshTokenEnc === null ? null : deps.secrets.decrypt(record.refreshTokenEnc),
    expiresAt: record.expiresAt,
    customEvents: workspace?.settings.hubspotCustomEvents ?? false,
  };
}

/** How to reach HubSpot; with the app's client id and secret, OAuth tokens are refreshed before they expire. */
function apiDeps(deps: ActionDeps): HubspotApiDeps {
  const { store } = deps;
  const { hubspotClientId: clientId, hubspotClientSecret: clientSecret } = deps.config;
  return {
    apiBaseUrl: deps.config.hubspotApiBaseUrl,
    now: () => deps.now().getTime(),
    ...(clientId !== null && clientSecret !== null ? { oauth: { clientId, clientSecret } } : {}),
    saveTokens: (workspaceId, tokens) => store.updateHubspotTokens(workspaceId, {
      accessTokenEnc: deps.secrets.encrypt(tokens.accessToken), refreshTokenEnc: deps.secrets.encrypt(tokens.refreshToken), expiresAt: tokens.expiresAt,
    }),
    forgetAccount: async (workspaceId) => {
      deps.logger.warn({ workspaceId }, 'HubSpot revoked the app\'s access (uninstalled); the workspace is disconnected from HubSpot');
      await unlinkHubspotAccount(store, workspaceId);
    },
  };
}

/** The install flow's deps, when the app's client id, secret and the public URL are all configured. */
function installDeps(deps: ActionDeps, clientSecret: string, publicUrl: string): HubspotInstallDeps | null {
  const { hubspotClientId: clientId } = deps.config;
  if (clientId === null) return null;
  return {
    apiBaseUrl: deps.config.hubspotApiBaseUrl, authorizeUrl: deps.config.hubspotAuthorizeUrl, clientId, clientSecret, publicUrl,
    bindState: (linkCode, state) => deps.store.bindHubspotLinkState(linkHash(linkCode), linkHash(state)),
    consumeState: (state) => deps.store.consumeHubspotLinkState(linkHash(state)),
    saveAccount: (workspaceId, portalId, tokens) => linkHubspotAccount(deps.store, deps.secrets, workspaceId, portalId, tokens),
    onError: (message, error) => deps.logger.warn({ err: error }, message),
    now: () => deps.now().getTime(),
  };
}

/** The router's deps: the proxy's send, reply, consent-request and template use cases, keyed by the portal's workspace. */
export function hubspotRouterDeps(deps: ActionDeps, clientSecret: string, publicUrl: string): HubspotDeps {
  const { store } = deps;
  return {
    ...apiDeps(deps),
    clientSecret,
    publicUrl,
    findAccountByPortalId: async (portalId) => toAccount(deps, await store.findHubspotAccountByPortalId(portalId)),
    sendTemplate: async (workspaceId, input) => {
      const { answer, replayed } = await sendTemplateOnce(deps, workspaceId, input, null);
      return { ...answer, replayed };
    },
    reply: async (workspaceId, input) => {
      const { answer, replayed } = await replyOnce(deps, workspaceId, input, null);
      return { ...answer, replayed };
    },
    requestOptIn: async (workspaceId, phone, input) => {
      const { answer, replayed } = await requestOptInOnce(deps, workspaceId, phone, input);
      return { ...answer, replayed };
    },
    listTemplates: (workspaceId, query) => listTemplates(deps, workspaceId, query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}),
    listPhoneNumbers: async (workspaceId) => (await deps.store.listConnections(workspaceId)).map((c) => ({
      id: c.phoneNumberId, display_phone_number: c.displayPhoneNumber, verified_name: c.verifiedName,
    })),
    blocked: { save: (action) => store.saveHubspotBlockedAction(action) },
    onError: (message, error) => deps.logger.warn({ err: error }, message),
  };
}

/** The CRM sink, with HubSpot's retry errors translated into the delivery machinery's. */
export function hubspotSink(deps: ActionDeps): EventSink {
  const { store } = deps;
  const sinkDeps: HubspotSinkDeps = {
    ...apiDeps(deps),
    findAccountByWorkspace: async (workspaceId) => toAccount(deps, await store.getHubspotAccount(workspaceId)),
    getConsent: async (workspaceId, waId) => (await deps.store.getContact(workspaceId, waId))?.consent ?? 'unknown',
  };
  const sink = createHubspotSink(sinkDeps);
  return {
    name: sink.name,
    async deliver(event) {
      try {
        await sink.deliver(event);
      } catch (error) {
        if (error instanceof HubspotRetryError) throw new SinkRetryError(error.message, error.retryAfterMs);
        throw error;
      }
    },
  };
}

/** Until HubSpot is configured, its URLs answer 503 with what to set (instead of an unexplained 404). */
const notConfigured: RequestHandler = (_req, res) => {
  res.status(503).json({ error: {
    code: 'hubspot_not_configured',
    message: 'HubSpot actions are not set up on this Kaiku: set HUBSPOT_CLIENT_SECRET (your HubSpot app\'s client secret) and KAIKU_PUBLIC_URL, then restart.',
    details: {},
  } });
};

/** Without the app's client id, the install URLs say what to set (the actions still work with connected tokens). */
const installNotConfigured: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' || !Object.values<string>(INSTALL_ROUTES).includes(req.path)) return next();
  res.status(503).json({ error: {
    code: 'hubspot_not_configured',
    message: 'Installing the HubSpot app is not set up on this Kaiku: set HUBSPOT_CLIENT_ID (your HubSpot app\'s client id) beside HUBSPOT_CLIENT_SECRET, then restart.',
    details: {},
  } });
};

/** The integration: the router (and its blocked actions' worker) once the client secret and the public URL are configured. */
export function createHubspotIntegration(deps: ActionDeps, options: { pollMs?: number } = {}): HubspotIntegration {
  const { hubspotClientSecret, publicUrl } = deps.config;
  if (hubspotClientSecret === null || publicUrl === null) {
    return { mounts: [{ path: HUBSPOT_MOUNT_PATH, handler: notConfigured }], sink: hubspotSink(deps), blockedWorker: null };
  }
  const routerDeps = hubspotRouterDeps(deps, hubspotClientSecret, publicUrl);
  const install = installDeps(deps, hubspotClientSecret, publicUrl);
  return {
    mounts: [
      { path: HUBSPOT_MOUNT_PATH, handler: install === null ? installNotConfigured : createHubspotInstallRouter(install) },
      { path: HUBSPOT_MOUNT_PATH, handler: createHubspotRouter(routerDeps) },
    ],
    sink: hubspotSink(deps),
    blockedWorker: new HubspotBlockedWorker({ store: deps.store, hubspot: routerDeps, logger: deps.logger }, options.pollMs),
  };
}
