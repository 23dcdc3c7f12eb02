/**
 * Input and output fields of the two actions, in HubSpot's `InputFieldDefinition` /
 * `OutputFieldDefinition` shapes. Labels live in `labels.ts` (per language).
 */
import type {
  InputFieldDefinition,
  OutputFieldDefinition,
  PublicActionDefinitionInputFieldDependenciesInner as FieldDependency,
} from '@hubspot/api-client/lib/codegen/automation/actions/index.js';

/** How many numbered template variables the actions offer (more go in "More variables"). */
export const NUMBERED_VARIABLES = 8;

/** The media kinds the reply action offers. */
export const MEDIA_TYPES = ['image', 'document', 'video', 'audio'] as const;

type ValueType = 'STATIC_VALUE' | 'OBJECT_PROPERTY';

interface FieldSpec {
  name: string;
  type: 'string' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'select' | 'phonenumber' | 'booleancheckbox';
  values: ValueType[];
  required?: boolean;
  optionsUrl?: string;
  options?: readonly string[];
}

function input(spec: FieldSpec): InputFieldDefinition {
  return {
    isRequired: spec.required ?? false,
    supportedValueTypes: spec.values,
    typeDefinition: {
      name: spec.name,
      type: spec.type,
      fieldType: spec.fieldType,
      options: (spec.options ?? []).map((value, displayOrder) => ({ value, label: value, displayOrder, hidden: false })),
      ...(spec.optionsUrl ? { optionsUrl: spec.optionsUrl } : {}),
      externalOptions: false,
    },
  } as InputFieldDefinition;
}

const BOTH: ValueType[] = ['STATIC_VALUE', 'OBJECT_PROPERTY'];
const STATIC: ValueType[] = ['STATIC_VALUE'];

/** Fields shared by both actions: recipient and sender. */
function recipientFields(optionsUrl: string): InputFieldDefinition[] {
  return [
    input({ name: 'phone', type: 'string', fieldType: 'phonenumber', values: BOTH }),
    input({ name: 'phone_number_id', type: 'enumeration', fieldType: 'select', values: STATIC, optionsUrl }),
  ];
}

/**
 * HubSpot's custom actions have no input fields defined per choice, so each template variable gets a slot:
 * `variable_N_name`, a dropdown of the chosen template's own variables (served by the options URL, e.g.
 * "first_name — e.g. Maria"), and `variable_N`, its value. A slot without a name fills {{N}}, as before.
 * `more_variables` (name=value lines) stays as the fallback for anything beyond the slots.
 */
function variableFields(prefix: '' | 'fallback_', optionsUrl: string): InputFieldDefinition[] {
  const slots = Array.from({ length: NUMBERED_VARIABLES }, (_, i) => [
    input({ name: `${prefix}variable_${i + 1}_name`, type: 'enumeration', fieldType: 'select', values: STATIC, optionsUrl }),
    input({ name: `${prefix}variable_${i + 1}`, type: 'string', fieldType: 'text', values: BOTH }),
  ]).flat();
  return [...slots, input({ name: `${prefix}more_variables`, type: 'string', fieldType: 'textarea', values: BOTH })];
}

/** The option-fed field of variable slot `n` (1-based) for a prefix; `variableSlot` reads the name back. */
export function variableNameField(prefix: '' | 'fallback_', n: number): string {
  return `${prefix}variable_${n}_name`;
}

/** Whether a field is a variable-name dropdown, and of which action part (`template` or `fallback_template`). */
export function variableSlot(field: string): { templateField: 'template' | 'fallback_template' } | null {
  const match = /^(fallback_)?variable_\d+_name$/.exec(field);
  if (!match) return null;
  return { templateField: match[1] ? 'fallback_template' : 'template' };
}

/** Inputs of "Send WhatsApp template". */
export function sendTemplateInputs(optionsUrl: string): InputFieldDefinition[] {
  return [
    ...recipientFields(optionsUrl),
    input({ name: 'template', type: 'enumeration', fieldType: 'select', values: STATIC, required: true, optionsUrl }),
    ...variableFields('', optionsUrl),
    input({ name: 'require_consent', type: 'bool', fieldType: 'booleancheckbox', values: STATIC, options: ['true', 'false'] }),
    input({ name: 'consent', type: 'string', fieldType: 'text', values: BOTH }),
  ];
}

/** Inputs of "Reply on WhatsApp". */
export function replyInputs(optionsUrl: string): InputFieldDefinition[] {
  return [
    ...recipientFields(optionsUrl),
    input({ name: 'text', type: 'string', fieldType: 'textarea', values: BOTH }),
    input({ name: 'media_type', type: 'enumeration', fieldType: 'select', values: STATIC, options: MEDIA_TYPES }),
    input({ name: 'media_url', type: 'string', fieldType: 'text', values: BOTH }),
    input({ name: 'fallback_template', type: 'enumeration', fieldType: 'select', values: STATIC, optionsUrl }),
    ...variableFields('fallback_', optionsUrl),
  ];
}

/** Inputs of "Request WhatsApp consent": who, which asking template and its variables, and what a decline means. */
export function requestConsentInputs(optionsUrl: string): InputFieldDefinition[] {
  return [
    ...recipientFields(optionsUrl),
    input({ name: 'template', type: 'enumeration', fieldType: 'select', values: STATIC, required: true, optionsUrl }),
    ...variableFields('', optionsUrl),
    input({ name: 'decline_opts_out', type: 'bool', fieldType: 'booleancheckbox', values: STATIC, options: ['true', 'false'] }),
  ];
}

/** The outputs of the sending actions and of the consent request. */
const OUTPUTS = {
  message: ['message_id', 'wa_id', 'status', 'sent_as', 'error_code', 'error_message'],
  consent: ['message_id', 'wa_id', 'status', 'agree_button', 'decline_button', 'error_code', 'error_message'],
} as const;

/** Output fields (values read from the response's `outputFields`), usable in later workflow steps. */
export function outputFields(kind: keyof typeof OUTPUTS = 'message'): OutputFieldDefinition[] {
  return OUTPUTS[kind].map((name) => ({
    typeDefinition: { name, type: 'string', fieldType: 'text', options: [], externalOptions: false },
  })) as OutputFieldDefinition[];
}

/**
 * The template dropdown waits for the business number (it lists that number's templates); the variable fields
 * wait for a template; consent only matters when required (in "Send WhatsApp template").
 */
export function dependencies(kind: 'send_template' | 'reply' | 'request_consent'): FieldDependency[] {
  const prefix = kind === 'reply' ? 'fallback_' : '';
  const templateField = kind === 'reply' ? 'fallback_template' : 'template';
  const variables = variableFields(prefix, '').map((f) => f.typeDefinition.name);
  const base = [
    { dependencyType: 'SINGLE_FIELD', controllingFieldName: 'phone_number_id', dependentFieldNames: [templateField] },
    { dependencyType: 'SINGLE_FIELD', controllingFieldName: templateField, dependentFieldNames: variables },
  ];
  const more = {
    reply: [{ dependencyType: 'SINGLE_FIELD', controllingFieldName: 'media_type', dependentFieldNames: ['media_url'] }],
    send_template: [{ dependencyType: 'CONDITIONAL_SINGLE_FIELD', controllingFieldName: 'require_consent', controllingFieldValue: 'true', dependentFieldNames: ['consent'] }],
    request_consent: [],
  }[kind];
  // The SDK types dependencyType as a TypeScript enum; HubSpot's wire format is the string.
  return [...base, ...more] as unknown as FieldDependency[];
}
