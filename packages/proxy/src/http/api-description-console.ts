/**
 * The conversation, media and event operations of `/v1` (what the web console stands on; usable by any
 * client), and their answer schemas: part of the API description (`api-description.ts`).
 */
import type { ApiOperation, ApiParameter, ApiResponse, SchemaObject } from './api-description.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, title: string, description: string, extra: SchemaObject = {}): SchemaObject => ({ type: [type, 'null'], title, description, ...extra });
const time = (title: string, description: string): SchemaObject => ({ type: 'string', format: 'date-time', title, description });
const page = (item: string, description: string): SchemaObject => ({
  type: 'object', required: ['data', 'next_cursor'],
  properties: {
    data: { type: 'array', description, items: ref(item) },
    next_cursor: nullable('string', 'Next Cursor', 'Pass it back to get the next page; null on the last page.'),
  },
});

const customerParam: ApiParameter = {
  name: 'customer', in: 'path', required: true, summary: 'Customer', schema: { type: 'string' },
  description: 'The customer\'s phone number in international format (e.g. +358401234567) or business-scoped user ID.',
};
const limitParam = (fallback: number, max: number): ApiParameter => ({
  name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: fallback },
  description: `The most items to return, from 1 to ${max}.`,
});

function errorsOf(...statuses: number[]): Record<string, ApiResponse> {
  const out: Record<string, ApiResponse> = {};
  for (const status of statuses) out[String(status)] = { description: 'See the error body: its message says what to fix.', schema: 'Error' };
  out.default = { description: 'An unexpected error; the body says what happened.' };
  return out;
}

/** The console's operations, appended to the API's list. */
export const consoleOperations: readonly ApiOperation[] = [
  {
    operationId: 'ListConversations', method: 'get', path: '/v1/conversations', tag: 'Conversations', connector: false,
    summary: 'List conversations',
    description: 'One row per customer, newest activity first: last message, unread count, reply window and consent.',
    parameters: [
      { name: 'cursor', in: 'query', required: false, summary: 'Cursor', schema: { type: 'string' }, description: 'The next_cursor of the previous page.' },
      limitParam(25, 100),
      { name: 'q', in: 'query', required: false, summary: 'Search', schema: { type: 'string' }, description: 'Only customers whose name or number contains this.' },
    ],
    responses: { '200': { description: 'A page of conversations.', schema: 'ConversationList' }, ...errorsOf(400, 401) },
  },
  {
    operationId: 'ListConversationMessages', method: 'get', path: '/v1/conversations/{customer}/messages', tag: 'Conversations', connector: false,
    summary: 'List a conversation\'s messages',
    description: 'The customer\'s messages and yours in one timeline, newest first, with statuses of what you sent.',
    parameters: [
      customerParam,
      { name: 'before', in: 'query', required: false, summary: 'Before', schema: { type: 'string' }, description: 'The next_cursor of the previous page (older messages).' },
      limitParam(50, 200),
    ],
    responses: { '200': { description: 'A page of messages.', schema: 'ConversationMessageList' }, ...errorsOf(400, 401, 422) },
  },
  {
    operationId: 'MarkConversationRead', method: 'post', path: '/v1/conversations/{customer}/read', tag: 'Conversations', connector: false,
    summary: 'Mark a conversation read',
    description: 'Marks everything the customer sent so far as read; sends WhatsApp\'s read receipt when the workspace enables it.',
    parameters: [customerParam],
    responses: { '200': { description: 'Marked read.', schema: 'ConversationRead' }, ...errorsOf(401, 404, 422) },
  },
  {
    operationId: 'GetMedia', method: 'get', path: '/v1/media/{id}', tag: 'Media', connector: false,
    summary: 'Download media',
    description: 'The file of a customer\'s image, video, audio, document or sticker, streamed from WhatsApp with the number\'s token as it arrives (100 MB at most: a larger file answers 502).',
    parameters: [{ name: 'id', in: 'path', required: true, summary: 'Media ID', schema: { type: 'string' }, description: 'The media id of the message.' }],
    responses: { '200': { description: 'The file, with its Content-Type (and Content-Length when WhatsApp gives it).', contentType: '*/*' }, ...errorsOf(401, 404, 502, 503) },
  },
  {
    operationId: 'UploadMedia', method: 'post', path: '/v1/media', tag: 'Media', connector: false,
    summary: 'Upload media',
    description: 'Uploads a file (the request body, with its Content-Type) to send in a reply as media.id.',
    parameters: [
      { name: 'filename', in: 'query', required: false, summary: 'File Name', schema: { type: 'string' }, description: 'The name the customer sees for a document.' },
      { name: 'phone_number_id', in: 'query', required: false, summary: 'Business Number', schema: { type: 'string' }, description: 'The number that will send it (default: the first).' },
    ],
    requestBody: { schema: '', contentType: 'application/octet-stream', summary: 'File', description: 'The file\'s bytes; Content-Type says what it is (image/jpeg, application/pdf, …).' },
    responses: { '200': { description: 'Uploaded.', schema: 'MediaUpload' }, ...errorsOf(400, 401, 413, 502, 503) },
  },
  {
    operationId: 'StreamEvents', method: 'get', path: '/v1/events', tag: 'Conversations', connector: false,
    summary: 'Stream events',
    description: 'Server-Sent Events of new messages (either direction), status changes, consent changes and read marks. ' +
      'Each event\'s id resumes the stream from there (Last-Event-ID); without one it starts at now.',
    parameters: [
      { name: 'Last-Event-ID', in: 'header', required: false, summary: 'Last Event ID', schema: { type: 'string' }, description: 'Resume after this event.' },
      { name: 'last_event_id', in: 'query', required: false, summary: 'Last Event ID', schema: { type: 'string' }, description: 'The same, for clients that cannot set headers.' },
    ],
    responses: { '200': { description: 'An endless text/event-stream; each event\'s data is a ConsoleEvent.', contentType: 'text/event-stream', schema: 'ConsoleEvent' }, ...errorsOf(400, 401) },
  },
];

