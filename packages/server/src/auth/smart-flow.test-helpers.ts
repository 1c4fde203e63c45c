// Drives a browser through the SMART authorization code flow against the OAuth test app: authorize,
// (signed in via the test-user cookie) consent, code, token.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createClient } from './clients.ts';
import type { AuthUser } from './identity-port.ts';
import { FHIR_BASE, pkcePair, postForm, redirectParams, type OAuthTestApp } from './oauth.test-app.ts';
import type { Engine } from '../db/engine.ts';
import type { UserTokenResponse } from './user-tokens.ts';

export const REDIRECT = 'https://app.example/callback';

export async function registerApp(engine: Engine, scopes: string, extra: { launchUrl?: string } = {}) {
  const { client_id } = await createClient(engine, {
    name: 'Growth Charts',
    scopes,
    public: true,
    redirectUris: [REDIRECT],
    ...extra,
  });
  return client_id;
}

export function authorizeQuery(
  clientId: string,
  scope: string,
  challenge: string,
  extra: Record<string, string> = {},
) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope,
    state: 'state-123',
    aud: FHIR_BASE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
}

export function cookie(user: AuthUser): Record<string, string> {
  return { cookie: `test-user=${user.id}` };
}

/** GET /oauth2/authorize as `user`; returns the consent request id. */
export async function startAuthorization(t: OAuthTestApp, user: AuthUser, query: string): Promise<string> {
  const res = await t.app.inject({ url: `/oauth2/authorize?${query}`, headers: cookie(user) });
  expect(res.statusCode, res.body).toBe(303);
  return new URL(res.headers.location as string, 'http://x').searchParams.get('request')!;
}

export async function decide(
  t: OAuthTestApp,
  user: AuthUser,
  request: string,
  form: Record<string, string | string[]>,
): Promise<LightMyRequestResponse> {
  return postForm(t, '/oauth2/consent', { request, ...form }, cookie(user));
}

export async function redeem(t: OAuthTestApp, clientId: string, code: string, verifier: string) {
  return postForm(t, '/oauth2/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    client_id: clientId,
  });
}

/** The whole flow approving every requested scope; returns the token response. */
export async function runFlow(
  t: OAuthTestApp,
  o: { clientId: string; user: AuthUser; scope: string; patient?: string; extra?: Record<string, string> },
) {
  const { verifier, challenge } = pkcePair();
  const request = await startAuthorization(
    t,
    o.user,
    authorizeQuery(o.clientId, o.scope, challenge, o.extra),
  );
  const res = await decide(t, o.user, request, {
    decision: 'approve',
    scope: o.scope.split(' '),
    ...(o.patient ? { patient: o.patient } : {}),
  });
  expect(res.statusCode, res.body).toBe(303);
  const code = redirectParams(res).get('code')!;
  const token = await redeem(t, o.clientId, code, verifier);
  expect(token.statusCode, token.body).toBe(200);
  return token.json<UserTokenResponse>();
}
