// The server's one CORS policy (Fetch standard §3.2, "CORS protocol"), issue #3 point 7:
// - SMART discovery, JWKS, brands, token and revoke answer any origin: SMART App Launch 2.0 public
//   browser apps call them cross-origin (app-launch.html#step-5-access-token). They never rely on
//   cookies, so credentials are never allowed.
// - The FHIR API answers only the exact origins of HEARTH_CORS_ORIGINS (none by default). Its calls
//   carry bearer tokens, not cookies, so credentials are not allowed either.
// - Everything else — sign-in, authorize, consent and management pages, introspection, audit — is
//   same-origin only: those are navigations or server-to-server calls, and the pages carry session
//   and CSRF cookies that another origin must never read.
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const PUBLIC_SMART_PATHS = new Set([
  '/oauth2/token',
  '/oauth2/revoke',
  '/oauth2/jwks',
  '/oauth2/brands',
  '/fhir/.well-known/smart-configuration',
  '/.well-known/openid-configuration',
]);

/** Request headers a FHIR client sends (http.html#versioning, #cond-update, #prefer; break-the-glass). */
const FHIR_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'if-match',
  'if-none-match',
  'if-none-exist',
  'if-modified-since',
  'prefer',
  'x-break-glass',
];

/** Response headers a FHIR client reads (http.html#create, #versioning). */
const FHIR_RESPONSE_HEADERS = ['location', 'content-location', 'etag', 'last-modified'];

const PREFLIGHT_SECONDS = 600;

/** The CORS answer for one request: `origin: false` means no CORS headers at all. */
export function corsFor(
  request: Pick<FastifyRequest, 'url' | 'headers'>,
  allowedOrigins: readonly string[],
): FastifyCorsOptions {
  const origin = request.headers.origin;
  if (origin === undefined) return { origin: false };
  const path = request.url.split('?')[0]!;
  if (PUBLIC_SMART_PATHS.has(path)) {
    return {
      origin: '*',
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type'],
      maxAge: PREFLIGHT_SECONDS,
    };
  }
  const isFhir = path === '/fhir' || path.startsWith('/fhir/');
  if (!isFhir || !allowedOrigins.includes(origin)) return { origin: false };
  return {
    origin,
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: FHIR_REQUEST_HEADERS,
    exposedHeaders: FHIR_RESPONSE_HEADERS,
    maxAge: PREFLIGHT_SECONDS,
  };
}

/** Registers the policy; its preflight answer comes from an onRequest hook, before authentication. */
export function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  void app.register(cors, {
    delegator: (request, callback) => {
      callback(null, corsFor(request, allowedOrigins));
    },
  });
}
