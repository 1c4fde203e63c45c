import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { createClient } from './clients.ts';
import {
  addUser,
  BASE,
  openOAuthTestApp,
  pkcePair,
  postForm,
  redirectParams,
  type OAuthTestApp,
} from './oauth.test-app.ts';
import {
  authorizeQuery,
  cookie,
  decide,
  REDIRECT,
  registerApp,
  runFlow,
  startAuthorization,
} from './smart-flow.test-helpers.ts';

describe.each(testEngines())('SMART launch variants on %s', (_name, open) => {
  let engine: Engine;
  let t: OAuthTestApp;
  let patients: string[];

  beforeAll(async () => {
    engine = await open();
    t = await openOAuthTestApp(engine);
    patients = [];
    for (const family of ['Curie', 'Noether', 'Hopper']) {
      const p: Patient = { resourceType: 'Patient', name: [{ family }] };
      patients.push((await t.repo.create(SYSTEM_CONTEXT, p)).resource.id!);
    }
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
  });

  it('lets a caregiver choose only among the patients they are proxy for', async () => {
    const clientId = await registerApp(engine, 'patient/*.rs launch/patient');
    const [curie, noether, hopper] = patients as [string, string, string];
    const carer = addUser(t, {
      role: 'caregiver',
      fhirUser: 'RelatedPerson/rp1',
      proxyPatients: [curie, noether],
    });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(
      t,
      carer,
      authorizeQuery(clientId, 'patient/*.rs launch/patient', challenge),
    );
    const page = await t.app.inject({ url: `/oauth2/consent?request=${request}`, headers: cookie(carer) });
    expect(page.body).toContain(`value="${curie}"`);
    expect(page.body).toContain(`value="${noether}"`);
    expect(page.body).not.toContain(`value="${hopper}"`);
    expect(page.body).not.toContain('role="search"');

    const scope = ['patient/*.rs', 'launch/patient'];
    const outsider = await decide(t, carer, request, { decision: 'approve', scope, patient: hopper });
    expect(outsider.statusCode).toBe(422);
    const chosen = await decide(t, carer, request, { decision: 'approve', scope, patient: noether });
    const token = await postForm(t, '/oauth2/token', {
      grant_type: 'authorization_code',
      code: redirectParams(chosen).get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: clientId,
    });
    expect(token.json()).toMatchObject({ patient: noether });
    const who = await t.app.inject({
      url: '/fhir/whoami',
      headers: { authorization: `Bearer ${token.json().access_token}` },
    });
    expect(who.json()).toMatchObject({
      patient: noether,
      proxyPatients: [curie, noether],
      user: { role: 'caregiver' },
    });
  });

  it('stops refreshing a caregiver’s grant once their proxy for the patient is withdrawn', async () => {
    const clientId = await registerApp(engine, 'patient/*.rs launch/patient offline_access');
    const [curie, noether] = patients as [string, string];
    const carer = addUser(t, { role: 'caregiver', proxyPatients: [curie, noether] });
    const scope = 'patient/*.rs launch/patient offline_access';
    const token = await runFlow(t, { clientId, user: carer, scope, patient: curie });
    const refresh = (refreshToken: string) =>
      postForm(t, '/oauth2/token', {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: clientId,
      });
    const next = (await refresh(token.refresh_token!)).json();
    expect(next).toMatchObject({ patient: curie });
    t.users.set(carer.id, { ...carer, proxyPatients: [noether] });
    expect((await refresh(next.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('runs the code flow for a confidential app authenticating with its secret, and refuses it without', async () => {
    const app = await createClient(engine, {
      name: 'Clinic portal',
      scopes: 'user/*.rs openid fhirUser',
      redirectUris: [REDIRECT],
    });
    const doc = addUser(t, { role: 'practitioner', fhirUser: 'Practitioner/d1' });
    const { verifier, challenge } = pkcePair();
    const request = await startAuthorization(
      t,
      doc,
      authorizeQuery(app.client_id, 'user/*.rs openid fhirUser', challenge),
    );
    const code = redirectParams(
      await decide(t, doc, request, { decision: 'approve', scope: ['user/*.rs', 'openid', 'fhirUser'] }),
    ).get('code')!;
    const body = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    const anonymous = await postForm(t, '/oauth2/token', { ...body, client_id: app.client_id });
    expect(anonymous.statusCode).toBe(401);
    const basic = `Basic ${Buffer.from(`${app.client_id}:${app.client_secret!}`).toString('base64')}`;
    // The anonymous attempt was refused before the code was looked at, so it is still good.
    const res = await postForm(t, '/oauth2/token', body, { authorization: basic });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'user/*.rs openid fhirUser', fhirUser: 'Practitioner/d1' });
    expect(res.json().patient).toBeUndefined();
  });

  it('accepts the authorization request as a form POST (SMART authorize-post)', async () => {
    const clientId = await registerApp(engine, 'patient/*.rs');
    const me = addUser(t, { role: 'patient', fhirUser: `Patient/${patients[0]!}` });
    const query = Object.fromEntries(
      new URLSearchParams(authorizeQuery(clientId, 'patient/*.rs', pkcePair().challenge)),
    );
    const res = await postForm(t, '/oauth2/authorize', query, cookie(me));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/oauth2\/consent\?request=/);
  });

  it('returns the app’s launch URL with iss and launch for an EHR launch of a registered app', async () => {
    const clientId = await registerApp(engine, 'launch patient/*.rs user/*.rs', {
      launchUrl: 'https://app.example/launch',
    });
    const doc = addUser(t, { role: 'practitioner', fhirUser: 'Practitioner/d2' });
    const ehr = await runFlow(t, { clientId, user: doc, scope: 'user/*.rs' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/oauth2/launch',
      headers: { authorization: `Bearer ${ehr.access_token}` },
      payload: { patient: patients[1], client_id: clientId },
    });
    expect(res.statusCode).toBe(201);
    const launchUrl = new URL(res.json().launch_url);
    expect(launchUrl.origin + launchUrl.pathname).toBe('https://app.example/launch');
    expect(launchUrl.searchParams.get('iss')).toBe(`${BASE}/fhir`);
    expect(launchUrl.searchParams.get('launch')).toBe(res.json().launch);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/oauth2/launch',
      headers: { authorization: `Bearer ${ehr.access_token}` },
      payload: { patient: 'no-such-patient' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
