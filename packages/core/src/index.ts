/** @kaiku/core: WhatsApp's rules and wire format, with no HTTP server and no storage. */
export * from './errors.js';
export * from './whatsapp/error-table.js';
