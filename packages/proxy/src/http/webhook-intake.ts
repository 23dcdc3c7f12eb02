/**
 * `/webhooks/whatsapp`: Meta's GET handshake and the POSTs. Mounted before any body parser: it reads the raw
 * bytes itself (the signature is over them), refuses oversized bodies with 413, and answers 200 only after
 * the body is committed. Works as Express middleware and as a plain `node:http` handler (the hot path).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveWebhook, verifyWebhookHandshake } from '../actions/receive-webhook.js';
import type { ConnectionDirectory, ReceiptSink } from '../actions/receive-webhook.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** Meta's limit is 3 MB per POST; a little room above it. */
export const DEFAULT_WEBHOOK_MAX_BYTES = 4 * 1024 * 1024;

/** What the intake needs. */
export interface WebhookIntakeDeps {
  directory: ConnectionDirectory;
  receipts: ReceiptSink;
  maxBodyBytes?: number;
  logger?: Logger;
  metrics?: Metrics;
  /** Hears of each webhook POST as it starts and when it is answered (who goes first, `IntakeFirst`). */
  inFlight?: { started(): void; ended(): void };
}

/** A request handler for the webhook path (Express middleware or node:http listener). */
export type WebhookIntakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: {} } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function tooLarge(res: ServerResponse, req: IncomingMessage, max: number): void {
  res.setHeader('connection', 'close');
  sendError(res, 413, 'payload_too_large', `The webhook body is larger than ${max} bytes; Meta sends at most 3 MB.`);
  req.resume();
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > max ? 'too_large' : Buffer.concat(chunks, size)));
    // A client that goes away mid-body gets no answer; nothing is stored.
    req.on('close', () => resolve('aborted'));
    req.on('error', reject);
  });
}

/** Builds the handler. */
export function createWebhookIntake(deps: WebhookIntakeDeps): WebhookIntakeHandler {
  const max = deps.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BYTES;
  const receiving = { ...deps, onSignatureCheck: () => deps.metrics?.signatureChecks.inc() };

  async function handshake(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const query = new URL(req.url ?? '/', 'http://intake').searchParams;
    const challenge = await verifyWebhookHandshake(deps.directory, query);
    if (challenge === null) return sendError(res, 403, 'forbidden', 'The verify token does not match any WhatsApp connection of this Kaiku.');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(challenge);
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    if (Number(req.headers['content-length'] ?? 0) > max) {
      deps.metrics?.intakeRejected.inc({ reason: 'too_large' });
      return tooLarge(res, req, max);
    }
    const body = await readBody(req, max);
    if (body === 'aborted') return;
    if (body === 'too_large') {
      deps.metrics?.intakeRejected.inc({ reason: 'too_large' });
      return tooLarge(res, req, max);
    }
    const signature = req.headers['x-hub-signature-256'];
    const outcome = await receiveWebhook(receiving, body, typeof signature === 'string' ? signature : undefined);
    if (!outcome.ok) {
      deps.metrics?.intakeRejected.inc({ reason: outcome.status === 401 ? 'signature' : 'malformed' });
      return sendError(res, outcome.status, outcome.code, outcome.message);
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 });
    res.end('OK');
    deps.metrics?.intakeReceived.inc();
    deps.metrics?.intakeAckSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  return (req, res) => {
    const posted = req.method === 'POST';
    if (posted) deps.inFlight?.started();
    const work = req.method === 'GET' ? handshake(req, res) : posted ? post(req, res).finally(() => deps.inFlight?.ended()) : null;
    if (work === null) {
      res.setHeader('allow', 'GET, POST');
      return sendError(res, 405, 'method_not_allowed', 'Meta calls this address with GET (verification) and POST (events) only.');
    }
    work.catch((error: unknown) => {
      deps.metrics?.intakeRejected.inc({ reason: 'storage' });
      deps.logger?.error({ err: error }, 'webhook intake failed; Meta will deliver it again');
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'Kaiku could not store this webhook; Meta will deliver it again.');
    });
  };
}

/**
 * A node:http listener that serves `path` with the intake before Express's middleware stack (Express costs
 * ~200 µs per request) and hands every other request to `app`.
 */
export function serveWebhooksFirst(intake: WebhookIntakeHandler, app: (req: IncomingMessage, res: ServerResponse) => void, path = '/webhooks/whatsapp') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const bare = url.indexOf('?') === -1 ? url : url.slice(0, url.indexOf('?'));
    if (bare === path || bare === `${path}/`) intake(req, res);
    else app(req, res);
  };
}
