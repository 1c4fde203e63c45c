import { describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_MS, refreshDelay, roleOf, SignInError, toTokenSet } from './tokens.ts';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('roleOf', () => {
  it('sends practitioners to the workspace and patients and caregivers to the portal', () => {
    expect(roleOf('Practitioner/1')).toBe('clinician');
    expect(roleOf('PractitionerRole/1')).toBe('clinician');
    expect(roleOf('Patient/9')).toBe('patient');
    expect(roleOf('RelatedPerson/4')).toBe('patient');
  });

  it('gives no role to other or malformed references', () => {
    expect(roleOf('Organization/1')).toBeUndefined();
    expect(roleOf('Patient/')).toBeUndefined();
    expect(roleOf('')).toBeUndefined();
  });
});

describe('toTokenSet', () => {
  const now = 1_000_000;

  it('reads the token response, the patient in context and fhirUser from the id_token', () => {
    const tokens = toTokenSet(
      {
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'openid patient/*.crus',
        refresh_token: 'rt',
        patient: '9',
        id_token: jwt({ fhirUser: 'https://hearth.example/fhir/Patient/9' }),
      },
      now,
    );
    expect(tokens).toMatchObject({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresAt: now + 300_000,
      fhirUser: 'Patient/9',
      role: 'patient',
      patientId: '9',
    });
  });

  it('keeps the refresh token, patient and user of the previous set when a refresh omits them', () => {
    const first = toTokenSet(
      { access_token: 'a1', token_type: 'bearer', refresh_token: 'r1', fhirUser: 'Practitioner/7' },
      now,
    );
    const second = toTokenSet({ access_token: 'a2', token_type: 'Bearer', expires_in: 60 }, now, first);
    expect(second).toMatchObject({
      accessToken: 'a2',
      refreshToken: 'r1',
      fhirUser: 'Practitioner/7',
      role: 'clinician',
    });
  });

  it('refuses a response without a bearer token, or for an account with no practitioner or patient', () => {
    expect(() => toTokenSet({ token_type: 'Bearer' }, now)).toThrow(SignInError);
    expect(() => toTokenSet({ access_token: 'a', token_type: 'mac' }, now)).toThrow(SignInError);
    expect(() => toTokenSet({ access_token: 'a', token_type: 'Bearer' }, now)).toThrow(/not linked/);
    expect(() => toTokenSet({ access_token: 'a', token_type: 'Bearer', id_token: 'garbage' }, now)).toThrow(
      SignInError,
    );
  });
});

describe('refreshDelay', () => {
  it('renews a margin before expiry, never in the past', () => {
    expect(refreshDelay({ expiresAt: 300_000 }, 0)).toBe(300_000 - REFRESH_MARGIN_MS);
    expect(refreshDelay({ expiresAt: 1_000 }, 5_000)).toBe(0);
  });

  it('waits at least half of a short lifetime, so a short token is not renewed in a loop', () => {
    expect(refreshDelay({ expiresAt: 40_000 }, 0)).toBe(20_000);
  });
});
