/** Webhooks that once stopped the applier for every workspace (issue: one poison receipt), as Meta-signed bodies. */
import { inboundWebhook } from './intake-fixtures.js';

/** A message of an unknown type holding `depth` nested arrays: JSON.stringify of 200,000 overflows the stack. */
export function deeplyNestedWebhook(depth = 200_000, id = 'wamid.deep'): Buffer {
  const payload = inboundWebhook({ id });
  const text = JSON.stringify(payload).replace('"type":"text","text":{"body":"Hello"}', `"type":"mystery","mystery":${'['.repeat(depth)}${']'.repeat(depth)}`);
  return Buffer.from(text);
}

/** A message with `"from": true` beside a `from_user_id` (SQLite could not bind the boolean). */
export function booleanSenderWebhook(id = 'wamid.boolean-from'): Buffer {
  const payload = inboundWebhook({ id }) as { entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }> };
  const message = payload.entry[0]?.changes[0]?.value.messages[0];
  if (message === undefined) throw new Error('the fixture has no message');
  message.from = true;
  message.from_user_id = 'FI.5712945093845';
  return Buffer.from(JSON.stringify(payload));
}
