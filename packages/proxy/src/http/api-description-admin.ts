/**
 * The admin operations behind the console's WhatsApp numbers, API keys and users pages (routes with
 * `auth: 'admin'`: an API key or an admin's session; an agent gets 403), and their schemas: part of the API
 * description (`api-description.ts`). A script can do everything the console does through them.
 */
import type { ApiOperation, ApiParameter, ApiResponse, SchemaObject } from './api-description.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', description, ...extra });
const nullable = (description: string, extra: SchemaObject = {}): SchemaObject => ({ type: ['string', 'null'], description, ...extra });
const time = (description: string): SchemaObject => ({ type: 'string', format: 'date-time', description });
const ADMINS = ' Admins only: an API key or an admin\'s console session; an agent gets 403.';

function errorsOf(...statuses: number[]): Record<string, ApiResponse> {
  const out: Record<string, ApiResponse> = {};
  for (const status of statuses) out[String(status)] = { description: 'See the error body: its message says what to fix.', schema: 'Error' };
  out.default = { description: 'An unexpected error; the body says what happened.' };
  return out;
}

const idParam = (summary: string, description: string): ApiParameter => ({ name: 'id', in: 'path', required: true, summary, schema: { type: 'string' }, description });
const numberId = idParam('Phone Number ID', 'The phone number id of a number connected to the workspace.');
const op = (o: Omit<ApiOperation, 'tag' | 'connector'> & { tag?: string }): ApiOperation => ({ tag: 'Admin', connector: false, ...o, description: o.description + ADMINS });

