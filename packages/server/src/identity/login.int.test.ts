import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { renderAuditEvent } from '../audit/audit-render.ts';
import { testEngines } from '../db/test-engines.ts';
import { openIdentityApp, TestBrowser, type IdentityTestApp } from './test-browser.ts';
import { createUser, findUserByUsername, setUserDisabled } from './users.ts';

const PASSWORD = 'correct horse battery staple';
const GENERIC = 'The username or password is not right';

describe.each(testEngines())('password sign-in on %s', (_name, open) => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await openIdentityApp(open);
    await createUser(t.engine, { username: 'nurse', role: 'practitioner', password: PASSWORD });
    await createUser(t.engine, { username: 'gone', role: 'researcher', password: PASSWORD });
    const gone = await findUserByUsername(t.engine, 'gone');
    await setUserDisabled(t.engine, gone!.id, true);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves an accessible sign-in form that works without JavaScript', async () => {
    const res = await new TestBrowser(t.app).get('/login?return_to=/app');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toMatch(/<main>\s*<h1>Sign in<\/h1>/);
    expect(res.body).toContain('<label for="username">Username</label>');
    expect(res.body).toMatch(/<input id="username" name="username"[^>]*autocomplete="username"/);
    expect(res.body).toContain('<label for="password">Password</label>');
    expect(res.body).toMatch(/<input id="password" name="password" type="password"/);
    expect(res.body).toContain('<input type="hidden" name="return_to" value="/app">');
    expect(res.body).not.toContain('<script');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('lets the sign-in continue to the redirect URI of the OAuth request it interrupted', async () => {
    const authorize = '/oauth2/authorize?response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb';
    const res = await new TestBrowser(t.app).get(`/login?return_to=${encodeURIComponent(authorize)}`);
    expect(res.headers['content-security-policy']).toContain("form-action 'self' https://app.example;");
    const other = `/somewhere?redirect_uri=${encodeURIComponent('https://evil.example/')}`;
    const res2 = await new TestBrowser(t.app).get(`/login?return_to=${encodeURIComponent(other)}`);
    expect(res2.headers['content-security-policy']).toContain("form-action 'self';");
  });

  it('signs in and returns to return_to with an HttpOnly, SameSite=Lax session cookie', async () => {
    const browser = new TestBrowser(t.app);
    const res = await browser.submit('/login?return_to=/fhir/Patient%3Fname%3Dx', {
      username: 'nurse',
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/fhir/Patient?name=x');
    const session = browser.lastSetCookies.find((c) => c.startsWith('hearth_session='));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/; Secure/); // http base URL: a Secure cookie would never come back
    const home = await browser.get('/login');
    expect(home.body).toContain('You are signed in as <strong>nurse</strong>');
    const audit = await t.engine.query<{ entry: string }>('SELECT entry FROM audit_entries');
    const logins = audit.rows
      .map((r) => renderAuditEvent(r.entry))
      .filter((e) => e.subtype?.[0]?.code === '110122' && e.outcome === '0');
    expect(logins).toHaveLength(1);
  });

  it('answers a wrong password, an unknown user and a disabled user with the same generic message', async () => {
    const attempts = [
      { username: 'nurse', password: 'wrong password here' },
      { username: 'nobody', password: PASSWORD },
      { username: 'gone', password: PASSWORD },
    ];
    for (const fields of attempts) {
      const browser = new TestBrowser(t.app, '10.0.0.2');
      const res = await browser.submit('/login', fields);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain(GENERIC);
      expect(res.body).toMatch(/<p id="form-error" class="error" role="alert">/);
      expect(res.body).toMatch(/id="password"[^>]*aria-invalid="true" aria-describedby="form-error"/);
      expect(browser.cookies.has('hearth_session')).toBe(false);
    }
    const audit = await t.engine.query<{ entry: string }>('SELECT entry FROM audit_entries');
    const failed = audit.rows
      .map((r) => renderAuditEvent(r.entry))
      .filter((e) => e.subtype?.[0]?.code === '110122' && e.outcome === '4')
      .map((e) => e.outcomeDesc);
    expect(failed).toEqual(
      expect.arrayContaining(['401 wrong password', '401 unknown user', '401 account disabled']),
    );
    expect(audit.rows.map((r) => r.entry).join()).not.toContain('wrong password here');
    // the failure above must not leave the real account throttled for the next test
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
  });

  it('refuses a form post without the CSRF token of the browser that loaded the form', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/login');
    const res = await browser.post('/login', { username: 'nurse', password: PASSWORD, csrf: 'forged' });
    expect(res.statusCode).toBe(403);
    expect(browser.cookies.has('hearth_session')).toBe(false);
  });

  it('never redirects to another site after sign-in', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const browser = new TestBrowser(t.app);
      const url = `/login?return_to=${encodeURIComponent(target)}`;
      const res = await browser.submit(url, { username: 'nurse', password: PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/login');
    }
  });

  it('signs out: the session no longer counts and the cookie is cleared', async () => {
    const browser = new TestBrowser(t.app);
    await browser.submit('/login', { username: 'nurse', password: PASSWORD });
    const stolen = browser.cookies.get('hearth_session')!;
    const out = await browser.submit('/login', {}); // the signed-in page's form is the sign-out form
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(browser.cookies.has('hearth_session')).toBe(false);
    const replay = new TestBrowser(t.app);
    replay.cookies.set('hearth_session', stolen);
    expect((await replay.get('/login')).body).toContain('<h1>Sign in</h1>');
  });

  it('ends a session after HEARTH_SESSION_HOURS however active, and removes it at the next sign-in', async () => {
    await createUser(t.engine, { username: 'night', role: 'practitioner', password: PASSWORD });
    const browser = new TestBrowser(t.app);
    await browser.submit('/login', { username: 'night', password: PASSWORD });
    const cookie = browser.lastSetCookies.find((c) => c.startsWith('hearth_session='));
    expect(cookie).toContain(`Max-Age=${8 * 3600}`);
    const end = t.clock.now.getTime() + 8 * 3600_000;
    // Used every 25 minutes (inside the 30-minute idle timeout) until a second before the absolute end.
    while (t.clock.now.getTime() + 25 * 60_000 < end) {
      t.clock.now = new Date(t.clock.now.getTime() + 25 * 60_000);
      expect((await browser.get('/login')).body).toContain('signed in as');
    }
    t.clock.now = new Date(end - 1000);
    expect((await browser.get('/login')).body).toContain('signed in as');
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    expect((await browser.get('/login')).body).toContain('<h1>Sign in</h1>');
    await browser.submit('/login', { username: 'night', password: PASSWORD });
    const rows = await t.engine.query(
      "SELECT 1 FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'night'",
    );
    expect(rows.rows).toHaveLength(1);
  });

  it('ends a session left unused for HEARTH_SESSION_IDLE_MINUTES; each use restarts the idle time', async () => {
    await createUser(t.engine, { username: 'idle', role: 'practitioner', password: PASSWORD });
    const browser = new TestBrowser(t.app);
    await browser.submit('/login', { username: 'idle', password: PASSWORD });
    t.clock.now = new Date(t.clock.now.getTime() + 30 * 60_000 - 1000);
    expect((await browser.get('/login')).body).toContain('signed in as');
    t.clock.now = new Date(t.clock.now.getTime() + 30 * 60_000 - 1000);
    expect((await browser.get('/login')).body).toContain('signed in as');
    t.clock.now = new Date(t.clock.now.getTime() + 30 * 60_000);
    expect((await browser.get('/login')).body).toContain('<h1>Sign in</h1>');
    // Signing in again works, and the idle limit is configurable.
    await browser.submit('/login', { username: 'idle', password: PASSWORD });
    expect((await browser.get('/login')).body).toContain('signed in as');
    expect(loadConfig({}).login.sessionIdleMinutes).toBe(30);
    expect(loadConfig({ HEARTH_SESSION_IDLE_MINUTES: '5' }).login.sessionIdleMinutes).toBe(5);
    expect(() => loadConfig({ HEARTH_SESSION_IDLE_MINUTES: '0' })).toThrow(/HEARTH_SESSION_IDLE_MINUTES/);
  });

  it('ends the sessions of an account when it is disabled', async () => {
    await createUser(t.engine, { username: 'leaver', role: 'practitioner', password: PASSWORD });
    const browser = new TestBrowser(t.app);
    await browser.submit('/login', { username: 'leaver', password: PASSWORD });
    expect((await browser.get('/login')).body).toContain('signed in as');
    const leaver = await findUserByUsername(t.engine, 'leaver');
    await setUserDisabled(t.engine, leaver!.id, true);
    expect((await browser.get('/login')).body).toContain('<h1>Sign in</h1>');
  });

  it('marks the session and CSRF cookies Secure with the __Host- prefix', async () => {
    await createUser(t.engine, { username: 'surgeon', role: 'practitioner', password: PASSWORD });
    const https = await openIdentityApp(t.engine, { HEARTH_BASE_URL: 'https://hearth.example' });
    const browser = new TestBrowser(https.app);
    await browser.submit('/login', { username: 'surgeon', password: PASSWORD });
    await https.close();
    const session = browser.lastSetCookies.find((c) => c.startsWith('__Host-hearth_session='));
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).not.toMatch(/Domain=/i);
    expect(browser.cookies.has('__Host-hearth_csrf')).toBe(true);
  });
});
