import { describe, expect, it } from '@jest/globals';
import { loadSchema } from '@kaiku/shared';
import type { PlainInputField, PlainOutputField } from 'zapier-platform-core';
import app from '../src/index.js';
import { buildBody } from '../src/request-body.js';
import type { PropertySchema } from '@kaiku/shared/schema-walk';
import { flattenSchema, titleCase, toInputField } from '../src/schema-fields.js';

type Properties = Record<string, PropertySchema>;

function staticFields(fields: unknown[] | undefined): PlainInputField[] {
  return (fields ?? []).filter((field): field is PlainInputField => typeof field === 'object');
}

describe('fields derived from the shared schemas', () => {
  it('Send Template Message asks for every input of send-template except the variables, labelled from the schema', () => {
    const schema = loadSchema('send-template');
    const properties = schema.properties as Properties;
    const fields = staticFields(app.creates.send_template_message!.operation.inputFields);
    expect(fields.map((field) => field.key).sort()).toEqual(Object.keys(properties).filter((key) => key !== 'variables').sort());
    fields.forEach((field) => {
      expect(field.label).toBe(titleCase(properties[field.key]!.title!));
      expect(field.helpText).toBe(properties[field.key]!.description);
      expect(field.required).toBe((schema.required as string[]).includes(field.key));
    });
  });

  it('output fields and samples cover each schema\'s properties', () => {
    const cases: [string, PlainOutputField[] | undefined, Properties][] = [
      ['new_inbound_message', app.triggers.new_inbound_message!.operation.outputFields as PlainOutputField[], loadSchema('inbound-message').properties as Properties],
      ['message_status_changed', app.triggers.message_status_changed!.operation.outputFields as PlainOutputField[], loadSchema('message-status').properties as Properties],
      ['send_template_message', app.creates.send_template_message!.operation.outputFields as PlainOutputField[], (loadSchema('send-template').$defs as Record<string, PropertySchema>).output!.properties!],
      ['reply_to_customer', app.creates.reply_to_customer!.operation.outputFields as PlainOutputField[], (loadSchema('reply').$defs as Record<string, PropertySchema>).output!.properties!],
    ];
    cases.forEach(([key, outputs, properties]) => {
      expect([key, (outputs ?? []).map((field) => field.key)]).toEqual([key, Object.keys(properties)]);
      (outputs ?? []).forEach((field) => expect(field.label).toBe(titleCase(properties[field.key]!.title!)));
    });
  });

  it('flattens nested objects and arrays of objects, and builds them back', () => {
    const reply = loadSchema('reply');
    const flat = flattenSchema(reply).filter((item) => item.path[0] === 'buttons');
    expect(flat.map((item) => [item.key, item.listAt, item.required])).toEqual([
      ['buttons__body', null, false],
      ['buttons__header', null, false],
      ['buttons__footer', null, false],
      ['buttons__choices__id', 1, false],
      ['buttons__choices__title', 1, false],
    ]);
    const body = buildBody(flat, { buttons__body: 'Sopiiko?', buttons__choices__title: 'Kyllä, Ei', buttons__choices__id: ['yes'] });
    expect(body).toEqual({ buttons: { body: 'Sopiiko?', choices: [{ id: 'yes', title: 'Kyllä' }, { title: 'Ei' }] } });
  });

  it('writes labels in Title Case with ID and URL in capitals', () => {
    expect(titleCase('Reply to message id')).toBe('Reply to Message ID');
    expect(titleCase('Received at')).toBe('Received At');
    expect(titleCase('File url')).toBe('File URL');
    const optional = toInputField({ key: 'variables__button_0_payload', path: ['variables', 'button_0_payload'], listAt: null, property: { type: 'string', title: '"Thanks" button payload (optional)' }, required: false });
    expect(optional.label).toBe('"Thanks" Button Payload');
  });
});
