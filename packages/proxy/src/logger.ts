/**
 * Structured JSON logs (pino). Secrets are always redacted; message bodies are redacted unless the level is
 * `debug` or `trace`, so that info logs in production never carry what customers wrote.
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** Keys whose values are credentials: never logged at any level. */
export const SECRET_KEYS = [
  'authorization', 'x-api-key', 'x-hub-signature-256', 'kaiku-signature', 'x-hubspot-signature-v3', 'cookie',
  'accessToken', 'access_token', 'appSecret', 'app_secret', 'apiKey', 'api_key', 'secret', 'token', 'password',
  'verifyToken', 'verify_token', 'hub.verify_token', 'encryptionKey', 'clientSecret', 'client_secret',
  'accessTokenEnc', 'appSecretEnc',
];

/** Keys whose values are message content: logged only at debug and trace. */
export const CONTENT_KEYS = ['text', 'body', 'caption', 'media_caption', 'preview', 'variables', 'raw', 'rawBody'];

function pathsFor(key: string): string[] {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (segment.startsWith('[') ? `${prefix}${segment}` : `${prefix}.${segment}`);
  return [segment, join('*'), join('*.*'), join('*.*.*')];
}

/** The pino redaction paths for a level. */
export function redactPaths(level: LogLevel): string[] {
  const keys = level === 'debug' || level === 'trace' ? SECRET_KEYS : [...SECRET_KEYS, ...CONTENT_KEYS];
  return keys.flatMap(pathsFor);
}

/** Options of `createLogger`; `destination` lets tests capture the output. */
export interface LoggerOptions {
  level: LogLevel;
  destination?: DestinationStream;
  name?: string;
}

/** The proxy's root logger. */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    name: options.name ?? 'kaiku',
    level: options.level,
    redact: { paths: redactPaths(options.level), censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
