/**
 * Access tokens and their permissions, as Meta's system users have them: the configured token holds both
 * WhatsApp permissions; tokens issued through `POST /_sandbox/tokens` hold the ones asked for, so that a client
 * can meet Meta's answers to a token that lacks one. `whatsapp_business_messaging` covers sending and media,
 * `whatsapp_business_management` everything else (numbers, templates, webhook subscriptions).
 */
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Sandbox } from './context.js';
import { GraphError, invalidParameter, unknownObject } from './graph-error.js';

/** The two WhatsApp permissions a system user can be given. */
export const WHATSAPP_PERMISSIONS = ['whatsapp_business_management', 'whatsapp_business_messaging'] as const;

/** The permissions of a token, or null for a token the sandbox never issued. */
export function permissionsOf(sandbox: Sandbox, token: string): readonly string[] | null {
  if (token === sandbox.options.accessToken) return WHATSAPP_PERMISSIONS;
  return sandbox.state.tokens?.[token]?.permissions ?? null;
}

/** Issues a new token with the given permissions (Business Settings → System users → Generate token). */
export function issueToken(sandbox: Sandbox, input: Record<string, unknown>): { access_token: string; permissions: string[] } {
  const asked: unknown = input.permissions ?? [...WHATSAPP_PERMISSIONS];
  if (!Array.isArray(asked) || asked.some((p) => !(WHATSAPP_PERMISSIONS as readonly unknown[]).includes(p))) {
    throw invalidParameter(`permissions must be a list of ${WHATSAPP_PERMISSIONS.join(' and ')}.`);
  }
  const permissions = [...new Set(asked as string[])];
  const token = `EAAS${randomBytes(24).toString('base64url')}`;
  sandbox.state.tokens = { ...sandbox.state.tokens, [token]: { permissions } };
  sandbox.changed();
  return { access_token: token, permissions };
}

/** `GET /me/permissions`: what the token's system user was granted. */
export function listPermissions(permissions: readonly string[]): Record<string, unknown> {
  return { data: permissions.map((permission) => ({ permission, status: 'granted' })) };
}

function needsMessaging(sandbox: Sandbox, segments: string[]): boolean {
  const [first = '', second] = segments;
  return second === 'messages' || second === 'media' || (second === undefined && sandbox.state.media[first] !== undefined);
}

/**
 * Refuses a request the token's permissions do not cover, as Meta does: sending without
 * whatsapp_business_messaging is `(#10)`; reading a number, the WABA or its edges without
 * whatsapp_business_management is the unknown-object error (100, subcode 33).
 */
export function checkPermission(sandbox: Sandbox, req: Request, permissions: readonly string[]): void {
  const segments = req.path.split('/').filter((s) => s !== '');
  if (segments[0] === 'me') return;
  if (needsMessaging(sandbox, segments)) {
    if (permissions.includes('whatsapp_business_messaging')) return;
    throw new GraphError(10, 'Application does not have permission for this action', {
      status: 403, details: 'The access token is missing the whatsapp_business_messaging permission.',
    });
  }
  if (permissions.includes('whatsapp_business_management')) return;
  const method = req.method === 'POST' ? 'post' : req.method === 'DELETE' ? 'delete' : 'get';
  throw unknownObject(segments[0] ?? '', method);
}
