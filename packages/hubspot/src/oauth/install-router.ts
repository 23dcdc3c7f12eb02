/**
 * The install flow a HubSpot admin walks through in the browser: `GET /hubspot/install?code=<link code>` (the
 * one-time code a Kaiku admin made for one workspace) sends them to HubSpot's authorize page with a fresh `state`
 * bound to that code; `GET /hubspot/oauth/callback` takes the state back (once, before it expires), exchanges
 * HubSpot's code for tokens and links the portal to the workspace. No workspace id ever travels in a URL.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { connectAccount } from '../connect.js';
import { hubspotUrl } from '../paths.js';
import type { HubspotTokens } from '../types.js';
import { authorizeUrl, exchangeCode } from './tokens-api.js';

/** Install routes under the mount path. */
export const INSTALL_ROUTES = { install: '/install', callback: '/oauth/callback' } as const;

/** What the install flow needs from its host: the app's credentials and the link codes' storage. */
export interface HubspotInstallDeps {
  apiBaseUrl: string;
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  /** The proxy's public URL: the redirect URI registered with the app is built from it. */
  publicUrl: string;
  /** Binds `state` to a link code; false when the code is unknown, used or expired. */
  bindState(linkCode: string, state: string): Promise<boolean>;
  /** Takes a state back once: the workspace it was made for, or null (unknown, used or expired). */
  consumeState(state: string): Promise<string | null>;
  /** Keeps the portal's tokens (encrypted) under the workspace and starts the CRM sync. */
  saveAccount(workspaceId: string, portalId: number, tokens: HubspotTokens): Promise<void>;
  onError?: (message: string, error: unknown) => void;
  now?: () => number;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(res: Response, status: number, title: string, lines: string[]): void {
  const body = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  res.status(status).type('html').set('cache-control', 'no-store')
    .send(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`);
}

const ASK_FOR_LINK = 'Ask whoever runs Kaiku for a new install link: pnpm kaiku hubspot link-code --workspace <id>. Each link works once, for 30 minutes.';

function queryText(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}

async function install(req: Request, res: Response, deps: HubspotInstallDeps): Promise<void> {
  const linkCode = queryText(req, 'code');
  if (!linkCode) return page(res, 400, 'An install link is needed', [ASK_FOR_LINK]);
  const state = randomBytes(32).toString('base64url');
  if (!(await deps.bindState(linkCode, state))) return page(res, 400, 'This install link cannot be used', ['It was used already, has expired, or was mistyped.', ASK_FOR_LINK]);
  res.set('cache-control', 'no-store').redirect(302, authorizeUrl({
    authorizeUrl: deps.authorizeUrl, clientId: deps.clientId, redirectUri: hubspotUrl(deps.publicUrl, INSTALL_ROUTES.callback), state,
  }));
}

async function callback(req: Request, res: Response, deps: HubspotInstallDeps): Promise<void> {
  const denied = queryText(req, 'error');
  if (denied) return page(res, 400, 'HubSpot did not install Kaiku', [queryText(req, 'error_description') || denied, ASK_FOR_LINK]);
  const workspaceId = await deps.consumeState(queryText(req, 'state'));
  if (workspaceId === null) return page(res, 400, 'This install cannot be finished', ['The install link behind it was used already or has expired.', ASK_FOR_LINK]);
  const code = queryText(req, 'code');
  if (!code) return page(res, 400, 'HubSpot sent no install code', [ASK_FOR_LINK]);
  try {
    const installed = await exchangeCode(deps, code, hubspotUrl(deps.publicUrl, INSTALL_ROUTES.callback), deps.now?.());
    const { createdProperties } = await connectAccount({ apiBaseUrl: deps.apiBaseUrl, accessToken: installed.tokens.accessToken, portalId: installed.portalId });
    await deps.saveAccount(workspaceId, installed.portalId, installed.tokens);
    page(res, 200, 'Kaiku is installed in HubSpot', [
      `HubSpot account ${installed.portalId} is linked to its Kaiku workspace: the WhatsApp actions are in your workflows, and inbound WhatsApp messages are logged on your contacts.`,
      createdProperties.length > 0 ? `Created the contact properties: ${createdProperties.join(', ')}.` : 'The contact properties were already there.',
    ]);
  } catch (error) {
    deps.onError?.('Installing the HubSpot app failed', error);
    page(res, 502, 'HubSpot did not finish the install', [error instanceof Error ? error.message : 'HubSpot answered in an unexpected way.', ASK_FOR_LINK]);
  }
}

/** The browser-facing install routes; mount before the signed action router. */
export function createHubspotInstallRouter(deps: HubspotInstallDeps): Router {
  const router = express.Router();
  router.get(INSTALL_ROUTES.install, (req, res, next) => void install(req, res, deps).catch(next));
  router.get(INSTALL_ROUTES.callback, (req, res, next) => void callback(req, res, deps).catch(next));
  return router;
}
