/**
 * The one source of truth for the operations: their JSON Schemas and sample data.
 * Every connector derives its fields and samples from here; nothing is restated by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The schemas this folder holds, named after their operation. */
export const schemaNames = ['send-template', 'reply', 'inbound-message', 'message-status', 'opt-in-request'] as const;
export type SchemaName = (typeof schemaNames)[number];

/** A JSON Schema document as read from disk (validated by the tests, not by types). */
export type JsonSchema = Record<string, unknown>;

function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
}

/** The JSON Schema of one operation's input or output, e.g. `loadSchema('send-template')`. */
export function loadSchema(name: SchemaName): JsonSchema {
  return readJson(`./schemas/${name}.schema.json`) as JsonSchema;
}

/** A sample from `samples/`, e.g. `loadSample('inbound-message.text')`. */
export function loadSample(name: string): unknown {
  return readJson(`./samples/${name}.json`);
}

/** The names of the flat samples in `samples/`, e.g. `inbound-message.image`, `reply.input.media`. */
export function sampleNames(): string[] {
  return readdirSync(new URL('./samples/', import.meta.url))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** The names of Meta's raw webhook payloads in `samples/webhooks/`, e.g. `message.image`, `status.failed`. */
export function webhookFixtureNames(): string[] {
  return readdirSync(new URL('./samples/webhooks/', import.meta.url))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** One raw webhook payload's exact bytes (Meta escapes non-ASCII as \uXXXX), for signature and parsing tests. */
export function readWebhookFixture(name: string): Buffer {
  return readFileSync(new URL(`./samples/webhooks/${name}.json`, import.meta.url));
}
