/** The Graph surface under `/{version}/…`: Meta's paths, payloads and error envelope. */
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Sandbox } from '../context.js';
import { phoneNumberOf } from '../context.js';
import { unknownObject } from '../graph-error.js';
import { deleteMedia, uploadMedia } from '../media/routes.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import type { RateLimits } from '../messages/rate-limits.js';
import { markAsRead, sendMessage } from '../messages/send.js';
import { createTemplate, deleteTemplates } from '../templates/create.js';
import { editTemplate } from '../templates/edit.js';
import { listTemplates } from '../templates/list.js';
import { requireToken } from './auth.js';
import { getObject, phoneNumberView } from './objects.js';
import { listSubscribedApps, subscribeApp, unsubscribeApp } from './subscribed-apps.js';

function wabaOf(sandbox: Sandbox, req: Request, method: 'get' | 'post' | 'delete'): string {
  const id = String(req.params.id);
  if (id !== sandbox.options.wabaId) throw unknownObject(id, method);
  return id;
}

function selfUrl(sandbox: Sandbox, req: Request): string {
  return new URL(req.originalUrl, sandbox.baseUrl()).toString();
}

/** The router mounted at `/{version}`; every route requires the access token. */
export function graphRouter(sandbox: Sandbox, limits: RateLimits): Router {
  const router = Router({ mergeParams: true });
  router.use(requireToken(sandbox));
  router.post('/:id/messages', (req: Request, res: Response) => {
    const phone = phoneNumberOf(sandbox, String(req.params.id), 'post');
    limits.takeThroughput(phone.id);
    const body: Json = isObject(req.body) ? req.body : {};
    res.json(body.status === 'read' ? markAsRead(sandbox, phone, body) : sendMessage(sandbox, limits, phone, body));
  });
  router.post('/:id/media', (req: Request, res: Response) => uploadMedia(sandbox, req, res));
  router.get('/:id/phone_numbers', (req: Request, res: Response) => {
    wabaOf(sandbox, req, 'get');
    res.json({ data: sandbox.options.phoneNumbers.map(phoneNumberView), paging: { cursors: {} } });
  });
  router.get('/:id/message_templates', (req: Request, res: Response) => {
    res.json(listTemplates(sandbox, wabaOf(sandbox, req, 'get'), req.query, selfUrl(sandbox, req)));
  });
  router.post('/:id/message_templates', (req: Request, res: Response) => {
    res.json(createTemplate(sandbox, wabaOf(sandbox, req, 'post'), isObject(req.body) ? req.body : {}));
  });
  router.delete('/:id/message_templates', (req: Request, res: Response) => {
    res.json(deleteTemplates(sandbox, wabaOf(sandbox, req, 'delete'), req.query));
  });
  router.get('/:id/subscribed_apps', (req: Request, res: Response) => res.json(listSubscribedApps(sandbox, wabaOf(sandbox, req, 'get'))));
  router.post('/:id/subscribed_apps', async (req: Request, res: Response) => res.json(await subscribeApp(sandbox, wabaOf(sandbox, req, 'post'), req)));
  router.delete('/:id/subscribed_apps', (req: Request, res: Response) => res.json(unsubscribeApp(sandbox, wabaOf(sandbox, req, 'delete'))));
  router.post('/:id', (req: Request, res: Response) => res.json(editTemplate(sandbox, String(req.params.id), isObject(req.body) ? req.body : {})));
  router.get('/:id', (req: Request, res: Response) => res.json(getObject(sandbox, String(req.params.id), req.query)));
  router.delete('/:id', (req: Request, res: Response) => deleteMedia(sandbox, req, res));
  return router;
}
