/** The send envelope and the non-interactive message types over HTTP: default type, 131051, JSON-encoded parameters, media, contacts and reactions with Meta's exact errors. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { sendChecks } from './send-checks.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

const { send, expectRejected } = sendChecks(() => sandbox, '35840992');

describe('the envelope', () => {
  it('a message without a type is a text message', async () => {
    expect(await send({ text: { body: 'Hei' } })).toEqual({ status: 200, text: 'Hei' });
  });

  it('an unknown type fails with 131051 listing the sendable types', async () => {
    await expectRejected(
      { type: 'poll', poll: {} },
      131051,
      "Message type 'poll' is not supported. Use one of: text, location, contacts, reaction, interactive, template, image, video, audio, document, sticker.",
    );
  });

  it('a type without its object fails with 100', async () => {
    await expectRejected({ type: 'image' }, 100, 'The parameter image is required for a message of type image.');
  });

  it('takes an object parameter encoded as a JSON string', async () => {
    expect(await send({ type: 'contacts', contacts: JSON.stringify([{ name: { formatted_name: 'Aino' } }]) })).toEqual({ status: 200, text: '[contact] Aino' });
  });

  it('keeps a string that only looks like JSON as a string, and fails it as not an object', async () => {
    await expectRejected({ type: 'text', text: '{"body": "Hei"' }, 100, 'Param text must be a JSON object.');
  });
});

describe('text and media', () => {
  it('preview_url must be a boolean', async () => {
    await expectRejected({ type: 'text', text: { body: 'https://example.com', preview_url: 'yes' } }, 100, "Param text['preview_url'] must be a boolean.");
  });

  it('a media link must be http or https', async () => {
    await expectRejected({ type: 'image', image: { link: 'ftp://example.com/a.jpg' } }, 100, "Param image['link'] must be an http or https URL.");
  });

  it('audio takes no caption', async () => {
    await expectRejected({ type: 'audio', audio: { link: 'https://example.com/a.ogg', caption: 'Listen' } }, 100, "Param audio['caption'] is not allowed for audio messages.");
  });

  it('audio voice must be a boolean', async () => {
    await expectRejected({ type: 'audio', audio: { link: 'https://example.com/a.ogg', voice: 'yes' } }, 100, "Param audio['voice'] must be a boolean.");
  });
});

describe('contacts', () => {
  it('a card that is not an object fails with 100', async () => {
    await expectRejected({ type: 'contacts', contacts: [{ name: { formatted_name: 'Aino' } }, 'Eero'] }, 100, 'Param contacts[1] must be a JSON object.');
  });
});

describe('reactions', () => {
  const target = 'wamid.HBgLMzU4NDAxMjM0NTY3FQIAERgSQUFBQUFBQUFBQUFBQUFBQUFB';

  it.each([
    ['an emoji', '👍'],
    ['an empty emoji (removes the reaction)', ''],
    ['ten code points (the sandbox bound for one emoji, flags and ZWJ sequences included)', '🇫🇮🇫🇮🇫🇮🇫🇮🇫🇮'],
  ])('%s is accepted and shown as is', async (_label, emoji) => {
    expect(await send({ type: 'reaction', reaction: { message_id: target, emoji } })).toEqual({ status: 200, text: emoji });
  });

  it('eleven code points fail with 100', async () => {
    await expectRejected({ type: 'reaction', reaction: { message_id: target, emoji: '🇫🇮🇫🇮🇫🇮🇫🇮🇫🇮a' } }, 100, "Param reaction['emoji'] must be a single emoji.");
  });

  it('a reaction without an emoji fails with 100', async () => {
    await expectRejected({ type: 'reaction', reaction: { message_id: 'wamid.x' } }, 100, "Param reaction['emoji'] must be a string (an empty string removes the reaction).");
  });

  it('a reaction without a message_id fails with 131008', async () => {
    await expectRejected({ type: 'reaction', reaction: { emoji: '👍' } }, 131008, "The parameter reaction['message_id'] is required.");
  });
});
