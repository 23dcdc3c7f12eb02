/**
 * The shared schemas and samples this app is built from, read once at load time.
 * Field lists, labels, help text and samples all come from `@kaiku/shared`.
 */
import { loadSample, loadSchema } from '@kaiku/shared';
import type { JsonSchema } from '@kaiku/shared';

/** A sample record as Zapier wants it: a plain object. */
export type Sample = Record<string, unknown>;

function sample(name: string): Sample {
  const value = loadSample(name);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`The shared sample ${name} is not an object.`);
  return value as Sample;
}

/** The operations' schemas. */
export const schemas: Record<'sendTemplate' | 'reply' | 'inboundMessage' | 'messageStatus' | 'optInRequest', JsonSchema> = {
  sendTemplate: loadSchema('send-template'),
  reply: loadSchema('reply'),
  inboundMessage: loadSchema('inbound-message'),
  messageStatus: loadSchema('message-status'),
  optInRequest: loadSchema('opt-in-request'),
};

/** The samples shown in Zapier's editor before a zap has live data. */
export const samples = {
  inboundMessage: sample('inbound-message'),
  messageStatus: sample('message-status'),
  sendTemplateOutput: sample('send-template.output'),
  replyOutput: sample('reply.output'),
  optInRequestOutput: sample('opt-in-request.output'),
};
