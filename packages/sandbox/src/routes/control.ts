/** The `/_sandbox` control surface: config for clients, simulated customers, the webhook log and callback. */
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Sandbox } from '../context.js';
import { emitWebhook } from '../context.js';
import { receiveFromCustomer } from '../customers/inbound.js';
import { phonePage } from '../customers/phone-page.js';
import { GraphError, invalidParameter } from '../graph-error.js';
import { isUserId } from '../ids.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import { toWaId } from '../messages/recipient.js';
import type { Customer, StoredMessage } from '../state.js';
import { customerOf } from '../state.js';
import { updateTemplateQuality } from '../templates/quality.js';
import { templateView } from '../templates/view.js';
import { verifyCallback } from '../webhooks/handshake.js';
import { clockView, moveClock } from './clock.js';
import { issueToken } from '../tokens.js';
import { userPreferencePayload } from '../webhooks/payloads.js';

/** What a client needs to talk to the sandbox as if it were Meta (contract §3). */
export interface SandboxConfig {
  graph_base_url: string;
  graph_version: string;
  waba_id: string;
  phone_numbers: Array<{ id: string; display_phone_number: string; verified_name: string }>;
  access_token: string;
  app_secret: string;
  verify_token: string;
}

/** The config document of `GET /_sandbox/config`. */
export function sandboxConfig(sandbox: Sandbox): SandboxConfig {
  const { options } = sandbox;
  return {
    graph_base_url: sandbox.baseUrl(),
    graph_version: options.graphVersion,
    waba_id: options.wabaId,
    phone_numbers: options.phoneNumbers.map((p) => ({ ...p })),
    access_token: options.accessToken,
    app_secret: options.appSecret,
    verify_token: sandbox.state.callback.verify_token,
  };
}

function phoneView(message: StoredMessage): Json {
  return {
    id: message.id,
    direction: message.direction,
    type: message.type,
    text: message.text,
    status: message.status,
    statuses: message.statuses.map((s) => ({ status: s.status, timestamp: new Date(s.timestamp).toISOString(), ...(s.error_code ? { error_code: s.error_code } : {}) })),
    ...(message.template ? { template: message.template } : {}),
    ...(message.quick_replies ? { buttons: message.quick_replies } : {}),
    ...(message.choices ? { choices: message.choices } : {}),
    ...(message.list ? { list: message.list } : {}),
    timestamp: new Date(message.timestamp).toISOString(),
  };
}

function body(req: Request): Json {
  return isObject(req.body) ? req.body : {};
}

async function setCallback(sandbox: Sandbox, input: Json): Promise<Json> {
  const url = input.callback_url;
  const token = typeof input.verify_token === 'string' ? input.verify_token : sandbox.state.callback.verify_token;
  if (url === null) {
    sandbox.state.callback = { url: null, verify_token: token };
    return { success: true };
  }
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw invalidParameter('callback_url must be an http(s) URL (or null to stop webhooks).');
  const result = await verifyCallback(url, token);
  if (!result.ok) throw new GraphError(2200, 'Callback verification failed', { status: 400, message: `(#2200) Callback verification failed with the following errors: ${result.problem}`, details: result.problem });
  sandbox.state.callback = { url, verify_token: token };
  sandbox.changed();
  return { success: true };
}

/** Meta tells the business when a customer stops or resumes marketing messages. */
function announcePreference(sandbox: Sandbox, customer: Customer): void {
  const phone = sandbox.options.phoneNumbers[0];
  if (!phone) return;
  const value = customer.marketing_blocked ? 'stop' : 'resume';
  const sender = { waId: customer.wa_id, profileName: customer.profile_name, userId: customer.user_id ?? null, numberShared: customer.number_shared === true };
  emitWebhook(sandbox, sandbox.options.wabaId, userPreferencePayload(sandbox.options.wabaId, phone, sender, value, sandbox.options.clock.now()));
}

/** A business-scoped user ID as Meta writes them (`US.1349…`), or null to name the customer by number again. */
function userIdOf(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'string' && isUserId(value)) return value;
  throw invalidParameter("user_id must be a business-scoped user ID such as 'US.13491208655302741918' (a country code, a dot, letters and digits), or null.");
}

/** The customer's wa_id in a control path; a national number belongs to the first business number's country. */
function customerWaId(sandbox: Sandbox, raw: string): string {
  return toWaId(raw, sandbox.options.phoneNumbers[0]?.display_phone_number);
}

/** The router mounted at `/_sandbox` (no token: it stands for the customers' phones and the app dashboard). */
export function controlRouter(sandbox: Sandbox): Router {
  const router = Router();
  router.get('/config', (_req: Request, res: Response) => res.json(sandboxConfig(sandbox)));
  router.post('/customers/:waId/messages', (req: Request, res: Response) => res.json(receiveFromCustomer(sandbox, String(req.params.waId), body(req))));
  router.get('/customers/:waId/messages', (req: Request, res: Response) => {
    const waId = customerWaId(sandbox, String(req.params.waId));
    res.json({ data: sandbox.state.messages.filter((m) => m.wa_id === waId).map(phoneView) });
  });
  router.get('/customers/:waId', (req: Request, res: Response) => res.json(customerOf(sandbox.state, customerWaId(sandbox, String(req.params.waId)))));
  router.get('/phone/:waId', (req: Request, res: Response) => res.type('html').send(phonePage(customerWaId(sandbox, String(req.params.waId)))));
  router.put('/customers/:waId', (req: Request, res: Response) => {
    const customer = customerOf(sandbox.state, customerWaId(sandbox, String(req.params.waId)));
    const input = body(req);
    if (typeof input.on_whatsapp === 'boolean') customer.on_whatsapp = input.on_whatsapp;
    if (typeof input.read_receipts === 'boolean') customer.read_receipts = input.read_receipts;
    if (typeof input.profile_name === 'string' && input.profile_name !== '') customer.profile_name = input.profile_name;
    if (input.username === null || (typeof input.username === 'string' && input.username !== '')) customer.username = input.username;
    if (input.user_id !== undefined) customer.user_id = userIdOf(input.user_id);
    if (typeof input.number_shared === 'boolean') customer.number_shared = input.number_shared;
    // Last, so that the webhook names the customer as just set.
    if (typeof input.marketing_blocked === 'boolean' && input.marketing_blocked !== customer.marketing_blocked) {
      customer.marketing_blocked = input.marketing_blocked;
      announcePreference(sandbox, customer);
    }
    sandbox.changed();
    res.json(customer);
  });
  router.put('/templates/:id', (req: Request, res: Response) => res.json(templateView(updateTemplateQuality(sandbox, String(req.params.id), body(req)))));
  router.get('/clock', (_req: Request, res: Response) => res.json(clockView(sandbox)));
  router.post('/clock', (req: Request, res: Response) => res.json(moveClock(sandbox, body(req))));
  router.get('/webhooks', (_req: Request, res: Response) => res.json({ data: sandbox.webhooks.log }));
  router.post('/tokens', (req: Request, res: Response) => res.status(201).json(issueToken(sandbox, body(req))));
  router.put('/webhook', async (req: Request, res: Response) => res.json(await setCallback(sandbox, body(req))));
  return router;
}
