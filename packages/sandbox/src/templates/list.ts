/** `GET /{waba-id}/message_templates` with Meta's filters and cursor paging. */
import type { Sandbox } from '../context.js';
import { templateWithFields } from './view.js';

const DEFAULT_LIMIT = 25;

function cursor(index: number): string {
  return Buffer.from(`tpl:${index}`).toString('base64');
}

function fromCursor(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^tpl:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function matches(value: string, filter: unknown): boolean {
  if (typeof filter !== 'string' || filter === '') return true;
  return filter.split(',').some((f) => f.trim().toUpperCase() === value.toUpperCase());
}

/** One page of the WABA's templates: `{data, paging: {cursors: {before, after}, next?}}`. */
export function listTemplates(sandbox: Sandbox, wabaId: string, query: Record<string, unknown>, selfUrl: string): Record<string, unknown> {
  const nameFilter = typeof query.name === 'string' ? query.name.toLowerCase() : '';
  const all = sandbox.state.templates.filter(
    (t) =>
      t.waba_id === wabaId &&
      t.name.toLowerCase().includes(nameFilter) &&
      matches(t.status, query.status) &&
      matches(t.category, query.category) &&
      (typeof query.language !== 'string' || t.language === query.language),
  );
  const limit = Math.max(1, Math.min(Number(query.limit) || DEFAULT_LIMIT, 1000));
  const start = fromCursor(query.after) !== null ? (fromCursor(query.after) as number) + 1 : 0;
  const page = all.slice(start, start + limit);
  const data = page.map((t) => templateWithFields(t, query.fields, sandbox.options.clock.now()));
  if (page.length === 0) return { data, paging: { cursors: {} } };
  const last = start + page.length - 1;
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(last) } };
  if (last < all.length - 1) {
    const next = new URL(selfUrl);
    next.searchParams.set('after', cursor(last));
    next.searchParams.set('limit', String(limit));
    next.searchParams.delete('access_token');
    paging.next = next.toString();
  }
  return { data, paging };
}
