/** Labels of "Request WhatsApp consent" in English and Finnish (the definitions test checks every field has one). */
import type { PublicActionLabels } from '@hubspot/api-client/lib/codegen/automation/actions/index.js';
import { COMMON_INPUTS, executionRuleLabels, outputLabels, variableLabels, type Lang } from './labels.js';

function consentOutputLabels(lang: Lang): Record<string, string> {
  const { message_id: messageId, wa_id: waId, status, error_code: errorCode, error_message: errorMessage } = outputLabels(lang);
  const en = lang === 'en';
  return {
    message_id: messageId ?? '', wa_id: waId ?? '', status: status ?? '', error_code: errorCode ?? '', error_message: errorMessage ?? '',
    agree_button: en ? 'Agree button' : 'Suostumuspainike', decline_button: en ? 'Decline button' : 'Kieltäytymispainike',
  };
}

/** Labels of "Request WhatsApp consent" in one language. */
export function requestConsentLabels(lang: Lang): PublicActionLabels {
  const vars = variableLabels('', lang);
  const en = lang === 'en';
  return {
    actionName: en ? 'Request WhatsApp consent' : 'Pyydä WhatsApp-suostumus',
    actionDescription: en
      ? 'Asks the contact on WhatsApp, with a template\'s quick-reply buttons, whether they want marketing messages. Their tap on the agree button records the opt-in with proof in Kaiku.'
      : 'Kysyy yhteyshenkilöltä WhatsAppissa viestipohjan pikavastauspainikkeilla, haluaako hän markkinointiviestejä. Suostumuspainikkeen napautus kirjataan Kaikuun todisteineen.',
    actionCardContent: en ? 'Ask for WhatsApp consent with {{template}}' : 'Pyydä WhatsApp-suostumus pohjalla {{template}}',
    appDisplayName: 'Kaiku WhatsApp',
    inputFieldLabels: {
      phone: COMMON_INPUTS.phone.label[lang], phone_number_id: COMMON_INPUTS.phone_number_id.label[lang],
      template: en ? 'Template' : 'Viestipohja', ...vars.labels,
      decline_opts_out: en ? 'Decline opts out' : 'Kieltäytyminen kieltää markkinoinnin',
    },
    inputFieldDescriptions: {
      phone: COMMON_INPUTS.phone.description[lang], phone_number_id: COMMON_INPUTS.phone_number_id.description[lang],
      template: en
        ? 'An approved template with quick-reply buttons that asks for consent, such as "May we send you offers?" with "Yes, please" and "No thanks". The first quick reply agrees, the next one declines.'
        : 'Hyväksytty viestipohja, jossa on pikavastauspainikkeet ja joka kysyy suostumusta, esimerkiksi "Saammeko lähettää tarjouksia?" ja "Kyllä kiitos" / "Ei kiitos". Ensimmäinen pikavastaus hyväksyy, seuraava kieltäytyy.',
      ...vars.descriptions,
      decline_opts_out: en
        ? 'Check to record an opt-out from marketing when the contact taps the decline button. Unchecked, a decline records nothing.'
        : 'Valitse, jos kieltäytymispainikkeen napautus kirjataan kiellöksi markkinoinnille. Muuten kieltäytymistä ei kirjata.',
    },
    inputFieldOptionLabels: { decline_opts_out: en ? { true: 'Yes', false: 'No' } : { true: 'Kyllä', false: 'Ei' } },
    outputFieldLabels: consentOutputLabels(lang),
    executionRules: executionRuleLabels(lang),
  };
}
