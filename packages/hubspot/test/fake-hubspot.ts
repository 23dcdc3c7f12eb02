/**
 * A local stand-in for HubSpot's API: the endpoints Kaiku calls, each checking the request against
 * HubSpot's documented shape (a wrong shape answers 400 as HubSpot does, so tests fail loudly), with
 * in-memory contacts, properties and action definitions. Binds to 127.0.0.1 on an ephemeral port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { handleActions } from './fake-hubspot-actions.js';
import { fakeOAuth, handleOAuth, handleUninstall, revokeAll, type FakeOAuth } from './fake-hubspot-oauth.js';
import { checkCommunication, checkCustomEvent, checkSearch } from './fake-hubspot-shapes.js';

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, unknown>;
  auth: string | undefined;
  body: unknown;
}

/** The fake's state, open to tests. */
export interface FakeState {
  /** The one valid access token (a private app token, or the last OAuth access token issued). */
  token: string;
  /** When `token` stops working (OAuth tokens); null for a private app token. */
  tokenExpiresAt: number | null;
  oauth: FakeOAuth;
  /** How often the app was uninstalled through the API. */
  uninstalls: number;
  developerApiKey: string;
  portalId: number;
  contacts: Array<{ id: string; properties: Record<string, string> }>;
  /** Contacts search does not find yet (HubSpot's search lags writes). */
  unindexed: Set<string>;
  communications: Array<{ id: string; body: unknown }>;
  events: unknown[];
  properties: Array<{ name: string; type: string; fieldType: string; groupName: string }>;
  groups: Array<{ name: string; label: string }>;
  definitions: Array<Record<string, unknown> & { id: string }>;
  eventDefinitions: Array<{ name: string }>;
  completions: Array<{ callbackId: string; body: unknown }>;
  failures: Array<{ match: RegExp; status: number; headers: Record<string, string>; times: number }>;
  nextId: number;
}

/** A running fake. */
export interface FakeHubspot {
  url: string;
  state: FakeState;
  calls: RecordedCall[];
  /** Makes the next `times` requests whose "METHOD path" matches answer `status` (e.g. 429 + Retry-After). */
  failNext(match: RegExp, status: number, headers?: Record<string, string>, times?: number): void;
  /** The admin uninstalls the app in HubSpot: every token stops working. */
  uninstallInHubspot(): void;
  stop(): Promise<void>;
}

const STANDARD_PROPERTIES = ['phone', 'mobilephone', 'firstname', 'lastname', 'email'];

function problem(res: Response, status: number, message: string): void {
  res.status(status).json({ status: 'error', message, category: status === 401 ? 'INVALID_AUTHENTICATION' : 'VALIDATION_ERROR' });
}

function bearerOk(req: Request, state: FakeState): boolean {
  const fresh = state.tokenExpiresAt === null || Date.now() < state.tokenExpiresAt;
  return fresh && req.headers.authorization === `Bearer ${state.token}`;
}

function handleCrm(app: express.Express, state: FakeState): void {
  const known = (name: string) => STANDARD_PROPERTIES.includes(name) || state.properties.some((p) => p.name === name);
  const unknownProperty = (props: Record<string, unknown>) => Object.keys(props).find((name) => !known(name));

  app.post('/crm/v3/objects/contacts/search', (req, res) => {
    const error = checkSearch(req.body);
    if (error) return problem(res, 400, error);
    const groups = (req.body as { filterGroups: Array<{ filters: Array<{ propertyName: string; value: string }> }> }).filterGroups;
    const indexed = state.contacts.filter((c) => !state.unindexed.has(c.id));
    const match = indexed.filter((c) => groups.some((g) => g.filters.every((f) => c.properties[f.propertyName] === f.value)));
    res.json({ total: match.length, results: match.slice(0, Number((req.body as { limit?: number }).limit ?? 10)).map((c) => ({ id: c.id, properties: c.properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false })) });
  });
  app.post('/crm/v3/objects/contacts', (req, res) => {
    const props = (req.body as { properties?: Record<string, string> }).properties;
    if (!props || typeof props !== 'object') return problem(res, 400, 'properties is required');
    const bad = unknownProperty(props);
    if (bad) return problem(res, 400, `Property "${bad}" does not exist`);
    const waId = props.kaiku_whatsapp_id;
    if (waId && state.contacts.some((c) => c.properties.kaiku_whatsapp_id === waId)) return problem(res, 409, 'A contact with the unique value already exists');
    const contact = { id: String(state.nextId++), properties: { ...props } };
    state.contacts.push(contact);
    res.status(201).json({ id: contact.id, properties: contact.properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false });
  });
  app.get('/crm/v3/objects/contacts/:id', (req, res) => {
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : null;
    const contact = state.contacts.find((c) => (idProperty ? c.properties[idProperty] === req.params.id : c.id === req.params.id));
    if (!contact) return problem(res, 404, 'resource not found');
    res.json({ id: contact.id, properties: contact.properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false });
  });
  app.patch('/crm/v3/objects/contacts/:id', (req, res) => {
    const contact = state.contacts.find((c) => c.id === req.params.id);
    if (!contact) return problem(res, 404, 'resource not found');
    const props = (req.body as { properties?: Record<string, string> }).properties ?? {};
    const bad = unknownProperty(props);
    if (bad) return problem(res, 400, `Property "${bad}" does not exist`);
    Object.assign(contact.properties, props);
    res.json({ id: contact.id, properties: contact.properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false });
  });
  app.post('/crm/v3/objects/communications', (req, res) => {
    const error = checkCommunication(req.body, (id) => state.contacts.some((c) => c.id === id));
    if (error) return problem(res, 400, error);
    const id = String(state.nextId++);
    state.communications.push({ id, body: req.body });
    res.status(201).json({ id, properties: (req.body as { properties: unknown }).properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false });
  });
  app.post('/events/v3/send', (req, res) => {
    const error = checkCustomEvent(req.body);
    if (error) return problem(res, 400, error);
    state.events.push(req.body);
    res.status(204).end();
  });
}

