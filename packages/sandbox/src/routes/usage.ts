/**
 * Meta's usage headers on management calls (reference §8): `X-App-Usage` and `X-Business-Use-Case-Usage`, each
 * a percentage of the hourly allowance used (5,000 calls per hour for a WABA with a registered number).
 * Messaging calls (`/messages`, `/media`) do not carry them. The sandbox reports usage; it never throttles here.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Sandbox } from '../context.js';

const HOUR_MS = 3_600_000;
const CALLS_PER_HOUR = 5000;

/** Express middleware counting management calls per clock hour and setting both headers. */
export function usageHeaders(sandbox: Sandbox) {
  let hour = -1;
  let calls = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (/\/(messages|media)$/.test(req.path)) return next();
    const now = Math.floor(sandbox.options.clock.now() / HOUR_MS);
    if (now !== hour) {
      hour = now;
      calls = 0;
    }
    calls += 1;
    const percent = Math.min(100, Math.ceil((calls * 100) / CALLS_PER_HOUR));
    res.set('X-App-Usage', JSON.stringify({ call_count: percent, total_cputime: 1, total_time: 1 }));
    res.set('X-Business-Use-Case-Usage', JSON.stringify({
      [sandbox.options.wabaId]: [{ type: 'whatsapp_business_management', call_count: percent, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 }],
    }));
    next();
  };
}