const mediaSchema: SchemaObject = {
  type: ['object', 'null'], title: 'Media', description: 'The file of a media message.',
  required: ['id', 'link', 'url', 'mime_type', 'caption', 'filename'],
  properties: {
    id: nullable('string', 'Media ID', 'WhatsApp\'s media id.'),
    link: nullable('string', 'Link', 'The link it was sent from, when it was sent by link.'),
    url: nullable('string', 'URL', 'Where to fetch it: /v1/media/{id} on this proxy, or the link.'),
    mime_type: nullable('string', 'MIME Type', 'e.g. image/jpeg.'),
    caption: nullable('string', 'Caption', 'The caption.'),
    filename: nullable('string', 'File Name', 'A document\'s name.'),
  },
};

/** The answers of the console's operations. */
export const consoleSchemas: Record<string, SchemaObject> = {
  ConversationMessage: {
    type: 'object', title: 'Message', description: 'One message of a conversation, either direction.',
    required: ['id', 'direction', 'type', 'at', 'text', 'media', 'choice', 'buttons', 'location', 'reaction', 'reply_to', 'template', 'status', 'failure'],
    properties: {
      id: { type: 'string', title: 'Message ID', description: 'The WhatsApp message id (wamid).' },
      direction: { type: 'string', enum: ['inbound', 'outbound'], title: 'Direction', description: 'inbound: from the customer; outbound: from you.' },
      type: { type: 'string', title: 'Type', description: 'text, image, document, location, button_reply, template, …' },
      at: time('At', 'When it was sent (UTC).'),
      text: nullable('string', 'Text', 'The text, caption-free; for a template the text the customer saw.'),
      media: mediaSchema,
      choice: {
        type: ['object', 'null'], title: 'Choice', description: 'The button or list row the customer chose.', required: ['id', 'title', 'description'],
        properties: { id: nullable('string', 'ID', 'The choice\'s id.'), title: nullable('string', 'Title', 'What it said.'), description: nullable('string', 'Description', 'A list row\'s description.') },
      },
      buttons: {
        type: ['array', 'null'], title: 'Buttons', description: 'The reply buttons you offered.',
        items: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'string' }, title: { type: 'string' } } },
      },
      location: {
        type: ['object', 'null'], title: 'Location', description: 'A shared location.', required: ['latitude', 'longitude', 'name', 'address', 'map_url'],
        properties: {
          latitude: { type: 'number' }, longitude: { type: 'number' }, name: nullable('string', 'Name', 'The place.'),
          address: nullable('string', 'Address', 'Its address.'), map_url: { type: 'string', title: 'Map', description: 'A map link.' },
        },
      },
      reaction: {
        type: ['object', 'null'], title: 'Reaction', description: 'An emoji reaction.', required: ['emoji', 'message_id'],
        properties: { emoji: nullable('string', 'Emoji', 'Null when removed.'), message_id: nullable('string', 'Message', 'The message reacted to.') },
      },
      reply_to: nullable('string', 'Reply To', 'The message this one quotes.'),
      template: {
        type: ['object', 'null'], title: 'Template', description: 'The template sent.', required: ['name', 'language', 'variables', 'preview'],
        properties: {
          name: { type: 'string' }, language: nullable('string', 'Language', 'e.g. en_US.'),
          variables: { type: 'object', additionalProperties: { type: 'string' } }, preview: nullable('string', 'Preview', 'The text the customer saw.'),
        },
      },
      status: nullable('string', 'Status', 'Outbound: accepted, sent, delivered, read, played or failed.'),
      failure: {
        type: ['object', 'null'], title: 'Failure', description: 'Why it failed, in WhatsApp\'s words.', required: ['code', 'message'],
        properties: { code: nullable('integer', 'Code', 'Meta\'s error code.'), message: nullable('string', 'Message', 'What went wrong.') },
      },
    },
  },
  ConversationMessageList: page('ConversationMessage', 'Messages, newest first.'),
  Conversation: {
    type: 'object', title: 'Conversation', description: 'A customer and where things stand with them.',
    required: ['wa_id', 'profile_name', 'last_message', 'last_activity_at', 'unread_count', 'window', 'consent'],
    properties: {
      wa_id: { type: 'string', title: 'WhatsApp ID', description: 'The customer\'s number (digits) or user ID.' },
      profile_name: nullable('string', 'Name', 'The customer\'s WhatsApp profile name.'),
      last_message: { anyOf: [ref('ConversationMessage'), { type: 'null' }], description: 'The newest message, either direction.' },
      last_activity_at: nullable('string', 'Last Activity', 'The newest message or consent change.', { format: 'date-time' }),
      unread_count: { type: 'integer', title: 'Unread', description: 'Customer messages not yet marked read.' },
      window: {
        type: 'object', title: 'Reply Window', description: 'open: free-form replies allowed until expires_at; closed: templates only.',
        required: ['state'],
        properties: { state: { type: 'string', enum: ['open', 'closed'] }, expires_at: time('Expires At', 'When it closes.'), closed_at: nullable('string', 'Closed At', 'When it closed (null: never opened).') },
      },
      consent: {
        type: 'object', title: 'Consent', description: 'The customer\'s current choice.', required: ['status', 'updated_at'],
        properties: { status: { type: 'string', enum: ['opted_in', 'opted_out', 'unknown'] }, updated_at: nullable('string', 'Updated At', 'When it was recorded.') },
      },
    },
  },
  ConversationList: page('Conversation', 'Conversations, newest activity first.'),
  ConversationRead: {
    type: 'object', required: ['wa_id', 'read_up_to', 'receipt_sent'],
    properties: {
      wa_id: { type: 'string', description: 'The customer.' },
      read_up_to: nullable('string', 'Read Up To', 'The newest customer message now read.'),
      receipt_sent: { type: 'boolean', description: 'Whether WhatsApp was told (blue ticks).' },
    },
  },
  MediaUpload: {
    type: 'object', required: ['id', 'type', 'mime_type', 'filename', 'size'],
    properties: {
      id: { type: 'string', description: 'Send it as media.id in a reply.' },
      type: { type: 'string', enum: ['image', 'video', 'audio', 'document', 'sticker'], description: 'The media type to send it as.' },
      mime_type: { type: 'string' }, filename: { type: 'string' }, size: { type: 'integer', description: 'Bytes.' },
    },
  },
  ConsoleEvent: {
    type: 'object', title: 'Event', description: 'The data of one Server-Sent Event; the event name is its kind (message, status, consent, read).',
    required: ['wa_id', 'at'],
    properties: {
      wa_id: { type: 'string', description: 'The customer it concerns.' },
      at: time('At', 'When it was recorded.'),
      id: { type: 'string', description: 'message and status: the message id.' },
      direction: { type: 'string', enum: ['inbound', 'outbound'], description: 'message: which way.' },
      type: { type: 'string', description: 'message: its type.' },
      status: { type: 'string', description: 'status: the new status; consent: opted_in or opted_out.' },
    },
  },
};

