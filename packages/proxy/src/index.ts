/** @kaiku/proxy: the Express proxy between the low-code platforms and WhatsApp's Cloud API. */
export { createApp } from './http/app.js';
export type { AppDeps } from './http/app.js';
export { routes } from './http/routes.js';
export type { Route } from './http/routes.js';
export { loadConfig, ConfigError } from './config.js';
export type { Config } from './config.js';
export { openRuntime, startProxy } from './start.js';
export type { ProxyOptions, RunningProxy, Runtime } from './start.js';
export { addConnection, createApiKey, ensureWorkspace } from './actions/manage-workspace.js';
export { createSecrets, generateEncryptionKey, hashApiKey } from './secrets.js';
export type { Secrets } from './secrets.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { createMetrics } from './metrics.js';
export type { Metrics } from './metrics.js';
export type { Store } from './store/types.js';
export { createConsoleUser, resetConsolePassword } from './actions/console-users.js';
export { demoSignInUrl } from './cli/demo-console.js';
