// Browser sessions: a 256-bit random id in a cookie, stored only as its SHA-256 digest (OWASP Session
// Management Cheat Sheet: ≥64 bits of entropy, server-side state, renewed on every privilege change).
// The cookie is HttpOnly, SameSite=Lax and Secure on https (RFC 6265bis §4.1.2.7, §8.8); on https it
// carries the `__Host-` prefix, which browsers only accept with Secure, Path=/ and no Domain (§4.1.3.2).
import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/engine.ts';
import { findUser, type User } from './users.ts';

export type SessionStage = 'full' | 'mfa' | 'enrol' | 'password';

const SECURE_COOKIE = '__Host-hearth_session';
const PLAIN_COOKIE = 'hearth_session';

export interface Session {
  idHash: string;
  userId: string;
  stage: SessionStage;
  /** During TOTP enrolment: the secret shown to the user, kept until they prove they saved it. */
  pendingTotpSecret?: string;
  expires: Date;
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  pending_totp_secret: string | null;
  expires: Date | string;
}

export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE : PLAIN_COOKIE;
}

/** The raw session id from the request's cookies (either name: the server may sit behind TLS or not). */
export function sessionIdFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  return cookies[SECURE_COOKIE] ?? cookies[PLAIN_COOKIE];
}

export interface NewSession {
  userId: string;
  stage: SessionStage;
  pendingTotpSecret?: string;
  now: Date;
  /** Absolute lifetime: the session ends then however active it is. */
  ttlSeconds: number;
  /** Idle timeout: the session ends this long after its last use. */
  idleSeconds: number;
}

/** Stores a new session and returns its raw id (for the cookie; never stored or logged). */
export async function createSession(db: Queryable, s: NewSession): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  // The user's expired sessions go as a new one starts, so the table stays bounded without a job.
  await db.query('DELETE FROM user_sessions WHERE user_id = $1 AND expires <= $2', [s.userId, s.now]);
  const expires = new Date(s.now.getTime() + s.ttlSeconds * 1000);
  const idleExpires = new Date(Math.min(expires.getTime(), s.now.getTime() + s.idleSeconds * 1000));
  await db.query(
    `INSERT INTO user_sessions (id_hash, user_id, stage, pending_totp_secret, created, expires, idle_seconds, idle_expires)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      digest(id),
      s.userId,
      s.stage,
      s.pendingTotpSecret ?? null,
      s.now,
      expires,
      Math.ceil(s.idleSeconds),
      idleExpires,
    ],
  );
  return id;
}

/**
 * The session for a raw id, if it has neither reached its absolute end nor sat idle too long; finding
 * it counts as a use, so its idle timeout starts again (never past its absolute end).
 */
export async function findSession(db: Queryable, rawId: string, now: Date): Promise<Session | undefined> {
  const r = await db.query<SessionRow>(
    `UPDATE user_sessions SET idle_expires = LEAST(expires, $2::timestamptz + make_interval(secs => idle_seconds))
     WHERE id_hash = $1 AND expires > $2 AND idle_expires > $2
     RETURNING id_hash, user_id, stage, pending_totp_secret, expires`,
    [digest(rawId), now],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    stage: row.stage,
    ...(row.pending_totp_secret ? { pendingTotpSecret: row.pending_totp_secret } : {}),
    expires: new Date(row.expires),
  };
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('DELETE FROM user_sessions WHERE id_hash = $1', [idHash]);
}

/** Ends every session of a user (password change, reset, disable). */
export async function deleteUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM user_sessions WHERE user_id = $1', [userId]);
}

/**
 * The user signed in on this request's session cookie: a fully authenticated (password and, when
 * enrolled, TOTP), unexpired session of an enabled account. Anything else is no user.
 */
export async function currentUser(
  db: Queryable,
  request: FastifyRequest,
  now: Date = new Date(),
): Promise<User | undefined> {
  const raw = sessionIdFrom(request);
  if (!raw) return undefined;
  const session = await findSession(db, raw, now);
  if (session?.stage !== 'full') return undefined;
  const user = await findUser(db, session.userId);
  return user && !user.disabled ? user : undefined;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

export function setSessionCookie(reply: FastifyReply, rawId: string, opts: CookieOptions): void {
  const cookie = stringifySetCookie({
    name: sessionCookieName(opts.secure),
    value: rawId,
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    maxAge: opts.maxAgeSeconds,
  });
  appendSetCookie(reply, cookie);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  const cookie = stringifySetCookie({
    name: sessionCookieName(secure),
    value: '',
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 0,
  });
  appendSetCookie(reply, cookie);
}

export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  void reply.header('set-cookie', [...list, cookie]);
}
