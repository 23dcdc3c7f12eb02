/** Interactive messages (reply buttons, lists, CTA URL, flows, location request) within Meta's limits. */
import { invalidParameter } from '../graph-error.js';
import type { StoredMessage } from '../state.js';
import type { Json } from './fields.js';
import { isObject, optionalString, requireArray, requireObject, requireString } from './fields.js';

/** Validates `interactive` and returns the text the customer reads (header, body, footer, choices). */
export function validateInteractive(interactive: Json): string {
  const kind = requireString(interactive, 'type', "interactive['type']", 64);
  const action = requireObject(interactive, 'action', "interactive['action']");
  const bodyLimit = kind === 'list' ? 4096 : 1024;
  const body = isObject(interactive.body) ? requireString(interactive.body, 'text', "interactive['body']['text']", bodyLimit) : '';
  if (!body && kind !== 'product' && kind !== 'product_list') requireObject(interactive, 'body', "interactive['body']");
  const footer = isObject(interactive.footer) ? requireString(interactive.footer, 'text', "interactive['footer']['text']", 60) : undefined;
  const header = headerText(interactive, kind);
  const choices = actionText(kind, action);
  return [header, body, footer, choices].filter(Boolean).join('\n');
}

function headerText(interactive: Json, kind: string): string | undefined {
  if (interactive.header === undefined) return undefined;
  const header = requireObject(interactive, 'header', "interactive['header']");
  const type = requireString(header, 'type', "interactive['header']['type']", 16);
  if (type === 'text') return requireString(header, 'text', "interactive['header']['text']", 60);
  if (kind === 'list') throw invalidParameter("Param interactive['header']['type'] must be 'text' for list messages.");
  if (!['image', 'video', 'document'].includes(type)) throw invalidParameter(`Param interactive['header']['type'] must be one of text, image, video, document.`);
  requireObject(header, type, `interactive['header']['${type}']`);
  return `[${type}]`;
}

function actionText(kind: string, action: Json): string {
  if (kind === 'button') return buttonsText(action);
  if (kind === 'list') return listText(action);
  if (kind === 'cta_url') return ctaText(action);
  if (kind === 'flow') return flowText(action);
  if (kind === 'location_request_message') {
    if (action.name !== 'send_location') throw invalidParameter("Param interactive['action']['name'] must be 'send_location'.");
    return '[Send location]';
  }
  if (['product', 'product_list', 'catalog_message'].includes(kind)) return `[${kind}]`;
  throw invalidParameter(`Param interactive['type'] must be one of button, list, cta_url, flow, location_request_message, product, product_list, catalog_message.`);
}

function buttonsText(action: Json): string {
  const buttons = requireArray(action, 'buttons', "interactive['action']['buttons']", 1, 3);
  const ids = new Set<string>();
  const titles = new Set<string>();
  const labels = buttons.map((button, index) => {
    const path = `interactive['action']['buttons'][${index}]`;
    if (!isObject(button) || button.type !== 'reply') throw invalidParameter(`Param ${path}['type'] must be 'reply'.`);
    const reply = requireObject(button, 'reply', `${path}['reply']`);
    const id = requireString(reply, 'id', `${path}['reply']['id']`, 256);
    if (id.trim() !== id) throw invalidParameter(`Param ${path}['reply']['id'] must not start or end with spaces.`);
    const title = requireString(reply, 'title', `${path}['reply']['title']`, 20);
    if (ids.has(id) || titles.has(title)) throw invalidParameter('Buttons must have unique ids and unique titles.');
    ids.add(id);
    titles.add(title);
    return `[${title}]`;
  });
  return labels.join(' ');
}

