/** The sandbox's options and the defaults that make it look like one fake business on Meta. */
import { SandboxClock } from './clock.js';

/** One business phone number as Meta lists it. */
export interface PhoneNumber {
  id: string;
  display_phone_number: string;
  verified_name: string;
}

/** Options of `startSandbox`; every field is optional. */
export interface SandboxOptions {
  port?: number;
  host?: string;
  callbackUrl?: string;
  verifyToken?: string;
  appSecret?: string;
  accessToken?: string;
  wabaId?: string;
  phoneNumbers?: PhoneNumber[];
  graphVersion?: string;
  statusDelaysMs?: Partial<StatusDelays>;
  duplicateRate?: number;
  throughputPerSecond?: number;
  /** HTTP status of throttling errors (130429, 131056); Meta's is not published, 429 by older tables. */
  throttleHttpStatus?: number;
  pairRateLimit?: Partial<PairRateLimit>;
  templateReviewMs?: number;
  stateFile?: string;
  retry?: Partial<RetryPolicy>;
  /**
   * Meta-side time: a `SandboxClock` to share with the proxy, or a base clock in ms since the epoch (tests
   * freeze it to make the rate limits deterministic). `/_sandbox/clock` moves it either way.
   */
  clock?: (() => number) | SandboxClock;
}

/** Milliseconds after acceptance at which each status webhook fires. */
export interface StatusDelays {
  sent: number;
  delivered: number;
  read: number;
}

/** Meta's pair rate: a burst allowance refilled by one message every `refillMs`. */
export interface PairRateLimit {
  burst: number;
  refillMs: number;
}

/** Webhook redelivery: delay before attempt n+1 is `baseDelayMs * 2^(n-1)`. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxAttempts: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  callbackUrl: string | null;
  verifyToken: string;
  appSecret: string;
  accessToken: string;
  wabaId: string;
  phoneNumbers: PhoneNumber[];
  graphVersion: string;
  statusDelaysMs: StatusDelays;
  duplicateRate: number;
  throughputPerSecond: number;
  throttleHttpStatus: number;
  pairRateLimit: PairRateLimit;
  templateReviewMs: number;
  stateFile: string | null;
  retry: RetryPolicy;
  clock: SandboxClock;
}

/** The defaults documented in docs/contracts.md §3. */
export const DEFAULTS: Omit<ResolvedOptions, 'clock'> = {
  port: 0,
  host: '127.0.0.1',
  callbackUrl: null,
  verifyToken: 'sandbox-verify-token',
  appSecret: 'sandbox-app-secret',
  accessToken: 'sandbox-access-token',
  wabaId: '102290129340398',
  phoneNumbers: [{ id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Kaiku Sandbox' }],
  graphVersion: 'v24.0',
  statusDelaysMs: { sent: 200, delivered: 1000, read: 3000 },
  duplicateRate: 0,
  throughputPerSecond: 80,
  throttleHttpStatus: 429,
  pairRateLimit: { burst: 45, refillMs: 6000 },
  templateReviewMs: 2000,
  stateFile: null,
  retry: { baseDelayMs: 1000, maxAttempts: 10 },
};

/** The object without its undefined entries, so that spreading it keeps the defaults. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Fills in the defaults and checks the few values that can be wrong. */
export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const rate = options.duplicateRate ?? DEFAULTS.duplicateRate;
  if (rate < 0 || rate > 1) throw new Error(`duplicateRate must be between 0 and 1, got ${rate}`);
  const phoneNumbers = options.phoneNumbers ?? DEFAULTS.phoneNumbers;
  if (phoneNumbers.length === 0) throw new Error('The sandbox needs at least one phone number');
  return {
    port: options.port ?? DEFAULTS.port,
    host: options.host ?? DEFAULTS.host,
    callbackUrl: options.callbackUrl ?? null,
    verifyToken: options.verifyToken ?? DEFAULTS.verifyToken,
    appSecret: options.appSecret ?? DEFAULTS.appSecret,
    accessToken: options.accessToken ?? DEFAULTS.accessToken,
    wabaId: options.wabaId ?? DEFAULTS.wabaId,
    phoneNumbers: phoneNumbers.map((p) => ({ ...p })),
    graphVersion: options.graphVersion ?? DEFAULTS.graphVersion,
    statusDelaysMs: { ...DEFAULTS.statusDelaysMs, ...defined(options.statusDelaysMs) },
    duplicateRate: rate,
    throughputPerSecond: options.throughputPerSecond ?? DEFAULTS.throughputPerSecond,
    throttleHttpStatus: options.throttleHttpStatus ?? DEFAULTS.throttleHttpStatus,
    pairRateLimit: { ...DEFAULTS.pairRateLimit, ...defined(options.pairRateLimit) },
    templateReviewMs: options.templateReviewMs ?? DEFAULTS.templateReviewMs,
    stateFile: options.stateFile ?? null,
    retry: { ...DEFAULTS.retry, ...defined(options.retry) },
    clock: options.clock instanceof SandboxClock ? options.clock : new SandboxClock(options.clock),
  };
}
