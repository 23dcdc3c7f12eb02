/**
 * Kaiku's Zapier app: WhatsApp Business messaging through a Kaiku proxy. The default export is the
 * app definition Zapier loads (see README.md for packaging); it talks only to the proxy's `/v1` API.
 */
import { readFileSync } from 'node:fs';
import zapier from 'zapier-platform-core';
import type { App, Create, Trigger } from 'zapier-platform-core';
import { addApiKey } from './api.js';
import { authentication } from './authentication.js';
import { replyToCustomer } from './creates/reply-to-customer.js';
import { requestWhatsappConsent } from './creates/request-whatsapp-consent.js';
import { sendTemplateMessage } from './creates/send-template-message.js';
import { mapProxyErrors } from './errors.js';
import { phoneNumberList, templateList } from './triggers/dropdowns.js';
import { messageStatusChanged } from './triggers/message-status-changed.js';
import { newInboundMessage } from './triggers/new-inbound-message.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The app definition: authentication, middleware, triggers and actions. */
export const app: App<Record<string, Trigger>, Record<string, Create>> = {
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [mapProxyErrors],
  // throwForThrottlingEarly: our afterResponse reads the proxy's 429 body (its message and Retry-After) instead of
  // core's generic one. skipHttpPatch: every call goes through z.request, which logs itself; core's extra patch of
  // node's http module would also outlive one test file and bypass nock in the next.
  flags: { throwForThrottlingEarly: false, skipHttpPatch: true },
  triggers: {
    [newInboundMessage.key]: newInboundMessage,
    [messageStatusChanged.key]: messageStatusChanged,
    [templateList.key]: templateList,
    [phoneNumberList.key]: phoneNumberList,
  },
  creates: {
    [sendTemplateMessage.key]: sendTemplateMessage,
    [replyToCustomer.key]: replyToCustomer,
    [requestWhatsappConsent.key]: requestWhatsappConsent,
  },
};

export default app;
