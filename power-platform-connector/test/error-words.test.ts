/**
 * Power Automate's error words are the proxy's to give (the connector runs no code): the generated apiProperties.json
 * must carry the setheader policy that names the client, and the words must name what the maker sees in the
 * generated definition (field display names, action names), so that renaming one without the other fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CLIENT_HEADER, connectorMessage, connectorOfClient } from '../../shared/error-words.js';
import { connectorDir } from '../scripts/generate.js';
import { operations } from '../scripts/definition-walk.js';
import type { Schema } from '../scripts/swagger-schema.js';

const definition = JSON.parse(readFileSync(`${connectorDir}/apiDefinition.swagger.json`, 'utf8')) as Schema;
const properties = JSON.parse(readFileSync(`${connectorDir}/apiProperties.json`, 'utf8')) as { properties: { policyTemplateInstances: Schema[] } };

/** Every display name the maker sees: operation summaries and the x-ms-summary of body properties, at any depth. */
function displayNames(): Set<string> {
  const names = new Set<string>();
  const walk = (schema: unknown): void => {
    if (schema === null || typeof schema !== 'object') return;
    const node = schema as Schema;
    if (typeof node['x-ms-summary'] === 'string') names.add(node['x-ms-summary']);
    for (const child of Object.values((node.properties ?? {}) as Record<string, unknown>)) walk(child);
  };
  for (const { op } of operations(definition)) {
    names.add(String(op.summary));
    for (const parameter of (op.parameters ?? []) as Schema[]) walk(parameter.schema);
  }
  return names;
}

describe('Power Automate error words', () => {
  it('the connector sets the header that makes the proxy answer in Power Automate\'s words, on every request', () => {
    const policy = properties.properties.policyTemplateInstances.find((p) => p.templateId === 'setheader');
    const parameters = (policy?.parameters ?? {}) as Record<string, unknown>;
    expect(parameters['x-ms-apimTemplateParameter.name']).toBe(CLIENT_HEADER);
    expect(connectorOfClient(String(parameters['x-ms-apimTemplateParameter.value']))).toBe('power_automate');
    expect(parameters['x-ms-apimTemplate-policySection']).toBe('Request');
    expect(parameters['x-ms-apimTemplate-operationName']).toBeUndefined();
  });

  it.each([
    ['window_closed', { closed_at: null }, ['Fallback Template', 'Send a template message']],
    ['template_not_found', { field: 'template' }, ['Template']],
    ['not_found', { field: 'phone_number_id' }, ['Sending Phone Number']],
    ['invalid_filter', { field: 'filter.type' }, ['Filter']],
    ['no_consent', {}, ['Request WhatsApp consent']],
  ] as const)('%s names what the maker sees in the definition', (code, details, shown) => {
    const message = connectorMessage('power_automate', { code, message: 'the proxy\'s words', details });
    const names = displayNames();
    for (const name of shown) {
      expect(message).toContain(name);
      expect(names.has(name)).toBe(true);
    }
  });
});
