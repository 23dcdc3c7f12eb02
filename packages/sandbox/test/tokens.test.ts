/**
 * System user tokens and their permissions, as Meta answers them: the configured token holds both WhatsApp
 * permissions; a token issued through `/_sandbox/tokens` holds only those asked for. Sending without
 * whatsapp_business_messaging is (#10); reading a number, the WABA or its edges without
 * whatsapp_business_management is the unknown-object error (100/33); a token never issued is 190.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, PHONE, text, WABA } from './graph.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

async function issue(permissions: unknown): Promise<{ status: number; body: { access_token?: string; permissions?: string[]; error?: { code: number } } }> {
  const response = await fetch(`${sandbox.url}/_sandbox/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ permissions }) });
  return { status: response.status, body: (await response.json()) as { access_token?: string; permissions?: string[] } };
}

async function tokenWith(permissions: string[]): Promise<string> {
  const issued = await issue(permissions);
  expect(issued.status).toBe(201);
  return issued.body.access_token ?? '';
}

describe('token permissions', () => {
  it('lists the configured token\'s permissions: both WhatsApp ones', async () => {
    const answer = await graph(sandbox.url, 'GET', '/me/permissions');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([
      { permission: 'whatsapp_business_management', status: 'granted' },
      { permission: 'whatsapp_business_messaging', status: 'granted' },
    ]);
  });

  it('refuses a send without whatsapp_business_messaging with (#10), and lets the token read the number', async () => {
    const token = await tokenWith(['whatsapp_business_management']);
    expect((await graph(sandbox.url, 'GET', '/me/permissions', undefined, token)).body.data).toEqual([{ permission: 'whatsapp_business_management', status: 'granted' }]);
    const sent = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('+358401110001', 'hi'), token);
    expect(sent.status).toBe(403);
    expect(sent.body.error).toMatchObject({ code: 10, message: '(#10) Application does not have permission for this action', type: 'OAuthException' });
    expect((await graph(sandbox.url, 'GET', `/${PHONE}`, undefined, token)).status).toBe(200);
  });

  it('hides the number, the WABA and its edges from a token without whatsapp_business_management (100/33), but lets it send', async () => {
    const token = await tokenWith(['whatsapp_business_messaging']);
    for (const path of [`/${PHONE}`, `/${WABA}/phone_numbers`, `/${WABA}/subscribed_apps`]) {
      const answer = await graph(sandbox.url, 'GET', path, undefined, token);
      expect([path, answer.status, answer.body.error?.code, answer.body.error?.error_subcode, answer.body.error?.type]).toEqual([path, 400, 100, 33, 'GraphMethodException']);
    }
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('+358401110002', 'hi'), token)).status).toBe(200);
  });

  it('answers 190 to a token it never issued, and refuses unknown permission names', async () => {
    const answer = await graph(sandbox.url, 'GET', '/me/permissions', undefined, 'EAAnot-issued');
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe(190);
    const refused = await issue(['whatsapp_business_everything']);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe(100);
  });
});
