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
