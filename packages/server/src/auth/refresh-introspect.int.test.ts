import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { createClient } from './clients.ts';
import { addUser, openOAuthTestApp, postForm, type OAuthTestApp } from './oauth.test-app.ts';
import { registerApp, runFlow } from './smart-flow.test-helpers.ts';

describe.each(testEngines())('refresh tokens, introspection and revocation on %s', (_name, open) => {
  let engine: Engine;
  let t: OAuthTestApp;
  let clientId: string;
  let resourceServer: { client_id: string; client_secret?: string };

  const refresh = (token: string, extra: Record<string, string> = {}) =>
    postForm(t, '/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: clientId,
      ...extra,
    });
  const introspect = (token: string) =>
    postForm(t, '/oauth2/introspect', {
      token,
      client_id: resourceServer.client_id,
      client_secret: resourceServer.client_secret!,
    });
  const whoami = (accessToken: string) =>
    t.app.inject({ url: '/fhir/whoami', headers: { authorization: `Bearer ${accessToken}` } });

  async function offlineGrant(scope = 'patient/*.rs launch/patient offline_access') {
    const user = addUser(t, { role: 'patient', fhirUser: 'Patient/pat-1' });
    return { user, token: await runFlow(t, { clientId, user, scope }) };
  }

  beforeAll(async () => {
    engine = await open();
    t = await openOAuthTestApp(engine);
    clientId = await registerApp(engine, 'patient/*.rs launch/patient openid offline_access online_access');
    resourceServer = await createClient(engine, { name: 'resource server', scopes: 'system/*.rs' });
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
  });

  it('issues refresh tokens only for offline_access or online_access', async () => {
    const user = addUser(t, { role: 'patient', fhirUser: 'Patient/pat-1' });
    const plain = await runFlow(t, { clientId, user, scope: 'patient/*.rs launch/patient' });
    expect(plain.refresh_token).toBeUndefined();
    const online = await runFlow(t, { clientId, user, scope: 'patient/*.rs launch/patient online_access' });
    expect(online.refresh_token).toEqual(expect.any(String));
  });

  it('rotates the refresh token on every use, keeping the launch context', async () => {
    const { token } = await offlineGrant();
    const first = await refresh(token.refresh_token!);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.refresh_token).not.toBe(token.refresh_token);
    expect(body).toMatchObject({ patient: 'pat-1', scope: 'patient/*.rs launch/patient offline_access' });
    expect((await whoami(body.access_token)).json()).toMatchObject({ patient: 'pat-1' });
    expect((await refresh(body.refresh_token)).statusCode).toBe(200);
  });

  it('narrows on refresh when asked, never widens', async () => {
    const { token } = await offlineGrant();
    const narrower = await refresh(token.refresh_token!, { scope: 'patient/Observation.r offline_access' });
    expect(narrower.json().scope).toBe('patient/Observation.r offline_access');
    const wider = await refresh(narrower.json().refresh_token, { scope: 'patient/*.cruds' });
    expect(wider.json().scope).toBe('patient/Observation.r');
  });

  it('revokes the whole family when a rotated refresh token is used again', async () => {
    const { token } = await offlineGrant();
    const next = (await refresh(token.refresh_token!)).json();
    const reuse = await refresh(token.refresh_token!);
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // The thief's replay also cuts off the legitimate holder of the newest tokens.
    expect((await refresh(next.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await whoami(next.access_token)).statusCode).toBe(401);
  });

  it('refuses a refresh token presented by another client, and stops refreshing for a disabled user', async () => {
    const { user, token } = await offlineGrant();
    const other = await registerApp(engine, 'patient/*.rs offline_access');
    const stolen = await postForm(t, '/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token!,
      client_id: other,
    });
    expect(stolen.json()).toMatchObject({ error: 'invalid_grant' });
    t.users.set(user.id, { ...user, disabled: true });
    const disabled = await refresh(token.refresh_token!);
    expect(disabled.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await whoami(token.access_token)).statusCode).toBe(401);
  });

  it('introspects live access and refresh tokens for an authenticated client (RFC 7662)', async () => {
    const { user, token } = await offlineGrant();
    const access = (await introspect(token.access_token)).json();
    expect(access).toMatchObject({
      active: true,
      client_id: clientId,
      sub: user.id,
      patient: 'pat-1',
      scope: 'patient/*.rs launch/patient offline_access',
      fhirUser: 'http://hearth.test/fhir/Patient/pat-1',
    });
    expect(access.exp).toBeGreaterThan(Date.now() / 1000);
    expect((await introspect(token.refresh_token!)).json()).toMatchObject({
      active: true,
      client_id: clientId,
    });
    expect((await introspect('not-a-token')).json()).toEqual({ active: false });
    const anonymous = await postForm(t, '/oauth2/introspect', { token: token.access_token });
    expect(anonymous.statusCode).toBe(401);
    const publicClient = await postForm(t, '/oauth2/introspect', {
      token: token.access_token,
      client_id: clientId,
    });
    expect(publicClient.statusCode).toBe(401);
  });

  it('revokes a refresh token with its access tokens, and answers 200 for unknown tokens (RFC 7009)', async () => {
    const { token } = await offlineGrant();
    const res = await postForm(t, '/oauth2/revoke', { token: token.refresh_token!, client_id: clientId });
    expect(res.statusCode).toBe(200);
    expect((await refresh(token.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await whoami(token.access_token)).statusCode).toBe(401);
    expect((await introspect(token.access_token)).json()).toEqual({ active: false });
    const unknown = await postForm(t, '/oauth2/revoke', { token: 'nothing-here', client_id: clientId });
    expect(unknown.statusCode).toBe(200);
  });

  it('revokes an access token, and ignores a revocation by a client the token was not issued to', async () => {
    const { token } = await offlineGrant();
    const other = await registerApp(engine, 'patient/*.rs');
    await postForm(t, '/oauth2/revoke', { token: token.access_token, client_id: other });
    expect((await whoami(token.access_token)).statusCode).toBe(200);
    await postForm(t, '/oauth2/revoke', { token: token.access_token, client_id: clientId });
    expect((await whoami(token.access_token)).statusCode).toBe(401);
  });

  it('lists the apps holding a grant on the management page and lets the user revoke one', async () => {
    const { user, token } = await offlineGrant();
    const headers = { cookie: `test-user=${user.id}` };
    const page = await t.app.inject({ url: '/oauth2/manage', headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2>Growth Charts</h2>');
    const grant = /name="grant" value="([^"]+)"/.exec(page.body)![1]!;
    const other = addUser(t, { role: 'patient' });
    await postForm(t, '/oauth2/manage', { grant }, { cookie: `test-user=${other.id}` });
    expect((await introspect(token.refresh_token!)).json()).toMatchObject({ active: true });
    const revoked = await postForm(t, '/oauth2/manage', { grant }, headers);
    expect(revoked.statusCode).toBe(303);
    expect((await refresh(token.refresh_token!)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await whoami(token.access_token)).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/oauth2/manage', headers })).body).toContain(
      'No app currently has access',
    );
  });
});
