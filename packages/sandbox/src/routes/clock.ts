/** `GET /_sandbox/clock` and `POST /_sandbox/clock {"advance": "PT25H"} | {"set": "<ISO time>"}`. */
import type { Sandbox } from '../context.js';
import { parseDuration } from '../clock.js';
import { invalidParameter } from '../graph-error.js';
import type { Json } from '../messages/fields.js';

/** What the clock answers: Meta-side time and how far it is from the system clock. */
export function clockView(sandbox: Sandbox): Json {
  const now = sandbox.options.clock.now();
  return { now: new Date(now).toISOString(), offset_ms: now - Date.now() };
}

/** Moves Meta-side time: forward by an ISO 8601 duration, or to a given moment. */
export function moveClock(sandbox: Sandbox, input: Json): Json {
  const { clock } = sandbox.options;
  if (typeof input.advance === 'string' && input.set === undefined) {
    const ms = parseDuration(input.advance);
    if (ms === null) throw invalidParameter(`advance must be an ISO 8601 duration such as "PT25H", "P1D" or "PT90S", got "${input.advance}".`);
    clock.advance(ms);
  } else if (typeof input.set === 'string' && input.advance === undefined) {
    const at = Date.parse(input.set);
    if (Number.isNaN(at)) throw invalidParameter(`set must be an ISO 8601 time such as "2026-12-24T09:00:00Z", got "${input.set}".`);
    clock.set(at);
  } else {
    throw invalidParameter('Send either {"advance": "PT25H"} (an ISO 8601 duration) or {"set": "2026-12-24T09:00:00Z"} (an ISO 8601 time).');
  }
  sandbox.state.clock_offset_ms = clock.offset();
  sandbox.changed();
  return clockView(sandbox);
}
