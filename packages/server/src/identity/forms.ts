// What every sign-in form needs: CSRF protection, the form fields, a safe return path and an HTML reply.
// CSRF: the double-submit cookie pattern (OWASP CSRF Prevention Cheat Sheet) — a random token in an
// HttpOnly, SameSite=Lax cookie, echoed in a hidden field; a cross-site form post carries neither the
// cookie (SameSite) nor the value. It also blocks login CSRF (signing a victim into another account).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendSetCookie } from './session.ts';

const SECURE_CSRF = '__Host-hearth_csrf';
const PLAIN_CSRF = 'hearth_csrf';

function csrfCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  return cookies[SECURE_CSRF] ?? cookies[PLAIN_CSRF];
}

/** The CSRF token for a form: the browser's existing one, or a new one set as a cookie on the reply. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = csrfCookie(request);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  const cookie = stringifySetCookie({
    name: secure ? SECURE_CSRF : PLAIN_CSRF,
    value: token,
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  appendSetCookie(reply, cookie);
  return token;
}

/** true when the submitted form carries the same token as the browser's CSRF cookie. */
export function csrfValid(request: FastifyRequest, submitted: string | undefined): boolean {
  const expected = csrfCookie(request);
  if (!expected || !submitted) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One string field of a url-encoded form body (the first, when repeated). */
export function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first : undefined;
}

export const DEFAULT_RETURN_TO = '/login';

/**
 * A same-origin relative path to return to after sign-in, else the default. Refuses absolute and
 * protocol-relative URLs (`//evil`, `/\evil`) and control characters: no open redirect (OWASP Unvalidated
 * Redirects Cheat Sheet).
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return DEFAULT_RETURN_TO;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_RETURN_TO;
  if (/[\p{Cc}\\]/u.test(value)) return DEFAULT_RETURN_TO;
  return value;
}

export function withReturnTo(path: string, returnTo: string): string {
  return returnTo === DEFAULT_RETURN_TO ? path : `${path}?return_to=${encodeURIComponent(returnTo)}`;
}

/**
 * The sign-in pages' Content-Security-Policy: no script, no framing (clickjacking), styles inline only.
 * CSP `form-action` also governs where a form's response may redirect (CSP Level 3 §6.4.1). When the
 * sign-in continues an OAuth authorization, that chain may end at the app's redirect URI (the authorize
 * endpoint validates it against the registration), so its origin is allowed too.
 */
export function signInCsp(returnTo: string): string {
  const targets = ["'self'"];
  const next = new URL(returnTo, 'http://hearth.invalid');
  const redirectUri = next.pathname === '/oauth2/authorize' ? next.searchParams.get('redirect_uri') : null;
  if (redirectUri && URL.canParse(redirectUri)) {
    const url = new URL(redirectUri);
    if (url.protocol === 'https:' || url.protocol === 'http:') targets.push(url.origin);
    else if (/^[a-z][a-z0-9+.-]*:$/.test(url.protocol)) targets.push(url.protocol); // RFC 8252 private-use
  }
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action ${targets.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** An HTML page that is never cached (it may show a TOTP secret or who is signed in). */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** 303 See Other: after a POST the browser follows with a GET (RFC 9110 §15.4.4). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 303);
}
