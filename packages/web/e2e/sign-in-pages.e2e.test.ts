// The server-rendered pages everyone meets first — sign in, two-step verification, an app's consent
// screen — in real Chromium: axe-clean (no serious/critical violation), every control reached by Tab with
// a visible focus indicator, usable on a 360 px phone and at 200% zoom (issue #5 point 5).
import { createHash, randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { createClient } from '@hearth/server';
import { checkAppPage, signIn, useE2e } from './fixtures.ts';

const e2e = useE2e();

/** A third-party SMART app's authorization request (PKCE S256, as every public client must). */
async function authorizeUrl(scope: string): Promise<string> {
  const { engine } = e2e.hearth.server.services;
  const redirectUri = 'https://growth-chart.example/callback';
  const client = await createClient(engine, {
    name: 'Growth Chart',
    public: true,
    redirectUris: [redirectUri],
    scopes: 'launch/patient openid fhirUser patient/*.rs',
  });
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope,
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    aud: e2e.url('/fhir'),
  });
  return `/oauth2/authorize?${params.toString()}`;
}

describe('the sign-in page', () => {
  it('is accessible, keyboard operable and fits a phone, before and after a failed attempt', async () => {
    const { page, errors } = await e2e.newPage();
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).resolves.toBe(true);
    await checkAppPage(page, 'login');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Username').fill('demo-patient');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await checkAppPage(page, 'login-failed');
    expect(errors).toEqual([]);
  });

  it('can be filled and submitted with the keyboard alone', async () => {
    const { page } = await e2e.newPage();
    const user = e2e.hearth.users['demo-patient'];
    await page.goto('/login');
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Signed in' }).waitFor();
    await checkAppPage(page, 'signed-in');
  });
});

describe('two-step verification', () => {
  it('enrolment and the code page are accessible, keyboard operable and fit a phone', async () => {
    const { page, errors } = await e2e.newPage();
    const admin = e2e.hearth.users['demo-admin'];
    // An administrator must set up TOTP at the first sign-in (README "Accounts and sign-in").
    await signIn(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Set up two-step verification' }).waitFor();
    await checkAppPage(page, 'mfa-enrol');

    const secret = (await page.locator('#totp-secret').innerText()).trim();
    await page.getByLabel('6-digit code').fill(await generate({ secret, period: 30 }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signed in' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    await signIn(page, admin);
    await page.getByRole('heading', { level: 1, name: 'Enter your verification code' }).waitFor();
    await checkAppPage(page, 'mfa-code');
    expect(errors).toEqual([]);
  });
});

describe("an app's consent screen", () => {
  it('for a patient is accessible, keyboard operable and fits a phone', async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-patient'], {
      start: await authorizeUrl('launch/patient openid fhirUser patient/Observation.rs'),
    });
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    expect(await page.getByRole('checkbox').count()).toBeGreaterThan(0);
    await checkAppPage(page, 'consent-patient');
    expect(errors).toEqual([]);
  });

  it("with a practitioner's patient picker is accessible, keyboard operable and fits a phone", async () => {
    const { page, errors } = await e2e.newPage();
    await signIn(page, e2e.hearth.users['demo-clinician'], {
      start: await authorizeUrl('launch/patient openid fhirUser patient/Observation.rs'),
    });
    const family = e2e.hearth.demoPatient.name?.[0]?.family ?? '';
    await page.getByRole('searchbox').fill(family.slice(0, 3));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('radio').first().waitFor();
    await checkAppPage(page, 'consent-patient-picker');
    expect(errors).toEqual([]);
  });
});
