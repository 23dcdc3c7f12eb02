/**
 * Serves the web console's built files (`packages/console/dist`) at `/`: hashed assets cached for a year (scripts
 * and styles gzipped by the build when the browser takes gzip), and
 * `index.html` for every other page path so that the console's own router takes over. API, webhook and
 * monitoring paths pass through. Without a build, `/` says how to make one.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const PASS = /^\/(v1|webhooks|hubspot|docs|healthz|metrics)(\/|$)/;
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The built console next to this package, from the sources or from the bundle in dist/ (null when not built). */
export function findConsoleDir(): string | null {
  for (const relative of ['../../../console/dist', '../../console/dist']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** The build's gzipped copy of a script or style sheet, for a browser that takes gzip (null otherwise). */
function gzippedCopy(dir: string, req: Request): string | null {
  const name = /^\/assets\/([\w.-]+\.(?:js|css))$/.exec(req.path)?.[1];
  if (name === undefined || !/\bgzip\b/.test(req.get('accept-encoding') ?? '')) return null;
  const file = join(dir, 'assets', `${name}.gz`);
  return existsSync(file) ? file : null;
}

/** The handler mounted at `/`. */
export function consoleHandler(dir: string | null): RequestHandler {
  const assets = dir === null ? null : express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || PASS.test(req.path)) return next();
    if (dir === null || assets === null) {
      res.status(503).type('text/plain').send('The Kaiku console is not built yet. Run: pnpm --filter @kaiku/console build (pnpm start does it for you).\n');
      return;
    }
    const gzipped = gzippedCopy(dir, req);
    if (gzipped !== null) {
      res.set({ 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'cache-control': 'public, max-age=31536000, immutable' }).type(extname(req.path));
      res.sendFile(gzipped);
      return;
    }
    if (req.path.startsWith('/assets/')) {
      res.vary('Accept-Encoding');
      req.url = req.url.slice('/assets'.length);
      assets(req, res, next);
      return;
    }
    res.set({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).sendFile(join(dir, 'index.html'));
  };
}
