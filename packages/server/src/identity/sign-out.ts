// Ending a browser's login session: the row, the cookie and a "Logout" audit entry. Used by the login
// pages' own Sign out and, through the identity port, by OIDC RP-initiated logout (/oauth2/logout).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/engine.ts';
import { clearSessionCookie, deleteSession, findSession, sessionIdFrom } from './session.ts';
import { auditSignIn } from './sign-in-audit.ts';

export interface SignOutOptions {
  secure: boolean;
  now: Date;
  /** The HTTP status the request answers with, for the audit entry. */
  status: number;
}

/** Ends the request's session (if any) and answers whose it was. */
export async function endBrowserSession(
  db: Queryable,
  request: FastifyRequest,
  reply: FastifyReply,
  opts: SignOutOptions,
): Promise<string | undefined> {
  const raw = sessionIdFrom(request);
  const session = raw ? await findSession(db, raw, opts.now) : undefined;
  if (session) {
    await deleteSession(db, session.idHash);
    const { userId } = session;
    await auditSignIn(db, request, { interaction: 'logout', status: opts.status, now: opts.now, userId });
  }
  clearSessionCookie(reply, opts.secure);
  return session?.userId;
}
