/** Meta templates for the action tests, and the Graph fake's answer listing them. */
import type { MetaTemplate } from '@kaiku/core';
import type { GraphAnswer } from './action-deps-fixture.js';

/** A template with one body variable; `overrides` changes any field. */
export function template(overrides: Partial<MetaTemplate> = {}): MetaTemplate {
  return {
    id: 't-order', name: 'order_update', language: 'en', status: 'APPROVED', category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hi {{1}}, your order shipped.', example: { body_text: [['Aino']] } }],
    ...overrides,
  } as MetaTemplate;
}

/** A marketing template asking for an opt-in, with quick replies at positions 0 and 2 and a URL button at 1. */
export function optInTemplate(overrides: Partial<MetaTemplate> = {}): MetaTemplate {
  return template({
    id: 't-ask', name: 'ask_offers', category: 'MARKETING',
    components: [
      { type: 'BODY', text: 'May we send you offers?' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes, please' }, { type: 'URL', text: 'Terms', url: 'https://example.com/terms' }, { type: 'QUICK_REPLY', text: 'No thanks' }] },
    ],
    ...overrides,
  });
}

/** Meta's page of templates. */
export function templatePage(templates: MetaTemplate[]): GraphAnswer {
  return { body: { data: templates } };
}
