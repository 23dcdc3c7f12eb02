import { describe, expect, it } from '@jest/globals';
import app from '../src/index.js';
import { styleProblems } from './style-lint.js';
import { validateAction, validateApp } from './zapier-schema.js';

describe('the app definition', () => {
  it('passes zapier-platform-schema validateAppDefinition', () => {
    expect(validateApp(app)).toEqual([]);
  });

  it('passes the Trigger and Create schemas one by one', () => {
    Object.values(app.triggers).forEach((trigger) => expect([trigger.key, validateAction('trigger', trigger)]).toEqual([trigger.key, []]));
    Object.values(app.creates).forEach((create) => expect([create.key, validateAction('create', create)]).toEqual([create.key, []]));
  });

  it('per-action validation catches a missing sample that the whole-app check lets through', () => {
    const { sample: _sample, ...operation } = app.triggers.new_inbound_message!.operation;
    const broken = { ...app.triggers.new_inbound_message!, operation };
    expect(validateApp({ ...app, triggers: { ...app.triggers, new_inbound_message: broken } })).toEqual([]);
    expect(validateAction('trigger', broken).join('\n')).toMatch(/requires "sample"/);
  });

  it('passes the offline style checks (D-checks)', () => {
    expect(styleProblems(app as never)).toEqual([]);
  });
});
