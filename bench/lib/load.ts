/** autocannon (installed in the proxy package) behind a small typed wrapper. */
import { createRequire } from 'node:module';

const requireFromProxy = createRequire(new URL('../../packages/proxy/package.json', import.meta.url));

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

/** One request as autocannon builds it. */
interface RequestParts { body?: string | Buffer; headers?: Record<string, string> }

type Autocannon = (options: {
  url: string; connections: number; duration: number; method: 'POST'; headers: Record<string, string>; body: string | Buffer;
  requests?: Array<{ setupRequest: (request: RequestParts) => RequestParts }>;
}) => Promise<AutocannonResult>;

const autocannon = requireFromProxy('autocannon') as Autocannon;

/** One load run's figures. */
export interface LoadFigures {
  rps: number;
  /** Requests answered in the run (for services too slow for autocannon's per-second average to show). */
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** POSTs `body` with `headers` at `url` from `connections` connections for `seconds`; `vary` makes each request anew. */
export async function load(
  url: string, body: Buffer, headers: Record<string, string>, connections: number, seconds: number,
  vary?: () => { body: Buffer; headers: Record<string, string> },
): Promise<LoadFigures> {
  const requests = vary === undefined ? undefined : [{ setupRequest: (request: RequestParts) => ({ ...request, ...vary() }) }];
  const result = await autocannon({ url, connections, duration: seconds, method: 'POST', headers, body, ...(requests ? { requests } : {}) });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, total: result.requests.total };
}
