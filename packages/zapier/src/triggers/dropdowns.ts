/**
 * Hidden triggers that fill the dropdowns, so that nobody types an id: the workspace's phone numbers
 * and its approved templates ("order_confirmation (fi) — UTILITY").
 */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { callProxy } from '../api.js';

/** A template as `GET /v1/templates` lists it. */
export interface ProxyTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  label: string;
  preview?: string;
}

/** A phone number as `GET /v1/phone-numbers` lists it. */
export interface ProxyPhoneNumber {
  id: string;
  display_phone_number: string;
  verified_name: string;
  waba_id?: string;
}

/** Dropdown choices: `id` is stored, `name` is shown. */
export interface Choice {
  id: string;
  name: string;
}

/** The approved templates of the chosen number's WhatsApp account (all of the workspace's when none is chosen). */
export async function listTemplates(z: ZObject, bundle: Bundle): Promise<(Choice & { template_name: string; language: string; category: string })[]> {
  const phoneNumberId = bundle.inputData.phone_number_id;
  const params = { phone_number_id: typeof phoneNumberId === 'string' ? phoneNumberId : undefined };
  const answer = await callProxy<{ data: ProxyTemplate[] }>(z, bundle, { path: '/templates', params });
  return answer.data.map((template) => ({
    id: template.id,
    name: template.label,
    template_name: template.name,
    language: template.language,
    category: template.category,
  }));
}

/** The workspace's WhatsApp business numbers, shown as "+15550001234 — Acme Oy". */
export async function listPhoneNumbers(z: ZObject, bundle: Bundle): Promise<Choice[]> {
  const answer = await callProxy<{ data: ProxyPhoneNumber[] }>(z, bundle, { path: '/phone-numbers' });
  return answer.data.map((phone) => ({
    id: phone.id,
    name: `+${phone.display_phone_number.replace(/^\+/, '')} — ${phone.verified_name}`,
  }));
}

/** Hidden trigger behind the Template dropdowns. */
export const templateList: Trigger = {
  key: 'template_list',
  noun: 'Template',
  display: { label: 'List Approved Templates', description: 'Triggers when a message template is approved; feeds the Template dropdowns.', hidden: true },
  operation: { type: 'polling', perform: listTemplates },
};

/** Hidden trigger behind the Business Phone Number dropdowns. */
export const phoneNumberList: Trigger = {
  key: 'phone_number_list',
  noun: 'Phone Number',
  display: { label: 'List Business Phone Numbers', description: 'Triggers when a business phone number is added; feeds the Business Phone Number dropdowns.', hidden: true },
  operation: { type: 'polling', perform: listPhoneNumbers },
};
