/**
 * Builds `apiProperties.json`: the connection's parameters (API key, Kaiku address), brand, and two policies: the host
 * from the connection, and a `Kaiku-Client` header on every request so that the proxy answers errors in words that fit
 * Power Automate (a custom connector runs no code of its own without a script; a policy template is declarative).
 */
import { CLIENT_HEADER, CLIENT_HEADER_VALUES } from '../../shared/error-words.js';
import { connectorSettings } from './build-definition.js';
import type { Schema } from './swagger-schema.js';

/** The whole `apiProperties.json` document. */
export function buildApiProperties(): Schema {
  return {
    properties: {
      connectionParameters: {
        host: {
          type: 'string',
          uiDefinition: {
            displayName: 'Kaiku Address',
            description: 'The host name of your Kaiku server, without https://, for example kaiku.yourcompany.com',
            tooltip: 'Ask whoever runs Kaiku for you: it is the host name of KAIKU_PUBLIC_URL.',
            constraints: { tabIndex: 1, clearText: true, required: 'true' },
          },
        },
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'API Key',
            description: 'A Kaiku API key for Power Automate, from your Kaiku administrator; it is shown once when created.',
            tooltip: 'Lost the key? Ask your Kaiku administrator for a new one and update the connection.',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
      },
      iconBrandColor: connectorSettings.brandColor,
      capabilities: ['actions', 'triggers'],
      publisher: connectorSettings.publisher,
      stackOwner: connectorSettings.publisher,
      policyTemplateInstances: [
        {
          templateId: 'dynamichosturl',
          title: 'Kaiku address',
          parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "https://@connectionParameters('host')" },
        },
        {
          templateId: 'setheader',
          title: 'Errors in Power Automate words',
          parameters: {
            'x-ms-apimTemplateParameter.name': CLIENT_HEADER,
            'x-ms-apimTemplateParameter.value': CLIENT_HEADER_VALUES.power_automate ?? '',
            'x-ms-apimTemplateParameter.existsAction': 'override',
            'x-ms-apimTemplate-policySection': 'Request',
          },
        },
      ],
    },
  };
}
