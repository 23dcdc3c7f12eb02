/** @kaiku/core: WhatsApp's rules and wire format, with no HTTP server and no storage. */
export * from './errors.js';
export * from './whatsapp/error-table.js';
export * from './records.js';
export * from './window.js';
export * from './whatsapp/webhook.js';
export { toInboundRecord } from './whatsapp/inbound.js';
export type { InboundContext } from './whatsapp/inbound.js';
export * from './whatsapp/client.js';
export { MetaApiError } from './whatsapp/client-errors.js';
export type { GraphRequestLog, BinaryResponse } from './whatsapp/client-http.js';
export * from './whatsapp/retry.js';
export * from './whatsapp/outbound.js';
export { assertSendable, outboundIssues, MESSAGE_LIMITS } from './whatsapp/outbound-validate.js';
export type { FieldIssue } from './whatsapp/outbound-validate.js';
export type * from './whatsapp/wire-send.js';
export * from './templates/index.js';
export * from './phone.js';
export * from './consent.js';