const sessionBody = (schema: string, description: string) => ({ schema, summary: 'Sign In', description });

/** The console's sign-in and user operations, appended to the API's list. */
export const consoleUserOperations: readonly ApiOperation[] = [
  {
    operationId: 'SignIn', method: 'post', path: '/v1/session', tag: 'Console', connector: false, public: true,
    summary: 'Sign in to the console', description: 'Checks a console user\'s e-mail and password and sets the session cookie (httpOnly). Limited to 5 attempts a minute per address.',
    parameters: [], requestBody: sessionBody('SignInInput', 'E-mail and password.'),
    responses: { '200': { description: 'Signed in; send csrf_token as X-CSRF-Token with every change.', schema: 'ConsoleSession' }, ...errorsOf(400, 401, 403, 429) },
  },
  {
    operationId: 'SignInWithLink', method: 'post', path: '/v1/session/link', tag: 'Console', connector: false, public: true,
    summary: 'Sign in with a one-time link', description: 'Exchanges the token of a one-time sign-in link (the demo prints one) for a session.',
    parameters: [], requestBody: sessionBody('SignInLinkInput', 'The link\'s token.'),
    responses: { '200': { description: 'Signed in.', schema: 'ConsoleSession' }, ...errorsOf(400, 401, 429) },
  },
  {
    operationId: 'GetSession', method: 'get', path: '/v1/session', tag: 'Console', connector: false,
    summary: 'Who is signed in', description: 'The signed-in console user, their workspace and the CSRF token.',
    parameters: [], responses: { '200': { description: 'The session.', schema: 'ConsoleSession' }, ...errorsOf(401) },
  },
  {
    operationId: 'SignOut', method: 'delete', path: '/v1/session', tag: 'Console', connector: false, public: true,
    summary: 'Sign out', description: 'Ends the session and clears the cookie.',
    parameters: [], responses: { '204': { description: 'Signed out.' } },
  },
  {
    operationId: 'ListUsers', method: 'get', path: '/v1/users', tag: 'Console', connector: false,
    summary: 'List console users', description: 'The workspace\'s console users (admins only).',
    parameters: [], responses: { '200': { description: 'The users.', schema: 'ConsoleUserList' }, ...errorsOf(401, 403) },
  },
  {
    operationId: 'CreateUser', method: 'post', path: '/v1/users', tag: 'Console', connector: false,
    summary: 'Add a console user', description: 'Adds an admin or an agent to the workspace (admins only).',
    parameters: [], requestBody: { schema: 'ConsoleUserInput', summary: 'User', description: 'E-mail, role and a first password (12 characters or more).' },
    responses: { '201': { description: 'Added.', schema: 'ConsoleUser' }, ...errorsOf(400, 401, 403) },
  },
  {
    operationId: 'DeleteUser', method: 'delete', path: '/v1/users/{id}', tag: 'Console', connector: false,
    summary: 'Remove a console user', description: 'Removes a user and signs them out everywhere (admins only); never the workspace\'s last admin who can sign in (409 last_admin).',
    parameters: [{ name: 'id', in: 'path', required: true, summary: 'User ID', schema: { type: 'string' }, description: 'The user\'s id.' }],
    responses: { '204': { description: 'Removed.' }, ...errorsOf(401, 403, 404, 409) },
  },
];

