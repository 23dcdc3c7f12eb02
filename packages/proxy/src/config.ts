/**
 * The proxy's one typed configuration: the only code that reads `process.env`. Every problem is reported at
 * once, with the variable's name and what to write instead.
 */
import { resolve } from 'node:path';
import { MIN_FIXED_API_KEY_LENGTH, parseEncryptionKey } from './secrets.js';
import { DEFAULT_HEALTH_POLICY } from './store/delivery-health.js';
import type { HealthPolicy } from './store/delivery-health.js';

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Whether `pnpm start` runs the sandbox: `auto` = only when no real WhatsApp connection exists. */
export type SandboxMode = 'auto' | 'on' | 'off';

/** Everything the proxy can be told from the environment. */
export interface Config {
  port: number;
  sandboxPort: number;
  /** Interface to listen on (`0.0.0.0` in containers). */
  host: string;
  production: boolean;
  /** Fixes the sandbox demo workspace's API key for `pnpm start` (at least 32 characters; refused without the demo). */
  apiKey: string | null;
  /** PostgreSQL when set; SQLite in `dataDir` otherwise. */
  databaseUrl: string | null;
  dataDir: string;
  /** 32 bytes; null means: embedded installs keep a generated key file in `dataDir`. */
  encryptionKey: Buffer | null;
  /** Absolute base URL under which Meta, platforms and `Location` headers reach this proxy. */
  publicUrl: string | null;
  /** Allow subscription targets on private, loopback and link-local addresses (tests, the local demo). */
  allowPrivateTargets: boolean;
  /** The HubSpot app's client id and secret: signatures (secret), the install flow and token refresh (both). */
  hubspotClientId: string | null;
  hubspotClientSecret: string | null;
  hubspotApiBaseUrl: string;
  /** HubSpot's authorize page (the install flow sends admins there). */
  hubspotAuthorizeUrl: string;
  logLevel: LogLevel;
  sandbox: SandboxMode;
  /** Sends per second per business phone number, across all processes (Meta's default is 80). */
  sendsPerSecond: number;
  /** Requests per minute per API key on `/v1`. */
  rateLimitPerMinute: number;
  /** Largest accepted JSON body on `/v1`, in bytes. */
  maxBodyBytes: number;
  /** How long the template list of a WABA is cached, in milliseconds. */
  templateCacheMs: number;
  /** Days applied webhook receipts, inbound messages and finished deliveries are kept. */
  retentionDays: number;
  /** Days quarantined receipts and dead deliveries are kept (longer: someone has to look at them). */
  deadRetentionDays: number;
  /** `/healthz` says `degraded` when more receipts than this were quarantined in the last 24 hours. */
  healthMaxQuarantined: number;
  /** `/healthz` says `degraded` when the oldest unapplied receipt is older than this many seconds. */
  healthMaxReceiptLagSeconds: number;
  /** Where forwarded messages are mailed from (`smtp://user:pass@host:587`, `smtps://…`); null = no e-mail. */
  smtpUrl: string | null;
  /** The sender of forwarded messages. */
  smtpFrom: string;
  /** Delivery to subscribers: when a subscription is failing or paused, requests per target host, subscriptions per workspace. */
  delivery: DeliveryConfig;
}

/** The delivery settings. */
export interface DeliveryConfig {
  health: HealthPolicy;
  /** Requests in flight at once to one target host. */
  perHost: number;
  /** Subscriptions a workspace may have (a 422 beyond). */
  maxSubscriptionsPerWorkspace: number;
}

