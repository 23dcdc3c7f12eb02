/** A tiny Graph client for the tests: JSON requests with the sandbox's token. */

/** Status and parsed JSON of one Graph call. */
export interface GraphResponse {
  status: number;
  body: Record<string, unknown> & { error?: { message: string; type: string; code: number; error_subcode?: number; error_data?: { details: string }; fbtrace_id: string; is_transient?: boolean; error_user_title?: string; error_user_msg?: string } };
}

/** Calls `${base}/v24.0${path}` with a Bearer token (the default sandbox token unless given). */
export async function graph(base: string, method: string, path: string, body?: unknown, token = 'sandbox-access-token'): Promise<GraphResponse> {
  const response = await fetch(`${base}/v24.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as GraphResponse['body'] };
}

/** The default phone number id and WABA id of the sandbox. */
export const PHONE = '106540352242922';
export const WABA = '102290129340398';

/** A text message body in Meta's send shape. */
export function text(to: string, body: string): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } };
}
