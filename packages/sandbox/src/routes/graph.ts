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
import { listPermissions } from '../tokens.js';
import { getObject, phoneNumberView } from './objects.js';
import { blockUsers, deregister, getBusinessProfile, listBlockedUsers, register, unblockUsers, updateBusinessProfile } from './phone-settings.js';
import { usageHeaders } from './usage.js';
import { listSubscribedApps, subscribeApp, unsubscribeApp } from './subscribed-apps.js';

function wabaOf(sandbox: Sandbox, req: Request, method: 'get' | 'post' | 'delete'): string {
  const id = String(req.params.id);
  if (id !== sandbox.options.wabaId) throw unknownObject(id, method);
  return id;
}

function selfUrl(sandbox: Sandbox, req: Request): string {
  return new URL(req.originalUrl, sandbox.baseUrl()).toString();
}

function body(req: Request): Json {
  return isObject(req.body) ? req.body : {};
}

/** The routes of a business number's settings: blocklist, business profile, registration. */
function phoneSettingsRoutes(router: Router, sandbox: Sandbox): void {
  const phone = (req: Request, method: 'get' | 'post' | 'delete') => phoneNumberOf(sandbox, String(req.params.id), method);
  router.post('/:id/block_users', (req: Request, res: Response) => res.json(blockUsers(sandbox, phone(req, 'post'), body(req))));
  router.get('/:id/block_users', (req: Request, res: Response) => res.json(listBlockedUsers(sandbox, phone(req, 'get'))));
  router.delete('/:id/block_users', (req: Request, res: Response) => res.json(unblockUsers(sandbox, phone(req, 'delete'), body(req))));
  router.get('/:id/whatsapp_business_profile', (req: Request, res: Response) => res.json(getBusinessProfile(sandbox, phone(req, 'get'), req.query.fields)));
  router.post('/:id/whatsapp_business_profile', (req: Request, res: Response) => res.json(updateBusinessProfile(sandbox, phone(req, 'post'), body(req))));
  router.post('/:id/register', (req: Request, res: Response) => res.json(register(sandbox, phone(req, 'post'), body(req))));
  router.post('/:id/deregister', (req: Request, res: Response) => res.json(deregister(sandbox, phone(req, 'post'))));
}

/** The router mounted at `/{version}` and at `/` (unversioned); every route requires the access token. */
export function graphRouter(sandbox: Sandbox, limits: RateLimits): Router {
  const router = Router({ mergeParams: true });
  router.use(requireToken(sandbox), usageHeaders(sandbox));
  router.get('/me/permissions', (_req: Request, res: Response) => res.json(listPermissions(res.locals.permissions as readonly string[])));
  phoneSettingsRoutes(router, sandbox);
  router.post('/:id/messages', (req: Request, res: Response) => {
    const phone = phoneNumberOf(sandbox, String(req.params.id), 'post');
    limits.takeThroughput(phone.id);
    const input = body(req);
    res.json(input.status === 'read' ? markAsRead(sandbox, phone, input) : sendMessage(sandbox, limits, phone, input));
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
