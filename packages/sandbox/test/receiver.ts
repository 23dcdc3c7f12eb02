/** A webhook receiver for tests: answers Meta's handshake, records every POST with its raw body. */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';

/** One webhook POST as received. */
export interface Received {
  raw: string;
  headers: IncomingHttpHeaders;
  status: number;
  body: WebhookBody;
}

/** The parts of Meta's webhook envelope the tests read. */
export interface WebhookBody {
  object: string;
  entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: Record<string, unknown> & { statuses?: StatusLike[]; messages?: Array<Record<string, unknown>> } }> }>;
}

/** A status item as the tests read it. */
export interface StatusLike {
  id: string;
  status: string;
  timestamp: string;
  recipient_id: string;
  pricing?: { billable: boolean; pricing_model: string; type: string; category: string };
  errors?: Array<{ code: number; title: string; message: string; error_data: { details: string }; href: string }>;
}

/** A running receiver. */
export interface Receiver {
  url: string;
  received: Received[];
  handshakes: URLSearchParams[];
  /** Resolves when `predicate` holds for the received list (checked on every POST). */
  waitFor(predicate: (received: Received[]) => boolean, what: string): Promise<void>;
  statuses(): StatusLike[];
  close(): Promise<void>;
}

/** Starts a receiver; `failFirst` POSTs answer 500, `verifyToken` is what the handshake accepts. */
export async function startReceiver(options: { failFirst?: number; verifyToken?: string } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const handshakes: URLSearchParams[] = [];
  const waiters: Array<() => void> = [];
  let posts = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') {
      handshakes.push(url.searchParams);
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === (options.verifyToken ?? 'sandbox-verify-token');
      res.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'Forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts += 1;
      const status = posts <= (options.failFirst ?? 0) ? 500 : 200;
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ raw, headers: req.headers, status, body: JSON.parse(raw) as WebhookBody });
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    handshakes,
    async waitFor(predicate, what) {
      const deadline = Date.now() + 20_000;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; received ${received.length} webhooks: ${received.map((r) => r.raw).join('\n')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    statuses() {
      return received.filter((r) => r.status === 200).flatMap((r) => r.body.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses ?? [])));
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
