// The app's view of an OAuth token response (SMART App Launch 2.0 app-launch.html#response-5): pure,
// so the mapping from `fhirUser` to the app's role is tested once.

/** Which experience a user gets: the clinician workspace or the patient portal. */
export type Role = 'clinician' | 'patient';

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
  scope: string;
  /** The signed-in user's FHIR resource, e.g. `Practitioner/123` or `Patient/9`. */
  fhirUser: string;
  role: Role;
  /** SMART launch context: the patient the token is about (patients and caregivers). */
  patientId?: string;
  /** Kept for sign-out hints; never parsed for authorization decisions. */
  idToken?: string;
}

export interface TokenResponse {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  refresh_token?: unknown;
  id_token?: unknown;
  patient?: unknown;
  fhirUser?: unknown;
}

export class SignInError extends Error {
  /** OAuth error code (RFC 6749 §4.1.2.1, §5.2) or one of the app's own: `state_mismatch`, `no_role`… */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SignInError';
    this.code = code;
  }
}

const FHIR_USER = /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/;

/**
 * SMART `fhirUser` → role: practitioners work in the clinician workspace; patients and the people who
 * act for them (RelatedPerson: caregivers) use the portal. Anything else has no experience in this app.
 */
export function roleOf(fhirUser: string): Role | undefined {
  const type = FHIR_USER.exec(fhirUser)?.[1];
  if (type === 'Practitioner' || type === 'PractitionerRole') return 'clinician';
  if (type === 'Patient' || type === 'RelatedPerson') return 'patient';
  return undefined;
}

/**
 * The claims of a JWT without checking its signature. OpenID Connect Core §3.1.3.7 (6): an id_token
 * received directly from the token endpoint over TLS may be trusted by the TLS server validation
 * instead; the API checks the access token itself on every call, so nothing here grants access.
 */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) return {};
  try {
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Validates a token response into a TokenSet; `now` is epoch ms (the clock is passed in). */
export function toTokenSet(body: TokenResponse, now: number, previous?: TokenSet): TokenSet {
  const accessToken = str(body.access_token);
  if (!accessToken || str(body.token_type)?.toLowerCase() !== 'bearer')
    throw new SignInError('invalid_response', 'The server did not return a bearer access token.');
  const idToken = str(body.id_token);
  const claimed = idToken ? str(jwtClaims(idToken).fhirUser) : undefined;
  // fhirUser may be an absolute URL (SMART scopes-and-launch-context.html#fhiruser); keep Type/id.
  const fhirUser = (str(body.fhirUser) ?? claimed ?? previous?.fhirUser ?? '').replace(
    /^.*\/(\w+\/[^/]+)$/,
    '$1',
  );
  const role = roleOf(fhirUser);
  if (!role)
    throw new SignInError(
      'no_role',
      'This account is not linked to a practitioner or a patient record, so the app has nothing to show.',
    );
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
  const refreshToken = str(body.refresh_token) ?? previous?.refreshToken;
  const patientId = str(body.patient) ?? previous?.patientId;
  return {
    accessToken,
    expiresAt: now + expiresIn * 1000,
    scope: str(body.scope) ?? previous?.scope ?? '',
    fhirUser,
    role,
    ...(refreshToken ? { refreshToken } : {}),
    ...(patientId ? { patientId } : {}),
    ...(idToken ? { idToken } : previous?.idToken ? { idToken: previous.idToken } : {}),
  };
}

/** Refresh this long before expiry, so a request in flight never carries an expired token. */
export const REFRESH_MARGIN_MS = 30_000;

/** When to refresh: the margin before expiry, but never sooner than half the lifetime from now. */
export function refreshDelay(tokens: Pick<TokenSet, 'expiresAt'>, now: number): number {
  const remaining = tokens.expiresAt - now;
  return Math.max(0, Math.max(remaining - REFRESH_MARGIN_MS, remaining / 2));
}
