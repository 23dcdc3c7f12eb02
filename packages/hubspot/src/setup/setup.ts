/**
 * The setup command's work: the two action definitions in the developer app, and — given an
 * account token — the documented contact properties (and the custom event definition) in that account.
 */
import { createApiClient, withRetries } from '../api/client.js';
import type { SetupConfig } from '../config.js';
import { ensureContactProperties } from '../crm/properties.js';
import { syncDefinitions, type DefinitionChange } from './definitions-sync.js';
import { ensureEventDefinition } from './event-definition.js';

/** What setup did; a second run reports only "unchanged" and creates nothing. */
export interface SetupReport {
  definitions: DefinitionChange[];
  createdProperties: string[] | null;
  createdEventDefinition: boolean | null;
}

/** Runs the setup against HubSpot (or the fake HUBSPOT_API_BASE_URL points at). */
export async function runSetup(config: SetupConfig): Promise<SetupReport> {
  const developer = createApiClient({ baseUrl: config.apiBaseUrl, developerApiKey: config.developerApiKey });
  const definitions = await syncDefinitions(developer, config.appId, config.publicUrl);
  if (!config.accessToken) return { definitions, createdProperties: null, createdEventDefinition: null };
  const account = createApiClient({ baseUrl: config.apiBaseUrl, accessToken: config.accessToken });
  const createdProperties = await withRetries(() => ensureContactProperties(account), { attempts: 5 });
  const createdEventDefinition = config.customEvents ? await withRetries(() => ensureEventDefinition(account), { attempts: 5 }) : null;
  return { definitions, createdProperties, createdEventDefinition };
}

/** The report as lines for a person. */
export function describeSetup(report: SetupReport): string[] {
  const lines = report.definitions.map((d) => `Action "${d.name}" (${d.id}): ${d.change}`);
  if (report.createdProperties === null) lines.push('Contact properties: skipped (set HUBSPOT_ACCESS_TOKEN to create them in an account)');
  else lines.push(`Contact properties: ${report.createdProperties.length ? `created ${report.createdProperties.join(', ')}` : 'all present'}`);
  if (report.createdEventDefinition !== null) lines.push(`Custom event definition: ${report.createdEventDefinition ? 'created' : 'present'}`);
  return lines;
}
