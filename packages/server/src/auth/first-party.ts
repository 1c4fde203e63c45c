// Hearth's own web app (packages/web) as an OAuth client: a public client with a fixed id, registered
// by the server at every start with its own `/callback` (and, for development, the Vite dev server's),
// PKCE S256 required like every public client.
//
// It does not show the consent screen. Consent exists so a user decides what a *third-party* app may
// do; this app is the platform itself, is registered by the server rather than by anyone, and can only
// return to the server's own origin (a code sent there is useless to anyone without the tab's PKCE
// verifier). Its grant is fitted to the account instead of chosen on a screen: practitioners get the
// `user/` scopes, patients the `patient/` scopes with their own record in context, caregivers with a
// single patient that patient. Everyone else (a caregiver of several patients, an account without a
// FHIR resource) goes through the ordinary consent screen and its patient picker. Every other client
// always sees consent (authorize.routes.ts calls this only for FIRST_PARTY_CLIENT_ID).
import type { Queryable } from '../db/engine.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { ensureBuiltInClient } from './clients.ts';
import type { Grant } from './grants.ts';
import type { AuthUser } from './identity-port.ts';
import { parseResourceScope } from './scopes.ts';

export const FIRST_PARTY_CLIENT_ID = 'hearth-web';

/**
 * What the app may ask for. `online_access`: its refresh token lives with the user's session, it does
 * not work offline. Patients do not delete (entered-in-error is an update); clinicians may.
 */
export const FIRST_PARTY_SCOPES = [
  'openid',
  'fhirUser',
  'online_access',
  'launch/patient',
  'patient/*.crus',
  'user/*.cruds',
];

export interface FirstPartyOptions {
  /** The server's public base URL: the app is served at `${baseUrl}/`. */
  baseUrl: string;
  /** A development origin (Vite, http://localhost:5173) whose /callback is also allowed. */
  devOrigin?: string | undefined;
}

export function firstPartyRedirectUris(opts: FirstPartyOptions): string[] {
  return [`${opts.baseUrl}/callback`, ...(opts.devOrigin ? [`${opts.devOrigin}/callback`] : [])];
}

/**
 * Where the app may ask to land after an RP-initiated logout (OIDC RP-Initiated Logout 1.0 §3): its
 * start page, on the server and on the development origin.
 */
export function firstPartyPostLogoutUris(opts: FirstPartyOptions): string[] {
  return [`${opts.baseUrl}/`, ...(opts.devOrigin ? [`${opts.devOrigin}/`] : [])];
}

/** Idempotent: creates the client, or brings its name, scopes and redirect URIs up to date. */
export async function registerFirstPartyClient(db: Queryable, opts: FirstPartyOptions): Promise<void> {
  await ensureBuiltInClient(db, {
    clientId: FIRST_PARTY_CLIENT_ID,
    name: 'Hearth',
    scopes: FIRST_PARTY_SCOPES.join(' '),
    redirectUris: firstPartyRedirectUris(opts),
  });
}

const OWN_PATIENT = /^Patient\/([A-Za-z0-9\-.]{1,64})$/;

/** The patient an account's portal is about, when there is exactly one. */
function portalPatient(user: AuthUser): string | undefined {
  if (user.role === 'patient') return OWN_PATIENT.exec(user.fhirUser ?? '')?.[1];
  if (user.role === 'caregiver' && user.proxyPatients.length === 1) return user.proxyPatients[0];
  return undefined;
}

/**
 * The grant the first-party app gets for this user without a consent screen, or undefined when the
 * user must choose (the ordinary consent screen then asks). Only scopes the request carries (already
 * narrowed to the client's) are granted.
 */
export function firstPartyGrant(user: AuthUser, request: AuthorizeRequest): Grant | undefined {
  if (request.clientId !== FIRST_PARTY_CLIENT_ID || request.launch) return undefined;
  const portal = user.role === 'patient' || user.role === 'caregiver';
  const patient = portal ? portalPatient(user) : undefined;
  if (portal && !patient) return undefined;
  const scopes = request.scopes.filter((s) => {
    if (s === 'launch/patient') return portal;
    const context = parseResourceScope(s)?.context;
    if (context === 'patient') return portal;
    if (context === 'user') return !portal;
    return true;
  });
  if (!scopes.some((s) => parseResourceScope(s) !== undefined)) return undefined;
  return {
    clientId: request.clientId,
    scopes,
    user: { id: user.id, role: user.role, ...(user.fhirUser ? { fhirUser: user.fhirUser } : {}) },
    ...(patient ? { patient } : {}),
    ...(user.proxyPatients.length > 0 ? { proxyPatients: [...user.proxyPatients] } : {}),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  };
}
