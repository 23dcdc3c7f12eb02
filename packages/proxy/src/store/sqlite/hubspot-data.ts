/** The SQLite store's HubSpot part: connected accounts, install link codes and blocked workflow actions. */
import type { HubspotAccountRecord, HubspotBlockedAction } from '../types.js';
import { SqliteConsoleData } from './console-data.js';
import { sqliteHubspot } from './hubspot.js';

/** HubSpot accounts, link codes and blocked actions over the store's database. */
export class SqliteHubspotData extends SqliteConsoleData {
  private readonly hubspot = sqliteHubspot(this.db);

  async upsertHubspotAccount(input: Omit<HubspotAccountRecord, 'createdAt' | 'updatedAt'>): Promise<HubspotAccountRecord> {
    return this.hubspot.upsert(input);
  }

  async findHubspotAccountByPortalId(portalId: number): Promise<HubspotAccountRecord | null> {
    return this.hubspot.byPortal(portalId);
  }

  async getHubspotAccount(workspaceId: string): Promise<HubspotAccountRecord | null> {
    return this.hubspot.byWorkspace(workspaceId);
  }

  async updateHubspotTokens(workspaceId: string, tokens: { accessTokenEnc: string; refreshTokenEnc: string | null; expiresAt: Date | null }): Promise<void> {
    this.hubspot.updateTokens(workspaceId, tokens);
  }

  async deleteHubspotAccount(workspaceId: string): Promise<boolean> {
    return this.hubspot.remove(workspaceId);
  }

  async createHubspotLinkCode(input: { codeHash: string; workspaceId: string; expiresAt: Date }): Promise<void> {
    this.hubspot.createLinkCode(input);
  }

  async bindHubspotLinkState(codeHash: string, stateHash: string): Promise<boolean> {
    return this.hubspot.bindLinkState(codeHash, stateHash);
  }

  async consumeHubspotLinkState(stateHash: string): Promise<string | null> {
    return this.hubspot.consumeLinkState(stateHash);
  }

  async saveHubspotBlockedAction(action: HubspotBlockedAction): Promise<void> {
    this.hubspot.saveBlocked(action);
  }

  async claimDueHubspotBlockedActions(limit: number, leaseMs: number): Promise<HubspotBlockedAction[]> {
    return this.hubspot.claimDueBlocked(limit, leaseMs);
  }

  async deleteHubspotBlockedAction(callbackId: string): Promise<void> {
    this.hubspot.deleteBlocked(callbackId);
  }
}
