/**
 * "Kaiku API" credentials: the Kaiku server's URL and an API key (`pnpm kaiku key create`), sent as a
 * bearer token; n8n tests them with `GET /v1/me`. Every request also names its client (`Kaiku-Client: n8n`),
 * so that the console files the subscriptions that n8n makes under n8n.
 */
import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** The Kaiku API credentials type. */
export class KaikuApi implements ICredentialType {
  name = 'kaikuApi';

  displayName = 'Kaiku API';

  icon: Icon = { light: 'file:kaiku.svg', dark: 'file:kaiku.dark.svg' };

  documentationUrl = 'https://kaiku.example.com/docs/en/n8n';

  properties: INodeProperties[] = [
    {
      displayName: 'URL',
      name: 'url',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://kaiku.example.com',
      description: 'The address of your Kaiku server, without /v1',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'A key made with "pnpm kaiku key create" or in the console under API keys',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization: '=Bearer {{$credentials.apiKey}}',
        'Kaiku-Client': 'n8n',
      },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.url.replace(/\\/+$/, "")}}',
      url: '/v1/me',
    },
  };
}
