/**
 * Bounds on what Kaiku keeps of Meta's JSON. A signed webhook can still carry absurd shapes (a message of an
 * unknown type holding 200,000 nested arrays); what passes these bounds is stored as a short note instead,
 * so that no later step (JSON.stringify, the store) meets it.
 */

/** How deep, how many values and how many bytes of text a kept `raw` object may hold. */
export const RAW_LIMITS = { depth: 32, values: 2_000, textBytes: 64 * 1024 } as const;

/** Why a value passes the limits, or null when it fits. Walks iteratively: depth cannot overflow the stack. */
export function exceedsLimits(value: unknown, limits: { depth: number; values: number; textBytes: number } = RAW_LIMITS): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let values = 0;
  let text = 0;
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number };
    values += 1;
    if (values > limits.values) return `more than ${limits.values} values`;
    if (next.depth > limits.depth) return `nested deeper than ${limits.depth} levels`;
    const v = next.value;
    if (typeof v === 'string') text += v.length;
    if (text > limits.textBytes) return `more than ${limits.textBytes} characters of text`;
    if (typeof v !== 'object' || v === null) continue;
    for (const [key, child] of Object.entries(v)) {
      text += key.length;
      stack.push({ value: child, depth: next.depth + 1 });
    }
  }
  return null;
}

/** `value` as is when it fits the limits; else a note saying what was left out and why. */
export function boundedRaw(value: Record<string, unknown>): Record<string, unknown> {
  const reason = exceedsLimits(value);
  if (reason === null) return value;
  const type = typeof value.type === 'string' ? value.type.slice(0, 100) : null;
  return { type, omitted: `Kaiku did not keep this message's content: ${reason}.` };
}

/** Meta's webhooks nest a few levels deep; JSON nested deeper than this is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep the JSON text nests, counted on the raw bytes without parsing (JSON.parse of 200,000 nested arrays
 * costs half a second); stops counting once past `max`.
 */
export function jsonDepth(raw: Buffer | string, max = MAX_JSON_DEPTH): number {
  const code = typeof raw === 'string' ? (i: number) => raw.charCodeAt(i) : (i: number) => raw[i] ?? 0;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = code(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 93 || c === 125) depth -= 1;
  }
  return deepest;
}
