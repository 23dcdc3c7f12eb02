/**
 * The comparison point: a bare Express 5 route that reads the raw body, checks Meta's HMAC and answers 200,
 * with no storage. Prints `{"url": …}` when it listens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Req = IncomingMessage & { body: Buffer };
type Handler = (req: Req, res: ServerResponse & { sendStatus(code: number): void }) => void;
interface App {
  post(path: string, parser: unknown, handler: Handler): void;
  listen(port: number, host: string, done: () => void): { address(): { port: number } };
}
type Express = (() => App) & { raw(options: { type: string; limit: string }): unknown };

const express = createRequire(new URL('../../packages/proxy/package.json', import.meta.url))('express') as Express;
const secret = process.argv[2] ?? 'bench-app-secret';
const app = express();
app.post('/webhooks/whatsapp', express.raw({ type: '*/*', limit: '4mb' }), (req, res) => {
  const header = String(req.headers['x-hub-signature-256'] ?? '');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`);
  const ok = header.length === expected.length && timingSafeEqual(Buffer.from(header), expected);
  res.sendStatus(ok ? 200 : 401);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.once('SIGTERM', () => process.exit(0));
