import { controlCharacterRefusal, publicUrlRefusal } from '../address.js';
import { KaikuError } from '../errors.js';
import type { InteractiveHeader, MediaRef, OutboundMessage, OutboundOf } from './outbound.js';

/** One problem with an outbound message: the field at fault and what to do about it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Meta's limits for outbound messages (Cloud API reference §1.3). */
export const MESSAGE_LIMITS = {
  textBody: 4096,
  caption: 1024,
  buttonsBody: 1024,
  listBody: 4096,
  ctaBody: 1024,
  headerText: 60,
  footer: 60,
  buttonCount: 3,
  buttonId: 256,
  buttonTitle: 20,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  ctaDisplayText: 20,
} as const;

class Issues {
  readonly list: FieldIssue[] = [];
  constructor(private readonly prefix: string) {}

  add(field: string, message: string): void {
    this.list.push({ field: this.prefix + field, message });
  }

  text(field: string, value: string | undefined, max: number, required = true): void {
    if (value === undefined || value === '') {
      if (required) this.add(field, 'is required');
      return;
    }
    if ([...value].length > max) this.add(field, `must be at most ${max} characters (it has ${[...value].length})`);
    const control = controlCharacterRefusal(value);
    if (control !== undefined) this.add(field, control);
  }
}

function checkMediaRef(issues: Issues, field: string, media: MediaRef): void {
  const url = media.url ?? '';
  const hasId = media.id !== undefined && media.id !== '';
  if ((url !== '') === hasId) {
    issues.add(field, 'needs exactly one of a public HTTPS URL or a media id');
    return;
  }
  if (url === '') return;
  const refusal = publicUrlRefusal(url);
  if (refusal !== undefined) issues.add(`${field}.url`, `${refusal}; Meta fetches the file from there, so use a public link such as https://example.com/photo.jpg`);
}

function checkHeader(issues: Issues, header: InteractiveHeader | undefined): void {
  if (!header) return;
  if (header.type === 'text') issues.text('header', header.text, MESSAGE_LIMITS.headerText);
  else checkMediaRef(issues, 'header', header);
}

function checkButtons(issues: Issues, msg: OutboundOf<'buttons'>): void {
  issues.text('body', msg.body, MESSAGE_LIMITS.buttonsBody);
  checkHeader(issues, msg.header);
  issues.text('footer', msg.footer, MESSAGE_LIMITS.footer, false);
  const count = msg.choices.length;
  if (count < 1 || count > MESSAGE_LIMITS.buttonCount) issues.add('choices', `must have 1 to ${MESSAGE_LIMITS.buttonCount} buttons (it has ${count})`);
  msg.choices.forEach((choice, index) => {
    issues.text(`choices[${index}].title`, choice.title, MESSAGE_LIMITS.buttonTitle);
    issues.text(`choices[${index}].id`, choice.id, MESSAGE_LIMITS.buttonId);
    if (choice.id !== choice.id.trim()) issues.add(`choices[${index}].id`, 'must not start or end with a space');
  });
  if (new Set(msg.choices.map((c) => c.id)).size < count) issues.add('choices', 'button ids must be different from each other');
  if (new Set(msg.choices.map((c) => c.title)).size < count) issues.add('choices', 'button titles must be different from each other');
}

