/** `GET /{id}` and `DELETE /{id}` for the objects the sandbox knows: phone numbers, the WABA, templates, media. */
import type { Sandbox } from '../context.js';
import { unknownObject } from '../graph-error.js';
import type { PhoneNumber } from '../options.js';
import { mediaInfo } from '../media/store.js';
import { templateWithFields } from '../templates/view.js';
import { selectFields } from './select-fields.js';

/** Meta's phone number object (as `GET /{phone-number-id}` returns it), optionally narrowed by `fields`. */
export function phoneNumberView(phone: PhoneNumber): Record<string, unknown> {
  return {
    verified_name: phone.verified_name,
    code_verification_status: 'VERIFIED',
    display_phone_number: phone.display_phone_number,
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: 'STANDARD' },
    whatsapp_business_manager_messaging_limit: 'TIER_2K',
    id: phone.id,
  };
}

export { selectFields } from './select-fields.js';

/** Looks an id up among every kind of object; unknown ids get Meta's GraphMethodException. */
export function getObject(sandbox: Sandbox, id: string, query: Record<string, unknown>): Record<string, unknown> {
  const phone = sandbox.options.phoneNumbers.find((p) => p.id === id);
  if (phone) return selectFields(phoneNumberView(phone), query.fields);
  if (id === sandbox.options.wabaId) {
    const waba = { id, name: 'Kaiku Sandbox', currency: 'EUR', timezone_id: '1', message_template_namespace: 'sandbox_namespace' };
    return selectFields(waba, query.fields);
  }
  const template = sandbox.state.templates.find((t) => t.id === id);
  if (template) return templateWithFields(template, query.fields, sandbox.options.clock.now());
  const media = sandbox.state.media[id];
  if (media) return mediaInfo(sandbox, media, query.phone_number_id);
  throw unknownObject(id, 'get');
}
