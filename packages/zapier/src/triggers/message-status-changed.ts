/**
 * "Message Status Changed" (instant): a REST hook on the proxy's `message_status` event, so a zap
 * can react when a message it sent is delivered, read or fails ("if the reminder failed, send an SMS").
 */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { inputFieldsFrom, outputFieldsFrom } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { deliveredRecord, subscribeTo, unsubscribe } from './hook.js';

type StatusRecord = Record<string, unknown> & { id: string; status?: string };

function wantedStatuses(bundle: Bundle): string[] {
  const raw = bundle.inputData.status;
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return values.map((value) => String(value).trim()).filter(Boolean);
}

/** Processes one delivery; statuses the zap did not ask for are dropped here (the proxy filters by event only). */
export function perform(z: ZObject, bundle: Bundle): StatusRecord[] {
  const record = deliveredRecord(z, bundle) as StatusRecord | null;
  if (!record) return [];
  const wanted = wantedStatuses(bundle);
  return wanted.length > 0 && !wanted.includes(String(record.status)) ? [] : [record];
}

/** The proxy keeps no list of status events, so "test trigger" shows the shared sample. */
export function performList(): StatusRecord[] {
  return [samples.messageStatus as StatusRecord];
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
    inputFields: inputFieldsFrom(schemas.messageStatus, {
      only: ['status'],
      overrides: {
        status: { required: false, list: true, label: 'Only These Statuses', helpText: 'Trigger only on these statuses, e.g. only **Failed**. Leave empty to trigger on every status change.' },
      },
    }),
    performSubscribe: subscribeTo('message_status', () => undefined),
    performUnsubscribe: unsubscribe,
    perform,
    performList,
    sample: samples.messageStatus,
    outputFields: outputFieldsFrom(schemas.messageStatus),
  },
};
