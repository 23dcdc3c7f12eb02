/**
 * A stand-in for the functions object n8n hands a node (`this` in execute, loadOptions, webhook methods):
 * parameters from a plain map, the Kaiku credentials, and `httpRequestWithAuthentication` as a real fetch
 * with the bearer key, answering `{statusCode, body}` like n8n's helper with `returnFullResponse`.
 */
import type { IDataObject, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IHttpRequestOptions } from 'n8n-workflow';

/** One request the node made. */
export interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

/** The fake and what it saw. */
export interface Fake {
  fns: IExecuteFunctions & ILoadOptionsFunctions & IHookFunctions;
  requests: SentRequest[];
  staticData: IDataObject;
}

/** A fake for `params`, calling the Kaiku server at `url` with `apiKey`. */
export function fakeFunctions(params: Record<string, unknown>, url: string, apiKey: string, webhookUrl = 'http://127.0.0.1:9/webhook/abc/webhook'): Fake {
  const requests: SentRequest[] = [];
  const staticData: IDataObject = {};
  const fns = {
    getNode: () => ({ id: 'node-1', name: 'Kaiku', type: 'CUSTOM.kaiku', typeVersion: 1, position: [0, 0], parameters: {} }),
    getInputData: () => [{ json: {} }],
    getNodeParameter: (name: string, _itemOrFallback?: unknown, fallback?: unknown) => (name in params ? params[name] : (typeof _itemOrFallback === 'number' ? fallback : _itemOrFallback)),
    getCurrentNodeParameter: (name: string) => params[name],
    getNodeWebhookUrl: () => webhookUrl,
    getWorkflowStaticData: () => staticData,
    continueOnFail: () => false,
    getCredentials: async () => ({ url, apiKey }),
    helpers: {
      async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
        const target = new URL(`${options.baseURL ?? ''}${options.url}`);
        for (const [key, value] of Object.entries(options.qs ?? {})) target.searchParams.set(key, String(value));
        requests.push({ method: options.method ?? 'GET', url: target.toString(), body: options.body });
        const answer = await fetch(target, {
          method: options.method ?? 'GET',
          headers: { authorization: `Bearer ${apiKey}`, ...(options.body ? { 'content-type': 'application/json' } : {}) },
          body: options.body ? JSON.stringify(options.body) : undefined,
        });
        const text = await answer.text();
        return { statusCode: answer.status, body: text ? (JSON.parse(text) as unknown) : '' };
      },
    },
  };
  return { fns: fns as unknown as Fake['fns'], requests, staticData };
}