function handleProperties(app: express.Express, state: FakeState): void {
  const now = new Date().toISOString();
  app.get('/crm/v3/properties/contacts/groups', (_req, res) => res.json({ results: state.groups.map((g) => ({ ...g, displayOrder: -1, archived: false })) }));
  app.post('/crm/v3/properties/contacts/groups', (req, res) => {
    const group = req.body as { name?: string; label?: string };
    if (!group.name || !group.label) return problem(res, 400, 'name and label are required');
    if (state.groups.some((g) => g.name === group.name)) return problem(res, 409, 'group already exists');
    state.groups.push({ name: group.name, label: group.label });
    res.status(201).json({ ...group, archived: false });
  });
  app.get('/crm/v3/properties/contacts', (_req, res) =>
    res.json({ results: state.properties.map((p) => ({ ...p, label: p.name, description: '', options: [], createdAt: now, updatedAt: now })) }),
  );
  app.post('/crm/v3/properties/contacts', (req, res) => {
    const p = req.body as { name?: string; label?: string; type?: string; fieldType?: string; groupName?: string };
    if (!p.name || !p.label || !p.type || !p.fieldType || !p.groupName) return problem(res, 400, 'name, label, type, fieldType and groupName are required');
    if (!state.groups.some((g) => g.name === p.groupName)) return problem(res, 400, `group ${p.groupName} does not exist`);
    if (state.properties.some((q) => q.name === p.name)) return problem(res, 409, 'property already exists');
    state.properties.push({ name: p.name, type: p.type, fieldType: p.fieldType, groupName: p.groupName });
    res.status(201).json({ ...p, description: '', options: [], createdAt: now, updatedAt: now });
  });
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeHubspot(options: { token?: string; developerApiKey?: string; portalId?: number } = {}): Promise<FakeHubspot> {
  const state: FakeState = {
    token: options.token ?? 'pat-na1-test-token', tokenExpiresAt: null, oauth: fakeOAuth(), uninstalls: 0, developerApiKey: options.developerApiKey ?? 'dev-key-test', portalId: options.portalId ?? 62515,
    contacts: [], unindexed: new Set(), communications: [], events: [], properties: [], groups: [], definitions: [], eventDefinitions: [],
    completions: [], failures: [], nextId: 1001,
  };
  const calls: RecordedCall[] = [];
  const app = express();
  app.use(express.json(), express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    calls.push({ method: req.method, path: req.path, query: { ...req.query }, auth: req.headers.authorization, body: req.body });
    const failure = state.failures.find((f) => f.times > 0 && f.match.test(`${req.method} ${req.path}`));
    if (failure) {
      failure.times--;
      res.set(failure.headers);
      return problem(res, failure.status, failure.status === 429 ? 'You have reached your ten_secondly_rolling limit.' : 'failure injected by the test');
    }
    const developerCall = req.path.startsWith('/automation/v4/actions/') && !req.path.includes('/callbacks/');
    if (developerCall) return req.query.hapikey === state.developerApiKey ? next() : problem(res, 401, 'bad developer key');
    if (req.path.startsWith('/oauth/')) return next();
    return bearerOk(req, state) ? next() : problem(res, 401, 'Authentication credentials not found.');
  });
  handleOAuth(app, state, problem);
  handleUninstall(app, state);
  handleCrm(app, state);
  handleProperties(app, state);
  handleActions(app, state, problem);
  app.use((req, res) => problem(res, 404, `The fake does not know ${req.method} ${req.path}`));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    calls,
    failNext(match, status, headers = {}, times = 1) {
      state.failures.push({ match, status, headers, times });
    },
    uninstallInHubspot: () => revokeAll(state),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
