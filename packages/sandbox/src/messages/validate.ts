/**
 * Synchronous checks of a send request's shape, per message type, with the limits of Meta's reference §1.3,
 * and the plain text the customer's phone shows for it.
 */
import { GraphError, invalidParameter } from '../graph-error.js';
import type { Json } from './fields.js';
import { isObject, optionalString, requireArray, requireCoordinate, requireObject, requireString } from './fields.js';
import { validateInteractive } from './validate-interactive.js';

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const SENDABLE = ['text', 'location', 'contacts', 'reaction', 'interactive', 'template', ...MEDIA_TYPES];

/** The message type of a send request, after checking the envelope. */
export function messageType(body: Json): string {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
  const type = body.type === undefined ? 'text' : body.type;
  if (typeof type !== 'string' || !SENDABLE.includes(type)) {
    throw new GraphError(131051, 'Unsupported message type', { status: 400, details: `Message type '${String(type)}' is not supported. Use one of: ${SENDABLE.join(', ')}.` });
  }
  body[type] = decodeJsonString(body[type]);
  if (body[type] === undefined) throw invalidParameter(`The parameter ${type} is required for a message of type ${type}.`);
  if (type === 'reaction' && body.context !== undefined) throw invalidParameter('A reaction cannot be sent as a reply: remove context.');
  return type;
}

/** Graph accepts object and array parameters JSON-encoded as strings (whatsapp-api-js sends contacts so). */
function decodeJsonString(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Validates a non-template message body and returns what the customer reads. */
export function validateContent(type: string, body: Json): string {
  if (type === 'text') return validateText(requireObject(body, 'text', 'text'));
  if ((MEDIA_TYPES as readonly string[]).includes(type)) return validateMedia(type, requireObject(body, type, type));
  if (type === 'location') return validateLocation(requireObject(body, 'location', 'location'));
  if (type === 'contacts') return validateContacts(body);
  if (type === 'reaction') return validateReaction(requireObject(body, 'reaction', 'reaction'));
  return validateInteractive(requireObject(body, 'interactive', 'interactive'));
}

function validateText(text: Json): string {
  const value = requireString(text, 'body', "text['body']", 4096);
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') throw invalidParameter("Param text['preview_url'] must be a boolean.");
  return value;
}

function validateMedia(type: string, media: Json): string {
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId === hasLink) throw invalidParameter(`Param ${type} must contain exactly one of ${type}['id'] or ${type}['link'].`);
  if (hasId) requireString(media, 'id', `${type}['id']`, 64);
  if (hasLink) {
    const link = requireString(media, 'link', `${type}['link']`, 2000);
    if (!/^https?:\/\/[^\s]+$/i.test(link)) throw invalidParameter(`Param ${type}['link'] must be an http or https URL.`);
  }
  const takesCaption = type === 'image' || type === 'video' || type === 'document';
  if (!takesCaption && media.caption !== undefined) throw invalidParameter(`Param ${type}['caption'] is not allowed for ${type} messages.`);
  const caption = takesCaption ? optionalString(media, 'caption', `${type}['caption']`, 1024) : undefined;
  const filename = type === 'document' ? optionalString(media, 'filename', "document['filename']", 240) : undefined;
  if (type === 'audio' && media.voice !== undefined && typeof media.voice !== 'boolean') throw invalidParameter("Param audio['voice'] must be a boolean.");
  return [`[${type}${filename ? `: ${filename}` : ''}]`, caption].filter(Boolean).join(' ');
}

function validateLocation(location: Json): string {
  const latitude = requireCoordinate(location, 'latitude', "location['latitude']", 90);
  const longitude = requireCoordinate(location, 'longitude', "location['longitude']", 180);
  const name = optionalString(location, 'name', "location['name']", 1000);
  const address = optionalString(location, 'address', "location['address']", 1000);
  return ['[location]', [name, address].filter(Boolean).join(', '), `(${latitude}, ${longitude})`].filter(Boolean).join(' ');
}

function validateContacts(body: Json): string {
  const cards = requireArray(body, 'contacts', 'contacts', 1, 257);
  const names = cards.map((card, index) => {
    if (!isObject(card)) throw invalidParameter(`Param contacts[${index}] must be a JSON object.`);
    const name = requireObject(card, 'name', `contacts[${index}]['name']`);
    return requireString(name, 'formatted_name', `contacts[${index}]['name']['formatted_name']`, 1000);
  });
  return `[contact] ${names.join(', ')}`;
}

function validateReaction(reaction: Json): string {
  requireString(reaction, 'message_id', "reaction['message_id']", 512);
  const emoji = reaction.emoji;
  if (typeof emoji !== 'string') throw invalidParameter("Param reaction['emoji'] must be a string (an empty string removes the reaction).");
  if ([...emoji].length > 10) throw invalidParameter("Param reaction['emoji'] must be a single emoji.");
  return emoji;
}
