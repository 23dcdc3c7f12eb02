/**
 * The workflows the end-to-end test imports into n8n, in n8n's export format: the Kaiku Trigger echoing a
 * customer's text with a Kaiku Reply, and a Webhook node feeding Kaiku's Send Template with variables.
 * The nodes are loaded from n8n's custom folder, so their types are `CUSTOM.<name>`.
 */
import { randomUUID } from 'node:crypto';

/** The credentials the workflows use, as `n8n import:credentials` takes them. */
export function kaikuCredentials(url: string, apiKey: string): Record<string, unknown> {
  return { id: 'kaikuCredential1', name: 'Kaiku', type: 'kaikuApi', data: { url, apiKey } };
}

const credentials = { kaikuApi: { id: 'kaikuCredential1', name: 'Kaiku' } };

function node(name: string, type: string, parameters: Record<string, unknown>, x: number, extra: Record<string, unknown> = {}) {
  return { id: randomUUID(), name, type, typeVersion: extra.typeVersion ?? 1, position: [x, 0], parameters, ...extra };
}

function workflow(id: string, name: string, nodes: Array<Record<string, unknown>>) {
  const connections: Record<string, unknown> = {};
  nodes.slice(0, -1).forEach((from, index) => {
    connections[String(from.name)] = { main: [[{ node: String(nodes[index + 1]?.name), type: 'main', index: 0 }]] };
  });
  return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** Kaiku Trigger (text messages) → Kaiku Reply "Echo: <text>", quoting the message. */
export function echoWorkflow(webhookId: string): Record<string, unknown> {
  return workflow('kaikuEchoFlow001', 'Kaiku echo', [
    node('Kaiku Trigger', 'CUSTOM.kaikuTrigger', { event: 'inbound_message', messageType: 'text' }, 0, { webhookId, credentials }),
    node('Echo', 'CUSTOM.kaiku', {
      operation: 'reply', to: '={{ $json.from }}', messageType: 'text', text: '=Echo: {{ $json.text }}',
      additionalFields: { replyTo: '={{ $json.id }}' },
    }, 300, { credentials }),
  ]);
}

/** POST /webhook/<path> {to, order, total} → Kaiku Send Template of `templateId` with variables 1 and 2; answers Kaiku's output. */
export function sendTemplateWorkflow(path: string, templateId: string): Record<string, unknown> {
  const field = (id: string) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false });
  return workflow('kaikuSendFlow001', 'Kaiku send template', [
    node('Webhook', 'n8n-nodes-base.webhook', { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} }, 0, { typeVersion: 2, webhookId: randomUUID() }),
    node('Send Template', 'CUSTOM.kaiku', {
      operation: 'sendTemplate', to: '={{ $json.body.to }}', template: templateId,
      variables: {
        mappingMode: 'defineBelow', value: { 1: '={{ $json.body.order }}', 2: '={{ $json.body.total }}' },
        matchingColumns: [], schema: [field('1'), field('2')], attemptToConvertTypes: false, convertFieldsToString: true,
      },
      additionalFields: { idempotencyKey: '={{ "n8n-" + $json.body.order }}' },
    }, 300, { credentials }),
  ]);
}
