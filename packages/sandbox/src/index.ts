/** @kaiku/sandbox: a local stand-in for Meta's WhatsApp Cloud API and for customers' phones. */
export { startSandbox } from './server.js';
export { SandboxClock, parseDuration } from './clock.js';
export type { RunningSandbox } from './server.js';
export type { SandboxConfig } from './routes/control.js';
export type { PhoneNumber, SandboxOptions } from './options.js';
export { DEFAULTS } from './options.js';
export { serializeWebhook, signWebhook } from './webhooks/sign.js';
export type { DeliveryRecord } from './webhooks/dispatcher.js';
export { configFromEnv } from './config.js';
