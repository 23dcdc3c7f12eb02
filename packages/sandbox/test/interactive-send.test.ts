/** Interactive sends over HTTP: which kinds need a body, header types, action names, flows, and Meta's exact errors for each rule. */
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

const checks = sendChecks(() => sandbox, '35840991');
const send = (interactive: Record<string, unknown>) => checks.send({ type: 'interactive', interactive });
const expectRejected = (interactive: Record<string, unknown>, code: number, details: string) => checks.expectRejected({ type: 'interactive', interactive }, code, details);

const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = { buttons: [reply('yes', 'Yes')] };
const rows = { button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] };

describe('the body', () => {
  it.each(['product', 'product_list'])('a %s message needs no body, and the phone shows only the catalog item', async (kind) => {
    expect(await send({ type: kind, action: { catalog_id: '1', product_retailer_id: 'sku' } })).toEqual({ status: 200, text: `[${kind}]` });
  });

  it.each([
    ['button', buttons],
    ['list', rows],
    ['catalog_message', { name: 'catalog_message' }],
  ])('a %s message without a body fails with 131008', async (kind, action) => {
    await expectRejected({ type: kind, action }, 131008, "The parameter interactive['body'] is required.");
  });

  it('a body that is not an object fails with 100', async () => {
    await expectRejected({ type: 'button', body: 'Pick one', action: buttons }, 100, "Param interactive['body'] must be a JSON object.");
  });
});

describe('the header', () => {
  it.each(['image', 'video', 'document'])('a reply-button message takes a %s header, shown as its kind', async (type) => {
    const result = await send({ type: 'button', header: { type, [type]: { link: 'https://example.com/file' } }, body: { text: 'Pick' }, action: buttons });
    expect(result).toEqual({ status: 200, text: `[${type}]\nPick\n[Yes]` });
  });

  it('a media header without its media object fails with 131008 naming it', async () => {
    await expectRejected({ type: 'button', header: { type: 'video' }, body: { text: 'Pick' }, action: buttons }, 131008, "The parameter interactive['header']['video'] is required.");
  });

  it('a header of another type fails with 100', async () => {
    await expectRejected(
      { type: 'button', header: { type: 'sticker', sticker: { link: 'https://example.com/s.webp' } }, body: { text: 'Pick' }, action: buttons },
      100,
      "Param interactive['header']['type'] must be one of text, image, video, document.",
    );
  });

  it('a list message takes only a text header', async () => {
    expect(await send({ type: 'list', header: { type: 'text', text: 'Menu' }, body: { text: 'Pick' }, action: rows })).toEqual({ status: 200, text: 'Menu\nPick\n[Open]\n- A' });
    await expectRejected(
      { type: 'list', header: { type: 'image', image: { link: 'https://example.com/a.jpg' } }, body: { text: 'Pick' }, action: rows },
      100,
      "Param interactive['header']['type'] must be 'text' for list messages.",
    );
  });
});

describe('the interactive type and action names', () => {
  it('a catalog message shows its kind on the phone', async () => {
    expect(await send({ type: 'catalog_message', body: { text: 'Our shop' }, action: { name: 'catalog_message' } })).toEqual({ status: 200, text: 'Our shop\n[catalog_message]' });
  });

  it('an unknown interactive type fails with 100 listing the known ones', async () => {
    await expectRejected(
      { type: 'carousel', body: { text: 'Pick' }, action: {} },
      100,
      "Param interactive['type'] must be one of button, list, cta_url, flow, location_request_message, product, product_list, catalog_message.",
    );
  });

  it.each([
    ['location_request_message', { name: 'send_contact' }, "Param interactive['action']['name'] must be 'send_location'."],
    ['cta_url', { name: 'url', parameters: { display_text: 'Open', url: 'https://example.com' } }, "Param interactive['action']['name'] must be 'cta_url'."],
    ['flow', { name: 'flows', parameters: { flow_id: '1', flow_cta: 'Book' } }, "Param interactive['action']['name'] must be 'flow'."],
  ])('a %s message with the wrong action name fails with 100', async (kind, action, details) => {
    await expectRejected({ type: kind, body: { text: 'Go' }, action }, 100, details);
  });

  it('a location request with send_location is shown with its button', async () => {
    expect(await send({ type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } })).toEqual({ status: 200, text: 'Where are you?\n[Send location]' });
  });

  it('a CTA URL must be http or https', async () => {
    await expectRejected(
      { type: 'cta_url', body: { text: 'Go' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'ftp://example.com/file' } } },
      100,
      "Param interactive['action']['parameters']['url'] must be an http or https URL.",
    );
  });
});

describe('flows', () => {
  it.each([
    ['flow_id', { flow_id: '1' }],
    ['flow_name', { flow_name: 'booking' }],
  ])('a flow named by %s alone is accepted', async (_label, named) => {
    expect(await send({ type: 'flow', body: { text: 'Book' }, action: { name: 'flow', parameters: { ...named, flow_cta: 'Book now' } } })).toEqual({ status: 200, text: 'Book\n[Book now]' });
  });

  it.each([
    ['both flow_id and flow_name', { flow_id: '1', flow_name: 'booking' }],
    ['neither flow_id nor flow_name', {}],
  ])('a flow with %s fails with 100', async (_label, named) => {
    await expectRejected(
      { type: 'flow', body: { text: 'Book' }, action: { name: 'flow', parameters: { ...named, flow_cta: 'Book now' } } },
      100,
      "Param interactive['action']['parameters'] must contain exactly one of flow_id or flow_name.",
    );
  });
});

describe('reply buttons and list rows', () => {
  it.each([
    ['a button that is not of type reply', { buttons: [{ type: 'url', url: { link: 'https://example.com' } }] }, "Param interactive['action']['buttons'][0]['type'] must be 'reply'."],
    ['a button id with a leading space', { buttons: [reply(' yes', 'Yes')] }, "Param interactive['action']['buttons'][0]['reply']['id'] must not start or end with spaces."],
    ['two buttons with the same title', { buttons: [reply('a', 'Same'), reply('b', 'Same')] }, 'Buttons must have unique ids and unique titles.'],
  ])('%s fails with 100', async (_label, action, details) => {
    await expectRejected({ type: 'button', body: { text: 'Pick' }, action }, 100, details);
  });

  it.each([
    ['a section that is not an object', { button: 'Open', sections: ['A'] }, "Param interactive['action']['sections'][0] must be a JSON object."],
    ['a row that is not an object', { button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }, 'B'] }] }, "Param interactive['action']['sections'][0]['rows'][1] must be a JSON object."],
  ])('%s fails with 100', async (_label, action, details) => {
    await expectRejected({ type: 'list', body: { text: 'Pick' }, action }, 100, details);
  });
});
