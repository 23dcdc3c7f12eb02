import { deriveTemplateInputs } from './derive.js';
import type { MetaTemplate } from './types.js';

/** A JSON Schema document (draft 2020-12) as plain data. */
export type TemplateInputsSchema = Record<string, unknown>;

/**
 * The JSON Schema of a template's inputs: an object with one string property per input, each with a title,
 * description, examples, maxLength and `x-kaiku-kind`; connectors build their dynamic fields from it.
 */
export function templateInputsSchema(template: MetaTemplate): TemplateInputsSchema {
  const inputs = deriveTemplateInputs(template);
  const properties: Record<string, Record<string, unknown>> = {};
  for (const input of inputs) {
    const property: Record<string, unknown> = { type: 'string', title: input.label, description: input.description };
    if (input.required) property.minLength = 1;
    if (input.maxLength !== undefined) property.maxLength = input.maxLength;
    if (input.example !== undefined) property.examples = [input.example];
    property['x-kaiku-kind'] = input.kind;
    properties[input.key] = property;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${template.name} (${template.language})`,
    description: `Values for the WhatsApp template "${template.name}" (${template.category.toLowerCase()}).`,
    type: 'object',
    additionalProperties: false,
    required: inputs.filter((input) => input.required).map((input) => input.key),
    properties,
  };
}
