/**
 * Components of the automation and consent-request operations (`api-description-automations.ts`), part of the
 * API description's `componentSchemas`.
 */
import type { SchemaObject } from './api-description.js';

const text = (title: string, description: string, example?: string): SchemaObject => ({
  type: 'string', title, description, ...(example === undefined ? {} : { examples: [example] }),
});

/** The opt-in request's body and answer. */
export const consentRequestSchemas: Record<string, SchemaObject> = {
  OptInRequestInput: {
    type: 'object', required: ['template'],
    properties: {
      template: text('Template', 'An approved template with quick-reply buttons (name or id), e.g. one asking "May we send you offers?".', 'marketing_consent'),
      language: text('Language', 'The template\'s language, when its name exists in several.', 'fi'),
      variables: {
        type: 'object', title: 'Variables', description: 'The template\'s variables, keyed as the template names them.',
        additionalProperties: { type: 'string' },
      },
      phone_number_id: text('Business Number', 'The business number to send from (default: the workspace\'s first).'),
      agree_button: { type: 'integer', minimum: 0, title: 'Agree Button', description: 'The position of the "yes" quick reply among the template\'s buttons, from 0 (default: the first quick reply).' },
      decline_button: { type: 'integer', minimum: 0, title: 'Decline Button', description: 'The position of the "no thanks" quick reply (default: the next quick reply).' },
      decline_opts_out: { type: 'boolean', title: 'Decline Opts Out', description: 'Record an opt-out when the customer taps the decline button (default: record nothing).' },
      idempotency_key: text('Idempotency Key', 'A unique value per request; repeating it never sends twice.'),
    },
  },
  OptInRequestOutput: {
    type: 'object', required: ['id', 'wa_id', 'status', 'agree_button'],
    properties: {
      id: text('Message ID', 'The WhatsApp message id of the request; the proof of the customer\'s answer names it.'),
      wa_id: text('WhatsApp ID', 'The customer\'s WhatsApp id.', '358401234567'),
      status: text('Status', 'accepted, sent, delivered, read or failed.', 'accepted'),
      preview: text('Preview', 'The message as the customer reads it.'),
      agree_button: text('Agree Button', 'The button whose tap records the opt-in.', 'Yes, please'),
      decline_button: { type: ['string', 'null'], title: 'Decline Button', description: 'The button that declines, if any.' },
    },
  },
};
