import { describe, expect, it } from '@jest/globals';
import { actionDefinitions } from '../src/definitions/definitions.js';
import { definitionErrors } from './definition-schema.js';

const definitions = actionDefinitions('https://kaiku.example.com/');
const cases = Object.entries(definitions);

describe('action definitions', () => {
  it.each(cases)('%s validates against the schema derived from the SDK models', (_name, definition) => {
    expect(definitionErrors(definition)).toBeNull();
  });

  it('points at the proxy routes, with the options URL on every dropdown', () => {
    expect(definitions.send_template.actionUrl).toBe('https://kaiku.example.com/hubspot/actions/send-template');
    expect(definitions.reply.actionUrl).toBe('https://kaiku.example.com/hubspot/actions/reply');
    const template = definitions.send_template.inputFields.find((f) => f.typeDefinition.name === 'template');
    expect(template?.typeDefinition).toMatchObject({ type: 'enumeration', fieldType: 'select', optionsUrl: 'https://kaiku.example.com/hubspot/options' });
    expect(template?.isRequired).toBe(true);
  });

  it('lets the phone come from a property of the enrolled record', () => {
    for (const definition of Object.values(definitions)) {
      const phone = definition.inputFields.find((f) => f.typeDefinition.name === 'phone');
      expect(phone?.supportedValueTypes).toContain('OBJECT_PROPERTY');
      expect(definition.objectRequestOptions?.properties).toEqual(expect.arrayContaining(['phone', 'mobilephone']));
      expect(definition.objectTypes).toEqual(expect.arrayContaining(['CONTACT', 'DEAL', 'TICKET']));
    }
  });

  it.each(cases)('%s has English and Finnish labels for every field, option and execution rule', (_name, definition) => {
    const inputs = definition.inputFields.map((f) => f.typeDefinition.name).sort();
    const outputs = (definition.outputFields ?? []).map((f) => f.typeDefinition.name).sort();
    const rules = (definition.executionRules ?? []).map((r) => r.labelName).sort();
    expect(Object.keys(definition.labels).sort()).toEqual(['en', 'fi']);
    for (const labels of Object.values(definition.labels)) {
      expect(labels.actionName.length).toBeGreaterThan(0);
      expect(Object.keys(labels.inputFieldLabels ?? {}).sort()).toEqual(inputs);
      expect(Object.keys(labels.inputFieldDescriptions ?? {}).sort()).toEqual(inputs);
      expect(Object.keys(labels.outputFieldLabels ?? {}).sort()).toEqual(outputs);
      expect(Object.keys(labels.executionRules ?? {}).sort()).toEqual(rules);
      for (const [field, optionLabels] of Object.entries(labels.inputFieldOptionLabels ?? {})) {
        const options = definition.inputFields.find((f) => f.typeDefinition.name === field)?.typeDefinition.options ?? [];
        expect(Object.keys(optionLabels).sort()).toEqual(options.map((o) => o.value).sort());
      }
    }
    expect(definition.labels.fi?.actionName).not.toBe(definition.labels.en?.actionName);
  });

  it('offers message id, status and sent_as as outputs', () => {
    const names = (definitions.send_template.outputFields ?? []).map((f) => f.typeDefinition.name);
    expect(names).toEqual(expect.arrayContaining(['message_id', 'status', 'sent_as', 'error_code']));
  });

  it('names only existing fields in its dependencies', () => {
    for (const definition of Object.values(definitions)) {
      const names = new Set(definition.inputFields.map((f) => f.typeDefinition.name));
      for (const dependency of definition.inputFieldDependencies ?? []) {
        expect(names.has(dependency.controllingFieldName)).toBe(true);
        for (const dependent of dependency.dependentFieldNames) expect(names.has(dependent)).toBe(true);
      }
    }
  });

  it('makes the template wait for the business number, and each variable slot a dropdown fed by the options URL', () => {
    for (const [kind, templateField] of [['send_template', 'template'], ['reply', 'fallback_template']] as const) {
      const definition = definitions[kind];
      expect(definition.inputFieldDependencies).toContainEqual(expect.objectContaining({ controllingFieldName: 'phone_number_id', dependentFieldNames: [templateField] }));
      const prefix = kind === 'reply' ? 'fallback_' : '';
      const slot = definition.inputFields.find((f) => f.typeDefinition.name === `${prefix}variable_1_name`);
      expect(slot?.typeDefinition).toMatchObject({ type: 'enumeration', fieldType: 'select', optionsUrl: expect.stringMatching(/\/hubspot\/options$/) });
      const controlled = definition.inputFieldDependencies?.find((d) => d.controllingFieldName === templateField)?.dependentFieldNames ?? [];
      expect(controlled).toEqual(expect.arrayContaining([`${prefix}variable_1_name`, `${prefix}variable_1`, `${prefix}more_variables`]));
    }
  });

  it('is rejected by the schema when a field type is not one HubSpot knows', () => {
    const broken = structuredClone(definitions.reply) as unknown as { inputFields: Array<{ typeDefinition: { type: string } }> };
    const first = broken.inputFields[0];
    if (first) first.typeDefinition.type = 'phone';
    expect(definitionErrors(broken)).toContain('must be equal to one of the allowed values');
  });
});
