/**
 * Custom authentication: the Kaiku server's address and an API key it issued. The test calls
 * `GET /v1/me`; the connection label names the workspace and its WhatsApp number(s).
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { docsUrl } from '@kaiku/shared/links';
import { baseUrlOf, callProxy } from './api.js';
import { PUBLIC_URL } from './public-url.js';

/** The deployment's help page on connecting Zapier (served by the proxy at /docs/en/zapier). */
export const KAIKU_DOCS_URL = docsUrl(PUBLIC_URL, 'zapier');

/** `GET /v1/me` as the proxy answers it. */
export interface Me {
  workspace: { id: string; name: string };
  phone_numbers: { id: string; display_phone_number: string; verified_name: string }[];
}

function isZapierError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  return ['AppError', 'ExpiredAuthError', 'ThrottledError', 'HaltedError', 'RefreshAuthError'].includes(name);
}

/** The auth test: a cheap authenticated call that explains an unreachable server or a wrong key. */
export async function testAuth(z: ZObject, bundle: Bundle): Promise<Me> {
  const baseUrl = baseUrlOf(z, bundle.authData);
  try {
    return await callProxy<Me>(z, bundle, { path: '/me' });
  } catch (error) {
    if (isZapierError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new z.errors.Error(`Zapier could not reach Kaiku at ${baseUrl} (${reason}). Check the Kaiku URL and that the server is running.`, 'unreachable', 502);
  }
}

/** "Acme Oy (+15550001234)": the workspace and its WhatsApp number(s), never the key. */
export async function connectionLabel(_z: ZObject, bundle: Bundle): Promise<string> {
  const me = bundle.inputData as unknown as Partial<Me>;
  const name = me.workspace?.name ?? 'Kaiku';
  const numbers = (me.phone_numbers ?? []).map((phone) => `+${phone.display_phone_number.replace(/^\+/, '')}`);
  return numbers.length > 0 ? `${name} (${numbers.join(', ')})` : name;
}

/** The app's `authentication` block. */
export const authentication: Authentication = {
  type: 'custom',
  fields: [
    {
      key: 'base_url',
      label: 'Kaiku URL',
      type: 'string',
      required: true,
      helpText: `The address of your Kaiku server, for example \`${PUBLIC_URL}\`. Your Kaiku administrator knows it; see [connecting Zapier](${KAIKU_DOCS_URL}).`,
    },
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText: `An API key issued by your Kaiku server for this Zapier connection. See [how to create one](${KAIKU_DOCS_URL}#api-keys).`,
    },
  ],
  test: testAuth,
  connectionLabel,
};
