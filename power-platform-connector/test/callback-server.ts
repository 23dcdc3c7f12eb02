/** A flow's callback endpoint on 127.0.0.1: records every POST and answers with a status of our choosing. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the callback received. */
export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A running callback endpoint. */
export interface CallbackServer {
  url: string;
  received: Received[];
  /** The status every later request is answered with (default 200). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** Starts a callback endpoint on an ephemeral loopback port. */
export async function startCallbackServer(): Promise<CallbackServer> {
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/flows/${port}/invoke?sig=callback-secret`,
    received,
    answerWith: (next) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
