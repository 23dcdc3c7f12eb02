/**
 * Forwarding by e-mail through a real SMTP server (smtp-server) on loopback, which reads each mail with mailparser:
 * the mailer sends from SMTP_FROM and answers the Message-ID; a refusal with a 5xx fails for good, a 4xx or an
 * unreachable server fails to be retried. A forward attaches the message's media under the customer's file name or
 * one made of the message type, id and MIME type; media over 20 MB is named in the text instead.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { isKaikuError } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import { createMailer, forwardByEmail, forwardSubject } from '../src/actions/forward-email.js';
import type { Mailer } from '../src/actions/forward-email.js';
import { GRAPH_URL, openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { inboundRecord } from './store-fixtures.js';

const FROM = 'Kaiku <kaiku@example.fi>';
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What the SMTP server received: the envelope and the message as parsed. */
interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An SMTP server on loopback; with `refuse`, it answers MAIL FROM with that reply code and text. */
async function smtpServer(refuse?: { code: number; text: string }): Promise<{ url: string; mails: Received[] }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onMailFrom(_address, _session, callback) {
      callback(refuse === undefined ? undefined : Object.assign(new Error(refuse.text), { responseCode: refuse.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, mails };
}

/** An address header as written: `Name <address>`, or the bare address; several joined by commas. */
const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat()
  .flatMap((header) => header.value).map((a) => (a.name === '' ? a.address : `${a.name} <${a.address}>`)).join(', ');

/**
 * The mail as its reader sees it: headers, the text, and each attachment's name, type and bytes. The line break that
 * ends a single-part mail (the one before SMTP's closing dot) is not the sender's text.
 */
function read(mail: ParsedMail | undefined) {
  return {
    headers: { 'from': addresses(mail?.from), 'to': addresses(mail?.to), 'subject': mail?.subject, 'message-id': mail?.messageId },
    text: mail?.text?.replace(/\n$/, ''),
    attachments: (mail?.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
  };
}

/** Awaits a send that must fail; answers the KaikuError it failed with. */
async function failure(send: Promise<unknown>): Promise<{ code: string; message: string; retryable: boolean }> {
  const error = await send.then(() => null, (e: unknown) => e);
  if (!isKaikuError(error)) throw new Error(`expected a KaikuError, got ${String(error)}`);
  return { code: error.code, message: error.message, retryable: error.retryable };
}

const mail = { to: ['staff@example.com', 'boss@example.com'], subject: 'WhatsApp: Aino (+358401234567): Hei', text: 'Hei!\nOnko auki?', attachments: [] };

describe('the mailer over SMTP_URL', () => {
  it('hands the mail to the server from SMTP_FROM and answers its Message-ID', async () => {
    const smtp = await smtpServer();
    const id = await (createMailer({ smtpUrl: smtp.url, smtpFrom: FROM }) as Mailer)(mail);
    expect(smtp.mails).toHaveLength(1);
    const [received] = smtp.mails;
    expect(received).toMatchObject({ from: 'kaiku@example.fi', to: ['staff@example.com', 'boss@example.com'] });
    const { headers, text } = read(received?.mail);
    expect(headers).toMatchObject({ 'from': FROM, 'to': 'staff@example.com, boss@example.com', 'subject': mail.subject, 'message-id': id });
    expect(id).toMatch(/^<.+@.+>$/);
    expect(text).toBe('Hei!\nOnko auki?');
  });

  it.each([
    [550, '5.7.1 Relaying denied'],
    [500, '5.5.2 Syntax error'],
  ])('fails for good, not to be retried, when the server refuses with %i %s', async (code, text) => {
    const smtp = await smtpServer({ code, text });
    expect(await failure((createMailer({ smtpUrl: smtp.url, smtpFrom: FROM }) as Mailer)(mail))).toEqual({
      code: 'validation_failed', retryable: false, message: `The mail server did not take the e-mail: Mail command failed: ${code} ${text}`,
    });
    expect(smtp.mails).toEqual([]);
  });

  it('fails to be retried later when the server says to try again (4xx)', async () => {
    const smtp = await smtpServer({ code: 451, text: '4.3.0 Try again later' });
    expect(await failure((createMailer({ smtpUrl: smtp.url, smtpFrom: FROM }) as Mailer)(mail))).toEqual({
      code: 'network_error', retryable: true, message: 'The mail server did not take the e-mail: Mail command failed: 451 4.3.0 Try again later',
    });
  });

  it('fails to be retried later when no mail server answers', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure((createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: FROM }) as Mailer)(mail));
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(error.message).toMatch(/^The mail server did not take the e-mail: .*ECONNREFUSED/);
  });
});

