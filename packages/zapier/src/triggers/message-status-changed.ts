/**
 * "Message Status Changed" (instant): a REST hook on the proxy's `message_status` event, so a zap
 * can react when a message it sent is delivered, read or fails ("if the reminder failed, send an SMS").
 */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { callProxy } from '../api.js';
import { inputFieldsFrom, outputFieldsFrom } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { businessNumberField, businessNumberOf, deliveredRecord, subscribeTo, unsubscribe } from './hook.js';

type StatusRecord = Record<string, unknown> & { id: string; status?: string; phone_number_id?: string };

/** How many recent status updates "test trigger" shows. */
const LIST_LIMIT = 10;

function wantedStatuses(bundle: Bundle): string[] {
  const raw = bundle.inputData.status;
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return values.map((value) => String(value).trim()).filter(Boolean);
}

function wanted(bundle: Bundle, record: StatusRecord): boolean {
  const statuses = wantedStatuses(bundle);
  const number = businessNumberOf(bundle);
  return (statuses.length === 0 || statuses.includes(String(record.status))) && (!number || record.phone_number_id === number);
}

/** Processes one delivery; statuses the zap did not ask for are dropped here (the proxy filters by number). */
export function perform(z: ZObject, bundle: Bundle): StatusRecord[] {
  const record = deliveredRecord(z, bundle) as StatusRecord | null;
  return record && wanted(bundle, record) ? [record] : [];
}

/** Recent real status updates for "test trigger", newest first; the shared sample only when there are none yet. */
export async function performList(z: ZObject, bundle: Bundle): Promise<StatusRecord[]> {
  const answer = await callProxy<{ data: StatusRecord[] }>(z, bundle, { path: '/messages/statuses', params: { limit: 100, phone_number_id: businessNumberOf(bundle) } });
  const mine = answer.data.filter((record) => wanted(bundle, record)).slice(0, LIST_LIMIT);
  return mine.length > 0 ? mine : [samples.messageStatus as StatusRecord];
}

/** The trigger definition. */
export const messageStatusChanged: Trigger = {
  key: 'message_status_changed',
  noun: 'Message Status',
  display: {
    label: 'Message Status Changed',
    description: 'Triggers when a WhatsApp message sent through Kaiku is delivered, read or fails.',
  },
  operation: {
    type: 'hook',
    inputFields: [
      businessNumberField,
      ...inputFieldsFrom(schemas.messageStatus, {
        only: ['status'],
        overrides: {
          status: { required: false, list: true, label: 'Only These Statuses', helpText: 'Trigger only on these statuses, e.g. only **Failed**. Leave empty to trigger on every status change.' },
        },
      }),
    ],
    performSubscribe: subscribeTo('message_status', (bundle) => {
      const number = businessNumberOf(bundle);
      return number ? { phone_number_id: number } : undefined;
    }),
    performUnsubscribe: unsubscribe,
    perform,
    performList,
    sample: samples.messageStatus,
    outputFields: outputFieldsFrom(schemas.messageStatus),
  },
};
