/**
 * Use case: send an approved template to a customer. Consent first (an opted-out customer is never messaged;
 * marketing needs an opt-in unless the workspace turns that off), then the template's variables, then the
 * send within the number's throughput, at most once per idempotency key.
 */
import {
  buildTemplateComponents, isBusinessScopedUserId, isKaikuError, KaikuError, normalizePhone, renderTemplatePreview, templateConsentDecision,
} from '@kaiku/core';
import type { MetaTemplate, SendTemplateInput } from '@kaiku/core';
import type { Connection, Workspace } from '../store/types.js';
import { notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { resolveConnection } from './connections.js';
import { sendOnce } from './idempotency.js';
import { templateForSend } from './templates.js';
import { sendThrottled } from './throughput.js';

export type { SendTemplateInput } from '@kaiku/core';

/** The shared `send-template` output. */
export interface SendTemplateOutput extends Record<string, unknown> {
  id: string;
  wa_id: string;
  status: string;
  preview: string;
}

/**
 * The customer a field names: a phone number, normalised, or (2026) the business-scoped user ID of a customer
 * who uses a username, as their messages carry it in `from`. Names the field when it cannot be read.
 */
export function recipient(field: string, value: string): { waId: string } {
  const trimmed = value.trim();
  if (isBusinessScopedUserId(trimmed)) return { waId: trimmed };
  try {
    return normalizePhone(value);
  } catch (error) {
    if (error instanceof KaikuError) throw new KaikuError(error.code, error.message, { details: { ...error.details, field } });
    throw error;
  }
}

/** Loads the caller's workspace (it exists: the API key points at it). */
export async function workspaceOf(deps: ActionDeps, workspaceId: string): Promise<Workspace> {
  const workspace = await deps.store.getWorkspace(workspaceId);
  if (workspace === null) throw notFound('The workspace of this API key');
  return workspace;
}

/** Checks consent and sends one template; shared with the reply's fallback. */
export async function sendApprovedTemplate(
  deps: ActionDeps,
  target: { workspace: Workspace; connection: Connection; waId: string },
  request: { template: string; language?: string; variables?: Record<string, string> },
): Promise<{ template: MetaTemplate; messageId: string; status: string; preview: string }> {
  const { workspace, connection, waId } = target;
  const template = await templateForSend(deps, connection, request.template, request.language);
  const contact = await deps.store.getContact(workspace.id, waId);
  const decision = templateConsentDecision(template.category, contact?.consent ?? 'unknown', {
    requireOptInForMarketing: workspace.settings.requireMarketingOptIn,
  });
  if (!decision.allowed) {
    deps.metrics.sends.inc({ result: 'refused' });
    throw new KaikuError(decision.code, decision.message, { details: { field: 'to', wa_id: waId } });
  }
  const variables = request.variables ?? {};
  const components = buildTemplateComponents(template, variables);
  const sent = await sendThrottled(deps, connection, { type: 'template', to: waId, name: template.name, language: template.language, components }).catch((error: unknown) => {
    // Meta knows better than our cache: a template deleted, paused or re-reviewed since it was listed.
    if (isKaikuError(error) && ['template_not_found', 'template_not_approved'].includes(error.code)) deps.whatsapp.forgetTemplates(connection);
    throw error;
  });
  return { template, messageId: sent.messageId, status: sent.messageStatus ?? 'accepted', preview: renderTemplatePreview(template, variables) };
}

/** POST /v1/messages/template. */
export async function sendTemplate(deps: ActionDeps, workspaceId: string, input: SendTemplateInput, headerKey: string | null): Promise<SendTemplateOutput> {
  return (await sendTemplateOnce(deps, workspaceId, input, headerKey)).answer;
}

/** The send, saying whether the answer is an earlier send's for the same idempotency key (`replayed`). */
export async function sendTemplateOnce(deps: ActionDeps, workspaceId: string, input: SendTemplateInput, headerKey: string | null): Promise<{ answer: SendTemplateOutput; replayed: boolean }> {
  const { waId } = recipient('to', input.to);
  const workspace = await workspaceOf(deps, workspaceId);
  const connection = await resolveConnection(deps.store, workspaceId, input.phone_number_id);
  const key = headerKey ?? input.idempotency_key ?? null;
  const operation = { workspaceId, key, operation: 'send-template', input: { ...input, to: waId, phone_number_id: connection.phoneNumberId } };
  const { answer, replayed } = await sendOnce<SendTemplateOutput>(deps.store, operation, async () => {
    const sent = await sendApprovedTemplate(deps, { workspace, connection, waId }, input);
    return {
      answer: { id: sent.messageId, wa_id: waId, status: sent.status, preview: sent.preview },
      message: {
        id: sent.messageId, workspaceId, connectionId: connection.id, waId, type: 'template', templateName: sent.template.name,
        templateCategory: sent.template.category, sentAs: 'template', status: sent.status, content: templateContent(sent, input.variables),
      },
    };
  });
  if (replayed) deps.metrics.sends.inc({ result: 'replayed' });
  return { answer, replayed };
}

/** What a template send keeps for the conversation timeline: the template, its values and the text the customer sees. */
export function templateContent(sent: { template: MetaTemplate; preview: string }, variables: Record<string, string> | undefined): Record<string, unknown> {
  return { template: { name: sent.template.name, language: sent.template.language, variables: variables ?? {}, preview: sent.preview } };
}
