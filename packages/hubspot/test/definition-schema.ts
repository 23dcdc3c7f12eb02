/**
 * A JSON Schema for HubSpot action definitions, derived from the SDK's models: the allowed `type`,
 * `fieldType`, `supportedValueTypes`, `functionType` and dependency types are the SDK's enums. HubSpot
 * publishes no schema of its own; the fake and the definitions test both validate against this one.
 */
import { Ajv } from 'ajv';
import {
  FieldTypeDefinitionFieldTypeEnum,
  FieldTypeDefinitionTypeEnum,
  InputFieldDefinitionSupportedValueTypesEnum,
  PublicActionFunctionFunctionTypeEnum,
  PublicConditionalSingleFieldDependencyDependencyTypeEnum,
  PublicSingleFieldDependencyDependencyTypeEnum,
} from '@hubspot/api-client/lib/codegen/automation/actions/index.js';

const values = (e: Record<string, string>) => Object.values(e);

const typeDefinition = {
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    type: { enum: values(FieldTypeDefinitionTypeEnum) },
    fieldType: { enum: values(FieldTypeDefinitionFieldTypeEnum) },
    options: { type: 'array', items: { type: 'object', required: ['value', 'label'] } },
    optionsUrl: { type: 'string', pattern: '^https?://' },
    externalOptions: { type: 'boolean' },
  },
};

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

/** The schema of a `PublicActionDefinitionEgg`. */
export const definitionSchema = {
  type: 'object',
  required: ['actionUrl', 'published', 'objectTypes', 'inputFields', 'labels', 'functions'],
  additionalProperties: false,
  properties: {
    actionUrl: { type: 'string', pattern: '^https?://' },
    published: { type: 'boolean' },
    archivedAt: { type: 'number' },
    objectTypes: { type: 'array', items: { type: 'string' } },
    objectRequestOptions: { type: 'object', required: ['properties'], properties: { properties: { type: 'array', items: { type: 'string' } } } },
    inputFields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['typeDefinition', 'isRequired'],
        properties: {
          isRequired: { type: 'boolean' },
          typeDefinition,
          supportedValueTypes: { type: 'array', items: { enum: values(InputFieldDefinitionSupportedValueTypesEnum) } },
        },
      },
    },
    outputFields: { type: 'array', items: { type: 'object', required: ['typeDefinition'], properties: { typeDefinition } } },
    inputFieldDependencies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['dependencyType', 'controllingFieldName', 'dependentFieldNames'],
        properties: {
          dependencyType: { enum: [...values(PublicSingleFieldDependencyDependencyTypeEnum), ...values(PublicConditionalSingleFieldDependencyDependencyTypeEnum)] },
          controllingFieldName: { type: 'string' },
          dependentFieldNames: { type: 'array', items: { type: 'string' }, minItems: 1 },
        },
      },
    },
    executionRules: { type: 'array', items: { type: 'object', required: ['labelName', 'conditions'] } },
    functions: { type: 'array', items: { type: 'object', required: ['functionType', 'functionSource'], properties: { functionType: { enum: values(PublicActionFunctionFunctionTypeEnum) } } } },
    labels: {
      type: 'object',
      required: ['en'],
      additionalProperties: {
        type: 'object',
        required: ['actionName'],
        properties: {
          actionName: { type: 'string', minLength: 1 },
          actionDescription: { type: 'string' },
          appDisplayName: { type: 'string' },
          actionCardContent: { type: 'string' },
          inputFieldLabels: stringMap,
          inputFieldDescriptions: stringMap,
          outputFieldLabels: stringMap,
          executionRules: stringMap,
          inputFieldOptionLabels: { type: 'object', additionalProperties: stringMap },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(definitionSchema);

/** Validates a definition body; returns the errors as text, or null. */
export function definitionErrors(body: unknown): string | null {
  return validate(body) ? null : ajv.errorsText(validate.errors);
}