describe('forwarding by e-mail', () => {
  let fx: ActionFixture;
  beforeEach(async () => {
    fx = await openActionFixture();
  });
  afterEach(async () => fx.cleanup());

  /** WhatsApp knows `media.1`, of `size` bytes; its download answers with `type`. */
  function media(size: number, type = 'application/octet-stream'): void {
    fx.routes['GET /media.1'] = { body: { messaging_product: 'whatsapp', id: 'media.1', mime_type: type, sha256: 'x', file_size: size, url: `${GRAPH_URL}/download/1` } };
    fx.routes['GET /download/1'] = { body: 'file bytes', headers: { 'content-type': type } };
  }
  /** The bytes the fake Graph serves for the download (its answers are JSON). */
  const FILE = Buffer.from(JSON.stringify('file bytes'));

  const withMedia = (overrides: Partial<InboundMessageRecord>) => inboundRecord({
    id: 'wamid.ABCDEFGH12345678', profile_name: 'Aino', type: 'image', text: null, media_id: 'media.1', media_mime_type: 'image/jpeg', ...overrides,
  });

  async function forward(message: InboundMessageRecord) {
    const smtp = await smtpServer();
    const sent = await forwardByEmail(fx.deps, createMailer({ smtpUrl: smtp.url, smtpFrom: FROM }) as Mailer, fx.connection, message, ['staff@example.com']);
    expect(smtp.mails).toHaveLength(1);
    return { sent, received: read(smtp.mails[0]?.mail) };
  }

  it('attaches a photo under a name made of its type and the message id, with the type the message gave', async () => {
    media(11);
    const message = withMedia({});
    const { sent, received } = await forward(message);
    expect(sent).toEqual({ email_id: received.headers['message-id'], to: ['staff@example.com'], subject: 'WhatsApp: Aino (+358401234567): [image]', attachments: ['image-12345678.jpg'] });
    expect(received.attachments).toEqual([{ filename: 'image-12345678.jpg', contentType: 'image/jpeg', content: FILE }]);
    expect(received.text).toBe([
      `Aino (+358401234567) wrote to ${fx.connection.displayPhoneNumber} on WhatsApp at ${message.received_at}:`, '', '[image]', '',
      `Reply in Kaiku before ${message.window_expires_at} (the 24-hour window); after that, only with a template.`,
    ].join('\n'));
  });

  it('keeps the file name the customer sent', async () => {
    media(11, 'application/pdf');
    const { sent, received } = await forward(withMedia({ type: 'document', media_mime_type: 'application/pdf', media_filename: 'menu.pdf' }));
    expect(sent.attachments).toEqual(['menu.pdf']);
    expect(received.attachments).toEqual([{ filename: 'menu.pdf', contentType: 'application/pdf', content: FILE }]);
  });

  it.each([
    ['image/png', 'image', 'image-12345678.png', 'image/png'],
    ['image/svg+xml', 'sticker', 'sticker-12345678.svgxml', 'image/svg+xml'],
    ['audio/ogg; codecs=opus', 'audio', 'audio-12345678.ogg', 'audio/ogg'],
    ['audio', 'audio', 'audio-12345678.bin', 'audio'],
  ])('names the %s file of an inbound %s "%s"', async (mimeType, type, filename, contentType) => {
    media(11);
    const { sent, received } = await forward(withMedia({ type: type as InboundMessageRecord['type'], media_mime_type: mimeType }));
    expect(sent.attachments).toEqual([filename]);
    expect(received.attachments).toEqual([{ filename, contentType, content: FILE }]);
  });

  it('takes the type of the download when the message has none', async () => {
    media(11, 'video/mp4');
    const { received } = await forward(withMedia({ type: 'video', media_mime_type: null }));
    expect(received.attachments).toEqual([{ filename: 'video-12345678.mp4', contentType: 'video/mp4', content: FILE }]);
  });

  it('attaches media of exactly 20 MB', async () => {
    media(MAX_ATTACHMENT_BYTES);
    expect((await forward(withMedia({}))).sent.attachments).toEqual(['image-12345678.jpg']);
  });

  it('names media over 20 MB in the text instead of attaching it, and does not download it', async () => {
    media(MAX_ATTACHMENT_BYTES + 1);
    const message = withMedia({ type: 'video', text: null });
    const { sent, received } = await forward(message);
    expect(sent.attachments).toEqual([]);
    expect(received.attachments).toEqual([]);
    expect(received.text).toBe([
      `Aino (+358401234567) wrote to ${fx.connection.displayPhoneNumber} on WhatsApp at ${message.received_at}:`, '', '[video]', '',
      `The video (${MAX_ATTACHMENT_BYTES + 1} bytes) is too large to attach; open it in WhatsApp.`, '',
      `Reply in Kaiku before ${message.window_expires_at} (the 24-hour window); after that, only with a template.`,
    ].join('\n'));
    expect(fx.calls.map((c) => c.path)).toEqual(['/media.1']);
  });
});

describe('forwardSubject', () => {
  it('shows a customer id that is not all digits as it is, without a plus', () => {
    expect(forwardSubject(inboundRecord({ profile_name: 'Aino', from: '358401234567.2', text: 'Hei' }))).toBe('WhatsApp: Aino (358401234567.2): Hei');
  });
});
