/**
 * Creates or updates the action definitions in the developer app, idempotently: a definition is matched
 * by its action URL, left alone when HubSpot already has every field we define, patched otherwise.
 * `GET/POST /automation/v4/actions/{appId}`, `PATCH /automation/v4/actions/{appId}/{definitionId}`.
 */
import type { Client } from '@hubspot/api-client';
import type { PublicActionDefinition, PublicActionDefinitionEgg } from '@hubspot/api-client/lib/codegen/automation/actions/index.js';
import { callHubspot, withRetries } from '../api/client.js';
import { actionDefinitions } from '../definitions/definitions.js';

/** What happened to one definition. */
export interface DefinitionChange {
  name: string;
  id: string;
  change: 'created' | 'updated' | 'unchanged';
}

/** True when `actual` holds every value of `desired` (HubSpot adds defaults and ids of its own). */
export function covers(actual: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && actual.length === desired.length && desired.every((item, i) => covers(actual[i], item));
  }
  if (desired && typeof desired === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(desired).every(([key, value]) => value === undefined || covers(a[key], value));
  }
  return actual === desired;
}

async function listDefinitions(client: Client, appId: number): Promise<PublicActionDefinition[]> {
  const all: PublicActionDefinition[] = [];
  let after: string | undefined;
  do {
    const page = await withRetries(() => callHubspot('list the action definitions', () => client.automation.actions.definitionsApi.getPage(appId, 100, after)), { attempts: 5 });
    all.push(...page.results);
    after = page.paging?.next?.after;
  } while (after);
  return all;
}

function patchOf(egg: PublicActionDefinitionEgg): Omit<PublicActionDefinitionEgg, 'functions'> {
  const { functions: _functions, ...patch } = egg;
  return patch;
}

/** Brings the app's definitions to ours; running it twice changes nothing the second time. */
export async function syncDefinitions(client: Client, appId: number, publicUrl: string): Promise<DefinitionChange[]> {
  const existing = (await listDefinitions(client, appId)).filter((d) => !d.archivedAt);
  const changes: DefinitionChange[] = [];
  for (const [name, egg] of Object.entries(actionDefinitions(publicUrl))) {
    const current = existing.find((d) => d.actionUrl === egg.actionUrl);
    if (!current) {
      const created = await withRetries(() => callHubspot(`create the "${name}" action`, () => client.automation.actions.definitionsApi.create(appId, egg)), { attempts: 5 });
      changes.push({ name, id: created.id, change: 'created' });
    } else if (covers(current, patchOf(egg))) {
      changes.push({ name, id: current.id, change: 'unchanged' });
    } else {
      await withRetries(() => callHubspot(`update the "${name}" action`, () => client.automation.actions.definitionsApi.update(current.id, appId, patchOf(egg))), { attempts: 5 });
      changes.push({ name, id: current.id, change: 'updated' });
    }
  }
  return changes;
}
