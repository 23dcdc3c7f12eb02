/**
 * Use case: ask a customer inside WhatsApp whether they want marketing messages. A chosen template with
 * quick-reply buttons goes out with Kaiku's payloads on its agree and decline buttons; the customer's tap
 * records `opted_in` (or, when asked to, `opted_out` for the decline) with proof: template, message, button
 * and time (`jobs/consent-buttons.ts`). A customer who opted out is never asked.
 */
import { KaikuError } from '@kaiku/core';
import type { MetaTemplate } from '@kaiku/core';
import { optInPayload } from '../jobs/consent-buttons.js';
import type { ActionDeps } from './context.js';
import { resolveConnection } from './connections.js';
import { sendOnce } from './idempotency.js';
import { recipient, sendApprovedTemplate, workspaceOf } from './send-template.js';
import { templateForSend } from './templates.js';

/** The body of POST /v1/contacts/{phone}/opt-in-request. */
export interface OptInRequestInput {
  template: string;
  language?: string;
  variables?: Record<string, string>;
  phone_number_id?: string;
  /** The quick reply that means yes, by its position among the template's buttons (default: the first quick reply). */
  agree_button?: number;
  /** The quick reply that means no (default: the next quick reply, if any). */
  decline_button?: number;
  /** Whether a tap on the decline button records `opted_out` (default false: nothing is recorded). */
  decline_opts_out?: boolean;
  idempotency_key?: string;
}

/** What the request answers. */
export interface OptInRequestOutput extends Record<string, unknown> {
  id: string;
  wa_id: string;
  status: string;
  preview: string;
  agree_button: string;
  decline_button: string | null;
}

function quickReplies(template: MetaTemplate): Array<{ index: number; text: string }> {
  const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  return buttons.flatMap((b, index) => (b.type === 'QUICK_REPLY' ? [{ index, text: b.text ?? '' }] : []));
}

function chooseButtons(template: MetaTemplate, input: OptInRequestInput): { agree: { index: number; text: string }; decline: { index: number; text: string } | null } {
  const replies = quickReplies(template);
  const pick = (field: string, index: number | undefined, fallback: { index: number; text: string } | undefined) => {
    if (index === undefined) return fallback;
    const found = replies.find((r) => r.index === index);
    if (found !== undefined) return found;
    throw new KaikuError('validation_failed', `Button ${index} of template "${template.name}" is not a quick reply; its quick replies are at ${replies.map((r) => r.index).join(', ') || 'no position'}.`, { details: { field } });
  };
  const agree = pick('agree_button', input.agree_button, replies[0]);
  if (agree === undefined) {
    throw new KaikuError('validation_failed', `Template "${template.name}" has no quick-reply buttons; choose one with a button such as "Yes, please".`, { details: { field: 'template' } });
  }
  const decline = pick('decline_button', input.decline_button, replies.find((r) => r.index !== agree.index)) ?? null;
  if (decline?.index === agree.index) throw new KaikuError('validation_failed', 'The agree and decline buttons must differ.', { details: { field: 'decline_button' } });
  return { agree, decline };
}

/** POST /v1/contacts/{phone}/opt-in-request. */
export async function requestOptIn(deps: ActionDeps, workspaceId: string, phone: string, input: OptInRequestInput): Promise<OptInRequestOutput> {
  return (await requestOptInOnce(deps, workspaceId, phone, input)).answer;
}

/** The request, and whether its answer is a replay of an earlier one with the same idempotency key (nothing went out now). */
export async function requestOptInOnce(deps: ActionDeps, workspaceId: string, phone: string, input: OptInRequestInput): Promise<{ answer: OptInRequestOutput; replayed: boolean }> {
  const { waId } = recipient('phone', phone);
  const workspace = await workspaceOf(deps, workspaceId);
  const connection = await resolveConnection(deps.store, workspaceId, input.phone_number_id);
  const template = await templateForSend(deps, connection, input.template, input.language);
  const { agree, decline } = chooseButtons(template, input);
  const variables: Record<string, string> = { ...input.variables, [`button_${agree.index}_payload`]: optInPayload('yes', template.name) };
  if (decline !== null) variables[`button_${decline.index}_payload`] = optInPayload(input.decline_opts_out === true ? 'no_opt_out' : 'no', template.name);
  const key = input.idempotency_key ?? null;
  const operation = { workspaceId, key, operation: 'opt-in-request', input: { ...input, to: waId, phone_number_id: connection.phoneNumberId } };
  // Asking is allowed before any opt-in (that is its point); an opt-out still refuses it.
  const asking = { ...workspace, settings: { ...workspace.settings, requireMarketingOptIn: false } };
  return sendOnce<OptInRequestOutput>(deps.store, operation, async () => {
    const sent = await sendApprovedTemplate(deps, { workspace: asking, connection, waId }, { template: template.id, variables });
    return {
      answer: { id: sent.messageId, wa_id: waId, status: sent.status, preview: sent.preview, agree_button: agree.text, decline_button: decline?.text ?? null },
      message: {
        id: sent.messageId, workspaceId, connectionId: connection.id, waId, type: 'template', templateName: sent.template.name,
        templateCategory: sent.template.category, sentAs: 'template', status: sent.status,
      },
    };
  });
}
