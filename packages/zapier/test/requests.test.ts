import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { useNock } from './nock-lifecycle.js';
import type { PlainInputField } from 'zapier-platform-core';
import app from '../src/index.js';
import { listPhoneNumbers, listTemplates } from '../src/triggers/dropdowns.js';
import { API_KEY, authData, failure, proxy, run } from './helpers.js';
import { fieldProblems } from './style-lint.js';

const me = {
  workspace: { id: 'ws_1', name: 'Acme Oy' },
  phone_numbers: [{ id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Acme' }],
};

const template = {
  id: '1548372961875311',
  name: 'order_confirmation',
  language: 'fi',
  category: 'UTILITY',
  status: 'APPROVED',
  label: 'order_confirmation (fi) — UTILITY',
  preview: 'Hei {{1}}! Tilauksesi {{2}} on vahvistettu.',
  inputs: [],
};

/** A template's input schema as the proxy answers it (core's templateInputsSchema). */
const templateSchema = {
  type: 'object',
  required: ['1', 'header_image'],
  properties: {
    '1': { type: 'string', title: 'Customer name', description: 'Body variable {{1}}: "Hei {{1}}! Tilauksesi …"', examples: ['Aino'], maxLength: 1024, 'x-kaiku-kind': 'text' },
    header_image: { type: 'string', title: 'Header image', description: 'The image at the top of the message: a public HTTPS link or a media ID.', examples: ['https://example.com/order-1042.jpg'], 'x-kaiku-kind': 'header_image' },
    button_0_url: { type: 'string', title: 'Tracking link ending', description: 'Appended to https://example.com/orders/ in the "Track order" button.', examples: ['1042'], 'x-kaiku-kind': 'url_suffix' },
  },
};

/** A loopback address where nothing listens: a server is bound to an ephemeral port and closed again. */
async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const sendOutput = loadSample('send-template.output') as Record<string, unknown>;
const replyOutput = loadSample('reply.output') as Record<string, unknown>;

describe('request building', () => {
  useNock({ expectAllUsed: true });

  describe('authentication', () => {
    it('tests the connection with GET /v1/me and labels it with the workspace and number', async () => {
      proxy().get('/v1/me').reply(200, me);
      const answer = await run(app.authentication!.test, {});
      expect(answer).toEqual(me);
      const label = await run(app.authentication!.connectionLabel, { inputData: answer });
      expect(label).toBe('Acme Oy (+15550001234)');
      expect(label).not.toContain(API_KEY);
    });

    it('accepts a URL with a trailing slash or /v1 and refuses plain HTTP to a remote host', async () => {
      proxy().get('/v1/me').reply(200, me);
      await run(app.authentication!.test, { authData: { ...authData, base_url: `${authData.base_url}/v1/` } });
      const insecure = await failure(run(app.authentication!.test, { authData: { ...authData, base_url: 'http://kaiku.example.com' } }));
      expect(insecure).toMatchObject({ name: 'AppError', code: 'invalid_base_url' });
      expect(insecure.message).toMatch(/must start with https:\/\//);
    });

    it('explains an unreachable server', async () => {
      const closed = await closedLoopbackUrl();
      nock.enableNetConnect('127.0.0.1');
      try {
        const seen = await failure(run(app.authentication!.test, { authData: { ...authData, base_url: closed } }));
        expect(seen).toMatchObject({ name: 'AppError', code: 'unreachable' });
        expect(seen.message).toContain(`could not reach Kaiku at ${closed}`);
        expect(seen.message).toMatch(/Check the Kaiku URL/);
      } finally {
        nock.disableNetConnect();
      }
    });
  });

  describe('dropdowns', () => {
    it('lists approved templates of the chosen number as "name (language) — category"', async () => {
      proxy().get('/v1/templates').query({ phone_number_id: '106540352242922' }).reply(200, { data: [template] });
      const choices = await run<{ id: string; name: string }[]>(listTemplates, { inputData: { phone_number_id: '106540352242922' } });
      expect(choices).toEqual([{ id: template.id, name: template.label, template_name: 'order_confirmation', language: 'fi', category: 'UTILITY' }]);
    });

    it('lists the workspace phone numbers', async () => {
      proxy().get('/v1/phone-numbers').reply(200, { data: [{ ...me.phone_numbers[0], waba_id: '102290129340398' }] });
      const choices = await run(listPhoneNumbers, {});
      expect(choices).toEqual([{ id: '106540352242922', name: '+15550001234 — Acme' }]);
    });
  });

  describe('Send Template Message', () => {
    it('adds one field per template input, from GET /v1/templates/{id}/schema', async () => {
      proxy().get(`/v1/templates/${template.id}/schema`).reply(200, templateSchema);
      const fields = await run<PlainInputField[]>(app.creates.send_template_message!.operation.inputFields, { inputData: { template: template.id } });
      const dynamic = fields.filter((field) => field.key.startsWith('variables__'));
      expect(dynamic).toEqual([
        expect.objectContaining({ key: 'variables__1', label: 'Customer Name', required: true, placeholder: 'Aino', helpText: templateSchema.properties['1'].description }),
        expect.objectContaining({ key: 'variables__header_image', label: 'Header Image', required: true, placeholder: 'https://example.com/order-1042.jpg' }),
        expect.objectContaining({ key: 'variables__button_0_url', label: 'Tracking Link Ending', required: false, placeholder: '1042' }),
      ]);
      expect(fieldProblems('send_template_message', dynamic)).toEqual([]);
    });

    it('shows no variable fields before a template is chosen, and a note when the schema cannot load', async () => {
      const none = await run<PlainInputField[]>(app.creates.send_template_message!.operation.inputFields, { inputData: {} });
      expect(none.some((field) => field.key.startsWith('variables__'))).toBe(false);
      proxy().get('/v1/templates/gone/schema').reply(404, { error: { code: 'template_not_found', message: 'No template "gone".', details: {} } });
      const note = await run<PlainInputField[]>(app.creates.send_template_message!.operation.inputFields, { inputData: { template: 'gone' } });
      expect(note.find((field) => field.type === 'copy')?.helpText).toMatch(/^Kaiku could not load this template's fields: This template is not available on the chosen business number\./);
    });

    it('posts the send-template input with the variables gathered and the Idempotency-Key header', async () => {
      let sent: unknown;
      proxy()
        .post('/v1/messages/template', (body: unknown) => ((sent = body), true))
        .matchHeader('idempotency-key', 'order-1042')
        .reply(200, sendOutput);
      const inputData = { phone_number_id: '106540352242922', template: template.id, to: '+358 40 123 4567', idempotency_key: 'order-1042', variables__1: 'Aino', variables__header_image: 'https://example.com/a.jpg', variables__button_0_url: '' };
      const result = await run(app.creates.send_template_message!.operation.perform, { inputData });
      expect(result).toEqual(sendOutput);
      expect(sent).toEqual({ phone_number_id: '106540352242922', template: template.id, to: '+358 40 123 4567', idempotency_key: 'order-1042', variables: { '1': 'Aino', header_image: 'https://example.com/a.jpg' } });
    });
  });

  describe('Reply to Customer', () => {
    const perform = app.creates.reply_to_customer!.operation.perform;

    async function sentBody(inputData: Record<string, unknown>): Promise<unknown> {
      let sent: unknown;
      proxy().post('/v1/messages/reply', (body: unknown) => ((sent = body), true)).reply(200, replyOutput);
      expect(await run(perform, { inputData })).toEqual(replyOutput);
      return sent;
    }

    it('shows the fields of the chosen message type', async () => {
      const keysFor = async (kind: string): Promise<string[]> => (await run<PlainInputField[]>(app.creates.reply_to_customer!.operation.inputFields, { inputData: { message_type: kind } })).map((field) => field.key);
      expect(await keysFor('text')).toEqual(expect.arrayContaining(['to', 'message_type', 'text', 'preview_url', 'reply_to', 'fallback_template__template']));
      expect(await keysFor('text')).not.toContain('media__url');
      expect(await keysFor('media')).toEqual(expect.arrayContaining(['media__type', 'media__url', 'media__caption', 'media__filename']));
      expect(await keysFor('buttons')).toEqual(expect.arrayContaining(['buttons__body', 'buttons__choices__title']));
    });

    it('sends text with a quoted message and a boolean link preview', async () => {
      const sent = await sentBody({ to: '358401234567', message_type: 'text', text: 'Kiitos!', preview_url: 'true', reply_to: 'wamid.ABC', media__url: 'https://ignored.example/x.jpg' });
      expect(sent).toEqual({ to: '358401234567', text: 'Kiitos!', preview_url: true, reply_to: 'wamid.ABC' });
    });

    it('sends media as the shared reply.input.media sample shapes it', async () => {
      const sample = loadSample('reply.input.media') as { to: string; media: Record<string, string> };
      const flat = Object.fromEntries(Object.entries(sample.media).map(([key, value]) => [`media__${key}`, value]));
      expect(await sentBody({ to: sample.to, message_type: 'media', ...flat })).toEqual(sample);
    });

    it('zips the button lists into choices, as in the shared reply.input.buttons sample', async () => {
      const sample = loadSample('reply.input.buttons') as { to: string; reply_to: string; buttons: { body: string; header: string; footer: string; choices: { id: string; title: string }[] } };
      const { choices, ...rest } = sample.buttons;
      const inputData = {
        to: sample.to,
        reply_to: sample.reply_to,
        message_type: 'buttons',
        ...Object.fromEntries(Object.entries(rest).map(([key, value]) => [`buttons__${key}`, value])),
        buttons__choices__id: choices.map((choice) => choice.id),
        buttons__choices__title: choices.map((choice) => choice.title),
      };
      expect(await sentBody(inputData)).toEqual(sample);
    });

    it('fails on a closed window by default, and halts the run quietly when the zap asks for that', async () => {
      const closed = { error: { code: 'window_closed', message: 'The 24-hour window with this customer closed at 2026-01-02T09:30:12Z.', details: { closed_at: '2026-01-02T09:30:12Z' } } };
      proxy().post('/v1/messages/reply').times(2).reply(409, closed);
      const failed = await failure(run(perform, { inputData: { to: '358401234567', text: 'Hei' } }));
      expect(failed).toMatchObject({ name: 'AppError', code: 'window_closed', status: 409 });
      const halted = await failure(run(perform, { inputData: { to: '358401234567', text: 'Hei', when_window_closed: 'halt' } }));
      expect(halted.name).toBe('HaltedError');
      expect(halted.message).toMatch(/^The 24-hour reply window with this customer closed at 2026-01-02T09:30:12Z, so WhatsApp accepts only approved templates now\./);
    });

    it('adds the fallback template and its variables', async () => {
      const sent = await sentBody({ to: '358401234567', text: 'Hei', fallback_template__template: template.id, fallback_template__variables__1: 'Aino' });
      expect(sent).toEqual({ to: '358401234567', text: 'Hei', fallback_template: { template: template.id, variables: { '1': 'Aino' } } });
    });
  });
});
