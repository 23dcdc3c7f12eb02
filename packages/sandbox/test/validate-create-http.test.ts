/** Template creation over HTTP: the component checklist's accepted forms and Meta's error envelope reach the client unchanged. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, WABA } from './graph.js';
import { templateError } from './validator-errors.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ templateReviewMs: 60_000 });
});

afterAll(async () => {
  await sandbox.stop();
});

const BODY = { type: 'BODY', text: 'Your order is on its way to you.' };
const create = (name: string, category: string, components: unknown[]) => graph(sandbox.url, 'POST', `/${WABA}/message_templates`, { name, language: 'en_US', category, components });

describe('template creation over HTTP', () => {
  it.each<[string, string, unknown[]]>([
    ['location_header', 'UTILITY', [{ type: 'HEADER', format: 'LOCATION' }, BODY]],
    ['copy_code_button', 'MARKETING', [BODY, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'C'.repeat(15) }] }]],
    ['one_tap_login', 'AUTHENTICATION', [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 90 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] }]],
  ])('accepts %s as PENDING', async (name, category, components) => {
    const response = await create(name, category, components);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: expect.any(String), status: 'PENDING', category });
  });

  it.each<[string, string, unknown[], number | undefined, string, string]>([
    ['carousel', 'MARKETING', [BODY, { type: 'CAROUSEL', cards: [] }], undefined, 'Unknown component', "Component type 'CAROUSEL' is not one of HEADER, BODY, FOOTER, BUTTONS."],
    ['eleven_buttons', 'MARKETING', [BODY, { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Q${i}` })) }], undefined, 'Buttons incorrect', 'buttons: add between 1 and 10 buttons.'],
    ['null_button', 'MARKETING', [BODY, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, null] }], undefined, 'Button type not supported', 'buttons[1]: type must be QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE.'],
    ['long_phone', 'UTILITY', [BODY, { type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '1'.repeat(21) }] }], 2388040, 'Phone number incorrect', 'buttons[0]: phone_number is required, at most 20 characters.'],
    ['long_expiry', 'AUTHENTICATION', [{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 91 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }], 2388073, 'Footer format incorrect', 'footer: code_expiration_minutes must be a whole number from 1 to 90.'],
  ])('rejects %s with Meta’s template error', async (name, category, components, subcode, title, message) => {
    const response = await create(name, category, components);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { ...templateError(subcode, title, message), fbtrace_id: expect.any(String) } });
  });
});
