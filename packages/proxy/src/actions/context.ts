/**
 * What every use case gets: the store, the secrets, the clock, and the way to WhatsApp (a Cloud API client
 * per connection and a short-lived template cache per WABA).
 */
import { CloudApiClient } from '@kaiku/core';
import type { MetaTemplate } from '@kaiku/core';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Secrets } from '../secrets.js';
import type { Connection, Store } from '../store/types.js';

/** Dependencies of the actions. */
export interface ActionDeps {
  config: Config;
  store: Store;
  secrets: Secrets;
  logger: Logger;
  metrics: Metrics;
  whatsapp: WhatsAppAccess;
  now: () => Date;
  /** Waits between throughput retries; tests may shorten it. */
  sleep: (ms: number) => Promise<void>;
  /** Tells the webhook intake that connections changed (a new number's handshake follows at once). */
  connectionsChanged?: () => Promise<void>;
}

/** Cloud API clients per connection and the template cache; one per app. */
export class WhatsAppAccess {
  private readonly clients = new Map<string, { sealed: string; client: CloudApiClient }>();
  private readonly templateCache = new Map<string, { at: number; templates: Promise<MetaTemplate[]> }>();

  constructor(
    private readonly secrets: Secrets,
    private readonly options: { templateCacheMs: number; fetch?: typeof fetch; now?: () => number },
  ) {}

  /** The client for one connection (rebuilt when its token changes). */
  clientFor(connection: Connection): CloudApiClient {
    const cached = this.clients.get(connection.id);
    if (cached !== undefined && cached.sealed === connection.accessTokenEnc) return cached.client;
    const client = new CloudApiClient({
      baseUrl: connection.graphBaseUrl,
      version: connection.graphVersion,
      accessToken: this.secrets.decrypt(connection.accessTokenEnc),
      ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
    });
    this.clients.set(connection.id, { sealed: connection.accessTokenEnc, client });
    return client;
  }

  /** All templates of the connection's WABA, cached for `templateCacheMs`. */
  async templates(connection: Connection): Promise<MetaTemplate[]> {
    const now = (this.options.now ?? Date.now)();
    const key = `${connection.graphBaseUrl}|${connection.wabaId}`;
    const cached = this.templateCache.get(key);
    if (cached !== undefined && now - cached.at < this.options.templateCacheMs) return cached.templates;
    const templates = this.clientFor(connection).listTemplates(connection.wabaId);
    this.templateCache.set(key, { at: now, templates });
    templates.catch(() => this.templateCache.delete(key));
    return templates;
  }

  /** Forgets a WABA's templates (after a send says a template is missing or paused). */
  forgetTemplates(connection: Connection): void {
    this.templateCache.delete(`${connection.graphBaseUrl}|${connection.wabaId}`);
  }
}
