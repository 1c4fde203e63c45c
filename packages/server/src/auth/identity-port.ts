// What OAuth needs from accounts (identity/): who is signed in to this browser, and a user by id. The
// entry point wires identity/session.ts and identity/users.ts in; auth does not import the accounts
// domain (DESIGN.md §2), and tests plug in their own users.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRole } from '../db/repository.types.ts';

export interface AuthUser {
  id: string;
  username: string;
  role: UserRole;
  /** e.g. `Practitioner/123`, `Patient/456`, `RelatedPerson/789`. */
  fhirUser?: string;
  /** For caregivers: the patient ids they may act for. */
  proxyPatients: readonly string[];
  disabled: boolean;
}

export interface IdentityPort {
  /** The user signed in on this request's session cookie, if any. */
  currentUser(req: FastifyRequest): Promise<AuthUser | undefined>;
  findUser(id: string): Promise<AuthUser | undefined>;
  /** The login page; it redirects back to `return_to` (a relative path) after sign-in. */
  loginPath: string;
  /**
   * Ends this browser's login session (row and cookie) and audits the sign-out; answers the user id
   * whose session ended, if there was one.
   */
  endSession(req: FastifyRequest, reply: FastifyReply): Promise<string | undefined>;
  /** A CSRF token for a form on this browser (set as a cookie on `reply` when new). */
  formToken(req: FastifyRequest, reply: FastifyReply): string;
  /** true when `submitted` is this browser's CSRF token. */
  formTokenValid(req: FastifyRequest, submitted: string | undefined): boolean;
}