function checkList(issues: Issues, msg: OutboundOf<'list'>): void {
  issues.text('body', msg.body, MESSAGE_LIMITS.listBody);
  issues.text('button', msg.button, MESSAGE_LIMITS.listButton);
  issues.text('header', msg.header, MESSAGE_LIMITS.headerText, false);
  issues.text('footer', msg.footer, MESSAGE_LIMITS.footer, false);
  const sections = msg.sections.length;
  if (sections < 1 || sections > MESSAGE_LIMITS.listSections) issues.add('sections', `must have 1 to ${MESSAGE_LIMITS.listSections} sections (it has ${sections})`);
  const rows = msg.sections.flatMap((section) => section.rows);
  if (rows.length < 1 || rows.length > MESSAGE_LIMITS.listRows) issues.add('sections', `must have 1 to ${MESSAGE_LIMITS.listRows} rows in total (it has ${rows.length})`);
  if (new Set(rows.map((row) => row.id)).size < rows.length) issues.add('sections', 'row ids must be different from each other');
  msg.sections.forEach((section, s) => {
    issues.text(`sections[${s}].title`, section.title, MESSAGE_LIMITS.sectionTitle, sections > 1);
    section.rows.forEach((row, r) => {
      const at = `sections[${s}].rows[${r}]`;
      issues.text(`${at}.id`, row.id, MESSAGE_LIMITS.rowId);
      issues.text(`${at}.title`, row.title, MESSAGE_LIMITS.rowTitle);
      issues.text(`${at}.description`, row.description, MESSAGE_LIMITS.rowDescription, false);
    });
  });
}

function checkCta(issues: Issues, msg: OutboundOf<'cta_url'>): void {
  issues.text('body', msg.body, MESSAGE_LIMITS.ctaBody);
  checkHeader(issues, msg.header);
  issues.text('footer', msg.footer, MESSAGE_LIMITS.footer, false);
  issues.text('displayText', msg.displayText, MESSAGE_LIMITS.ctaDisplayText);
  if (!/^https?:\/\/\S+$/i.test(msg.url)) issues.add('url', 'must be an http(s) URL, e.g. https://example.com/order/123');
}

function checkLocation(issues: Issues, msg: OutboundOf<'location'>): void {
  if (!Number.isFinite(msg.latitude) || Math.abs(msg.latitude) > 90) issues.add('latitude', 'must be a number between -90 and 90');
  if (!Number.isFinite(msg.longitude) || Math.abs(msg.longitude) > 180) issues.add('longitude', 'must be a number between -180 and 180');
}

function checkBody(issues: Issues, msg: OutboundMessage): void {
  switch (msg.type) {
    case 'text':
      return issues.text('text', msg.text, MESSAGE_LIMITS.textBody);
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      checkMediaRef(issues, 'media', msg.media);
      if (msg.caption && (msg.type === 'audio' || msg.type === 'sticker')) issues.add('caption', `cannot be sent with ${msg.type}`);
      return issues.text('caption', msg.caption, MESSAGE_LIMITS.caption, false);
    case 'location':
      return checkLocation(issues, msg);
    case 'contacts':
      if (msg.contacts.length === 0) issues.add('contacts', 'needs at least one contact card');
      return msg.contacts.forEach((card, i) => issues.text(`contacts[${i}].name.formatted_name`, card.name?.formatted_name, 1000));
    case 'reaction':
      issues.text('messageId', msg.messageId, 1000);
      if (msg.replyTo !== undefined) issues.add('replyTo', 'cannot be used with a reaction; the reaction already names its message');
      return;
    case 'buttons':
      return checkButtons(issues, msg);
    case 'list':
      return checkList(issues, msg);
    case 'cta_url':
      return checkCta(issues, msg);
    case 'template':
      issues.text('name', msg.name, 512);
      return issues.text('language', msg.language, 20);
  }
}

/** Lists every way the message breaks Meta's limits; empty when it can be sent. */
export function outboundIssues(msg: OutboundMessage, prefix = ''): FieldIssue[] {
  const issues = new Issues(prefix);
  if (!msg.to || msg.to.trim() === '') issues.list.push({ field: 'to', message: 'is required' });
  checkBody(issues, msg);
  return issues.list;
}

/** Builds the one validation error that names every field at fault. */
export function validationError(issues: FieldIssue[], what = 'The message'): KaikuError {
  const text = issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
  return new KaikuError('validation_failed', `${what} cannot be sent: ${text}.`, { details: { fields: issues } });
}

/** Throws KaikuError('validation_failed') naming every field that breaks Meta's limits. */
export function assertSendable(msg: OutboundMessage, prefix = ''): void {
  const issues = outboundIssues(msg, prefix);
  if (issues.length > 0) throw validationError(issues);
}