function listText(action: Json): string {
  const button = requireString(action, 'button', "interactive['action']['button']", 20);
  const sections = requireArray(action, 'sections', "interactive['action']['sections']", 1, 10);
  let rowCount = 0;
  const lines = sections.flatMap((section, s) => {
    const path = `interactive['action']['sections'][${s}]`;
    if (!isObject(section)) throw invalidParameter(`Param ${path} must be a JSON object.`);
    const title = sections.length > 1 ? requireString(section, 'title', `${path}['title']`, 24) : optionalString(section, 'title', `${path}['title']`, 24);
    const rows = requireArray(section, 'rows', `${path}['rows']`, 1, 10).map((row, r) => {
      if (!isObject(row)) throw invalidParameter(`Param ${path}['rows'][${r}] must be a JSON object.`);
      requireString(row, 'id', `${path}['rows'][${r}]['id']`, 200);
      const rowTitle = requireString(row, 'title', `${path}['rows'][${r}]['title']`, 24);
      const description = optionalString(row, 'description', `${path}['rows'][${r}]['description']`, 72);
      return `- ${rowTitle}${description ? ` (${description})` : ''}`;
    });
    rowCount += rows.length;
    return title ? [title, ...rows] : rows;
  });
  if (rowCount > 10) throw invalidParameter('A list message can have at most 10 rows in total across all sections.');
  return [`[${button}]`, ...lines].join('\n');
}

function ctaText(action: Json): string {
  if (action.name !== 'cta_url') throw invalidParameter("Param interactive['action']['name'] must be 'cta_url'.");
  const parameters = requireObject(action, 'parameters', "interactive['action']['parameters']");
  const text = requireString(parameters, 'display_text', "interactive['action']['parameters']['display_text']", 20);
  const url = requireString(parameters, 'url', "interactive['action']['parameters']['url']", 2000);
  if (!/^https?:\/\//i.test(url)) throw invalidParameter("Param interactive['action']['parameters']['url'] must be an http or https URL.");
  return `[${text}](${url})`;
}

function flowText(action: Json): string {
  if (action.name !== 'flow') throw invalidParameter("Param interactive['action']['name'] must be 'flow'.");
  const parameters = requireObject(action, 'parameters', "interactive['action']['parameters']");
  if ((parameters.flow_id === undefined) === (parameters.flow_name === undefined)) {
    throw invalidParameter("Param interactive['action']['parameters'] must contain exactly one of flow_id or flow_name.");
  }
  const cta = requireString(parameters, 'flow_cta', "interactive['action']['parameters']['flow_cta']", 30);
  return `[${cta}]`;
}

/** The menu of a list message on the customer's phone. */
export type PhoneList = NonNullable<StoredMessage['list']>;

/** The reply buttons or list rows of an already validated interactive message, with their ids. */
export function interactiveChoices(body: Json): Array<{ id: string; title: string }> {
  const interactive = isObject(body.interactive) ? body.interactive : {};
  const action = isObject(interactive.action) ? interactive.action : {};
  const pairs = (items: unknown): Array<{ id: string; title: string }> => (Array.isArray(items) ? items : [])
    .map((item: unknown) => (isObject(item) && isObject(item.reply) ? item.reply : item))
    .filter((item): item is Json => isObject(item) && typeof item.id === 'string' && typeof item.title === 'string')
    .map((item) => ({ id: String(item.id), title: String(item.title) }));
  if (interactive.type === 'button') return pairs(action.buttons);
  if (interactive.type === 'list') return (Array.isArray(action.sections) ? action.sections : []).flatMap((section: unknown) => pairs(isObject(section) ? section.rows : []));
  return [];
}

/** A list message's menu as the phone opens it: the button's label and the sections of rows (already validated). */
export function interactiveList(body: Json): PhoneList | null {
  const interactive = isObject(body.interactive) ? body.interactive : {};
  const action = isObject(interactive.action) ? interactive.action : {};
  if (interactive.type !== 'list' || !Array.isArray(action.sections)) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const sections = action.sections.filter(isObject).map((section) => ({
    title: text(section.title),
    rows: (Array.isArray(section.rows) ? section.rows : []).filter(isObject).map((row) => ({ id: text(row.id), title: text(row.title), description: text(row.description) })),
  }));
  return { button: text(action.button), sections };
}
