// Serves the web app (packages/web, built by `npm run build:web`) at `/`: hashed assets cached for a
// year, index.html never cached, and the app's own paths (/portal/labs, /clinician/…) answered with
// index.html so a reload or a bookmark opens the app there (the router in the page takes over).
//
// The app's files are public: they are code and translations, never data. That keeps "nothing but
// metadata is served without authentication": every byte of health data the app shows comes from /fhir
// with the signed-in user's bearer token, checked on each request like any other client's.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundHandler } from './errors.ts';

/** packages/web/dist, from packages/server/src/http. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebAppOptions {
  /** The Vite build output: index.html and assets/. */
  root?: string;
  /** Under our own TLS or an https public URL: ask the browser to upgrade any http subresource. */
  https?: boolean;
}

/** Paths the server answers itself: a miss there is an API 404 (OperationOutcome), never the app. */
const SERVER_PREFIXES = [
  '/fhir',
  '/oauth2',
  '/audit',
  '/admin',
  '/devices',
  '/monitoring',
  '/login',
  '/logout',
  '/reset-password',
  '/healthz',
  '/readyz',
  '/.well-known',
  '/assets',
];

/** Where index.html names the per-response CSP nonce for the styles Mantine injects at run time. */
const NONCE_PLACEHOLDER = '__HEARTH_CSP_NONCE__';

/** A year, immutable (RFC 8246): Vite names assets by their content hash, so a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The app's CSP (CSP Level 3): scripts only from this origin; styles from this origin plus the
 * `<style>` elements Mantine writes at run time, admitted by a per-response nonce instead of
 * 'unsafe-inline' (React sets style props through the CSSOM, which CSP does not restrict); data only
 * from this origin's API; no framing, no plugins, no <base> tricks.
 */
export function appCsp(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function isAppPath(path: string): boolean {
  return !SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\btext\/html\b/i.test(accept);
}

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hearth: the web app is not built</title></head>
<body><main><h1>The web app is not built yet</h1>
<p>Hearth's API is running, but the web app's files are missing. Build them with</p>
<pre><code>npm run build:web</code></pre>
<p>and restart the server (<code>npm start</code> does both).</p></main></body></html>
`;

export async function webAppRoutes(app: FastifyInstance, opts: WebAppOptions): Promise<void> {
  const root = opts.root ?? DEFAULT_WEB_ROOT;
  const indexPath = join(root, 'index.html');
  const built = await stat(indexPath).then(
    (s) => s.isFile(),
    () => false,
  );

  async function sendIndex(reply: FastifyReply): Promise<FastifyReply> {
    if (!built) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .header('retry-after', '60')
        .type('text/html; charset=utf-8')
        .send(MISSING_BUILD);
    }
    // Read per response: a rebuild is picked up without a restart, and the file is ~1 kB.
    const html = await readFile(indexPath, 'utf8');
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', appCsp(nonce, opts.https === true))
      .type('text/html; charset=utf-8')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  }

  if (built) {
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      cacheControl: false,
      // The build writes .br and .gz beside each asset (vite.config.ts): sent as they are, by Accept-Encoding.
      preCompressed: true,
      etag: true,
      lastModified: true,
      index: false,
      decorateReply: false,
      setHeaders: (reply) => {
        void reply.header('cache-control', IMMUTABLE);
      },
    });
  }

  app.get('/', (_request, reply) => sendIndex(reply));
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isAppPath(path) && wantsHtml(request)) return sendIndex(reply);
    return notFoundHandler(request, reply);
  });
}
