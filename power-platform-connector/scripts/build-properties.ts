/** Builds `apiProperties.json`: the connection's parameters (API key, Kaiku address), brand and host policy. */
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
            description: 'Your Kaiku API key (pnpm kaiku key create); it is shown once when created.',
            tooltip: 'Lost the key? Create a new one and update the connection.',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
      },
      iconBrandColor: connectorSettings.brandColor,
      capabilities: ['actions', 'triggers'],
      publisher: connectorSettings.publisher,
      stackOwner: connectorSettings.publisher,
      policyTemplateInstances: [{
        templateId: 'dynamichosturl',
        title: 'Kaiku address',
        parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "https://@connectionParameters('host')" },
      }],
    },
  };
}
