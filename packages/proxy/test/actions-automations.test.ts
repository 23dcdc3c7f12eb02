/**
 * Automation rules as `/v1/automations` takes them: triggers and actions checked with words naming the field and
 * the fix, the defaults a rule gets, a fetch rule's secret shown once and kept on edits, and the one internal
 * subscription that feeds the runner while rules exist.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createAutomation, definitionOf, deleteAutomation, getAutomation, listAutomationRuns, listAutomations, replaceAutomation,
} from '../src/actions/automations.js';
import type { ActionDeps } from '../src/actions/context.js';
import { openSigningSecrets } from '../src/actions/webhook-secrets.js';
import type { AutomationInput } from '../src/automations/types.js';
import { AUTOMATION_SINK } from '../src/jobs/automation-runner.js';
import type { Store } from '../src/store/index.js';
import { actionDeps } from './actions-deps.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const SECRET = `whsec_${Buffer.from('thirty-two bytes of signing key!').toString('base64')}`;
const reply: AutomationInput = { name: 'Greeting', trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'Hei!' } } };

async function workspace(config: Parameters<typeof actionDeps>[1] = { allowPrivateTargets: true }): Promise<{ workspaceId: string; deps: ActionDeps }> {
  const workspaceId = (await store.createWorkspace({ name: 'Rules' })).id;
  await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId: '1111' }));
  // "The first number" is the one connected first: a later millisecond keeps the order from falling to the ids.
  await new Promise((resolve) => setTimeout(resolve, 2));
  await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId: '2222' }));
  return { workspaceId, deps: actionDeps(store, config) };
}

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('checking a rule', () => {
  it.each([
    ['no keyword', { type: 'keyword', keywords: [' ', ''] }, 'trigger.keywords', 'Give at least one keyword'],
    ['an unknown time zone', { type: 'out_of_hours', time_zone: 'Mars/Olympus', opening_hours: {} }, 'trigger.time_zone', '"Mars/Olympus" is not a time zone; write it as Europe/Helsinki.'],
    ['a period ending before it starts', { type: 'out_of_hours', opening_hours: { mon: [{ from: '16:00', to: '08:00' }] } }, 'trigger.opening_hours.mon', '"16:00–08:00" on mon is not an opening period'],
    ['an empty period', { type: 'out_of_hours', opening_hours: { tue: [{ from: '08:00', to: '08:00' }] } }, 'trigger.opening_hours.tue', 'is not an opening period'],
    ['a bad start', { type: 'out_of_hours', opening_hours: { wed: [{ from: '8am', to: '16:00' }] } }, 'trigger.opening_hours.wed', 'HH:MM'],
    ['a bad end', { type: 'out_of_hours', opening_hours: { thu: [{ from: '08:00', to: '25:00' }] } }, 'trigger.opening_hours.thu', '24:00 for midnight'],
    ['a bad exception', { type: 'out_of_hours', opening_hours: {}, exceptions: [{ date: '2026-12-24', hours: [{ from: '12:00', to: '10:00' }] }] }, 'trigger.opening_hours.2026-12-24', 'on 2026-12-24'],
  ])('refuses %s, naming the field', async (_label, trigger, field, words) => {
    const { workspaceId, deps } = await workspace();
    const error = await refusal(() => definitionOf(deps, workspaceId, { ...reply, trigger } as AutomationInput));
    expect(error).toMatchObject({ code: 'validation_failed', details: { field } });
    expect(error.message).toContain(words);
  });

  it('takes valid opening hours, keywords and the other triggers', async () => {
    const { workspaceId, deps } = await workspace();
    const hours: AutomationInput['trigger'] = {
      type: 'out_of_hours', time_zone: 'Europe/Helsinki', opening_hours: { mon: [{ from: '08:00', to: '24:00' }], sun: [] },
      exceptions: [{ date: '2026-12-24', hours: [] }, { date: '2026-12-31', hours: [{ from: '00:00', to: '12:00' }] }],
    };
    expect((await definitionOf(deps, workspaceId, { ...reply, trigger: hours })).trigger).toEqual(hours);
    expect((await definitionOf(deps, workspaceId, { ...reply, trigger: { type: 'out_of_hours', opening_hours: {} } })).trigger.type).toBe('out_of_hours');
    expect((await definitionOf(deps, workspaceId, { ...reply, trigger: { type: 'keyword', keywords: ['', 'aukioloajat'] } })).trigger).toEqual({ type: 'keyword', keywords: ['', 'aukioloajat'] });
  });

  it('completes the defaults: the first number, enabled, 12 hours for greetings and out-of-hours answers only', async () => {
    const { workspaceId, deps } = await workspace({ allowPrivateTargets: true, smtpUrl: 'smtp://127.0.0.1:2525' });
    const any = await definitionOf(deps, workspaceId, reply);
    expect(any).toEqual({ phoneNumberId: '1111', name: 'Greeting', enabled: true, trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'Hei!' } }, oncePerHours: null });
    expect((await definitionOf(deps, workspaceId, { ...reply, phone_number_id: '2222', enabled: false })).phoneNumberId).toBe('2222');
    expect((await definitionOf(deps, workspaceId, { ...reply, enabled: false })).enabled).toBe(false);
    const greeting = { ...reply, trigger: { type: 'first_contact' as const } };
    expect((await definitionOf(deps, workspaceId, greeting)).oncePerHours).toBe(12);
    expect((await definitionOf(deps, workspaceId, { ...reply, trigger: { type: 'out_of_hours', opening_hours: {} } })).oncePerHours).toBe(12);
    expect((await definitionOf(deps, workspaceId, { ...greeting, once_per_hours: null })).oncePerHours).toBeNull();
    expect((await definitionOf(deps, workspaceId, { ...greeting, once_per_hours: 3 })).oncePerHours).toBe(3);
    expect((await definitionOf(deps, workspaceId, { ...greeting, action: { type: 'fetch', url: 'http://127.0.0.1:9/reply' } })).oncePerHours).toBe(12);
    expect((await definitionOf(deps, workspaceId, { ...greeting, action: { type: 'email', to: ['staff@example.com'] } })).oncePerHours).toBeNull();
    expect((await definitionOf(deps, workspaceId, { ...reply, trigger: { type: 'keyword', keywords: ['x'] } })).oncePerHours).toBeNull();
    await expect(definitionOf(deps, workspaceId, { ...reply, phone_number_id: '3333' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('checks a reply: it is needed, and must be sendable', async () => {
    const { workspaceId, deps } = await workspace();
    const missing = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'reply' } } as unknown as AutomationInput));
    expect(missing).toMatchObject({ code: 'validation_failed', details: { field: 'action.reply' } });
    expect(missing.message).toContain('A reply rule needs "reply", e.g. {"text": "Olemme kiinni."}.');
    const unsendable = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'reply', reply: { text: 'x'.repeat(5000) } } }));
    expect(unsendable).toMatchObject({ code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'action.reply.text' })] } });
    expect(unsendable.message).toMatch(/^The reply cannot be sent: action\.reply\.text .*4096/);
    const buttons = await refusal(() => definitionOf(deps, workspaceId, {
      ...reply, action: { type: 'reply', reply: { buttons: { body: 'Valitse', choices: [{ id: 'a', title: 'x'.repeat(21) }] } } },
    }));
    expect(buttons).toMatchObject({ details: { fields: [expect.objectContaining({ field: 'action.reply.buttons.choices[0].title' })] } });
    const two = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'reply', reply: { text: 'Hei', list: undefined, media: { link: 'https://example.com/a.jpg', type: 'image' } } } } as unknown as AutomationInput));
    expect(two.message).toBe('action.reply needs exactly one of text, media, buttons or list; text and media were given.');
    expect(two.details?.fields).toEqual(['text', 'media', 'buttons', 'list'].map((f) => expect.objectContaining({ field: `action.reply.${f}` })));
    const extra = await definitionOf(deps, workspaceId, { ...reply, action: { type: 'reply', reply: { text: 'Hei' }, extra: 1 } as unknown as AutomationInput['action'] });
    expect(extra.action).toEqual({ type: 'reply', reply: { text: 'Hei' } });
  });

  it('checks an e-mail forward: a mail server and at least one address', async () => {
    const without = await workspace({ smtpUrl: null });
    const noServer = await refusal(() => definitionOf(without.deps, without.workspaceId, { ...reply, action: { type: 'email', to: ['a@example.com'] } }));
    expect(noServer).toMatchObject({ code: 'validation_failed', details: { field: 'action.type' } });
    expect(noServer.message).toContain('set SMTP_URL');
    const { workspaceId, deps } = await workspace({ smtpUrl: 'smtp://127.0.0.1:2525' });
    for (const action of [{ type: 'email' }, { type: 'email', to: [] }]) {
      const error = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action } as AutomationInput));
      expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'action.to' } });
      expect(error.message).toBe('Name at least one e-mail address to forward to.');
    }
    expect((await definitionOf(deps, workspaceId, { ...reply, action: { type: 'email', to: ['a@example.com'], x: 1 } as unknown as AutomationInput['action'] })).action)
      .toEqual({ type: 'email', to: ['a@example.com'] });
  });

  it('checks a fetch rule: a URL the workspace may reach and a strong secret, sealed; the secret is shown once', async () => {
    const { workspaceId, deps } = await workspace({ allowPrivateTargets: true });
    const noUrl = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch' } } as unknown as AutomationInput));
    expect(noUrl).toMatchObject({ code: 'validation_failed', details: { field: 'action.url' } });
    expect(noUrl.message).toContain('A fetch rule needs "url"');
    const badUrl = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch', url: 'ftp://x.example.com' } }));
    expect(badUrl).toMatchObject({ details: { field: 'action.url' } });
    expect(badUrl.message).toContain('The field "action.url" must start with https:// or http://.');
    const weak = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r', secret: 'short' } }));
    expect(weak).toMatchObject({ details: { field: 'action.secret' } });
    expect(weak.message).toContain('The field "action.secret" is too weak');

    const shown: { value?: string } = {};
    const made = await definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r', timeout_ms: 2000, fallback_text: 'Palaamme pian.' } }, shown);
    expect(shown.value).toMatch(/^whsec_/);
    expect(made.action).toMatchObject({ type: 'fetch', url: 'http://127.0.0.1:9/r', timeout_ms: 2000, fallback_text: 'Palaamme pian.' });
    const sealed = made.action.type === 'fetch' ? made.action.secret ?? '' : '';
    expect(openSigningSecrets(deps.secrets, sealed).current).toBe(shown.value);
    const given: { value?: string } = {};
    const plain = await definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r', secret: SECRET } }, given);
    expect(given.value).toBe(SECRET);
    expect(Object.keys(plain.action).sort()).toEqual(['secret', 'type', 'url']);
  });

  it('refuses a private fetch URL unless the workspace may target private addresses', async () => {
    const { workspaceId, deps } = await workspace({ allowPrivateTargets: false, production: false });
    const error = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r' } }));
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'action.url' } });
    expect(error.message).toContain('"action.url"');
    expect(error.message).not.toContain('target_url');
    const demo = (await store.createWorkspace({ name: 'Demo', settings: { sandboxDemo: true } })).id;
    await store.upsertConnection(connectionInput(demo, { phoneNumberId: '5555' }));
    expect((await definitionOf(deps, demo, { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r' } })).action).toMatchObject({ url: 'http://127.0.0.1:9/r' });
  });

  it('checks a WhatsApp forward\'s staff number and template name first', async () => {
    const { workspaceId, deps } = await workspace();
    const noPhone = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'whatsapp', template: 'staff' } } as unknown as AutomationInput));
    expect(noPhone).toMatchObject({ code: 'validation_failed', details: { field: 'action.staff_phone' } });
    expect(noPhone.message).toContain('"staff_phone"');
    const noTemplate = await refusal(() => definitionOf(deps, workspaceId, { ...reply, action: { type: 'whatsapp', staff_phone: '+358401234567' } } as unknown as AutomationInput));
    expect(noTemplate).toMatchObject({ code: 'validation_failed', details: { field: 'action.template' } });
    expect(noTemplate.message).toContain('"staff_forward"');
  });
});

describe('rules and their sink subscription', () => {
  const sinks = async (workspaceId: string) => (await store.listSubscriptions(workspaceId)).filter((s) => s.sink === AUTOMATION_SINK);

  it('creates, lists, reads, replaces and deletes rules; the sink exists exactly while rules do', async () => {
    const { workspaceId, deps } = await workspace();
    const created = await createAutomation(deps, workspaceId, reply);
    expect(created).toEqual({
      id: created.id, name: 'Greeting', phone_number_id: '1111', enabled: true, trigger: { type: 'any_message' }, action: { type: 'reply', reply: { text: 'Hei!' } },
      once_per_hours: null, created_at: created.created_at, updated_at: created.updated_at,
    });
    const second = await createAutomation(deps, workspaceId, { ...reply, name: 'Second', phone_number_id: '2222' });
    const [sink, ...more] = await sinks(workspaceId);
    expect(more).toEqual([]);
    expect(sink).toMatchObject({ event: 'inbound_message', targetUrl: null, secret: null, filter: null, source: 'automations' });
    expect((await listAutomations(deps, workspaceId)).map((r) => r.name)).toEqual(['Greeting', 'Second']);
    expect((await listAutomations(deps, workspaceId, '2222')).map((r) => r.name)).toEqual(['Second']);
    expect(await getAutomation(deps, workspaceId, created.id)).toEqual(created);

    const replaced = await replaceAutomation(deps, workspaceId, created.id, { ...reply, name: 'Renamed', enabled: false });
    expect(replaced).toMatchObject({ id: created.id, name: 'Renamed', enabled: false });
    expect(replaced).not.toHaveProperty('secret');

    await deleteAutomation(deps, workspaceId, created.id);
    expect(await sinks(workspaceId)).toHaveLength(1);
    await deleteAutomation(deps, workspaceId, second.id);
    expect(await sinks(workspaceId)).toEqual([]);
    expect(await store.listSubscriptions(workspaceId)).toEqual([]);
  });

  it('answers 404 naming the rule for an unknown id', async () => {
    const { workspaceId, deps } = await workspace();
    for (const run of [() => getAutomation(deps, workspaceId, 'aut_x'), () => replaceAutomation(deps, workspaceId, 'aut_x', reply), () => deleteAutomation(deps, workspaceId, 'aut_x')]) {
      const error = await refusal(run);
      expect(error.code).toBe('not_found');
      expect(error.message).toContain('The automation aut_x');
    }
  });

  it('keeps other subscriptions when the last rule goes', async () => {
    const { workspaceId, deps } = await workspace();
    const other = await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: 'https://hooks.example.com/a', sink: null, secret: null, filter: null, source: 'api' });
    const rule = await createAutomation(deps, workspaceId, reply);
    await deleteAutomation(deps, workspaceId, rule.id);
    expect((await store.listSubscriptions(workspaceId)).map((s) => s.id)).toEqual([other.id]);
  });

  it('shows a fetch rule\'s secret once; an edit without a secret keeps it, one with a secret replaces it', async () => {
    const { workspaceId, deps } = await workspace();
    const fetchRule: AutomationInput = { ...reply, action: { type: 'fetch', url: 'http://127.0.0.1:9/r' } };
    const created = await createAutomation(deps, workspaceId, fetchRule);
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.action).toEqual({ type: 'fetch', url: 'http://127.0.0.1:9/r', has_secret: true });
    expect(JSON.stringify(await getAutomation(deps, workspaceId, created.id))).not.toContain('whsec_');
    const stored = async () => {
      const rule = await store.automations.get(workspaceId, created.id);
      return rule?.action.type === 'fetch' ? openSigningSecrets(deps.secrets, rule.action.secret ?? '').current : null;
    };
    expect(await stored()).toBe(created.secret);

    const kept = await replaceAutomation(deps, workspaceId, created.id, { ...fetchRule, name: 'Edited' });
    expect(kept).not.toHaveProperty('secret');
    expect(kept.name).toBe('Edited');
    expect(await stored()).toBe(created.secret);

    const rekeyed = await replaceAutomation(deps, workspaceId, created.id, { ...fetchRule, action: { type: 'fetch', url: 'http://127.0.0.1:9/r', secret: SECRET } });
    expect(rekeyed.secret).toBe(SECRET);
    expect(await stored()).toBe(SECRET);

    const asReply = await replaceAutomation(deps, workspaceId, created.id, reply);
    expect(asReply.action).toEqual({ type: 'reply', reply: { text: 'Hei!' } });
    const again = await replaceAutomation(deps, workspaceId, created.id, fetchRule);
    expect(again.secret).toMatch(/^whsec_/);
    expect(again.secret).not.toBe(SECRET);
  });

  it('lists runs newest first with what each did', async () => {
    const { workspaceId, deps } = await workspace();
    const rule = await createAutomation(deps, workspaceId, reply);
    const at = new Date('2026-11-25T10:00:00.000Z');
    await store.automations.startRuns([
      { workspaceId, automationId: rule.id, messageId: 'wamid.r1', waId: '358401234567', at, outcome: 'started', detail: null },
      { workspaceId, automationId: rule.id, messageId: 'wamid.r2', waId: '358401234568', at: new Date(at.getTime() + 1000), outcome: 'skipped_loop', detail: 'loop' },
    ]);
    await store.automations.finishRun({ automationId: rule.id, messageId: 'wamid.r1', outcome: 'replied', detail: null, sent: { message_id: 'wamid.out' } });
    const runs = await listAutomationRuns(deps, workspaceId, { automationId: rule.id, limit: 10 });
    expect(runs.map((r) => [r.message_id, r.outcome])).toEqual([['wamid.r2', 'skipped_loop'], ['wamid.r1', 'replied']]);
    expect(runs[1]).toEqual({
      id: runs[1]?.id, automation_id: rule.id, message_id: 'wamid.r1', wa_id: '358401234567', outcome: 'replied', detail: null,
      sent: { message_id: 'wamid.out' }, created_at: '2026-11-25T10:00:00.000Z',
    });
    expect(runs[0]?.detail).toBe('loop');
  });
});
