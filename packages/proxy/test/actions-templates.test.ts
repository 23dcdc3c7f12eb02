/**
 * Templates through the actions: listed per number (approved ones unless asked), presented with quality, label,
 * preview and inputs; found by id only in the workspace's own WABAs (each asked once); the send's template chosen
 * by id or name + language, with clear refusals for a missing, ambiguous or unapproved one.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { findTemplateById, listTemplates, templateForSend, templateSchema } from '../src/actions/templates.js';
import { connectionInput } from './store-fixtures.js';
import { GRAPH_URL, openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { template, templatePage } from './template-fixtures.js';

const LIST = 'GET /102290129340398/message_templates';
const approved = template();
const finnish = template({ id: 't-order-fi', language: 'fi', components: [{ type: 'BODY', text: 'Hei {{1}}' }] });
const rejected = template({ id: 't-old', name: 'old_offer', status: 'REJECTED', category: 'MARKETING', quality_score: { score: 'RED' } } as never);

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ config: { templateCacheMs: 0 } });
  fx.routes[LIST] = templatePage([approved, finnish, rejected]);
});
afterEach(async () => fx.cleanup());

describe('listTemplates', () => {
  it('lists the approved templates, each with its quality, label, preview and inputs', async () => {
    const views = await listTemplates(fx.deps, fx.workspaceId, {});
    expect(views.map((v) => v.id)).toEqual(['t-order', 't-order-fi']);
    expect(views[0]).toEqual({
      id: 't-order', name: 'order_update', language: 'en', category: 'UTILITY', status: 'APPROVED', quality: 'UNKNOWN',
      label: 'order_update (en) — UTILITY', preview: expect.stringContaining('your order shipped') as unknown as string,
      inputs: [expect.objectContaining({ key: expect.any(String) as unknown as string })], phone_number_id: '106540352242922',
    });
  });

  it('lists every status with status=all, or one status in any case', async () => {
    expect((await listTemplates(fx.deps, fx.workspaceId, { status: 'all' })).map((v) => v.id)).toEqual(['t-order', 't-order-fi', 't-old']);
    const [old] = await listTemplates(fx.deps, fx.workspaceId, { status: 'rejected' });
    expect(old).toMatchObject({ id: 't-old', status: 'REJECTED', quality: 'RED' });
  });

  it('refuses a number that is not the workspace\'s', async () => {
    expect((await refusal(listTemplates(fx.deps, fx.workspaceId, { phoneNumberId: '999' }))).field).toBe('phone_number_id');
  });
});

describe('findTemplateById and templateSchema', () => {
  it('finds a template of any status by id, with its number', async () => {
    const found = await findTemplateById(fx.deps, fx.workspaceId, 't-old');
    expect(found.template.name).toBe('old_offer');
    expect(found.connection.phoneNumberId).toBe('106540352242922');
  });

  it('asks each WABA once, and answers 404 for an id none of them has', async () => {
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '222', graphBaseUrl: GRAPH_URL, accessTokenEnc: fx.connection.accessTokenEnc }));
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '333', wabaId: '777', graphBaseUrl: GRAPH_URL, accessTokenEnc: fx.connection.accessTokenEnc }));
    fx.routes['GET /777/message_templates'] = templatePage([template({ id: 't-777' })]);
    expect((await findTemplateById(fx.deps, fx.workspaceId, 't-777')).connection.phoneNumberId).toBe('333');
    const error = await refusal(findTemplateById(fx.deps, fx.workspaceId, 't-nowhere'));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toMatch(/^The template "t-nowhere" was not found/);
    expect(fx.calls.filter((c) => c.path === '/102290129340398/message_templates')).toHaveLength(2);
    expect(fx.calls.filter((c) => c.path === '/777/message_templates')).toHaveLength(2);
  });

  it('never finds another workspace\'s template', async () => {
    const other = await fx.store.createWorkspace({ name: 'Other' });
    expect((await refusal(findTemplateById(fx.deps, other.id, 't-order'))).code).toBe('not_found');
  });

  it('labels each input of the schema for Power Automate with its title', async () => {
    const schema = await templateSchema(fx.deps, fx.workspaceId, 't-order');
    const fields = Object.values(schema.properties as Record<string, Record<string, unknown>>);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      expect(typeof field.title).toBe('string');
      expect(field['x-ms-summary']).toBe(field.title);
    }
    expect(schema.type).toBe('object');
  });
});

describe('templateForSend', () => {
  it('takes a template by id, or by name and language', async () => {
    expect((await templateForSend(fx.deps, fx.connection, 't-order-fi')).language).toBe('fi');
    expect((await templateForSend(fx.deps, fx.connection, 'order_update', 'fi')).id).toBe('t-order-fi');
    expect((await templateForSend(fx.deps, fx.connection, 'order_update', 'en')).id).toBe('t-order');
  });

  it('asks for the language when the name exists in several', async () => {
    const error = await refusal(templateForSend(fx.deps, fx.connection, 'order_update'));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'language', details: { field: 'language', languages: 'en, fi' } });
    expect(error.message).toBe('The template "order_update" exists in several languages (en, fi); say which one in "language".');
  });

  it('takes the name alone when it exists in one language', async () => {
    fx.routes[LIST] = templatePage([approved]);
    expect((await templateForSend(fx.deps, fx.connection, 'order_update')).id).toBe('t-order');
  });

  it('says which template is missing, with its language when given', async () => {
    const withLanguage = await refusal(templateForSend(fx.deps, fx.connection, 'order_update', 'sv'));
    expect(withLanguage).toMatchObject({ code: 'template_not_found', field: 'template' });
    expect(withLanguage.message).toMatch(/^There is no template "order_update" in language "sv" on this business number\./);
    expect((await refusal(templateForSend(fx.deps, fx.connection, 'nothing'))).message).toMatch(/^There is no template "nothing" on this business number\./);
  });

  it('refuses a template that is not approved, saying its status', async () => {
    const error = await refusal(templateForSend(fx.deps, fx.connection, 'old_offer'));
    expect(error).toMatchObject({ code: 'template_not_approved', field: 'template', details: { field: 'template', status: 'REJECTED' } });
    expect(error.message).toMatch(/^The template "old_offer" \(en\) is REJECTED, and only APPROVED templates can be sent\./);
  });
});
