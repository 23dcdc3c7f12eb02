/** The shared request readers of the send API (objects, strings, arrays, coordinates) and the media upload's list of supported MIME types, with Meta's exact error fields. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { GraphError } from '../src/graph-error.js';
import { isObject, requireArray } from '../src/messages/fields.js';
import type { GraphResponse } from './graph.js';
import { graph, PHONE } from './graph.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.stop();
});

const send = (fields: Record<string, unknown>) => graph(sandbox.url, 'POST', `/${PHONE}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to: '358400000777', ...fields });

function expectError(response: GraphResponse, code: number, title: string, details: string): void {
  expect(response.status).toBe(400);
  expect(response.body.error).toEqual({ message: `(#${code}) ${title}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: expect.any(String) });
}

const MISSING = [131008, 'Required parameter is missing'] as const;
const INVALID = [100, 'Invalid parameter'] as const;

describe('objects', () => {
  it.each([
    ['a string', 'hello', INVALID, 'Param text must be a JSON object.'],
    ['a number', 5, INVALID, 'Param text must be a JSON object.'],
    ['an array', [{ body: 'hello' }], INVALID, 'Param text must be a JSON object.'],
    ['null', null, INVALID, 'Param text must be a JSON object.'],
  ])('text %s', async (_label, value, [code, title], details) => {
    expectError(await send({ type: 'text', text: value }), code, title, details);
  });

  it('names a missing nested object with its full path', async () => {
    expectError(await send({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' } } }), ...MISSING, "The parameter interactive['action'] is required.");
  });

  it('tells plain objects from other JSON values', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1, true, undefined].map(isObject)).toEqual([true, true, false, false, false, false, false, false]);
  });
});

describe('strings', () => {
  it.each([
    ['a required string that is a number', { type: 'text', text: { body: 5 } }, "Param text['body'] must be a string."],
    ['an optional string that is a number', { type: 'image', image: { link: 'https://example.com/a.png', caption: 5 } }, "Param image['caption'] must be a string."],
  ])('rejects %s', async (_label, fields, details) => {
    expectError(await send(fields), ...INVALID, details);
  });
});

describe('arrays', () => {
  it.each([
    ['missing', undefined, MISSING, "The parameter interactive['action']['buttons'] is required."],
    ['an object', { type: 'reply', reply: { id: 'a', title: 'A' } }, INVALID, "Param interactive['action']['buttons'] must be an array."],
    ['empty', [], INVALID, "Param interactive['action']['buttons'] must have at least 1 element."],
  ])('reply buttons %s', async (_label, buttons, [code, title], details) => {
    const action = buttons === undefined ? {} : { buttons };
    expectError(await send({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick one' }, action } }), code, title, details);
  });

  it('rejects an empty contacts array', async () => {
    expectError(await send({ type: 'contacts', contacts: [] }), ...INVALID, 'Param contacts must have at least 1 element.');
  });

  it.each([
    [1, [], 'Param items must have at least 1 element.'],
    [2, ['a'], 'Param items must have at least 2 elements.'],
  ])('names the minimum of %i with the right plural', (min, items, details) => {
    let thrown: unknown;
    try {
      requireArray({ items }, 'items', 'items', min, 5);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphError);
    expect((thrown as GraphError).toBody().error).toMatchObject({ code: 100, error_data: { details } });
  });
});

describe('coordinates', () => {
  const location = (latitude: unknown, longitude: unknown) => ({ type: 'location', location: { ...(latitude === undefined ? {} : { latitude }), ...(longitude === undefined ? {} : { longitude }), name: 'Kauppatori' } });

  it.each([
    ['at the limits', 90, -180],
    ['at the other limits', -90, 180],
    ['as numeric strings', '60.1675', '24.9525'],
    ['zero', 0, 0],
  ])('accepts coordinates %s', async (_label, latitude, longitude) => {
    const response = await send(location(latitude, longitude));
    expect(response.status).toBe(200);
    expect(response.body.messages).toEqual([expect.objectContaining({ id: expect.stringMatching(/^wamid\./) })]);
  });

  it.each([
    ['latitude missing', undefined, 24.95, MISSING, "The parameter location['latitude'] is required."],
    ['latitude empty', '', 24.95, MISSING, "The parameter location['latitude'] is required."],
    ['longitude missing', 60.17, undefined, MISSING, "The parameter location['longitude'] is required."],
    ['latitude one over', 90.000001, 24.95, INVALID, "Param location['latitude'] must be a number between -90 and 90."],
    ['latitude one under', -90.5, 24.95, INVALID, "Param location['latitude'] must be a number between -90 and 90."],
    ['longitude one over', 60.17, '180.5', INVALID, "Param location['longitude'] must be a number between -180 and 180."],
    ['latitude not a number', 'north', 24.95, INVALID, "Param location['latitude'] must be a number between -90 and 90."],
    ['latitude a boolean', true, 24.95, INVALID, "Param location['latitude'] must be a number between -90 and 90."],
  ])('rejects %s', async (_label, latitude, longitude, [code, title], details) => {
    expectError(await send(location(latitude, longitude)), code, title, details);
  });
});

describe('media upload MIME types', () => {
  it('lists every supported type when refusing one', async () => {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('file', new Blob([Buffer.from('GIF89a')], { type: 'image/gif' }), 'a.gif');
    const response = await fetch(`${sandbox.url}/v24.0/${PHONE}/media`, { method: 'POST', headers: { Authorization: 'Bearer sandbox-access-token' }, body: form });
    expectError(
      { status: response.status, body: (await response.json()) as GraphResponse['body'] },
      131053,
      'Media upload error',
      'Param file must be a file with one of the following types: audio/aac, audio/amr, audio/mpeg, audio/mp4, audio/ogg, text/plain, application/pdf, ' +
        'application/vnd.ms-excel, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/msword, ' +
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.ms-powerpoint, ' +
        'application/vnd.openxmlformats-officedocument.presentationml.presentation, image/jpeg, image/png, image/webp, video/mp4, video/3gpp. ' +
        "Received file of type 'image/gif'.",
    );
  });
});
