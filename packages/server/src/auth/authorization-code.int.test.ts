import type { Patient } from '@medplum/fhirtypes';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createClient } from './clients.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import {
  addUser,
  BASE,
  FHIR_BASE,
  openOAuthTestApp,
  pkcePair,
  redirectParams,
  type OAuthTestApp,
} from './oauth.test-app.ts';
import {
  authorizeQuery,
  cookie,
  decide,
  redeem,
  REDIRECT,
  registerApp,
  runFlow,
  startAuthorization,
} from './smart-flow.test-helpers.ts';

describe.each(testEngines())('SMART authorization code flow on %s', (_name, open) => {
  let engine: Engine;
  let t: OAuthTestApp;
  let clientId: string;
  let patientId: string;

  beforeAll(async () => {
    engine = await open();
    t = await openOAuthTestApp(engine);
    clientId = await registerApp(
      engine,
      'patient/*.rs user/*.rs launch launch/patient openid fhirUser offline_access online_access',
    );
    const patient: Patient = {
      resourceType: 'Patient',
      name: [{ given: ['Ada'], family: 'Lovelace' }],
      birthDate: '1990-12-10',
    };
    patientId = (await t.repo.create(SYSTEM_CONTEXT, patient)).resource.id!;
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
  });

  it('sends a signed-out user to the login page and back to the same authorization request', async () => {
    const query = authorizeQuery(clientId, 'patient/*.rs', pkcePair().challenge);
    const res = await t.app.inject({ url: `/oauth2/authorize?${query}` });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string, BASE);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('return_to')).toBe(`/oauth2/authorize?${query}`);
  });

  it('runs login → consent with narrowing → code → token → FHIR call for a patient', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const { verifier, challenge } = pkcePair();
    const scope = 'patient/Observation.rs patient/Condition.rs launch/patient openid fhirUser';
    const request = await startAuthorization(
      t,
      me,
      authorizeQuery(clientId, scope, challenge, { nonce: 'n-1' }),
    );

    const page = await t.app.inject({ url: `/oauth2/consent?request=${request}`, headers: cookie(me) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Read and search observations of the selected patient');
    expect(page.body).toContain('Ada Lovelace, born 1990-12-10');
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://app.example;");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    // The user unticks conditions.
    const approved = await decide(t, me, request, {
      decision: 'approve',
      scope: ['patient/Observation.rs', 'launch/patient', 'openid', 'fhirUser'],
    });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toMatch(new RegExp(`^${REDIRECT}\\?`));
    const params = redirectParams(approved);
    expect(params.get('state')).toBe('state-123');
    expect(params.get('iss')).toBe(BASE);

    const res = await redeem(t, clientId, params.get('code')!, verifier);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'patient/Observation.rs launch/patient openid fhirUser',
      patient: patientId,
      fhirUser: `Patient/${patientId}`,
    });
    expect(body.refresh_token).toBeUndefined();

    const jwks = createLocalJWKSet((await t.app.inject({ url: '/oauth2/jwks' })).json());
    // OIDC Core §15.1: RS256 unless the client registered another id_token_signed_response_alg.
    expect(decodeProtectedHeader(body.id_token as string).alg).toBe('RS256');
    const { payload } = await jwtVerify(body.id_token, jwks, { issuer: BASE, audience: clientId });
    expect(payload).toMatchObject({
      sub: me.id,
      nonce: 'n-1',
      fhirUser: `${FHIR_BASE}/Patient/${patientId}`,
    });

    const who = await t.app.inject({
      url: '/fhir/whoami',
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(who.json()).toMatchObject({
      actor: `Patient/${patientId}`,
      clientId,
      scopes: ['patient/Observation.rs', 'launch/patient', 'openid', 'fhirUser'],
      user: { id: me.id, role: 'patient', fhirUser: `Patient/${patientId}` },
      patient: patientId,
    });
  });

  it('lets a practitioner pick the patient by name, and insists on a choice', async () => {
    const doc = addUser(t, { role: 'practitioner', fhirUser: 'Practitioner/p1' });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(
      t,
      doc,
      authorizeQuery(clientId, 'launch/patient patient/*.rs', challenge),
    );
    const search = await t.app.inject({
      url: `/oauth2/consent?request=${request}&patient_query=lovelace`,
      headers: cookie(doc),
    });
    expect(search.body).toContain(`value="${patientId}"`);
    expect(search.body).toContain('<label for="patient-query">');

    const none = await decide(t, doc, request, {
      decision: 'approve',
      scope: ['launch/patient', 'patient/*.rs'],
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('role="alert"');
    expect(none.body).toContain('aria-describedby="consent-error"');

    const chosen = await decide(t, doc, request, {
      decision: 'approve',
      scope: ['launch/patient', 'patient/*.rs'],
      patient: patientId,
    });
    const token = (await redeem(t, clientId, redirectParams(chosen).get('code')!, verifier)).json();
    expect(token).toMatchObject({ patient: patientId, scope: 'patient/*.rs launch/patient' });
  });

  it('refuses plain PKCE, a missing challenge and a missing state by redirecting with error and state', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const { challenge } = pkcePair();
    const cases: Record<string, string>[] = [
      { code_challenge_method: 'plain' },
      { code_challenge: '' },
      { code_challenge_method: '' },
      { aud: 'https://elsewhere.example/fhir' },
    ];
    for (const extra of cases) {
      const res = await t.app.inject({
        url: `/oauth2/authorize?${authorizeQuery(clientId, 'patient/*.rs', challenge, extra)}`,
        headers: cookie(me),
      });
      expect(res.statusCode).toBe(302);
      const params = redirectParams(res);
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('state')).toBe('state-123');
    }
    const noState = new URLSearchParams(authorizeQuery(clientId, 'patient/*.rs', challenge));
    noState.delete('state');
    const res = await t.app.inject({ url: `/oauth2/authorize?${noState.toString()}`, headers: cookie(me) });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
  });

  it('never lets a user grant system/ scopes to an app', async () => {
    const both = await registerApp(engine, 'system/*.cruds patient/*.rs launch/patient');
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const only = await t.app.inject({
      url: `/oauth2/authorize?${authorizeQuery(both, 'system/*.cruds', pkcePair().challenge)}`,
      headers: cookie(me),
    });
    expect(redirectParams(only).get('error')).toBe('invalid_scope');
    const token = await runFlow(t, {
      clientId: both,
      user: me,
      scope: 'system/*.cruds patient/*.rs launch/patient',
    });
    expect(token.scope).toBe('patient/*.rs launch/patient');
  });

  it('shows an error page, never a redirect, for an unregistered redirect URI or an unknown client', async () => {
    const { challenge } = pkcePair();
    const cases: Record<string, string>[] = [
      { redirect_uri: `${REDIRECT}/other` },
      { redirect_uri: 'https://evil.example/cb' },
      { client_id: 'nobody' },
    ];
    for (const extra of cases) {
      const res = await t.app.inject({
        url: `/oauth2/authorize?${authorizeQuery(clientId, 'patient/*.rs', challenge, extra)}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<main');
    }
  });

  it('refuses a wrong PKCE verifier, and the code is spent by the attempt', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(t, me, authorizeQuery(clientId, 'patient/*.rs', challenge));
    const code = redirectParams(
      await decide(t, me, request, { decision: 'approve', scope: 'patient/*.rs' }),
    ).get('code')!;
    const wrong = await redeem(t, clientId, code, pkcePair().verifier);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await redeem(t, clientId, code, verifier)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('accepts a code once: a replay is refused and revokes the tokens the code produced', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(
      t,
      me,
      authorizeQuery(clientId, 'patient/*.rs offline_access', challenge),
    );
    const approved = await decide(t, me, request, {
      decision: 'approve',
      scope: ['patient/*.rs', 'offline_access'],
    });
    const code = redirectParams(approved).get('code')!;
    const first = (await redeem(t, clientId, code, verifier)).json();
    const bearer = { authorization: `Bearer ${first.access_token}` };
    expect((await t.app.inject({ url: '/fhir/whoami', headers: bearer })).statusCode).toBe(200);

    const replay = await redeem(t, clientId, code, verifier);
    expect(replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await t.app.inject({ url: '/fhir/whoami', headers: bearer })).statusCode).toBe(401);
    const refresh = await redeem(t, clientId, code, verifier);
    expect(refresh.statusCode).toBe(400);
  });

  it('refuses an expired code', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(t, me, authorizeQuery(clientId, 'patient/*.rs', challenge));
    const code = redirectParams(
      await decide(t, me, request, { decision: 'approve', scope: 'patient/*.rs' }),
    ).get('code')!;
    t.advance(61);
    try {
      const res = await redeem(t, clientId, code, verifier);
      expect(res.json()).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringContaining('expired'),
      });
    } finally {
      t.advance(-61);
    }
  });

  it('sends access_denied with the state when the user denies, and the request cannot be decided twice', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const request = await startAuthorization(
      t,
      me,
      authorizeQuery(clientId, 'patient/*.rs', pkcePair().challenge),
    );
    const denied = await decide(t, me, request, { decision: 'deny' });
    expect(redirectParams(denied).get('error')).toBe('access_denied');
    expect(redirectParams(denied).get('state')).toBe('state-123');
    const again = await decide(t, me, request, { decision: 'approve', scope: 'patient/*.rs' });
    expect(again.statusCode).toBe(400);
  });

  it('will not let another signed-in user decide someone else’s request', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const other = addUser(t, { role: 'patient', fhirUser: 'Patient/x' });
    const request = await startAuthorization(
      t,
      me,
      authorizeQuery(clientId, 'patient/*.rs', pkcePair().challenge),
    );
    const res = await decide(t, other, request, { decision: 'approve', scope: 'patient/*.rs' });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('answers prompt=none for a signed-out user with login_required', async () => {
    const query = authorizeQuery(clientId, 'patient/*.rs', pkcePair().challenge, { prompt: 'none' });
    const res = await t.app.inject({ url: `/oauth2/authorize?${query}` });
    expect(redirectParams(res).get('error')).toBe('login_required');
  });

  it('signs id_tokens with the client’s registered ES256, verifiable with the published JWKS', async () => {
    const { client_id: es256Client } = await createClient(engine, {
      name: 'ES256 app',
      scopes: 'user/*.rs openid fhirUser',
      public: true,
      redirectUris: [REDIRECT],
      idTokenAlg: 'ES256',
    });
    const doc = addUser(t, { role: 'practitioner', fhirUser: 'Practitioner/es' });
    const token = await runFlow(t, { clientId: es256Client, user: doc, scope: 'user/*.rs openid fhirUser' });
    expect(decodeProtectedHeader(token.id_token!).alg).toBe('ES256');
    const published = (await t.app.inject({ url: '/oauth2/jwks' })).json<{ keys: { alg: string }[] }>();
    expect(new Set(published.keys.map((k) => k.alg))).toEqual(new Set(['ES256', 'RS256']));
    const { payload } = await jwtVerify(token.id_token!, createLocalJWKSet(published as never), {
      issuer: BASE,
      audience: es256Client,
    });
    expect(payload.sub).toBe(doc.id);
    const oidc = (await t.app.inject({ url: '/.well-known/openid-configuration' })).json<{
      id_token_signing_alg_values_supported: string[];
    }>();
    expect(oidc.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
  });

  it('runs an EHR launch: the practitioner’s launch id brings the patient, once', async () => {
    const doc = addUser(t, { role: 'practitioner', fhirUser: 'Practitioner/p2' });
    const ehr = await runFlow(t, { clientId, user: doc, scope: 'user/*.rs openid fhirUser' });
    const launched = await t.app.inject({
      method: 'POST',
      url: '/oauth2/launch',
      headers: { authorization: `Bearer ${ehr.access_token}` },
      payload: { patient: patientId, encounter: 'enc-1' },
    });
    expect(launched.statusCode).toBe(201);
    const { launch } = launched.json();

    const token = await runFlow(t, { clientId, user: doc, scope: 'launch patient/*.rs', extra: { launch } });
    expect(token).toMatchObject({ patient: patientId, encounter: 'enc-1', scope: 'patient/*.rs launch' });

    const { challenge } = pkcePair();
    const reused = await t.app.inject({
      url: `/oauth2/authorize?${authorizeQuery(clientId, 'launch patient/*.rs', challenge, { launch })}`,
      headers: cookie(doc),
    });
    expect(redirectParams(reused).get('error')).toBe('invalid_request');
  });

  it('lets only a practitioner create an EHR launch', async () => {
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patientId}` });
    const token = await runFlow(t, { clientId, user: me, scope: 'patient/*.rs launch/patient' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth2/launch',
      headers: { authorization: `Bearer ${token.access_token}` },
      payload: { patient: patientId },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/oauth2/launch', payload: { patient: patientId } }))
        .statusCode,
    ).toBe(401);
  });
});
