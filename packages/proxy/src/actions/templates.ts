/**
 * Templates of a workspace's business numbers: listed from Meta (cached), presented with their inputs, and
 * looked up for a send by name + language or by id. Ids of another workspace's WABA answer 404.
 */
import { KaikuError, deriveTemplateInputs, renderTemplatePreview, templateInputsSchema } from '@kaiku/core';
import type { MetaTemplate, TemplateInput } from '@kaiku/core';
import { notFound, ApiError } from '../http/errors.js';
import type { Connection } from '../store/types.js';
import type { ActionDeps } from './context.js';
import { resolveConnection } from './connections.js';

/** A template as the API shows it (docs/contracts.md §4). */
export interface TemplateView {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  /** Meta's quality rating (`quality_score.score`): GREEN, YELLOW, RED, or UNKNOWN until rated. */
  quality: string;
  label: string;
  preview: string;
  inputs: TemplateInput[];
  phone_number_id: string;
}

/** The API's view of a Meta template. */
export function presentTemplate(template: MetaTemplate, connection: Connection): TemplateView {
  return {
    id: template.id,
    name: template.name,
    language: template.language,
    category: template.category,
    status: template.status,
    quality: template.quality_score?.score ?? 'UNKNOWN',
    label: `${template.name} (${template.language}) — ${template.category}`,
    preview: renderTemplatePreview(template),
    inputs: deriveTemplateInputs(template),
    phone_number_id: connection.phoneNumberId,
  };
}

/** Templates of one business number (default: only approved ones; `status=ALL` for every status). */
export async function listTemplates(deps: ActionDeps, workspaceId: string, query: { phoneNumberId?: string; status?: string }): Promise<TemplateView[]> {
  const connection = await resolveConnection(deps.store, workspaceId, query.phoneNumberId);
  const wanted = (query.status ?? 'APPROVED').toUpperCase();
  const templates = await deps.whatsapp.templates(connection);
  return templates.filter((template) => wanted === 'ALL' || template.status === wanted).map((template) => presentTemplate(template, connection));
}

/** One template by id, searched in every WABA of the workspace only. */
export async function findTemplateById(deps: ActionDeps, workspaceId: string, id: string): Promise<{ template: MetaTemplate; connection: Connection }> {
  const connections = await deps.store.listConnections(workspaceId);
  const seen = new Set<string>();
  for (const connection of connections) {
    if (seen.has(connection.wabaId)) continue;
    seen.add(connection.wabaId);
    const template = (await deps.whatsapp.templates(connection)).find((candidate) => candidate.id === id);
    if (template !== undefined) return { template, connection };
  }
  throw notFound(`The template "${id}"`, { field: 'id' });
}

/**
 * The JSON Schema of a template's inputs (for dynamic fields in Zapier, HubSpot and Power Automate). Each
 * field's title is repeated as `x-ms-summary`, the label Power Automate's dynamic schema shows a maker.
 */
export async function templateSchema(deps: ActionDeps, workspaceId: string, id: string): Promise<Record<string, unknown>> {
  const { template } = await findTemplateById(deps, workspaceId, id);
  const schema = templateInputsSchema(template) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const labelled = Object.fromEntries(Object.entries(properties).map(([key, field]) => [key, { ...field, 'x-ms-summary': field.title }]));
  return { ...schema, properties: labelled };
}

function notFoundError(reference: string, language: string | undefined): KaikuError {
  const named = language ? `"${reference}" in language "${language}"` : `"${reference}"`;
  return new KaikuError('template_not_found', `There is no template ${named} on this business number. Pick one from GET /v1/templates (names and language codes must match exactly).`, { details: { field: 'template' } });
}

/** The approved template a send names (by id, or by name + language); 404 / 422 with what to do otherwise. */
export async function templateForSend(deps: ActionDeps, connection: Connection, reference: string, language?: string): Promise<MetaTemplate> {
  const templates = await deps.whatsapp.templates(connection);
  const byId = templates.find((template) => template.id === reference);
  const candidates = byId !== undefined ? [byId] : templates.filter((template) => template.name === reference && (!language || template.language === language));
  if (candidates.length === 0) throw notFoundError(reference, language);
  if (candidates.length > 1) {
    const languages = candidates.map((template) => template.language).join(', ');
    throw new ApiError('validation_failed', `The template "${reference}" exists in several languages (${languages}); say which one in "language".`, { field: 'language', languages });
  }
  const template = candidates[0] as MetaTemplate;
  if (template.status !== 'APPROVED') {
    throw new KaikuError('template_not_approved', `The template "${template.name}" (${template.language}) is ${template.status}, and only APPROVED templates can be sent. Wait for Meta's review or pick another template.`, { details: { field: 'template', status: template.status } });
  }
  return template;
}
