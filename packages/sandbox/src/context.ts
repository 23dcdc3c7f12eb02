/** The running sandbox as its route handlers see it: options, state, timers and webhook delivery. */
import { unknownObject } from './graph-error.js';
import type { PhoneNumber, ResolvedOptions } from './options.js';
import type { SandboxState } from './state.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

/** Shared by every handler of one sandbox instance. */
export interface Sandbox {
  readonly options: ResolvedOptions;
  readonly state: SandboxState;
  readonly webhooks: WebhookDispatcher;
  /** The sandbox's own base URL (known once it listens). */
  baseUrl(): string;
  /** Runs `fn` after `ms` unless the sandbox stops first. */
  schedule(fn: () => void, ms: number): void;
  /** Marks the state as changed (saved shortly after, and on stop, when a state file is configured). */
  changed(): void;
}

/** The phone number with this id, or Meta's unknown-object error. */
export function phoneNumberOf(sandbox: Sandbox, id: string, method: 'get' | 'post' | 'delete'): PhoneNumber {
  const phone = sandbox.options.phoneNumbers.find((p) => p.id === id);
  if (!phone) throw unknownObject(id, method);
  return phone;
}

/** Sends a webhook for a WABA to the callback in force: the WABA's override, else the app's callback URL. */
export function emitWebhook(sandbox: Sandbox, wabaId: string, payload: unknown): void {
  const subscription = sandbox.state.subscriptions[wabaId];
  if (!subscription) return;
  const url = subscription.override_callback_uri ?? sandbox.state.callback.url;
  if (!url) return;
  sandbox.webhooks.send(url, payload);
}
