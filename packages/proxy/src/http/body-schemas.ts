/**
 * The request bodies the API validates, from the same schemas its OpenAPI document is built from: the
 * shared operation schemas (`send-template`, `reply`, `opt-in-request`) and the API description's components. Unknown
 * top-level fields are rejected.
 */
import { loadSchema } from '@kaiku/shared';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ConsentInput } from '../actions/record-consent.js';
import type { ReplyInput } from '../actions/reply.js';
import type { OptInRequestInput } from '../actions/request-opt-in.js';
import type { AutomationInput } from '../automations/types.js';
import type { AutomationTestInput } from '../actions/test-automation.js';
import type { SendTemplateInput } from '../actions/send-template.js';
import type { SubscriptionInput } from '../actions/subscriptions.js';
import { componentSchemas } from './api-description.js';
import { inputSchema, validator } from './validate.js';
import type { Validator } from './validate.js';

/** The validators of every body the API accepts; schemas are compiled on first use. */
export interface BodyValidators {
  sendTemplate: Validator<SendTemplateInput>;
  reply: Validator<ReplyInput>;
  subscription: Validator<SubscriptionInput>;
  inboundTrigger: Validator<Omit<SubscriptionInput, 'event'>>;
  statusTrigger: Validator<Omit<SubscriptionInput, 'event'>>;
  consent: Validator<ConsentInput>;
  optInRequest: Validator<OptInRequestInput>;
  automation: Validator<AutomationInput>;
  /** The admin pages' bodies (numbers, keys, invitations, roles): checked closed, then read by their actions. */
  admin: (component: AdminBody, body: unknown) => Record<string, unknown>;
  automationTest: Validator<AutomationTestInput>;
}

/** The components of the admin operations' bodies. */
export type AdminBody = 'ConnectPhoneNumberInput' | 'RotateTokenInput' | 'ApiKeyInput' | 'InviteInput' | 'RoleInput';

function lazy<T>(build: () => Validator<T>): Validator<T> {
  let compiled: Validator<T> | null = null;
  return (body) => {
    compiled ??= build();
    return compiled(body);
  };
}

/** A component of the API description, closed to unknown fields, with the other components reachable by `$ref`. */
function component(name: string): Record<string, unknown> {
  const schema = componentSchemas[name];
  if (schema === undefined) throw new Error(`The API description has no component "${name}".`);
  return { ...inputSchema(schema), components: { schemas: componentSchemas } };
}

function adminValidators(ajv: Ajv2020): BodyValidators['admin'] {
  const compiled = new Map<AdminBody, Validator<Record<string, unknown>>>();
  return (name, body) => {
    const check = compiled.get(name) ?? validator<Record<string, unknown>>(ajv, component(name));
    compiled.set(name, check);
    return check(body);
  };
}

/** Builds the validators on one ajv instance. */
export function createBodyValidators(ajv: Ajv2020): BodyValidators {
  return {
    sendTemplate: lazy(() => validator<SendTemplateInput>(ajv, inputSchema(loadSchema('send-template')))),
    reply: lazy(() => validator<ReplyInput>(ajv, inputSchema(loadSchema('reply')))),
    subscription: lazy(() => validator<SubscriptionInput>(ajv, component('SubscriptionInput'))),
    inboundTrigger: lazy(() => validator<Omit<SubscriptionInput, 'event'>>(ajv, component('InboundTriggerInput'))),
    statusTrigger: lazy(() => validator<Omit<SubscriptionInput, 'event'>>(ajv, component('StatusTriggerInput'))),
    consent: lazy(() => validator<ConsentInput>(ajv, component('ConsentInput'))),
    optInRequest: lazy(() => validator<OptInRequestInput>(ajv, inputSchema(loadSchema('opt-in-request')))),
    automation: lazy(() => validator<AutomationInput>(ajv, component('AutomationInput'))),
    admin: adminValidators(ajv),
    automationTest: lazy(() => validator<AutomationTestInput>(ajv, component('AutomationTestInput'))),
  };
}
