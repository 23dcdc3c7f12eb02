/**
 * The dropdowns and the template variables, loaded from the proxy while a workflow is edited: the
 * workspace's business numbers, its approved templates, and a chosen template's inputs
 * (`GET /v1/templates/{id}/schema`) as resource-mapper fields.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { kaikuRequest, segment } from './api.js';
import type { PropertySchema } from '@kaiku/shared/schema-walk';
import { labelOf } from './schema-properties.js';

interface ProxyTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  label?: string;
  preview?: string;
}

interface ProxyPhoneNumber {
  id: string;
  display_phone_number: string;
  verified_name: string;
}

/** The workspace's business numbers, shown as "+15550001234 — Acme Oy". */
export async function getPhoneNumbers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const answer = await kaikuRequest<{ data: ProxyPhoneNumber[] }>(this, { method: 'GET', path: '/phone-numbers' });
  return answer.data.map((phone) => ({ name: `+${phone.display_phone_number.replace(/^\+/, '')} — ${phone.verified_name}`, value: phone.id }));
}

/** The approved templates, shown as "order_confirmation (fi) — UTILITY"; the template id is stored. */
export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
  const answer = await kaikuRequest<{ data: ProxyTemplate[] }>(this, { method: 'GET', path: '/templates' });
  return answer.data
    .map((template) => ({ name: template.label ?? `${template.name} (${template.language}) — ${template.category}`, value: template.id, description: template.preview }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A template's inputs schema as resource-mapper fields: one per variable, required as the template needs. */
export function variableFields(schema: PropertySchema): ResourceMapperField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) => ({
    id: key,
    displayName: labelOf(property, key),
    required: required.has(key),
    defaultMatch: false,
    canBeUsedToMatch: false,
    display: true,
    type: 'string',
  }));
}

/** The resource mapper behind Send Template's variables: the chosen template's fields. */
export async function getTemplateVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
  const template = this.getCurrentNodeParameter('template');
  if (typeof template !== 'string' || template.trim() === '' || template.startsWith('=')) {
    return { fields: [], emptyFieldsNotice: 'Choose a template first; its variables then appear here.' };
  }
  const schema = await kaikuRequest<PropertySchema>(this, { method: 'GET', path: `/templates/${segment(template)}/schema` });
  return { fields: variableFields(schema), emptyFieldsNotice: 'This template has no variables.' };
}
