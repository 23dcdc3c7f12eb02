/** Status normalisation: one of Meta's `statuses[]` items → the flat `MessageStatusRecord`. */
import { messageStatuses } from '../records.js';
import type { MessageStatusRecord, MessageStatusValue } from '../records.js';
import { describeMetaError } from './error-table.js';
import { parseUnixSeconds, toIsoSeconds } from './inbound.js';
import { str } from './inbound-summary.js';
import type { WireError, WireStatus } from './wire-webhook.js';

function isStatusValue(value: unknown): value is MessageStatusValue {
  return messageStatuses.some((s) => s === value);
}

function errorFields(error: WireError | undefined): Pick<MessageStatusRecord, 'error_code' | 'error_title' | 'error_message'> {
  const none = { error_code: null, error_title: null, error_message: null };
  if (typeof error !== 'object' || error === null) return none;
  // Meta's error codes are whole numbers of six digits at most; anything else is no code.
  const code = error.code;
  if (code === undefined || !Number.isInteger(code) || Math.abs(code) >= 2 ** 31) return none;
  const described = describeMetaError(code, undefined, str(error.error_data?.details) ?? undefined);
  return { error_code: code, error_title: str(error.title) ?? str(error.message), error_message: described.message };
}

/** The flat record of one status, or null when it lacks its message id, recipient, time or a known status. */
export function toStatusRecord(status: WireStatus, phoneNumberId: string): MessageStatusRecord | null {
  const at = parseUnixSeconds(status.timestamp);
  // The customer by number; by business-scoped user ID when the message went to one and the number is kept back.
  const recipient = str(status.recipient_id) ?? str(status.recipient_user_id);
  const id = str(status.id);
  if (id === null || recipient === null || at === null) return null;
  if (!isStatusValue(status.status)) return null;
  return {
    id,
    phone_number_id: phoneNumberId,
    recipient_id: recipient,
    status: status.status,
    timestamp: toIsoSeconds(at),
    ...errorFields(status.errors?.[0]),
    pricing_category: str(status.pricing?.category),
    pricing_type: str(status.pricing?.type),
    billable: typeof status.pricing?.billable === 'boolean' ? status.pricing.billable : null,
  };
}
