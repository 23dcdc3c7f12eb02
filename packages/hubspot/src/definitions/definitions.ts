/**
 * The custom workflow action definitions (`PublicActionDefinitionEgg`), built from the proxy's public URL:
 * "Send WhatsApp template", "Reply on WhatsApp" and "Request WhatsApp consent".
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
 */
import type { PublicActionDefinitionEgg } from '@hubspot/api-client/lib/codegen/automation/actions/index.js';
import { HUBSPOT_ROUTES, hubspotUrl } from '../paths.js';
import type { ActionKind } from '../types.js';
import { CONTACT_PROPERTY } from '../crm/properties.js';
import { dependencies, outputFields, replyInputs, requestConsentInputs, sendTemplateInputs } from './fields.js';
import { ERROR_RULES, replyLabels, sendTemplateLabels } from './labels.js';
import { requestConsentLabels } from './labels-consent.js';

/** Record types the actions run on; for deals and tickets the user maps a phone property. */
export const OBJECT_TYPES = ['CONTACT', 'DEAL', 'TICKET'];

/** Properties of the enrolled record sent with each execution (phone fallbacks and the opt-out flag). */
export const REQUESTED_PROPERTIES = ['mobilephone', 'phone', CONTACT_PROPERTY.waId, CONTACT_PROPERTY.optedOut];

function executionRules(): PublicActionDefinitionEgg['executionRules'] {
  return Object.keys(ERROR_RULES).map((code) => ({ labelName: code, conditions: { error_code: code } }));
}

function base(actionUrl: string): Pick<PublicActionDefinitionEgg, 'actionUrl' | 'published' | 'objectTypes' | 'objectRequestOptions' | 'functions' | 'outputFields' | 'executionRules'> {
  return {
    actionUrl,
    published: true,
    objectTypes: OBJECT_TYPES,
    objectRequestOptions: { properties: REQUESTED_PROPERTIES },
    functions: [],
    outputFields: outputFields(),
    executionRules: executionRules(),
  };
}

/** The action definitions, keyed by our name for them. */
export function actionDefinitions(publicUrl: string): Record<ActionKind, PublicActionDefinitionEgg> {
  const optionsUrl = hubspotUrl(publicUrl, HUBSPOT_ROUTES.options);
  return {
    send_template: {
      ...base(hubspotUrl(publicUrl, HUBSPOT_ROUTES.sendTemplate)),
      inputFields: sendTemplateInputs(optionsUrl),
      inputFieldDependencies: dependencies('send_template'),
      labels: { en: sendTemplateLabels('en'), fi: sendTemplateLabels('fi') },
    } as PublicActionDefinitionEgg,
    reply: {
      ...base(hubspotUrl(publicUrl, HUBSPOT_ROUTES.reply)),
      inputFields: replyInputs(optionsUrl),
      inputFieldDependencies: dependencies('reply'),
      labels: { en: replyLabels('en'), fi: replyLabels('fi') },
    } as PublicActionDefinitionEgg,
    request_consent: {
      ...base(hubspotUrl(publicUrl, HUBSPOT_ROUTES.requestConsent)),
      inputFields: requestConsentInputs(hubspotUrl(publicUrl, HUBSPOT_ROUTES.consentOptions)),
      inputFieldDependencies: dependencies('request_consent'),
      outputFields: outputFields('consent'),
      labels: { en: requestConsentLabels('en'), fi: requestConsentLabels('fi') },
    } as PublicActionDefinitionEgg,
  };
}
