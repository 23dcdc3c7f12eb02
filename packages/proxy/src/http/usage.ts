/** Handler of GET /v1/usage: JSON, or CSV when asked with `format=csv` or `Accept: text/csv`. */
import { getUsage, usageCsv } from '../actions/usage.js';
import { ApiError } from './errors.js';
import type { Handler } from './context.js';
import { query, workspaceId } from './context.js';

/** GET /v1/usage?from=&to=&time_zone=&format= */
export const getUsageReport: Handler = async (req, res, ctx) => {
  const format = query(req, 'format') ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
  if (format !== 'csv' && format !== 'json') throw new ApiError('validation_failed', 'The field "format" must be json or csv.', { field: 'format' });
  const from = query(req, 'from');
  const to = query(req, 'to');
  const timeZone = query(req, 'time_zone');
  const report = await getUsage(ctx.deps, workspaceId(ctx), { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(timeZone ? { timeZone } : {}) });
  if (format === 'json') {
    res.json(report);
    return;
  }
  res.type('text/csv; charset=utf-8').attachment(`kaiku-usage-${report.from}-${report.to}.csv`).send(usageCsv(report));
};
