/**
 * Labels of both actions in English and Finnish (`labels.en` is required by HubSpot). Every input and
 * output field has a label and every execution rule a message; the definitions test checks both.
 */
import type { PublicActionLabels } from '@hubspot/api-client/lib/codegen/automation/actions/index.js';
import { MEDIA_TYPES, NUMBERED_VARIABLES } from './fields.js';

/** The execution rules' error codes and the message a marketer sees in the workflow history. */
export const ERROR_RULES: Record<string, { en: string; fi: string }> = {
  window_closed: {
    en: 'Not sent: the 24-hour reply window is closed. Send a template instead, or set a fallback template.',
    fi: 'Ei lähetetty: 24 tunnin vastausikkuna on sulkeutunut. Lähetä viestipohja tai määritä varapohja.',
  },
  opted_out: { en: 'Not sent: the contact has opted out of WhatsApp messages.', fi: 'Ei lähetetty: yhteyshenkilö on kieltäytynyt WhatsApp-viesteistä.' },
  no_consent: { en: 'Not sent: the contact has not given consent to WhatsApp messages.', fi: 'Ei lähetetty: yhteyshenkilö ei ole antanut suostumusta WhatsApp-viesteihin.' },
  invalid_phone: { en: "Not sent: the phone number is not valid. Check the contact's phone number.", fi: 'Ei lähetetty: puhelinnumero ei kelpaa. Tarkista yhteyshenkilön puhelinnumero.' },
  missing_phone: { en: 'Not sent: the record has no phone number. Map the Phone field to a phone property.', fi: 'Ei lähetetty: tietueella ei ole puhelinnumeroa. Yhdistä Puhelin-kenttä puhelinnumero-ominaisuuteen.' },
  recipient_not_on_whatsapp: { en: 'Not sent: this phone number does not use WhatsApp.', fi: 'Ei lähetetty: tämä puhelinnumero ei käytä WhatsAppia.' },
  template_not_found: { en: 'Not sent: the template no longer exists. Choose another template.', fi: 'Ei lähetetty: viestipohjaa ei enää ole. Valitse toinen viestipohja.' },
  template_not_approved: { en: 'Not sent: the template is not approved by WhatsApp.', fi: 'Ei lähetetty: WhatsApp ei ole hyväksynyt viestipohjaa.' },
  template_variables_invalid: { en: 'Not sent: template variables are missing or too long: {{error_message}}', fi: 'Ei lähetetty: viestipohjan muuttujia puuttuu tai ne ovat liian pitkiä: {{error_message}}' },
  not_connected: { en: 'Not sent: this HubSpot account is not connected to Kaiku.', fi: 'Ei lähetetty: tätä HubSpot-tiliä ei ole yhdistetty Kaikuun.' },
  failed: { en: 'Not sent: {{error_message}}', fi: 'Ei lähetetty: {{error_message}}' },
};

/** The languages of the labels. */
export type Lang = 'en' | 'fi';
type Text = Record<Lang, string>;

/** Labels of the recipient fields every action has. */
export const COMMON_INPUTS = {
  phone: {
    label: { en: 'Phone number', fi: 'Puhelinnumero' },
    description: {
      en: "The recipient's WhatsApp number with country code, for example +358 40 123 4567. Leave empty to use the contact's mobile phone or phone.",
      fi: 'Vastaanottajan WhatsApp-numero maatunnuksineen, esimerkiksi +358 40 123 4567. Jätä tyhjäksi, niin käytetään yhteyshenkilön matkapuhelinta tai puhelinta.',
    },
  },
  phone_number_id: {
    label: { en: 'Business number', fi: 'Yrityksen numero' },
    description: { en: 'The WhatsApp business number to send from. Leave empty to use the default.', fi: 'WhatsApp-yritysnumero, josta viesti lähetetään. Jätä tyhjäksi käyttääksesi oletusta.' },
  },
} satisfies Record<string, { label: Text; description: Text }>;

/** Labels of the template variable slots. */
export function variableLabels(prefix: string, lang: Lang): { labels: Record<string, string>; descriptions: Record<string, string> } {
  const labels: Record<string, string> = {};
  const descriptions: Record<string, string> = {};
  const en = lang === 'en';
  for (let i = 1; i <= NUMBERED_VARIABLES; i++) {
    labels[`${prefix}variable_${i}_name`] = en ? `Variable ${i}: which one` : `Muuttuja ${i}: mikä`;
    descriptions[`${prefix}variable_${i}_name`] = en
      ? 'Choose one of the chosen template\'s variables (its name and an example are shown). Leave empty to fill {{' + i + '}}.'
      : 'Valitse yksi valitun viestipohjan muuttujista (nimi ja esimerkki näkyvät). Jätä tyhjäksi täyttääksesi kohdan {{' + i + '}}.';
    labels[`${prefix}variable_${i}`] = en ? `Variable ${i}: value` : `Muuttuja ${i}: arvo`;
    descriptions[`${prefix}variable_${i}`] = en ? 'The value of the variable chosen above, e.g. a contact property.' : 'Yllä valitun muuttujan arvo, esimerkiksi yhteyshenkilön ominaisuus.';
  }
  labels[`${prefix}more_variables`] = en ? 'More variables' : 'Lisää muuttujia';
  descriptions[`${prefix}more_variables`] = en
    ? 'Only if the template has more variables than the fields above: one per line as name=value (first_name=Anna, header_image=https://…, button_0_url=…).'
    : 'Vain jos viestipohjassa on enemmän muuttujia kuin yllä on kenttiä: yksi riville muodossa nimi=arvo (first_name=Anna, header_image=https://…, button_0_url=…).';
  return { labels, descriptions };
}

