/**
 * The nodes' fields come from the shared schemas: labels, descriptions, placeholders and options are the
 * schemas' own, written the way n8n's lint wants them; a renamed shared field breaks here, not in a workflow.
 */
import { describe, expect, it } from '@jest/globals';
import { loadSchema } from '@kaiku/shared';
import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { KaikuApi } from '../credentials/KaikuApi.credentials.js';
import { Kaiku } from '../nodes/Kaiku/Kaiku.node.js';
import { KaikuTrigger } from '../nodes/KaikuTrigger/KaikuTrigger.node.js';
import { enumOptions, n8nDescription, propertyAt, schemaParameter } from '../lib/schema-properties.js';

const reply = loadSchema('reply');
const parameters = new Kaiku().description.properties;

function parameter(name: string, operation: string): INodeProperties {
  const found = parameters.find((item) => item.name === name && (item.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));
  if (!found) throw new Error(`No parameter ${name} for ${operation}.`);
  return found;
}

describe('fields from shared/', () => {
  it('labels and describes Reply\'s fields with the reply schema\'s titles and descriptions', () => {
    const text = propertyAt(reply, 'text').property;
    expect(parameter('text', 'reply')).toMatchObject({ displayName: text.title, type: 'string', required: true });
    expect(parameter('mediaUrl', 'reply')).toMatchObject({ displayName: 'File URL', placeholder: 'e.g. https://example.com/order-1042.jpg' });
    expect(parameter('mediaType', 'reply').options).toEqual(enumOptions(propertyAt(reply, 'media.type').property));
    expect(parameter('to', 'reply')).toMatchObject({ displayName: 'Recipient Phone Number', required: true });
  });

  it('offers the four kinds of reply by the schema\'s titles', () => {
    expect(parameter('messageType', 'reply').options?.map((option) => ('name' in option ? option.name : ''))).toEqual(['Text', 'Media', 'Quick Reply Buttons', 'List']);
  });

  it('takes Send Template\'s variables through a resource mapper bound to the chosen template', () => {
    expect(parameter('variables', 'sendTemplate')).toMatchObject({
      type: 'resourceMapper',
      typeOptions: { loadOptionsDependsOn: ['template'], resourceMapper: { resourceMapperMethod: 'getTemplateVariables', mode: 'add' } },
    });
    expect(parameter('template', 'sendTemplate').typeOptions).toEqual({ loadOptionsMethod: 'getTemplates' });
  });

  it('filters the trigger by every inbound message type and status the shared records name', () => {
    const trigger = new KaikuTrigger().description.properties;
    const types = trigger.find((item) => item.name === 'messageType')?.options?.map((option) => ('value' in option ? option.value : ''));
    expect(types).toEqual(['', ...enumOptions(propertyAt(loadSchema('inbound-message'), 'type').property).map((option) => option.value)]);
    expect(types).toContain('button_reply');
    const statuses = trigger.find((item) => item.name === 'status')?.options?.map((option) => ('value' in option ? option.value : ''));
    expect(statuses).toEqual(expect.arrayContaining(['sent', 'delivered', 'read', 'failed']));
  });

  it('fails loudly when a shared field the node names is gone', () => {
    expect(() => schemaParameter(reply, 'media.colour', 'mediaColour')).toThrow('The shared schema has no property media.colour.');
  });

  it('writes one-sentence descriptions without a final period and keeps several sentences as they are', () => {
    expect(n8nDescription('The message text.')).toBe('The message text');
    expect(n8nDescription('Show a preview. Only used with text.')).toBe('Show a preview. Only used with text.');
  });
});

describe('credentials', () => {
  it('send the key as a bearer token, name n8n as the client, and are tested with GET /v1/me', () => {
    const credentials = new KaikuApi();
    expect(credentials.authenticate).toEqual({
      type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}', 'Kaiku-Client': 'n8n' } },
    });
    expect(credentials.test.request.url).toBe('/v1/me');
    expect(credentials.properties.find((item) => item.name === 'apiKey')?.typeOptions).toEqual({ password: true });
  });
});

describe('parameters n8n accepts', () => {
  const issues = (parameters: Record<string, unknown>) => {
    const description = new Kaiku().description;
    const nodeOf = (values: Record<string, unknown>) => ({ id: 'n', name: 'Kaiku', type: 'CUSTOM.kaiku', typeVersion: 1, position: [0, 0] as [number, number], parameters: values as INodeParameters });
    const full = NodeHelpers.getNodeParameters(description.properties, parameters as INodeParameters, true, false, nodeOf(parameters), description);
    return NodeHelpers.getNodeParametersIssues(description.properties, nodeOf(full ?? {}), description);
  };

  it.each([
    ['a template send', { operation: 'sendTemplate', to: '+358401234567', template: '123', variables: { mappingMode: 'defineBelow', value: { 1: 'KA-1' } } }],
    ['a text reply with only optional fields added', { operation: 'reply', to: '358401234567', messageType: 'text', text: 'Hei', additionalFields: { replyTo: 'wamid.1' } }],
    ['a consent request', { operation: 'requestConsent', to: '358401234567', consentTemplate: '123' }],
  ])('n8n finds no issue in %s (an optional field never counts as missing)', (_label, parameters) => {
    expect(issues(parameters)).toBeNull();
  });

  it('n8n reports a reply without its text', () => {
    expect(issues({ operation: 'reply', to: '358401234567', messageType: 'text' })).toEqual({ parameters: { text: ['Parameter "Text" is required.'] } });
  });
});