/** The admin operations, appended to the API's list. */
export const adminOperations: readonly ApiOperation[] = [
  op({
    operationId: 'ConnectPhoneNumber', method: 'post', path: '/v1/phone-numbers', summary: 'Connect a WhatsApp number',
    description: 'Checks the token (its permissions, then a live lookup of the number in its WABA), saves the number with its secrets encrypted, ' +
      'and registers this Kaiku as the WABA\'s webhook when KAIKU_PUBLIC_URL is set. Each step\'s result is in `steps`; a failed check ' +
      'answers 422 `connection_failed` with the steps in `details.steps` and saves nothing. A webhook registration that fails is a failed step of a 201.',
    parameters: [], requestBody: { schema: 'ConnectPhoneNumberInput', summary: 'Number', description: 'WABA id, phone number id, access token and app secret.' },
    responses: { '201': { description: 'Connected.', schema: 'ConnectPhoneNumberResult' }, ...errorsOf(400, 401, 403, 409, 422) },
  }),
  op({
    operationId: 'GetPhoneNumber', method: 'get', path: '/v1/phone-numbers/{id}', summary: 'A number\'s state at Meta',
    description: 'The number with its quality rating, messaging limit and webhook registration, read from Meta now; `problem` says what Meta refused.',
    parameters: [numberId], responses: { '200': { description: 'The number.', schema: 'PhoneNumberStatus' }, ...errorsOf(401, 403, 404) },
  }),
  op({
    operationId: 'DisconnectPhoneNumber', method: 'delete', path: '/v1/phone-numbers/{id}', summary: 'Disconnect a number',
    description: 'Stops sending and receiving with the number; its messages and contacts stay.',
    parameters: [numberId], responses: { '204': { description: 'Disconnected.' }, ...errorsOf(401, 403, 404) },
  }),
  op({
    operationId: 'RotatePhoneNumberToken', method: 'put', path: '/v1/phone-numbers/{id}/token', summary: 'Rotate a number\'s token',
    description: 'Checks a new access token (and app secret, when given) like a new connection, then keeps them and registers the webhook again.',
    parameters: [numberId], requestBody: { schema: 'RotateTokenInput', summary: 'Token', description: 'The new access token; optionally a new app secret.' },
    responses: { '200': { description: 'Rotated.', schema: 'ConnectPhoneNumberResult' }, ...errorsOf(400, 401, 403, 404, 422) },
  }),
  op({
    operationId: 'ListApiKeys', method: 'get', path: '/v1/keys', summary: 'List API keys',
    description: 'The workspace\'s API keys, newest first, with their first characters and last use (to the minute); never the keys.',
    parameters: [], responses: { '200': { description: 'The keys.', schema: 'ApiKeyList' }, ...errorsOf(401, 403) },
  }),
  op({
    operationId: 'CreateApiKey', method: 'post', path: '/v1/keys', summary: 'Create an API key',
    description: 'A new key for Zapier, Power Automate, HubSpot or a script. The answer is the only place the key is shown: only its hash is kept.',
    parameters: [], requestBody: { schema: 'ApiKeyInput', summary: 'Key', description: 'A name that says who uses it.' },
    responses: { '201': { description: 'Created; `key` is shown this once.', schema: 'CreatedApiKey' }, ...errorsOf(400, 401, 403) },
  }),
  op({
    operationId: 'RevokeApiKey', method: 'delete', path: '/v1/keys/{id}', summary: 'Revoke an API key',
    description: 'Requests with the key get 401 from now on; it stays listed as revoked.',
    parameters: [idParam('Key ID', 'The key\'s id from the list.')], responses: { '204': { description: 'Revoked.' }, ...errorsOf(401, 403, 404) },
  }),
  op({
    operationId: 'InviteUser', method: 'post', path: '/v1/users/invite', summary: 'Invite a console user',
    description: 'Adds an invited user and answers a one-time link (valid 7 days) to hand them: opening it, they choose their own password and are signed in.',
    parameters: [], requestBody: { schema: 'InviteInput', summary: 'Invitation', description: 'E-mail and role.' },
    responses: { '201': { description: 'Invited.', schema: 'Invitation' }, ...errorsOf(400, 401, 403) },
  }),
  op({
    operationId: 'SetUserRole', method: 'put', path: '/v1/users/{id}/role', summary: 'Set a console user\'s role',
    description: 'Makes a user an admin or an agent. The workspace\'s last admin who can sign in cannot be made an agent (409 `last_admin`; removing them is refused the same way).',
    parameters: [idParam('User ID', 'The user\'s id.')], requestBody: { schema: 'RoleInput', summary: 'Role', description: 'admin or agent.' },
    responses: { '200': { description: 'The user.', schema: 'ConsoleUser' }, ...errorsOf(400, 401, 403, 404, 409) },
  }),
  {
    operationId: 'AcceptInvite', method: 'post', path: '/v1/session/invite', tag: 'Console', connector: false, public: true, summary: 'Accept an invitation',
    description: 'Exchanges an invitation link\'s token and the password the invitee chose (12 characters or more) for a session; the link works once.',
    parameters: [], requestBody: { schema: 'AcceptInviteInput', summary: 'Invitation', description: 'The link\'s token and the new password.' },
    responses: { '200': { description: 'Signed in.', schema: 'ConsoleSession' }, ...errorsOf(400, 401, 429) },
  },
];

const step: SchemaObject = {
  type: 'object', required: ['step', 'outcome', 'message', 'meta_code'],
  properties: {
    step: str('token (valid, with both WhatsApp permissions), phone_number (found in the WABA) or webhook (registered).', { enum: ['token', 'phone_number', 'webhook'] }),
    outcome: str('ok, failed or skipped.', { enum: ['ok', 'failed', 'skipped'] }),
    message: str('What happened, in plain words, with the fix when it failed.'),
    meta_code: { type: ['integer', 'null'], description: 'Meta\'s error code when Meta refused.' },
  },
};

