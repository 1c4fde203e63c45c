// Validates an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, SMART App Launch 2.0
// app-launch.html#obtain-authorization-code). RFC 6749 §4.1.2.1: when the client or redirect URI is
// invalid the user sees an error page and is NOT redirected (that would be an open redirector);
// every other problem is sent back to the app's redirect URI as `error=…` with its `state`.
import { S256_CHALLENGE } from './authorization-codes.ts';
import { findClient, type ClientRecord } from './clients.ts';
import type { Queryable } from '../db/engine.ts';
import { narrowScopes, splitScopes } from './scopes.ts';

export interface AuthorizeRequest {
  clientId: string;
  clientName: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  /** Requested scopes narrowed to what the client may have (RFC 6749 §3.3). */
  scopes: string[];
  nonce?: string;
  /** EHR launch id (SMART `launch` parameter). */
  launch?: string;
}

export type AuthorizeCheck =
  | { kind: 'ok'; request: AuthorizeRequest; client: ClientRecord; promptNone: boolean }
  /** Shown to the user; never redirected. */
  | { kind: 'page'; message: string }
  | { kind: 'redirect'; redirectUri: string; error: string; description: string; state?: string };

export async function checkAuthorizeRequest(
  db: Queryable,
  params: Record<string, string | undefined>,
  fhirBase: string,
): Promise<AuthorizeCheck> {
  if (!params.client_id) return { kind: 'page', message: 'The app did not say who it is (client_id).' };
  const client = await findClient(db, params.client_id);
  if (!client) return { kind: 'page', message: 'This app is not registered with Hearth or was disabled.' };
  const redirectUri = params.redirect_uri;
  // Exact string comparison (OAuth 2.0 Security BCP §4.1.3), and a redirect URI is always required.
  if (!redirectUri || !client.redirect_uris.includes(redirectUri))
    return { kind: 'page', message: 'The app asked to return to an address it has not registered.' };

  const state = params.state;
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: 'redirect',
    redirectUri,
    error,
    description,
    ...(state !== undefined ? { state } : {}),
  });
  if (params.response_type !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported');
  if (params.request !== undefined || params.request_uri !== undefined)
    return fail('request_not_supported', 'Request objects are not supported');
  // SMART 2.0: state is required; PKCE S256 is required and `plain` is refused.
  if (!state) return fail('invalid_request', 'state is required');
  if (params.code_challenge_method !== 'S256')
    return fail('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
  if (!params.code_challenge || !S256_CHALLENGE.test(params.code_challenge))
    return fail('invalid_request', 'code_challenge must be a 43-character base64url S256 challenge');
  // SMART: `aud` is the FHIR base URL the app wants to talk to (stops tokens being phished for another).
  if (params.aud?.replace(/\/$/, '') !== fhirBase)
    return fail('invalid_request', `aud must be this server's FHIR base URL ${fhirBase}`);
  const requested = splitScopes(params.scope);
  if (requested.length === 0) return fail('invalid_scope', 'scope is required');
  // system/ scopes belong to backend services acting for themselves (SMART backend-services.html), never
  // to a grant a user makes through this screen.
  const userScopes = requested.filter((s) => !s.startsWith('system/'));
  // Checked before narrowing: narrowScopes reads an empty request as "everything the client may have".
  if (userScopes.length === 0) return fail('invalid_scope', 'system/ scopes cannot be granted by a user');
  const scopes = narrowScopes(userScopes, client.scopes);
  if (scopes.length === 0)
    return fail('invalid_scope', 'None of the requested scopes is allowed for this app');
  const promptNone = splitScopes(params.prompt).includes('none');
  return {
    kind: 'ok',
    client,
    promptNone,
    request: {
      clientId: client.client_id,
      clientName: client.name,
      redirectUri,
      state,
      codeChallenge: params.code_challenge,
      scopes,
      ...(params.nonce ? { nonce: params.nonce } : {}),
      ...(params.launch ? { launch: params.launch } : {}),
    },
  };
}

/** The redirect back to the app (RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207 `iss`). */
export function redirectBack(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}
