/**
 * The options URL behind the dropdowns: business numbers and approved templates, served live.
 * Answer shape: {options: [{label, value, description}], after?, searchable} — `after` adds "load more",
 * `searchable` adds a search box whose text comes back as `fetchOptions.q`.
 */
import type { HubspotDeps } from '../types.js';
import { variableSlot } from '../definitions/fields.js';
import { MalformedRequestError, parseOptionsRequest } from './request.js';

/** Options per page. */
export const OPTIONS_PAGE_SIZE = 20;

/** One dropdown option. */
export interface FieldOption {
  label: string;
  value: string;
  description: string;
}

function page(options: FieldOption[], q: string, after: string | null): { options: FieldOption[]; after?: string; searchable: true } {
  const needle = q.toLowerCase();
  const matching = needle ? options.filter((o) => o.label.toLowerCase().includes(needle) || o.description.toLowerCase().includes(needle)) : options;
  const start = after && /^\d+$/.test(after) ? Number(after) : 0;
  const end = start + OPTIONS_PAGE_SIZE;
  return { options: matching.slice(start, end), ...(end < matching.length ? { after: String(end) } : {}), searchable: true };
}

/** What a dropdown leaves out: template inputs the action fills itself. */
export interface OptionsScope {
  omitInput?: (key: string) => boolean;
}

async function optionsFor(field: string, workspaceId: string, staticInputs: Record<string, string>, deps: HubspotDeps, scope: OptionsScope): Promise<FieldOption[]> {
  if (field === 'phone_number_id') {
    const numbers = await deps.listPhoneNumbers(workspaceId);
    return numbers.map((n) => ({ label: n.verified_name ? `${n.display_phone_number} (${n.verified_name})` : n.display_phone_number, value: n.id, description: '' }));
  }
  const phoneNumberId = staticInputs.phone_number_id;
  if (field === 'template' || field === 'fallback_template') {
    const templates = await deps.listTemplates(workspaceId, phoneNumberId ? { phoneNumberId } : {});
    return templates.map((t) => ({ label: t.label, value: t.id, description: t.preview ?? '' }));
  }
  const slot = variableSlot(field);
  if (slot) {
    // The chosen template's own variables, so that a named one ("first_name") is picked, not typed.
    const templateId = staticInputs[slot.templateField];
    if (!templateId) return [];
    const templates = await deps.listTemplates(workspaceId, phoneNumberId ? { phoneNumberId } : {});
    const inputs = (templates.find((t) => t.id === templateId)?.inputs ?? []).filter((i) => !scope.omitInput?.(i.key));
    return inputs.map((i) => ({ label: i.example ? `${i.label} — e.g. ${i.example}` : i.label, value: i.key, description: i.description ?? '' }));
  }
  throw new MalformedRequestError(`The field "${field}" has no options.`);
}

/** Answers one options fetch (the raw, signature-checked body). */
export async function fetchOptions(raw: Buffer, deps: HubspotDeps, scope: OptionsScope = {}): Promise<{ status: number; body: unknown }> {
  try {
    const request = parseOptionsRequest(raw);
    const account = await deps.findAccountByPortalId(request.portalId);
    if (!account) return { status: 200, body: { options: [], searchable: false } };
    const options = await optionsFor(request.inputFieldName, account.workspaceId, request.staticInputs, deps, scope);
    return { status: 200, body: page(options, request.q, request.after) };
  } catch (error) {
    if (error instanceof MalformedRequestError) return { status: 400, body: { error: { code: 'validation_failed', message: error.message } } };
    throw error;
  }
}
