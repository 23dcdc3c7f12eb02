/**
 * The shared schemas the nodes' fields come from (bundled into the built files by the build script, so
 * the published package reads nothing from the workspace).
 */
import { loadSchema } from '@kaiku/shared';
import type { JsonSchema } from '@kaiku/shared';

/** The operations' schemas. */
export const schemas: Record<'sendTemplate' | 'reply' | 'inboundMessage' | 'messageStatus', JsonSchema> = {
  sendTemplate: loadSchema('send-template'),
  reply: loadSchema('reply'),
  inboundMessage: loadSchema('inbound-message'),
  messageStatus: loadSchema('message-status'),
};
