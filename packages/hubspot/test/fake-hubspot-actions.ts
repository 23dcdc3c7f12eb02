/** The fake's automation, account-info and event-definition endpoints (see fake-hubspot.ts). */
import type { Express, Response } from 'express';
import { definitionErrors } from './definition-schema.js';
import type { FakeState } from './fake-hubspot.js';

type Problem = (res: Response, status: number, message: string) => void;

const now = () => new Date().toISOString();

/** Registers the endpoints on the fake's app. */
export function handleActions(app: Express, state: FakeState, problem: Problem): void {
  app.get('/automation/v4/actions/:appId', (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    const start = Number(req.query.after ?? 0);
    const page = state.definitions.slice(start, start + limit);
    const next = start + limit < state.definitions.length ? { paging: { next: { after: String(start + limit) } } } : {};
    res.json({ results: page, ...next });
  });
  app.post('/automation/v4/actions/:appId', (req, res) => {
    const errors = definitionErrors(req.body);
    if (errors) return problem(res, 400, errors);
    const definition = { ...(req.body as Record<string, unknown>), id: String(state.nextId++), revisionId: '1', functions: [] };
    state.definitions.push(definition);
    res.status(201).json(definition);
  });
  app.patch('/automation/v4/actions/:appId/:definitionId', (req, res) => {
    const definition = state.definitions.find((d) => d.id === req.params.definitionId);
    if (!definition) return problem(res, 404, 'definition not found');
    const merged = { ...definition, ...(req.body as Record<string, unknown>) };
    const { id: _id, revisionId: _rev, ...egg } = merged;
    const errors = definitionErrors({ ...egg, functions: [] });
    if (errors) return problem(res, 400, errors);
    Object.assign(definition, req.body, { revisionId: String(Number(definition.revisionId) + 1) });
    res.json(definition);
  });
  app.post('/automation/v4/actions/callbacks/:callbackId/complete', (req, res) => {
    const fields = (req.body as { outputFields?: Record<string, unknown> }).outputFields;
    if (!fields || !['SUCCESS', 'FAIL_CONTINUE'].includes(String(fields.hs_execution_state))) {
      return problem(res, 400, 'outputFields.hs_execution_state must be SUCCESS or FAIL_CONTINUE');
    }
    state.completions.push({ callbackId: req.params.callbackId, body: req.body });
    res.status(204).end();
  });
  app.get('/account-info/v3/details', (_req, res) => {
    res.json({ portalId: state.portalId, accountType: 'STANDARD', timeZone: 'Europe/Helsinki', companyCurrency: 'EUR', uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' });
  });
  app.get('/events/v3/event-definitions/:name', (req, res) => {
    const definition = state.eventDefinitions.find((d) => d.name === req.params.name);
    if (!definition) return problem(res, 404, 'event definition not found');
    res.json({ ...definition, fullyQualifiedName: `pe1_${definition.name}`, createdAt: now() });
  });
  app.post('/events/v3/event-definitions', (req, res) => {
    const body = req.body as { label?: string; name?: string; primaryObject?: string };
    if (!body.label || body.label.length > 100 || !body.name || !/^[a-z][a-z0-9_-]{0,49}$/.test(body.name)) return problem(res, 400, 'label and name are invalid');
    if (!['CONTACT', 'COMPANY', 'DEAL', 'TICKET'].includes(String(body.primaryObject))) return problem(res, 400, 'bad primaryObject');
    state.eventDefinitions.push({ name: body.name });
    res.status(201).json({ ...body, createdAt: now() });
  });
}
