import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { connectorDir, generatedFiles } from '../scripts/generate.js';
import { buildApiDefinition } from '../scripts/build-definition.js';
import { drawIcon } from '../scripts/make-icon.js';
import { apiOperations } from '../../packages/proxy/src/http/api-description.js';

const committed = (name: string): string => readFileSync(`${connectorDir}/${name}`, 'utf8');

describe('the generated connector files', () => {
  it.each(Object.keys(generatedFiles()))('%s is what the script generates (run scripts/generate.ts after changes)', (name) => {
    expect(committed(name)).toBe(generatedFiles()[name]);
  });

  it('icon.png is the drawn icon: 230×230 RGB on the brand colour', () => {
    const png = readFileSync(`${connectorDir}/icon.png`);
    expect(png.equals(drawIcon())).toBe(true);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([230, 230, 8, 2]);
  });

  it('offers exactly the operations the API description marks for the connector', () => {
    const doc = buildApiDefinition() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)).filter(Boolean);
    const expected = apiOperations.filter((op) => op.connector).map((op) => op.operationId);
    expect(ids.sort()).toEqual([...expected].sort());
    expect(ids).toEqual(expect.arrayContaining([
      'SendTemplateMessage', 'ReplyToCustomer', 'ListTemplates', 'GetTemplateInputs', 'ListPhoneNumbers',
      'OnInboundMessage', 'OnMessageStatus', 'DeleteSubscription',
    ]));
  });

  it('takes request bodies and notifications from the shared schemas, property for property', async () => {
    const { loadSchema } = await import('../../shared/index.js');
    const doc = buildApiDefinition() as { paths: Record<string, Record<string, unknown>> };
    const send = doc.paths['/v1/messages/template']?.post as { parameters: { in: string; schema: { properties: object } }[] };
    const body = send.parameters.find((p) => p.in === 'body');
    expect(Object.keys(body?.schema.properties ?? {}).sort()).toEqual(Object.keys(loadSchema('send-template').properties as object).sort());
    const inbound = doc.paths['/v1/subscriptions/inbound_message']?.['x-ms-notification-content'] as { schema: { properties: object } };
    expect(Object.keys(inbound.schema.properties).sort()).toEqual(Object.keys(loadSchema('inbound-message').properties as object).sort());
  });
});

describe('the connector files of one deployment', () => {
  it('point every link at the deployment\'s own help pages, with no placeholder left', () => {
    const files = generatedFiles('https://kaiku.acme.fi');
    const doc = JSON.parse(files['apiDefinition.swagger.json'] ?? '{}') as { host: string; info: { contact: Record<string, string> }; 'x-ms-connector-metadata': Array<{ propertyName: string; propertyValue: string }> };
    expect(doc.host).toBe('kaiku.acme.fi');
    expect(doc.info.contact).toEqual({ name: 'Kaiku support', url: 'https://kaiku.acme.fi/docs/en/support' });
    const metadata = Object.fromEntries(doc['x-ms-connector-metadata'].map((m) => [m.propertyName, m.propertyValue]));
    expect(metadata).toMatchObject({ Website: 'https://kaiku.acme.fi/docs/en/', 'Privacy policy': 'https://kaiku.acme.fi/docs/en/privacy' });
    expect(Object.values(files).join('\n')).not.toContain('kaiku.example.com');
  });
});

describe('README.md', () => {
  it('names every operation the connector offers, by the summary makers see', () => {
    const readme = readFileSync(`${connectorDir}/README.md`, 'utf8');
    const missing = apiOperations.filter((op) => op.connector && !readme.includes(`**${op.summary}**`)).map((op) => op.summary);
    expect(missing).toEqual([]);
  });

  it('has the sections of a certified connector README', () => {
    const headings = readFileSync(`${connectorDir}/README.md`, 'utf8').split('\n').filter((line) => line.startsWith('## '));
    for (const section of ['Publisher', 'Prerequisites', 'Obtaining Credentials', 'Supported Operations', 'Getting Started', 'Known Issues and Limitations', 'FAQ', 'Deployment Instructions']) {
      expect(headings.some((heading) => heading.startsWith(`## ${section}`))).toBe(true);
    }
  });
});
