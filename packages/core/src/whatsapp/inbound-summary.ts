/** Plain-text summaries of the inbound payloads that have no flat equivalent (contact cards, orders, flows). */
import type { WireContactCard, WireMessage } from './wire-webhook.js';

type OrderItem = NonNullable<NonNullable<WireMessage['order']>['product_items']>[number];

// "+358 40 765 4321" and wa_id 358407654321 both read as +358407654321: one way to write a number.
function phoneText(phone: { phone?: string; wa_id?: string }): string | null {
  if (typeof phone.wa_id === 'string' && phone.wa_id !== '') return `+${phone.wa_id}`;
  const compact = (phone.phone ?? '').replace(/[\s().-]/g, '');
  return compact === '' ? null : compact;
}

function cardSummary(card: WireContactCard): string {
  const name = card.name?.formatted_name ?? [card.name?.first_name, card.name?.last_name].filter(Boolean).join(' ');
  const phones = (card.phones ?? []).map(phoneText).filter((p): p is string => p !== null);
  const label = name === '' ? 'Unnamed contact' : name;
  return phones.length === 0 ? label : `${label} (${phones.join(', ')})`;
}

/** Shared contact cards as one line: "Jane Doe (+358401234567), John Roe (+46701234567)". */
export function contactsSummary(cards: WireContactCard[]): string {
  return cards.map(cardSummary).join(', ');
}

/** An order's items as one line: "2 × sku-1 at 12.50 EUR, 1 × sku-2 at 3 EUR". */
export function orderSummary(items: OrderItem[]): string {
  const lines = items.map((i) => `${i.quantity ?? 1} × ${i.product_retailer_id ?? 'item'} at ${i.item_price ?? '?'} ${i.currency ?? ''}`.trim());
  return lines.length === 0 ? 'Order without items' : lines.join(', ');
}

/** A coordinate that Meta sends as a number (or, in older payloads, as a string). */
export function toNumber(value: number | string | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** The `flow_token` inside a Flow reply's `response_json` string, or null when it has none. */
export function flowToken(responseJson: string | undefined): string | null {
  if (responseJson === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(responseJson);
    if (typeof parsed !== 'object' || parsed === null || !('flow_token' in parsed)) return null;
    return typeof parsed.flow_token === 'string' ? parsed.flow_token : null;
  } catch {
    return null;
  }
}

/**
 * The value when it is a string, else null: the flat records never carry Meta's odd shapes through. NUL
 * characters are dropped (no text column of PostgreSQL can hold one).
 */
export function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.replaceAll('\u0000', '');
}
