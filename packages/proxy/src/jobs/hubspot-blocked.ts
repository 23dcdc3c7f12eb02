/**
 * HubSpot workflow actions that answered BLOCK wait in the store, not in memory: this worker takes each when
 * it is due (leased, so one process at a time), tries it again with its idempotency key, and tells HubSpot the
 * outcome or puts it back for later. A restart, or another process, picks up where the last one left off.
 */
import { runBlockedAction } from '@kaiku/hubspot';
import type { HubspotDeps } from '@kaiku/hubspot';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { Wakeable } from './wakeable.js';

/** Actions taken per round. */
const BATCH = 10;
/** How long a taken action is this process's: longer than a try (a send plus completing the callback). */
const LEASE_MS = 120_000;

/** Runs the due blocked HubSpot actions until stopped. */
export class HubspotBlockedWorker extends Wakeable {
  constructor(private readonly deps: { store: Store; hubspot: HubspotDeps; logger: Logger }, pollMs = 1000) {
    super(pollMs);
  }

  protected override async tick(): Promise<boolean> {
    const { store, hubspot, logger } = this.deps;
    const due = await store.claimDueHubspotBlockedActions(BATCH, LEASE_MS);
    for (const action of due) {
      try {
        const result = await runBlockedAction(action, hubspot);
        if (result.done) await store.deleteHubspotBlockedAction(action.callbackId);
        else await store.saveHubspotBlockedAction({ ...action, dueAt: result.dueAt });
      } catch (error) {
        // The lease runs out and the action is tried again then.
        logger.error({ err: error, callbackId: action.callbackId }, 'a blocked HubSpot action failed; it is tried again when its lease ends');
      }
    }
    return due.length === BATCH;
  }

  protected override onError(error: unknown): void {
    this.deps.logger.error({ err: error }, 'taking blocked HubSpot actions failed; retrying');
  }
}
