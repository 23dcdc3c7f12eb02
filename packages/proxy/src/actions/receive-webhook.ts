/**
 * Receiving one Meta webhook POST: find the connection it is for (phone number id, else WABA id), check
 * `X-Hub-Signature-256` over the raw bytes with that connection's app secret, and store the raw body durably.
 * Parsing and applying happen later, in the background applier (`jobs/webhook-applier.ts`).
 */
import { parseWebhookBody, verifyHandshake, verifyWebhookSignature, webhookSize, webhookTargets } from '@kaiku/core';
import type { WebhookTargets } from '@kaiku/core';
import type { Connection, Store } from '../store/types.js';

/** All connections in memory, refreshed on a miss (at most every `minRefreshMs`) and every `maxAgeMs`. */
export class ConnectionDirectory {
  private byPhone = new Map<string, Connection>();
  private byWaba = new Map<string, Connection[]>();
  private byId = new Map<string, Connection>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private readonly secrets = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly decrypt: (sealed: string) => string,
    private readonly options: { maxAgeMs?: number; minRefreshMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Reloads the connections now (or joins a reload in progress). */
  refresh(): Promise<void> {
    this.loading ??= this.store.listConnections().then((connections) => {
      this.byPhone = new Map(connections.map((c) => [c.phoneNumberId, c]));
      this.byId = new Map(connections.map((c) => [c.id, c]));
      this.byWaba = new Map();
      for (const c of connections) this.byWaba.set(c.wabaId, [...(this.byWaba.get(c.wabaId) ?? []), c]);
      this.loadedAt = this.now();
    }).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Reloads unless the last load is younger than `minRefreshMs` (so that junk requests cannot hammer the database). */
  async refreshIfStale(): Promise<void> {
    await this.fresh(true);
  }

  private async fresh(missing: boolean): Promise<void> {
    const age = this.now() - this.loadedAt;
    if (age > (this.options.maxAgeMs ?? 30_000) || (missing && age > (this.options.minRefreshMs ?? 1_000))) await this.refresh();
  }

  /** The connections a webhook may be for: by phone number id first, then every number of its WABAs. */
  async candidates(targets: WebhookTargets): Promise<Connection[]> {
    const lookup = () => {
      const found = new Map<string, Connection>();
      for (const id of targets.phoneNumberIds) { const c = this.byPhone.get(id); if (c) found.set(c.id, c); }
      for (const id of targets.wabaIds) for (const c of this.byWaba.get(id) ?? []) found.set(c.id, c);
      return [...found.values()];
    };
    const missing = targets.phoneNumberIds.some((id) => !this.byPhone.has(id)) || targets.wabaIds.some((id) => !this.byWaba.has(id));
    await this.fresh(missing);
    return lookup();
  }

  /** One connection by id (reloading once when it is new). */
  async get(id: string): Promise<Connection | null> {
    await this.fresh(!this.byId.has(id));
    return this.byId.get(id) ?? null;
  }

  /** The connection of a business phone number. */
  async forPhoneNumber(phoneNumberId: string): Promise<Connection | null> {
    await this.fresh(!this.byPhone.has(phoneNumberId));
    return this.byPhone.get(phoneNumberId) ?? null;
  }

  /** Every connection of a WABA. */
  async forWaba(wabaId: string): Promise<Connection[]> {
    await this.fresh(!this.byWaba.has(wabaId));
    return this.byWaba.get(wabaId) ?? [];
  }

  /** Every known connection. */
  async all(): Promise<Connection[]> {
    await this.fresh(false);
    return [...this.byId.values()];
  }

  /** A connection's app secret, decrypted once per stored value. */
  appSecret(connection: Connection): string {
    let plain = this.secrets.get(connection.appSecretEnc);
    if (plain === undefined) {
      plain = this.decrypt(connection.appSecretEnc);
      this.secrets.set(connection.appSecretEnc, plain);
    }
    return plain;
  }
}

/** What happened to a webhook POST. */
export type ReceiveOutcome =
  | { ok: true; receiptId: number; connectionId: string }
  | { ok: false; status: 400 | 401; code: 'invalid_webhook' | 'unauthorized'; message: string };

/** Where receipts go: `jobs/receipt-writer.ts` batches them into one transaction per event-loop turn. */
export interface ReceiptSink {
  save(connectionId: string, body: Buffer): Promise<number>;
}

/** What receiving needs; `onSignatureCheck` hears of every HMAC computed (for `/metrics`). */
export interface ReceiveDeps {
  directory: ConnectionDirectory;
  receipts: ReceiptSink;
  onSignatureCheck?: () => void;
}

/**
 * Limits on what one POST may name. Meta sends one entry per WABA and a few changes; a body naming hundreds
 * is not Meta's, and each name would cost a lookup. Each webhook is signed for one Meta app, so a body whose
 * numbers belong to many apps cannot be genuine: it would cost one HMAC of the whole body per app.
 */
export const WEBHOOK_LIMITS = { entries: 100, changes: 100, appSecrets: 8 } as const;

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/i;
const UNAUTHORIZED = 'The webhook signature does not match any WhatsApp connection: check the app secret saved for this number.';

function refuse(message: string): ReceiveOutcome {
  return { ok: false, status: 400, code: 'invalid_webhook', message };
}

/** Identifies, verifies and durably stores one webhook body; resolves only after the commit. */
export async function receiveWebhook(deps: ReceiveDeps, rawBody: Buffer, signature: string | undefined): Promise<ReceiveOutcome> {
  // No signature, no work: an unsigned body is refused before it is even parsed.
  if (typeof signature !== 'string' || !SIGNATURE_FORMAT.test(signature.trim())) return { ok: false, status: 401, code: 'unauthorized', message: UNAUTHORIZED };
  let targets: WebhookTargets;
  try {
    const payload = parseWebhookBody(rawBody);
    const size = webhookSize(payload);
    if (size.entries > WEBHOOK_LIMITS.entries || size.changes > WEBHOOK_LIMITS.changes) {
      return refuse(`The webhook holds ${size.entries} entries and ${size.changes} changes; Kaiku accepts at most ${WEBHOOK_LIMITS.entries} and ${WEBHOOK_LIMITS.changes} (Meta sends a few).`);
    }
    targets = webhookTargets(payload);
  } catch (error) {
    return refuse((error as Error).message);
  }
  const verified = await findSigner(deps, targets, rawBody, signature);
  if (verified === 'too_many_apps') {
    return refuse(`The webhook names business numbers of more than ${WEBHOOK_LIMITS.appSecrets} Meta apps; Meta signs each webhook for one app.`);
  }
  if (verified === null) return { ok: false, status: 401, code: 'unauthorized', message: UNAUTHORIZED };
  const receiptId = await deps.receipts.save(verified.id, rawBody);
  return { ok: true, receiptId, connectionId: verified.id };
}

/** The candidate that signed the body: one HMAC per distinct app secret, however many connections share it. */
async function findSigner(deps: ReceiveDeps, targets: WebhookTargets, rawBody: Buffer, signature: string): Promise<Connection | null | 'too_many_apps'> {
  const { directory } = deps;
  const tried = new Map<string, boolean>();
  const check = (candidates: Connection[]): Connection | null | 'too_many_apps' => {
    const secrets = new Set(candidates.map((c) => directory.appSecret(c)));
    if (secrets.size > WEBHOOK_LIMITS.appSecrets) return 'too_many_apps';
    for (const c of candidates) {
      const secret = directory.appSecret(c);
      let matches = tried.get(secret);
      if (matches === undefined) {
        deps.onSignatureCheck?.();
        matches = verifyWebhookSignature(rawBody, signature, secret);
        tried.set(secret, matches);
      }
      if (matches) return c;
    }
    return null;
  };
  const first = check(await directory.candidates(targets));
  if (first !== null) return first;
  // The app secret may have just changed: look again in the database before refusing (secrets already tried
  // are not computed again).
  await directory.refreshIfStale();
  return check(await directory.candidates(targets));
}

/** Meta's GET handshake against every connection's verify token; the challenge on a match. */
export async function verifyWebhookHandshake(directory: ConnectionDirectory, query: URLSearchParams): Promise<string | null> {
  const check = (connections: Connection[]) => {
    for (const c of connections) {
      const result = verifyHandshake(query, c.verifyToken);
      if (result.ok) return result.challenge;
    }
    return null;
  };
  const found = check(await directory.all());
  if (found !== null) return found;
  await directory.refreshIfStale();
  return check(await directory.all());
}