/** The schemas of the admin operations. */
export const adminSchemas: Record<string, SchemaObject> = {
  ConnectPhoneNumberInput: {
    type: 'object', required: ['waba_id', 'phone_number_id', 'access_token', 'app_secret'], additionalProperties: false,
    properties: {
      waba_id: str('The WhatsApp Business Account id (WhatsApp Manager → Account tools).'),
      phone_number_id: str('The phone number id (WhatsApp Manager → Phone numbers), not the number itself.'),
      access_token: str('A system user\'s token with whatsapp_business_messaging and whatsapp_business_management.'),
      app_secret: str('The Meta app\'s secret, which signs webhooks (App settings → Basic).'),
    },
  },
  RotateTokenInput: {
    type: 'object', required: ['access_token'], additionalProperties: false,
    properties: { access_token: str('The new access token.'), app_secret: str('A new app secret; the old one stays when left out.') },
  },
  ConnectStep: step,
  PhoneNumberStatus: {
    type: 'object', required: ['id', 'display_phone_number', 'verified_name', 'waba_id', 'connected_at', 'quality_rating', 'messaging_limit', 'webhook', 'problem'],
    properties: {
      id: str('The phone number id.'), display_phone_number: str('The number.'), verified_name: nullable('The display name Meta approved.'),
      waba_id: str('Its WhatsApp Business Account.'), connected_at: time('When it was connected.'),
      quality_rating: nullable('GREEN, YELLOW, RED or UNKNOWN, as Meta rates it now.'),
      messaging_limit: nullable('The messaging limit tier (TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED).'),
      webhook: {
        type: 'object', required: ['state', 'callback_url', 'expected_url'],
        properties: {
          state: str('registered (to this Kaiku), elsewhere, app_callback (the app\'s own URL), not_subscribed or unknown.', { enum: ['registered', 'elsewhere', 'app_callback', 'not_subscribed', 'unknown'] }),
          callback_url: nullable('The WABA\'s callback override at Meta.'), expected_url: nullable('This Kaiku\'s webhook URL (null without KAIKU_PUBLIC_URL).'),
        },
      },
      problem: nullable('What Meta refused when asked about the number now, with the fix.'),
    },
  },
  ConnectPhoneNumberResult: {
    type: 'object', required: ['phone_number', 'steps'],
    properties: { phone_number: ref('PhoneNumberStatus'), steps: { type: 'array', items: ref('ConnectStep') } },
  },
  ApiKey: {
    type: 'object', required: ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'],
    properties: {
      id: str('The key\'s id.'), name: str('Who uses it.'), prefix: str('Its first 8 characters.'), created_at: time('When it was created.'),
      last_used_at: { type: ['string', 'null'], format: 'date-time', description: 'Its last use, to the minute.' },
      revoked_at: { type: ['string', 'null'], format: 'date-time', description: 'When it was revoked.' },
    },
  },
  ApiKeyList: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('ApiKey') } } },
  ApiKeyInput: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: str('Who uses it, e.g. "Zapier (sales)".', { minLength: 1, maxLength: 100 }) } },
  CreatedApiKey: {
    allOf: [ref('ApiKey'), { type: 'object', required: ['key'], properties: { key: str('The key: shown this once. Send it as Authorization: Bearer <key>.') } }],
  },
  InviteInput: {
    type: 'object', required: ['email', 'role'], additionalProperties: false,
    properties: { email: str('Their e-mail address.'), role: str('admin or agent.', { enum: ['admin', 'agent'] }) },
  },
  Invitation: {
    type: 'object', required: ['user', 'invite_url', 'expires_at'],
    properties: { user: ref('ConsoleUser'), invite_url: str('The one-time link to hand over (shown once).'), expires_at: time('When the link stops working.') },
  },
  RoleInput: { type: 'object', required: ['role'], additionalProperties: false, properties: { role: str('admin or agent.', { enum: ['admin', 'agent'] }) } },
  AcceptInviteInput: {
    type: 'object', required: ['token', 'password'], additionalProperties: false,
    properties: { token: str('The token after #token= in the invitation link.'), password: str('The password they choose.', { minLength: 12 }) },
  },
};
