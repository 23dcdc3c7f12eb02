import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { lintDefinition } from '../scripts/certification-lint.js';
import { connectorDir } from '../scripts/generate.js';

type Key = string | number;
const remove = Symbol('remove');

/** Sets (or removes) the value at a path of keys in a parsed copy of the definition. */
function mutated(path: Key[], value: unknown): Record<string, unknown> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  let node = doc as Record<Key, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  const last = path[path.length - 1] as Key;
  if (value !== remove) node[last] = value;
  else if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
  return doc;
}

const text = readFileSync(`${connectorDir}/apiDefinition.swagger.json`, 'utf8');
const reply = ['paths', '/v1/messages/reply', 'post'];
const send = ['paths', '/v1/messages/template', 'post'];
const sendBody = [...send, 'parameters', 1, 'schema', 'properties'];
const inbound = ['paths', '/v1/subscriptions/inbound_message'];
const callbackUrl = [...inbound, 'post', 'parameters', 0, 'schema', 'properties', 'target_url'];
const status = ['paths', '/v1/subscriptions/message_status', 'post'];
const description = (JSON.parse(text) as { info: { description: string } }).info.description;

describe('the certification lint (C.7)', () => {
  it('passes the committed definition, text formatting included', () => {
    expect(lintDefinition(JSON.parse(text) as Record<string, unknown>, text)).toEqual([]);
  });

  it.each<[string, Key[], unknown, RegExp]>([
    ['a title over 30 characters', ['info', 'title'], 'Kaiku Messaging for Every Business', /info.title: 34 characters/],
    ['a product we do not own in the title', ['info', 'title'], 'Kaiku WhatsApp', /info.title: must not contain WhatsApp/],
    ['"API" in the description', ['info', 'description'], `${description} Built on the Cloud API.`, /info.description: must not contain/],
    ['a platform name in the description', ['info', 'description'], `${description} For Power Automate.`, /info.description: must not contain Power/],
    ['a description under 30 characters', ['info', 'description'], 'Messages.', /info.description: 9 characters/],
    ['no contact', ['info', 'contact'], remove, /info.contact: missing/],
    ['no privacy policy in the metadata', ['x-ms-connector-metadata', 1], remove, /"Privacy policy" missing/],
    ['a forbidden character in a summary', [...reply, 'summary'], 'Reply / answer', /summary contains one of/],
    ['a summary ending with a period', [...reply, 'summary'], 'Reply to a customer.', /ends with punctuation/],
    ['a description without a period', [...reply, 'description'], 'Sends a reply', /ending with a period/],
    ['an operationId that is not PascalCase', [...reply, 'operationId'], 'reply_to_customer', /not PascalCase/],
    ['a parameter without x-ms-summary', ['paths', '/v1/templates', 'get', 'parameters', 0, 'x-ms-summary'], remove, /parameter phone_number_id: x-ms-summary missing/],
    ['a body property without description', [...sendBody, 'to', 'description'], remove, /\.to: description missing/],
    ['a response property without x-ms-summary', [...send, 'responses', '200', 'schema', 'properties', 'id', 'x-ms-summary'], remove, /response 200\.id: x-ms-summary missing/],
    ['a schema on the default response', [...reply, 'responses', 'default', 'schema'], { type: 'object' }, /default response must not have a schema/],
    ['a 200 response without schema', [...reply, 'responses', '200', 'schema'], remove, /response 200 has no schema/],
    ['a dropdown source that is not internal', ['paths', '/v1/templates', 'get', 'x-ms-visibility'], remove, /ListTemplates feeds a dropdown, so it must be internal/],
    ['a dropdown source that does not exist', [...sendBody, 'template', 'x-ms-dynamic-values', 'operationId'], 'ListTemplatez', /ListTemplatez, which does not exist/],
    ['a dropdown title path the source lacks', [...sendBody, 'template', 'x-ms-dynamic-values', 'value-title'], 'title', /have no "title"/],
    ['a dynamic schema parameter the source lacks', [...sendBody, 'variables', 'x-ms-dynamic-schema', 'parameters'], { template_id: { parameter: 'template' } }, /GetTemplateInputs has no parameter "template_id"/],
    ['a trigger without notification content', [...inbound, 'x-ms-notification-content'], remove, /x-ms-notification-content with a schema missing/],
    ['a callback URL that makers can see', [...callbackUrl, 'x-ms-visibility'], remove, /target_url must be internal/],
    ['no callback URL property', [...callbackUrl, 'x-ms-notification-url'], remove, /exactly one body property needs x-ms-notification-url \(found 0\)/],
    ['a subscribe answer without Location', [...inbound, 'post', 'responses', '201', 'headers'], remove, /201 answer with a Location header/],
    ['a trigger not named "When …"', [...status, 'summary'], 'Message status changed', /starts with "When"/],
    ['a bad x-ms-trigger value', [...status, 'x-ms-trigger'], 'webhook', /single or batch/],
    ['no way to unsubscribe', ['paths', '/v1/subscriptions/{id}'], remove, /need an internal DELETE operation/],
  ])('catches %s', (_label, path, value, problem) => {
    expect(lintDefinition(mutated(path, value)).join('\n')).toMatch(problem);
  });

  it('catches two-space indentation and trailing spaces in the file', () => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const problems = lintDefinition(doc, `${JSON.stringify(doc, null, 2)} \n`);
    expect(problems).toContain('line 2: indent with four spaces.');
    expect(problems.some((p) => p.endsWith('trailing whitespace.'))).toBe(true);
  });
});
