/**
 * The Express router the proxy mounts at `/hubspot`: the action URLs and the options URL. Every
 * request must carry a valid v3 (or, without one, v2) signature over the URI HubSpot called (rebuilt from the configured
 * public URL, never from proxy headers) and the raw body; otherwise 401 and nothing runs.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response, type Router } from 'express';
import { executeAction, type ActionKind } from './execution/execute.js';
import { fetchOptions } from './execution/options.js';
import { HUBSPOT_ROUTES } from './paths.js';
import { verifyHubspotRequest } from './signature.js';
import type { HubspotDeps } from './types.js';

/** Largest body HubSpot sends us (executions are a few KB). */
const BODY_LIMIT = '256kb';

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, details: {} } });
}

function verifySignature(deps: HubspotDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!Buffer.isBuffer(req.body)) {
      sendError(res, 500, 'internal_error', 'The HubSpot router must be mounted before any body parser: it needs the raw body to check signatures.');
      return;
    }
    const verdict = verifyHubspotRequest(
      { method: req.method, uri: deps.publicUrl.replace(/\/+$/, '') + req.originalUrl, rawBody: req.body },
      {
        v3: req.get('x-hubspot-signature-v3'), timestamp: req.get('x-hubspot-request-timestamp'),
        v2: req.get('x-hubspot-signature'), version: req.get('x-hubspot-signature-version'),
      },
      deps.clientSecret, deps.now?.() ?? Date.now(),
    );
    if (!verdict.ok) {
      sendError(res, 401, 'unauthorized', verdict.reason);
      return;
    }
    next();
  };
}

function actionHandler(kind: ActionKind, deps: HubspotDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const answer = await executeAction(kind, req.body as Buffer, deps);
    res.status(answer.status).json(answer.body);
  };
}

/** Our own failures answer 500 in JSON: HubSpot retries (the callback id keeps the send single). */
function crashHandler(deps: HubspotDeps): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (status === 413) return sendError(res, 413, 'payload_too_large', 'The request body is larger than HubSpot sends.');
    deps.onError?.('A HubSpot request failed inside Kaiku', error);
    sendError(res, 500, 'internal_error', 'Kaiku could not complete this request; HubSpot will try again.');
  };
}

/** Builds the router for HubSpot's action and options URLs. */
export function createHubspotRouter(deps: HubspotDeps): Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  router.use(verifySignature(deps));
  router.post(HUBSPOT_ROUTES.sendTemplate, actionHandler('send_template', deps));
  router.post(HUBSPOT_ROUTES.reply, actionHandler('reply', deps));
  router.post(HUBSPOT_ROUTES.requestConsent, actionHandler('request_consent', deps));
  router.post(HUBSPOT_ROUTES.options, async (req: Request, res: Response) => {
    const answer = await fetchOptions(req.body as Buffer, deps);
    res.status(answer.status).json(answer.body);
  });
  // Kaiku sets the consent request's quick-reply payloads itself (they carry the answer): not a variable to map.
  router.post(HUBSPOT_ROUTES.consentOptions, async (req: Request, res: Response) => {
    const answer = await fetchOptions(req.body as Buffer, deps, { omitInput: (key) => /^button_\d+_payload$/.test(key) });
    res.status(answer.status).json(answer.body);
  });
  router.use(crashHandler(deps));
  return router;
}