const consoleUser: SchemaObject = {
  type: 'object', required: ['id', 'workspace_id', 'email', 'role', 'status', 'created_at'],
  properties: {
    id: { type: 'string' }, workspace_id: { type: 'string' }, email: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'agent'] }, created_at: time('Created At', 'When it was added.'),
    status: { type: 'string', enum: ['active', 'invited'], description: 'invited: has not opened the invitation link and chosen a password yet.' },
  },
};

/** The schemas of the sign-in and user operations. */
export const consoleUserSchemas: Record<string, SchemaObject> = {
  SignInInput: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } },
  SignInLinkInput: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
  ConsoleSession: {
    type: 'object', required: ['user', 'workspace', 'csrf_token'],
    properties: {
      user: { type: 'object', required: ['id', 'email', 'role'], properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['admin', 'agent'] } } },
      workspace: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
      csrf_token: { type: 'string', description: 'Send it as X-CSRF-Token with every request that changes something.' },
    },
  },
  ConsoleUser: consoleUser,
  ConsoleUserList: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('ConsoleUser') } } },
  ConsoleUserInput: {
    type: 'object', required: ['email', 'role', 'password'],
    properties: { email: { type: 'string' }, role: { type: 'string', enum: ['admin', 'agent'] }, password: { type: 'string', minLength: 12 } },
  },
};