/** The configuration could not be read; `problems` lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kaiku's configuration has problems:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  return fallback;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}").`);
  return fallback;
}

function url(env: Env, name: string, problems: string[], protocols: string[]): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (protocols.includes(parsed.protocol)) return raw.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  problems.push(`${name} must be an absolute URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${raw}").`);
  return null;
}

// Not `url()`: its message repeats the value, and this one may hold a password.
function smtpUrl(env: Env, problems: string[]): string | null {
  const raw = text(env, 'SMTP_URL');
  if (raw === null) return null;
  try {
    if (['smtp:', 'smtps:'].includes(new URL(raw).protocol)) return raw;
  } catch {
    // reported below
  }
  problems.push('SMTP_URL must be an absolute URL starting with smtp:// or smtps://, e.g. smtp://user:password@mail.example.com:587.');
  return null;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  const found = allowed.find((value) => value === raw);
  if (found !== undefined) return found;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
  return fallback;
}

function encryptionKey(env: Env, problems: string[]): Buffer | null {
  const raw = text(env, 'KAIKU_ENCRYPTION_KEY');
  if (raw === null) return null;
  try {
    return parseEncryptionKey(raw);
  } catch (error) {
    problems.push((error as Error).message);
    return null;
  }
}

function deliveryConfig(env: Env, problems: string[]): DeliveryConfig {
  const day = 86_400_000;
  return {
    health: {
      failingAfter: integer(env, 'KAIKU_DELIVERY_FAILING_AFTER', DEFAULT_HEALTH_POLICY.failingAfter, 1, 1000, problems),
      probeEveryMs: integer(env, 'KAIKU_DELIVERY_PROBE_EVERY_MS', DEFAULT_HEALTH_POLICY.probeEveryMs, 1000, day, problems),
      pauseAfterMs: integer(env, 'KAIKU_DELIVERY_PAUSE_AFTER_MS', DEFAULT_HEALTH_POLICY.pauseAfterMs, 60_000, 60 * day, problems),
      pauseAfterFailures: integer(env, 'KAIKU_DELIVERY_PAUSE_AFTER_FAILURES', DEFAULT_HEALTH_POLICY.pauseAfterFailures, 0, 1_000_000, problems),
    },
    perHost: integer(env, 'KAIKU_DELIVERY_PER_HOST', 16, 1, 1000, problems),
    maxSubscriptionsPerWorkspace: integer(env, 'KAIKU_MAX_SUBSCRIPTIONS', 200, 1, 100_000, problems),
  };
}

/** Reads and validates the configuration; throws `ConfigError` naming every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const production = text(env, 'NODE_ENV') === 'production';
  const config: Config = {
    port: integer(env, 'PORT', 3000, 0, 65535, problems),
    sandboxPort: integer(env, 'SANDBOX_PORT', 3001, 0, 65535, problems),
    host: text(env, 'HOST') ?? '127.0.0.1',
    production,
    apiKey: text(env, 'KAIKU_API_KEY'),
    databaseUrl: url(env, 'DATABASE_URL', problems, ['postgres:', 'postgresql:']),
    // pnpm runs scripts inside the package; INIT_CWD is where the user typed the command.
    dataDir: resolve(text(env, 'INIT_CWD') ?? process.cwd(), text(env, 'KAIKU_DATA_DIR') ?? '.data'),
    encryptionKey: encryptionKey(env, problems),
    publicUrl: url(env, 'KAIKU_PUBLIC_URL', problems, production ? ['https:'] : ['https:', 'http:']),
    allowPrivateTargets: flag(env, 'KAIKU_ALLOW_PRIVATE_TARGETS', false, problems),
    hubspotClientId: text(env, 'HUBSPOT_CLIENT_ID'),
    hubspotClientSecret: text(env, 'HUBSPOT_CLIENT_SECRET'),
    hubspotApiBaseUrl: url(env, 'HUBSPOT_API_BASE_URL', problems, ['https:', 'http:']) ?? 'https://api.hubapi.com',
    hubspotAuthorizeUrl: url(env, 'HUBSPOT_AUTHORIZE_URL', problems, ['https:', 'http:']) ?? 'https://app.hubspot.com/oauth/authorize',
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', problems),
    sandbox: oneOf(env, 'KAIKU_SANDBOX', ['auto', 'on', 'off'] as const, 'auto', problems),
    sendsPerSecond: integer(env, 'KAIKU_SENDS_PER_SECOND', 80, 1, 10000, problems),
    rateLimitPerMinute: integer(env, 'KAIKU_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000, problems),
    maxBodyBytes: integer(env, 'KAIKU_MAX_BODY_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024, problems),
    templateCacheMs: integer(env, 'KAIKU_TEMPLATE_CACHE_MS', 60_000, 0, 86_400_000, problems),
    retentionDays: integer(env, 'KAIKU_RETENTION_DAYS', 30, 1, 3650, problems),
    deadRetentionDays: integer(env, 'KAIKU_DEAD_RETENTION_DAYS', 90, 1, 3650, problems),
    healthMaxQuarantined: integer(env, 'KAIKU_HEALTH_MAX_QUARANTINED', 0, 0, 1_000_000, problems),
    healthMaxReceiptLagSeconds: integer(env, 'KAIKU_HEALTH_MAX_RECEIPT_LAG_SECONDS', 60, 1, 86_400, problems),
    smtpUrl: smtpUrl(env, problems),
    smtpFrom: text(env, 'SMTP_FROM') ?? 'Kaiku <kaiku@localhost>',
    delivery: deliveryConfig(env, problems),
  };
  if (production && config.databaseUrl !== null && config.encryptionKey === null) {
    problems.push('KAIKU_ENCRYPTION_KEY is required with DATABASE_URL in production (try: openssl rand -hex 32).');
  }
  if (config.apiKey !== null && config.apiKey.length < MIN_FIXED_API_KEY_LENGTH) {
    problems.push(`KAIKU_API_KEY must be at least ${MIN_FIXED_API_KEY_LENGTH} characters long (it has ${config.apiKey.length}), so that it cannot be guessed (try: echo kaiku_$(openssl rand -hex 16)).`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
