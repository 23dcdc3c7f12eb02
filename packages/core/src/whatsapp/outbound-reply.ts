import { KaikuError } from '../errors.js';
import type { MediaType, OutboundMessage } from './outbound.js';
import { outboundIssues, validationError } from './outbound-validate.js';

/** The shared `reply` operation's input (shared/schemas/reply.schema.json). */
export interface ReplyInput {
  to: string;
  text?: string;
  preview_url?: boolean;
  media?: { type: MediaType; url?: string; id?: string; caption?: string; filename?: string };
  buttons?: { body: string; header?: string; footer?: string; choices: Array<{ id?: string; title: string }> };
  list?: {
    body: string;
    button: string;
    header?: string;
    footer?: string;
    sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
  };
  reply_to?: string;
  fallback_template?: { template: string; language?: string; variables?: Record<string, string> };
  phone_number_id?: string;
  idempotency_key?: string;
}

const KINDS = ['text', 'media', 'buttons', 'list'] as const;

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The message for a reply input holding exactly one of text, media, buttons or list. */
function toMessage(input: ReplyInput): OutboundMessage {
  const base = defined({ to: input.to, replyTo: input.reply_to });
  if (input.media) {
    const { type, url, id, caption, filename } = input.media;
    return defined({ ...base, type, media: defined({ url, id }), caption, filename: type === 'document' ? filename : undefined });
  }
  if (input.buttons) {
    const { body, header, footer, choices } = input.buttons;
    const mapped = choices.map((choice) => ({ id: choice.id ?? choice.title, title: choice.title }));
    return defined({ ...base, type: 'buttons' as const, body, header: header ? { type: 'text' as const, text: header } : undefined, footer, choices: mapped });
  }
  if (input.list) {
    const { body, button, header, footer, sections } = input.list;
    return defined({ ...base, type: 'list' as const, body, button, header, footer, sections });
  }
  return defined({ ...base, type: 'text' as const, text: input.text ?? '', previewUrl: input.preview_url });
}

/** Where a kind's fields live in the reply input. */
const PREFIX: Readonly<Record<(typeof KINDS)[number], string>> = { text: '', media: 'media.', buttons: 'buttons.', list: 'list.' };

/**
 * Turns a shared `reply` input into an OutboundMessage (exactly one of text/media/buttons/list), checking
 * Meta's limits; throws KaikuError('validation_failed') naming every field at fault as the input names it, after
 * `at` when the reply sits inside something larger (`action.reply.` names `action.reply.text`).
 */
export function replyInputToMessage(input: ReplyInput, at = ''): OutboundMessage {
  const given = KINDS.filter((kind) => input[kind] !== undefined && input[kind] !== null);
  const [kind, ...others] = given;
  if (kind === undefined || others.length > 0) {
    const found = given.length === 0 ? 'none was given' : `${given.join(' and ')} were given`;
    const what = at === '' ? 'A reply' : at.slice(0, -1);
    throw new KaikuError('validation_failed', `${what} needs exactly one of text, media, buttons or list; ${found}.`, {
      details: { fields: KINDS.map((field) => ({ field: at + field, message: 'exactly one of text, media, buttons or list' })) },
    });
  }
  const message = toMessage(input);
  const issues = outboundIssues(message).map((issue) => ({ ...issue, field: at + inputField(kind, issue.field) }));
  if (issues.length > 0) throw validationError(issues, 'The reply');
  return message;
}

/** Names a domain field as the reply input names it: `choices[0].title` → `buttons.choices[0].title`. */
function inputField(kind: (typeof KINDS)[number], field: string): string {
  if (field === 'to') return 'to';
  if (field === 'replyTo') return 'reply_to';
  if (kind === 'media' && field.startsWith('media')) return field;
  return PREFIX[kind] + field;
}
