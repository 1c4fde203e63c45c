// Sign-in events in the audit log (issue #3 point 6: failed logins too), as DICOM "User Authentication"
// AuditEvents (110114; subtype 110122 Login / 110123 Logout). The reason of a failure is recorded for
// security review — never the password or code that was tried.
import type { FastifyRequest } from 'fastify';
import { appendAuditEntry } from '../audit/append.ts';
import type { Queryable } from '../db/engine.ts';
import type { SignInFailure } from './sign-in.ts';

export interface SignInEvent {
  interaction: 'login' | 'logout';
  /** The HTTP status the step answered with. */
  status: number;
  now: Date;
  /** The name typed in (failed attempts may name no account). */
  username?: string;
  user?: { id: string; role: string; fhir_user?: string | null };
  userId?: string;
  reason?: SignInFailure;
}

export async function auditSignIn(db: Queryable, request: FastifyRequest, e: SignInEvent): Promise<void> {
  const userId = e.user?.id ?? e.userId;
  await appendAuditEntry(db, {
    recorded: e.now.toISOString(),
    interaction: e.interaction,
    action: 'E',
    status: e.status,
    ...(e.reason ? { outcomeText: e.reason } : {}),
    agent: {
      ...(userId ? { userId } : {}),
      ...(e.user?.fhir_user ? { fhirUser: e.user.fhir_user } : {}),
      ...(e.user ? { role: e.user.role } : {}),
      ...(e.username ? { username: e.username.slice(0, 64) } : {}), // usernames are at most 64
      sourceIp: request.ip,
    },
  });
}
