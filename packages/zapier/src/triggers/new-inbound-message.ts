/**
 * "New Inbound Message" (instant): a REST hook on the proxy's `inbound_message` event. Each delivery
 * is one flat inbound-message record; "test trigger" reads the workspace's recent messages.
 */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { callProxy } from '../api.js';
import { inputFieldsFrom, outputFieldsFrom } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { businessNumberField, businessNumberOf, deliveredRecord, subscribeTo, unsubscribe } from './hook.js';

type InboundRecord = Record<string, unknown> & { id: string; type?: string; phone_number_id?: string };

/** How many recent messages "test trigger" shows. */
const LIST_LIMIT = 10;

function typeFilter(bundle: Bundle): string | undefined {
  const type = bundle.inputData.type;
  return typeof type === 'string' && type.trim() !== '' ? type.trim() : undefined;
}

/** Processes one delivery: the record, or nothing when it does not match the zap's type or number filter. */
export function perform(z: ZObject, bundle: Bundle): InboundRecord[] {
  const record = deliveredRecord(z, bundle) as InboundRecord | null;
  if (!record) return [];
  const wanted = typeFilter(bundle);
  const number = businessNumberOf(bundle);
  if (number && record.phone_number_id !== number) return [];
  return wanted && record.type !== wanted ? [] : [record];
}

/** Recent real messages for "test trigger", newest first; the shared sample when there are none yet. */
export async function performList(z: ZObject, bundle: Bundle): Promise<InboundRecord[]> {
  const limit = bundle.meta?.limit && bundle.meta.limit > 0 ? Math.min(bundle.meta.limit, LIST_LIMIT) : LIST_LIMIT;
  const answer = await callProxy<{ data: InboundRecord[] }>(z, bundle, { path: '/messages/inbound', params: { limit, type: typeFilter(bundle) } });
  const number = businessNumberOf(bundle);
  const mine = number ? answer.data.filter((record) => record.phone_number_id === number) : answer.data;
  return mine.length > 0 ? mine : [samples.inboundMessage as InboundRecord];
}

/** The trigger definition. */
export const newInboundMessage: Trigger = {
  key: 'new_inbound_message',
  noun: 'Message',
  display: {
    label: 'New Inbound Message',
    description: 'Triggers when a customer sends a WhatsApp message to one of your business numbers.',
  },
  operation: {
    type: 'hook',
    inputFields: [
      businessNumberField,
      ...inputFieldsFrom(schemas.inboundMessage, {
        only: ['type'],
        overrides: {
          type: { required: false, label: 'Only Messages of Type', helpText: 'Trigger only on this kind of message, e.g. only images. Leave empty to trigger on every message.' },
        },
      }),
    ],
    performSubscribe: subscribeTo('inbound_message', (bundle) => {
      const type = typeFilter(bundle);
      const number = businessNumberOf(bundle);
      return { ...(type ? { type } : {}), ...(number ? { phone_number_id: number } : {}) };
    }),
    performUnsubscribe: unsubscribe,
    perform,
    performList,
    sample: samples.inboundMessage,
    outputFields: outputFieldsFrom(schemas.inboundMessage),
  },
};
