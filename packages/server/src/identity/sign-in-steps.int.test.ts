import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-engines.ts';
import { issueResetToken } from './reset-tokens.ts';
import { openIdentityApp, TestBrowser, type IdentityTestApp } from './test-browser.ts';
import { createUser, findUserByUsername } from './users.ts';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'purple elephants dance at noon';

function later(t: IdentityTestApp, seconds: number): void {
  t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
}

async function totpAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

function signedIn(res: { body: string }): boolean {
  return res.body.includes('You are signed in as');
}

describe.each(testEngines())('sign-in steps on %s', (_name, open) => {
  let t: IdentityTestApp;
  beforeAll(async () => {
    t = await openIdentityApp(open); // 5 failures lock for 15 minutes (config defaults)
  });
  afterAll(async () => {
    await t.close();
  });

  it('backs off exponentially after failures, locks after five, and unlocks after the lockout', async () => {
    await createUser(t.engine, { username: 'pat', role: 'practitioner', password: PASSWORD });
    const browser = new TestBrowser(t.app);
    const attempt = (password: string) => browser.submit('/login', { username: 'pat', password });
    expect((await attempt('wrong guess number 1')).statusCode).toBe(401);
    // 1 s backoff: even the right password is not evaluated yet
    expect((await attempt(PASSWORD)).statusCode).toBe(401);
    later(t, 1);
    expect((await attempt('wrong guess number 2')).statusCode).toBe(401);
    later(t, 1); // backoff is now 2 s
    expect((await attempt(PASSWORD)).statusCode).toBe(401);
    later(t, 1);
    for (const [i, wait] of [
      [3, 4],
      [4, 8],
      [5, 0],
    ] as const) {
      expect((await attempt(`wrong guess number ${i}`)).statusCode).toBe(401);
      later(t, wait);
    }
    later(t, 14 * 60); // locked for 15 minutes after the fifth failure
    expect((await attempt(PASSWORD)).statusCode).toBe(401);
    later(t, 60);
    const ok = await attempt(PASSWORD);
    expect(ok.statusCode).toBe(303);
    expect(signedIn(await browser.get('/login'))).toBe(true);
  });

  it('lets only one of many simultaneous guesses on an account be evaluated', async () => {
    await createUser(t.engine, { username: 'target', role: 'practitioner', password: PASSWORD });
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new TestBrowser(t.app).submit('/login', { username: 'target', password: `guess number ${i}` }),
      ),
    );
    expect(burst.map((r) => r.statusCode)).toEqual(Array(8).fill(401));
    const row = await t.engine.query<{ failed_logins: number }>(
      "SELECT failed_logins FROM users WHERE username = 'target'",
    );
    expect(row.rows[0]?.failed_logins).toBe(1);
  });

  it('makes an administrator enrol TOTP at first sign-in, then asks for a code every time', async () => {
    await createUser(t.engine, { username: 'root', role: 'admin', password: PASSWORD });
    const browser = new TestBrowser(t.app);
    const first = await browser.submit('/login?return_to=/admin', { username: 'root', password: PASSWORD });
    expect(first.headers.location).toBe('/login/enrol?return_to=%2Fadmin');
    expect(signedIn(await browser.get('/login'))).toBe(false); // a password alone is not enough

    const enrol = await browser.get('/login/enrol?return_to=%2Fadmin');
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(enrol.body)?.[1] ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrol.body).toContain(`otpauth://totp/Hearth:root?secret=${secret}`);
    expect(enrol.body).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg/);
    expect(enrol.body).toContain('<label for="code">');

    const wrong = await browser.submit('/login/enrol?return_to=%2Fadmin', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toMatch(/id="code"[^>]*aria-invalid="true"/);
    later(t, 1);
    const code = await totpAt(secret, t.clock.now);
    const done = await browser.submit('/login/enrol?return_to=%2Fadmin', { code });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin');
    expect((await findUserByUsername(t.engine, 'root'))?.mfaEnabled).toBe(true);
    // Encrypted at rest (AES-256-GCM): neither the account nor any session row holds the secret.
    const stored = await t.engine.query<{ totp_secret: string }>(
      "SELECT totp_secret FROM users WHERE username = 'root'",
    );
    expect(stored.rows[0]!.totp_secret).toMatch(/^v1\./);
    const anywhere = await t.engine.query(
      'SELECT 1 FROM users u, user_sessions s WHERE u.totp_secret LIKE $1 OR s.pending_totp_secret LIKE $1',
      [`%${secret}%`],
    );
    expect(anywhere.rows).toEqual([]);

    const next = new TestBrowser(t.app);
    const again = await next.submit('/login', { username: 'root', password: PASSWORD });
    expect(again.headers.location).toBe('/login/mfa');
    const replay = await next.submit('/login/mfa', { code }); // same time step: a replay
    expect(replay.statusCode).toBe(401);
    later(t, 31);
    const fresh = await next.submit('/login/mfa', { code: await totpAt(secret, t.clock.now) });
    expect(fresh.statusCode).toBe(303);
    expect(signedIn(await next.get('/login'))).toBe(true);
  });

  it('encrypts a TOTP secret stored in the clear at the next start, and it still signs in', async () => {
    await createUser(t.engine, { username: 'legacy', role: 'practitioner', password: PASSWORD });
    const plain = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    await t.engine.query("UPDATE users SET totp_secret = $1 WHERE username = 'legacy'", [plain]);
    const restarted = await openIdentityApp(t.engine); // a start on the same database
    restarted.clock.now = new Date(t.clock.now.getTime() + 3600_000);
    try {
      const row = await t.engine.query<{ totp_secret: string }>(
        "SELECT totp_secret FROM users WHERE username = 'legacy'",
      );
      expect(row.rows[0]!.totp_secret).toMatch(/^v1\./);
      expect(row.rows[0]!.totp_secret).not.toContain(plain);
      const browser = new TestBrowser(restarted.app);
      const first = await browser.submit('/login', { username: 'legacy', password: PASSWORD });
      expect(first.headers.location).toBe('/login/mfa');
      const done = await browser.submit('/login/mfa', { code: await totpAt(plain, restarted.clock.now) });
      expect(done.statusCode).toBe(303);
      expect(signedIn(await browser.get('/login'))).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('lets any signed-in user opt in to TOTP from the signed-in page', async () => {
    await createUser(t.engine, {
      username: 'keen',
      role: 'patient',
      fhirUser: 'Patient/5',
      password: PASSWORD,
    });
    const browser = new TestBrowser(t.app);
    await browser.submit('/login', { username: 'keen', password: PASSWORD });
    const start = await browser.submit('/login', {}, '/login/enrol/start');
    expect(start.headers.location).toBe('/login/enrol');
    const enrol = await browser.get('/login/enrol');
    const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(enrol.body)?.[1] ?? '';
    const done = await browser.submit('/login/enrol', { code: await totpAt(secret, t.clock.now) });
    expect(done.headers.location).toBe('/login');
    expect((await browser.get('/login')).body).toContain('Two-step verification is on.');
    const next = await new TestBrowser(t.app).submit('/login', { username: 'keen', password: PASSWORD });
    expect(next.headers.location).toBe('/login/mfa');
  });

  it('makes a user with a one-time password choose their own before signing in', async () => {
    await createUser(t.engine, {
      username: 'newbie',
      role: 'researcher',
      password: 'one-time-Zx81-Qw93',
      mustChangePassword: true,
    });
    const browser = new TestBrowser(t.app);
    const first = await browser.submit('/login', { username: 'newbie', password: 'one-time-Zx81-Qw93' });
    expect(first.headers.location).toBe('/login/password');
    const weak = await browser.submit('/login/password', {
      password: 'newbie-pass-1',
      confirm: 'newbie-pass-1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('Do not include your username.');
    expect(weak.body).toMatch(/<label for="new-password">/);
    const differ = await browser.submit('/login/password', { password: NEW_PASSWORD, confirm: 'other' });
    expect(differ.body).toContain('The two passwords differ.');
    const ok = await browser.submit('/login/password', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(ok.statusCode).toBe(303);
    expect(signedIn(await browser.get('/login'))).toBe(true);
    const relogin = await new TestBrowser(t.app).submit('/login', {
      username: 'newbie',
      password: NEW_PASSWORD,
    });
    expect(relogin.headers.location).toBe('/login');
  });

  it('accepts a reset link once, before it expires, and ends old sessions', async () => {
    const user = await createUser(t.engine, {
      username: 'forgetful',
      role: 'practitioner',
      password: PASSWORD,
    });
    const old = new TestBrowser(t.app);
    await old.submit('/login', { username: 'forgetful', password: PASSWORD });
    const { token } = await issueResetToken(t.engine, { userId: user.id, now: t.clock.now, ttlMinutes: 30 });
    const url = `/reset-password?token=${token}`;

    const browser = new TestBrowser(t.app);
    const form = await browser.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.body).toContain('<label for="new-password">New password</label>');
    const done = await browser.submit(url, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password is changed');

    expect((await browser.get(url)).statusCode).toBe(410); // single use
    expect(signedIn(await old.get('/login'))).toBe(false);
    const before = await new TestBrowser(t.app).submit('/login', {
      username: 'forgetful',
      password: PASSWORD,
    });
    expect(before.statusCode).toBe(401);
    later(t, 2);
    const after = await new TestBrowser(t.app).submit('/login', {
      username: 'forgetful',
      password: NEW_PASSWORD,
    });
    expect(after.statusCode).toBe(303);

    const second = await issueResetToken(t.engine, { userId: user.id, now: t.clock.now, ttlMinutes: 30 });
    later(t, 31 * 60);
    expect((await browser.get(`/reset-password?token=${second.token}`)).statusCode).toBe(410);
    expect((await browser.get('/reset-password?token=made-up')).statusCode).toBe(410);
  });

  it('rate limits sign-in posts per address and keeps serving other addresses', async () => {
    const limited = await openIdentityApp(t.engine, { HEARTH_LOGIN_RATE_LIMIT: '3' });
    try {
      const attacker = new TestBrowser(limited.app, '203.0.113.9');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await attacker.submit('/login', { username: `u${i}`, password: 'stuffed password' })).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const huge = await new TestBrowser(limited.app).submit('/login', {
        username: 'u',
        password: 'x'.repeat(20_000),
      });
      expect(huge.statusCode).toBe(413);
      const other = new TestBrowser(limited.app, '198.51.100.7');
      expect(
        (await other.submit('/login', { username: 'u9', password: 'another password' })).statusCode,
      ).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
