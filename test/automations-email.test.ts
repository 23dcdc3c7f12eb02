/**
 * Forwarding by e-mail end to end: a real SMTP server (smtp-server) on loopback receives what Kaiku mails
 * through nodemailer when a rule forwards a customer's message: the subject names the customer and their
 * number, the text is in the body and the photo is attached. A mail server that is down delays the forward
 * (it is retried) instead of losing it. Without SMTP_URL, an e-mail rule is refused saying what to set.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { createRule, repliesTo, runsOf } from './automations-helpers.js';

describe.each(['sqlite', 'postgres'] as const)('forwarding by e-mail (%s)', (store) => {
  let kaiku: Kaiku;
  let smtp: SMTPServer;
  const received: Array<{ to: string[]; mail: ParsedMail }> = [];
  let refuse = false;
  let refusals = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuse) refusals += 1;
        callback(refuse ? Object.assign(new Error('Try again later'), { responseCode: 451 }) : undefined);
      },
      onData(stream, session, callback) {
        simpleParser(stream).then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    kaiku = await startKaiku({
      store, config: { smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'Kaiku <kaiku@example.fi>' },
      background: { delivery: { retry: { baseDelayMs: 200, maxDelayMs: 1000, retryForMs: 600_000 } } },
    });
  });
  afterAll(async () => {
    await kaiku.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails the message with the customer in the subject and the photo attached', async () => {
    const rule = await createRule(kaiku, { name: 'To sales', trigger: { type: 'any_message' }, action: { type: 'email', to: ['myynti@example.fi', 'aino@example.fi'] } });
    try {
      await kaiku.customer.send('358401140001', { type: 'image', image: { caption: 'Tuote tuli rikki' }, profile_name: 'Matti Meikäläinen' });
      const { to, mail } = await eventually(async () => received.find((r) => r.mail.text?.includes('Tuote tuli rikki')), 10_000, 'the e-mail');
      expect(to).toEqual(['myynti@example.fi', 'aino@example.fi']);
      expect(mail.subject).toBe('WhatsApp: Matti Meikäläinen (+358401140001): Tuote tuli rikki');
      expect(mail.from?.value[0]).toMatchObject({ name: 'Kaiku', address: 'kaiku@example.fi' });
      expect(mail.text).toContain('Matti Meikäläinen (+358401140001) wrote to');
      expect(mail.attachments).toHaveLength(1);
      const [photo] = mail.attachments;
      expect(photo?.contentType).toBe('image/jpeg');
      expect(photo?.filename).toMatch(/^image-.+\.jpg$/);
      expect([...(photo?.content.subarray(0, 2) ?? [])]).toEqual([0xff, 0xd8]);
      await eventually(async () => (await runsOf(kaiku, rule)).find((r) => r.outcome === 'forwarded'), 10_000, 'the run');
      expect((await runsOf(kaiku, rule))[0]).toMatchObject({ outcome: 'forwarded', sent: { to: ['myynti@example.fi', 'aino@example.fi'], subject: mail.subject, attachments: [photo?.filename] } });
      // Forwarding is not an answer: the customer got nothing.
      expect(await repliesTo(kaiku, '358401140001')).toEqual([]);
    } finally {
      await kaiku.api(`/v1/automations/${rule}`, { method: 'DELETE' });
    }
  });

  it('keeps trying while the mail server refuses for now, and mails once it takes it', async () => {
    const rule = await createRule(kaiku, { name: 'To sales', trigger: { type: 'keyword', keywords: ['tarjous'] }, action: { type: 'email', to: ['myynti@example.fi'] } });
    try {
      refuse = true;
      await kaiku.customer.send('358401140002', { type: 'text', text: { body: 'Saisinko tarjouksen? tarjous' } });
      await eventually(async () => refusals >= 2, 10_000, 'the mail server to refuse twice');
      expect((await runsOf(kaiku, rule)).filter((r) => r.outcome !== 'started')).toEqual([]);
      refuse = false;
      await eventually(async () => received.find((r) => r.mail.text?.includes('Saisinko tarjouksen')), 10_000, 'the e-mail after the refusals');
      await eventually(async () => (await runsOf(kaiku, rule))[0]?.outcome === 'forwarded', 10_000, 'the run');
      expect(received.filter((r) => r.mail.text?.includes('Saisinko tarjouksen'))).toHaveLength(1);
    } finally {
      await kaiku.api(`/v1/automations/${rule}`, { method: 'DELETE' });
    }
  });
});

describe('e-mail rules without a mail server', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => kaiku.stop());

  it('are refused, saying to set SMTP_URL', async () => {
    const res = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify({ name: 'x', trigger: { type: 'any_message' }, action: { type: 'email', to: ['a@example.fi'] } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/set SMTP_URL/);
  });
});
