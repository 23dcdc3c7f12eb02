/** @kaiku/core: WhatsApp's rules and wire format, with no HTTP server and no storage. */
export * from './errors.js';
export * from './whatsapp/error-table.js';
export * from './records.js';
export * from './window.js';
export * from './whatsapp/webhook.js';
export { toInboundRecord } from './whatsapp/inbound.js';
export type { InboundContext } from './whatsapp/inbound.js';
