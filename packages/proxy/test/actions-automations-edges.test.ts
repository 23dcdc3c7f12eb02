/**
 * Edges of `/v1/automations` rules: a weekday left undefined is closed, the runner's sink is made next to other
 * subscriptions, a replaced rule that does not exist (or is deleted meanwhile) is a 404 before its input is judged,
 * and a fetch rule's secret on replace: kept only from a fetch rule that had one; a rule stored without one (made
 * before rules were signed) shows it has none and gets one on its next edit.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAutomation, definitionOf, getAutomation, replaceAutomation } from '../src/actions/automations.js';
import type { ActionDeps } from '../src/actions/context.js';
import { openSigningSecrets } from '../src/actions/webhook-secrets.js';
import type { AutomationInput } from '../src/automations/types.js';
import { AUTOMATION_SINK } from '../src/jobs/automation-runner.js';
import type { Store } from '../src/store/index.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { template, templatePage } from './template-fixtures.js';

const PHONE_NUMBER_ID = '106540352242922';
const reply: AutomationInput = { name: 'Greeting', trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'Hei!' } } };
const fetchRule: AutomationInput = { name: 'Shop', trigger: { type: 'any_message' }, action: { type: 'fetch', url: 'http://127.0.0.1:9/r' } };

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ config: { allowPrivateTargets: true } });
  fx.routes['GET /102290129340398/message_templates'] = templatePage([
    template({ id: 't-staff', name: 'staff_alert', components: [{ type: 'BODY', text: 'Customer {{1}} wrote: {{2}}', example: { body_text: [['Aino', 'Hello']] } }] }),
  ]);
});
afterEach(async () => fx.cleanup());

/** The signing secret a stored fetch rule holds, opened; null when it holds none. */
async function storedSecret(id: string): Promise<string | null> {
  const rule = await fx.store.automations.get(fx.workspaceId, id);
  if (rule?.action.type !== 'fetch' || rule.action.secret === undefined) return null;
  return openSigningSecrets(fx.deps.secrets, rule.action.secret).current;
}

/** A rule stored as an older Kaiku stored fetch rules: without a signing secret. */
async function unsignedFetchRule(): Promise<string> {
  const rule = await fx.store.automations.create(fx.workspaceId, {
    phoneNumberId: PHONE_NUMBER_ID, name: 'Old shop', enabled: true, trigger: { type: 'any_message' }, action: { type: 'fetch', url: 'http://127.0.0.1:9/r' }, oncePerHours: null,
  });
  return rule.id;
}

describe('checking opening hours', () => {
  it('takes a weekday left undefined as closed', async () => {
    const trigger: AutomationInput['trigger'] = { type: 'out_of_hours', opening_hours: { mon: undefined, tue: [{ from: '08:00', to: '16:00' }] } };
    expect((await definitionOf(fx.deps, fx.workspaceId, { ...reply, trigger })).trigger).toEqual(trigger);
  });
});

describe('the runner\'s sink subscription', () => {
  it('is made for the first rule also when the workspace has other subscriptions', async () => {
    await fx.store.createSubscription({ workspaceId: fx.workspaceId, event: 'inbound_message', targetUrl: 'https://hooks.example.com/a', sink: null, secret: null, filter: null, source: 'api' });
    await createAutomation(fx.deps, fx.workspaceId, reply);
    await createAutomation(fx.deps, fx.workspaceId, { ...reply, name: 'Second' });
    const subscriptions = await fx.store.listSubscriptions(fx.workspaceId);
    expect(subscriptions.map((s) => s.sink)).toEqual(expect.arrayContaining([null, AUTOMATION_SINK]));
    expect(subscriptions.filter((s) => s.sink === AUTOMATION_SINK)).toHaveLength(1);
  });
});

describe('replacing a rule that is not there', () => {
  it('answers 404 naming the rule before judging what would replace it', async () => {
    for (const input of [{ ...reply, action: { type: 'reply', reply: { text: 'x'.repeat(5000) } } }, fetchRule] as AutomationInput[]) {
      const error = await refusal(replaceAutomation(fx.deps, fx.workspaceId, 'aut_gone', input));
      expect(error).toMatchObject({ code: 'not_found' });
      expect(error.message).toMatch(/^The automation aut_gone /);
    }
  });

  it('answers 404 naming the rule when another request deletes it while it is being replaced', async () => {
    const rule = await createAutomation(fx.deps, fx.workspaceId, reply);
    const real = fx.store;
    // Another request deletes the rule right after this one has read it.
    const automations = { ...real.automations, get: async (workspaceId: string, id: string) => {
      const found = await real.automations.get(workspaceId, id);
      await real.automations.remove(workspaceId, id);
      return found;
    } };
    const store = new Proxy(real, {
      get: (target, key) => {
        if (key === 'automations') return automations;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const deps: ActionDeps = { ...fx.deps, store };
    const error = await refusal(replaceAutomation(deps, fx.workspaceId, rule.id, { ...reply, name: 'Renamed' }));
    expect(error).toMatchObject({ code: 'not_found' });
    expect(error.message).toMatch(new RegExp(`^The automation ${rule.id} `));
    expect(await real.automations.get(fx.workspaceId, rule.id)).toBeNull();
  });
});

describe('a fetch rule\'s secret on replace', () => {
  it('shows that a rule stored without a secret has none', async () => {
    const id = await unsignedFetchRule();
    expect((await getAutomation(fx.deps, fx.workspaceId, id)).action).toEqual({ type: 'fetch', url: 'http://127.0.0.1:9/r', has_secret: false });
  });

  it('gives a rule stored without a secret a new one, shown once, when it is edited without one', async () => {
    const id = await unsignedFetchRule();
    const edited = await replaceAutomation(fx.deps, fx.workspaceId, id, { ...fetchRule, name: 'Edited' });
    expect(edited.secret).toMatch(/^whsec_/);
    expect(edited.action).toEqual({ type: 'fetch', url: 'http://127.0.0.1:9/r', has_secret: true });
    expect(await storedSecret(id)).toBe(edited.secret);
  });

  it('gives a new secret to a forward that becomes a fetch rule, whatever else the forward carried', async () => {
    // The API's action object takes "secret" for any type; a forward keeps only its own fields.
    const forward = { type: 'whatsapp', staff_phone: '+358409990000', template: 'staff_alert', secret: 'left over', url: 'https://example.com/x' };
    const created = await createAutomation(fx.deps, fx.workspaceId, { ...reply, action: forward } as AutomationInput);
    expect(created.action).toEqual({ type: 'whatsapp', staff_phone: '358409990000', template: 'staff_alert', language: expect.any(String) });
    expect((await fx.store.automations.get(fx.workspaceId, created.id))?.action).not.toHaveProperty('secret');
    const asFetch = await replaceAutomation(fx.deps, fx.workspaceId, created.id, fetchRule);
    expect(asFetch.secret).toMatch(/^whsec_/);
    expect(await storedSecret(created.id)).toBe(asFetch.secret);
  });

  it('refuses an action of no known type, naming the field, and keeps the rule as it was', async () => {
    const created = await createAutomation(fx.deps, fx.workspaceId, fetchRule);
    const other = { ...fetchRule, action: { type: 'webhook', url: 'http://127.0.0.1:9/r' } } as unknown as AutomationInput;
    const error = await refusal(replaceAutomation(fx.deps, fx.workspaceId, created.id, other));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'action.type' });
    expect(error.message).toBe('"webhook" is not an action; choose reply, fetch, email or whatsapp.');
    expect(await storedSecret(created.id)).toBe(created.secret);
  });
});
