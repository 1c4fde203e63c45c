// The app's OAuth 2.0 flows against its own server (SMART App Launch 2.0, standalone launch): the
// authorization code with PKCE S256, refresh, revocation, and RP-initiated logout. Endpoints are same-origin paths: the app is
// served by the Hearth it talks to (in dev mode Vite proxies them), so no CORS and no third-party cookies.
import { challengeS256, randomToken } from './pkce.ts';
import { SignInError, toTokenSet, type TokenResponse, type TokenSet } from './tokens.ts';

/** The first-party client the server registers for this app at start (server auth/first-party.ts). */
export const CLIENT_ID = 'hearth-web';

/**
 * One request for both experiences: the server fits the grant to the account (practitioners get the
 * `user/` scopes, patients the `patient/` scopes with their own record in context). `online_access`:
 * a refresh token that lives as long as the user's session, not an offline one.
 */
export const SCOPES = 'openid fhirUser online_access launch/patient patient/*.crus user/*.cruds';

const PENDING_KEY = 'hearth.signin';

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  issuer: string;
  returnTo: string;
}

export function redirectUri(): string {
  return `${window.location.origin}/callback`;
}

/** The issuer (the server's public base URL) from SMART discovery; `aud` is its FHIR base. */
async function discoverIssuer(): Promise<string> {
  const res = await fetch('/fhir/.well-known/smart-configuration', {
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new SignInError('server_unavailable', `The server answered ${res.status} to discovery.`);
  const body = (await res.json()) as { issuer?: unknown };
  if (typeof body.issuer !== 'string')
    throw new SignInError('server_unavailable', 'Discovery has no issuer.');
  return body.issuer.replace(/\/$/, '');
}

/** The sign-in under way in this page, if any: a second call (React's strict mode runs effects twice
 * in development) joins it instead of overwriting its state and verifier. */
let started: Promise<void> | undefined;

/** Starts the sign-in: remembers state and verifier for this tab, then navigates to /oauth2/authorize. */
export function beginSignIn(returnTo: string): Promise<void> {
  started ??= startSignIn(returnTo).catch((err: unknown) => {
    started = undefined; // a failed start (server unreachable) may be retried
    throw err;
  });
  return started;
}

async function startSignIn(returnTo: string): Promise<void> {
  const issuer = await discoverIssuer();
  const pending: PendingSignIn = {
    state: randomToken(),
    verifier: randomToken(),
    nonce: randomToken(16),
    issuer,
    returnTo: safeReturnTo(returnTo),
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri(),
    scope: SCOPES,
    state: pending.state,
    nonce: pending.nonce,
    aud: `${issuer}/fhir`,
    code_challenge: await challengeS256(pending.verifier),
    code_challenge_method: 'S256',
  });
  window.location.assign(`/oauth2/authorize?${params.toString()}`);
}

/** Only paths of this app (no open redirect through `returnTo`). */
export function safeReturnTo(path: string): string {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/callback') ? path : '/';
}

function takePending(): PendingSignIn | undefined {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as PendingSignIn;
  } catch {
    return undefined;
  }
}

async function tokenRequest(form: Record<string, string>, previous?: TokenSet): Promise<TokenSet> {
  const res = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json().catch(() => ({}))) as TokenResponse & {
    error?: string;
    error_description?: string;
  };
  if (!res.ok)
    throw new SignInError(body.error ?? 'server_error', body.error_description ?? `HTTP ${res.status}`);
  return toTokenSet(body, Date.now(), previous);
}

/** Finishes the sign-in on /callback: checks state and issuer, then redeems the code. */
export async function completeSignIn(
  query: URLSearchParams,
): Promise<{ tokens: TokenSet; returnTo: string }> {
  const pending = takePending();
  if (!pending || query.get('state') !== pending.state)
    throw new SignInError('state_mismatch', 'This sign-in was not started here, or it was already used.');
  // RFC 9207 §2.4: the authorization response names its issuer; it must be the one we asked.
  const iss = query.get('iss');
  if (iss !== null && iss.replace(/\/$/, '') !== pending.issuer)
    throw new SignInError('issuer_mismatch', 'The sign-in answer came from an unexpected server.');
  const error = query.get('error');
  if (error) throw new SignInError(error, query.get('error_description') ?? error);
  const code = query.get('code');
  if (!code) throw new SignInError('invalid_response', 'The sign-in answer has no authorization code.');
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: CLIENT_ID,
    code_verifier: pending.verifier,
  });
  return { tokens, returnTo: pending.returnTo };
}

/** RFC 6749 §6 with rotation: the new refresh token replaces the old one. */
export async function refreshTokens(tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refreshToken) throw new SignInError('invalid_grant', 'No refresh token.');
  return tokenRequest(
    { grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: CLIENT_ID },
    tokens,
  );
}

/** RFC 7009: revoking the refresh token ends the grant (its access tokens too, on this server). */
export async function revokeTokens(tokens: TokenSet): Promise<void> {
  const token = tokens.refreshToken ?? tokens.accessToken;
  const hint = tokens.refreshToken ? 'refresh_token' : 'access_token';
  await fetch('/oauth2/revoke', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: CLIENT_ID }).toString(),
  }).catch(() => undefined);
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2: where to send the browser so the server's own sign-in
 * session ends too (revoking tokens alone leaves it, and the next sign-in would skip the password).
 * The id_token from sign-in is the hint that lets the server end it without asking; the app's start
 * page is the post-logout redirect URI the server registered for it (server auth/first-party.ts).
 */
export function endSessionUrl(tokens: TokenSet | undefined, origin = window.location.origin): string {
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    post_logout_redirect_uri: `${origin}/`,
    ...(tokens?.idToken ? { id_token_hint: tokens.idToken } : {}),
  });
  return `/oauth2/logout?${params.toString()}`;
}
