/**
 * Use case: forward a customer's message to staff by e-mail through SMTP (nodemailer, `SMTP_URL`): the subject
 * names the customer and their number, the body has the text, and the message's media (photo, document, voice
 * note…) comes along as an attachment, downloaded from WhatsApp. A refused or unreachable mail server is a
 * retryable failure (the runner tries again later); a permanent refusal (5xx) is not.
 */
import { KaikuError } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import nodemailer from 'nodemailer';
import type { Connection } from '../store/types.js';
import type { ActionDeps } from './context.js';

/** One e-mail. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** Sends one e-mail; resolves with the server's message id. */
export type Mailer = (mail: Mail) => Promise<string>;

/** Media larger than this goes as a note instead of an attachment. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** A mailer over `SMTP_URL`, or null when no mail server is configured. */
export function createMailer(config: { smtpUrl: string | null; smtpFrom: string }): Mailer | null {
  if (config.smtpUrl === null) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return async (mail) => {
    try {
      const info = await transport.sendMail({ from: config.smtpFrom, ...mail });
      return String(info.messageId);
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const permanent = typeof code === 'number' && code >= 500;
      throw new KaikuError(permanent ? 'validation_failed' : 'network_error', `The mail server did not take the e-mail: ${(error as Error).message}`, { retryable: !permanent });
    }
  };
}

function extension(mimeType: string): string {
  const sub = mimeType.split(';')[0]?.split('/')[1] ?? 'bin';
  return sub === 'jpeg' ? 'jpg' : sub.replace(/[^a-z0-9]/gi, '');
}

async function attachmentOf(deps: ActionDeps, connection: Connection, message: InboundMessageRecord): Promise<Mail['attachments'][number] | string | null> {
  if (message.media_id === null) return null;
  const client = deps.whatsapp.clientFor(connection);
  const info = await client.getMedia(message.media_id, connection.phoneNumberId);
  if (Number(info.file_size) > MAX_ATTACHMENT_BYTES) return `The ${message.type} (${info.file_size} bytes) is too large to attach; open it in WhatsApp.`;
  const media = await client.downloadMedia(info.url);
  const contentType = message.media_mime_type ?? media.mimeType;
  return { filename: message.media_filename ?? `${message.type}-${message.id.slice(-8)}.${extension(contentType)}`, content: Buffer.from(media.data), contentType };
}

function customerNumber(message: InboundMessageRecord): string {
  return /^\d+$/.test(message.from) ? `+${message.from}` : message.from;
}

/** The subject: who wrote, from which number, and the start of what they wrote. */
export function forwardSubject(message: InboundMessageRecord): string {
  const who = message.profile_name ?? message.username ?? 'A customer';
  const number = customerNumber(message);
  const gist = (message.text ?? `[${message.type}]`).replace(/\s+/g, ' ').slice(0, 60);
  return `WhatsApp: ${who} (${number}): ${gist}`;
}

/** Mails the message to `to`; returns what was sent, for the run log. */
export async function forwardByEmail(
  deps: ActionDeps, mailer: Mailer, connection: Connection, message: InboundMessageRecord, to: string[],
): Promise<Record<string, unknown>> {
  const attachment = await attachmentOf(deps, connection, message);
  const lines = [
    `${message.profile_name ?? 'A customer'} (${customerNumber(message)}) wrote to ${connection.displayPhoneNumber} on WhatsApp at ${message.received_at}:`,
    '',
    message.text ?? `[${message.type}]`,
    '',
    ...(typeof attachment === 'string' ? [attachment, ''] : []),
    `Reply in Kaiku before ${message.window_expires_at} (the 24-hour window); after that, only with a template.`,
  ];
  const attachments = attachment !== null && typeof attachment !== 'string' ? [attachment] : [];
  const subject = forwardSubject(message);
  const mailId = await mailer({ to, subject, text: lines.join('\n'), attachments });
  return { email_id: mailId, to, subject, attachments: attachments.map((a) => a.filename) };
}