/** Labels of the message outputs. */
export function outputLabels(lang: Lang): Record<string, string> {
  const en = { message_id: 'WhatsApp message ID', wa_id: 'WhatsApp ID', status: 'Status', sent_as: 'Sent as', error_code: 'Error code', error_message: 'Error message' };
  const fi = { message_id: 'WhatsApp-viestin tunnus', wa_id: 'WhatsApp-tunnus', status: 'Tila', sent_as: 'Lähetetty muodossa', error_code: 'Virhekoodi', error_message: 'Virheilmoitus' };
  return lang === 'en' ? en : fi;
}

/** The execution rules' messages. */
export function executionRuleLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(ERROR_RULES).map(([code, text]) => [code, text[lang]]));
}

/** Labels of "Send WhatsApp template" in one language. */
export function sendTemplateLabels(lang: Lang): PublicActionLabels {
  const vars = variableLabels('', lang);
  const en = lang === 'en';
  return {
    actionName: en ? 'Send WhatsApp template' : 'Lähetä WhatsApp-viestipohja',
    actionDescription: en ? 'Sends an approved WhatsApp message template to the record’s phone number.' : 'Lähettää hyväksytyn WhatsApp-viestipohjan tietueen puhelinnumeroon.',
    actionCardContent: en ? 'Send {{template}} on WhatsApp' : 'Lähetä {{template}} WhatsAppissa',
    appDisplayName: 'Kaiku WhatsApp',
    inputFieldLabels: {
      phone: COMMON_INPUTS.phone.label[lang], phone_number_id: COMMON_INPUTS.phone_number_id.label[lang],
      template: en ? 'Template' : 'Viestipohja', ...vars.labels,
      require_consent: en ? 'Only send with consent' : 'Lähetä vain suostumuksella', consent: en ? 'Consent' : 'Suostumus',
    },
    inputFieldDescriptions: {
      phone: COMMON_INPUTS.phone.description[lang], phone_number_id: COMMON_INPUTS.phone_number_id.description[lang],
      template: en ? 'An approved template of your WhatsApp business account.' : 'WhatsApp-yritystilisi hyväksytty viestipohja.', ...vars.descriptions,
      require_consent: en ? 'Check to send only when the Consent field says yes.' : 'Valitse, jos viesti lähetetään vain, kun Suostumus-kenttä on kyllä.',
      consent: en ? "Map the contact's WhatsApp consent property; yes, true or opted_in allows sending." : 'Yhdistä yhteyshenkilön WhatsApp-suostumusominaisuus; kyllä, true tai opted_in sallii lähetyksen.',
    },
    inputFieldOptionLabels: { require_consent: en ? { true: 'Yes', false: 'No' } : { true: 'Kyllä', false: 'Ei' } },
    outputFieldLabels: outputLabels(lang),
    executionRules: executionRuleLabels(lang),
  };
}

/** Labels of "Reply on WhatsApp" in one language. */
export function replyLabels(lang: Lang): PublicActionLabels {
  const vars = variableLabels('fallback_', lang);
  const en = lang === 'en';
  const mediaEn = { image: 'Image', document: 'Document', video: 'Video', audio: 'Audio' };
  const mediaFi = { image: 'Kuva', document: 'Asiakirja', video: 'Video', audio: 'Ääni' };
  return {
    actionName: en ? 'Reply on WhatsApp' : 'Vastaa WhatsAppissa',
    actionDescription: en ? 'Replies with text or media within the 24-hour reply window, or sends a fallback template when it has closed.' : 'Vastaa tekstillä tai medialla 24 tunnin vastausikkunan aikana tai lähettää varapohjan, kun ikkuna on sulkeutunut.',
    actionCardContent: en ? 'Reply on WhatsApp' : 'Vastaa WhatsAppissa',
    appDisplayName: 'Kaiku WhatsApp',
    inputFieldLabels: {
      phone: COMMON_INPUTS.phone.label[lang], phone_number_id: COMMON_INPUTS.phone_number_id.label[lang],
      text: en ? 'Message text' : 'Viestin teksti', media_type: en ? 'Media type' : 'Median tyyppi', media_url: en ? 'Media URL' : 'Median URL-osoite',
      fallback_template: en ? 'Fallback template' : 'Varapohja', ...vars.labels,
    },
    inputFieldDescriptions: {
      phone: COMMON_INPUTS.phone.description[lang], phone_number_id: COMMON_INPUTS.phone_number_id.description[lang],
      text: en ? 'The reply (the caption when media is attached).' : 'Vastaus (kuvateksti, kun mukana on media).',
      media_type: en ? 'Attach an image, document, video or audio file.' : 'Liitä kuva, asiakirja, video tai äänitiedosto.',
      media_url: en ? 'A public HTTPS link to the file.' : 'Julkinen HTTPS-linkki tiedostoon.',
      fallback_template: en ? 'Sent instead when the 24-hour reply window has closed.' : 'Lähetetään sen sijaan, jos 24 tunnin vastausikkuna on sulkeutunut.',
      ...vars.descriptions,
    },
    inputFieldOptionLabels: { media_type: Object.fromEntries(MEDIA_TYPES.map((t) => [t, (en ? mediaEn : mediaFi)[t]])) },
    outputFieldLabels: outputLabels(lang),
    executionRules: executionRuleLabels(lang),
  };
}
