// A patient changes their own consents through the API, as the portal does (packages/web
// pages/portal/consents): with the web app's patient grant (patient/*.crus) they create and withdraw the
// Consent shapes consent-sql.ts enforces, and each change takes effect at once; a Consent about someone
// else's record is refused and nothing is saved.
import type { Bundle, Consent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { POPULATION, TOKENS } from './access.fixtures.ts';
import { CONSENT_SCOPE } from './consent-sql.ts';

const PORTAL_TOKENS = {
  ...TOKENS,
  // The grant the web app gets for a patient (packages/web/src/auth/oauth.ts SCOPES, patient half).
  'alice-portal': { ...TOKENS.alice!, clientId: 'hearth-web', scopes: ['patient/*.crus'] },
};

function optOut(patient: string, scope: 'research' | 'patient-privacy', actor?: string): Consent {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: CONSENT_SCOPE, code: scope }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patient}` },
    dateTime: '2026-03-01T10:00:00Z',
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      ...(actor
        ? {
            actor: [
              {
                role: {
                  coding: [
                    { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
                  ],
                },
                reference: { reference: actor },
              },
            ],
          }
        : {}),
    },
  };
}

describe.each(testEngines())('a patient changing their own consents on %s', (_name, open) => {
  let s: TestServer;
  const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    s.fhir({
      method,
      url: `/fhir/${url}`,
      ...(body !== undefined ? { body } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
  const researchCount = async () =>
    (await call('researcher', 'GET', 'Patient?_summary=count')).json<Bundle>().total;

  beforeAll(async () => {
    s = await openTestServer(open, {}, { tokens: PORTAL_TOKENS });
    await s.repo.putMany(SYSTEM_CONTEXT, POPULATION);
  });
  afterAll(async () => {
    await s.close();
  });

  it('opts out of research and back in: researchers count her, then not, then again', async () => {
    const before = await researchCount();
    const created = await call('alice-portal', 'POST', 'Consent', optOut('alice', 'research'));
    expect(created.statusCode).toBe(201);
    expect(await researchCount()).toBe(before! - 1);
    const consent = created.json<Consent>();
    const withdrawn = await call('alice-portal', 'PUT', `Consent/${consent.id!}`, {
      ...consent,
      status: 'inactive',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(await researchCount()).toBe(before);
  });

  it('stops sharing with her own hospital and allows it again: its practitioner loses and regains the record', async () => {
    expect((await call('dr-a', 'GET', 'Patient/alice')).statusCode).toBe(200);
    const created = await call(
      'alice-portal',
      'POST',
      'Consent',
      optOut('alice', 'patient-privacy', 'Organization/hosp-a'),
    );
    expect(created.statusCode).toBe(201);
    // Practitioners get 403 for a record outside their reach (they may break the glass), README "Who sees what".
    expect((await call('dr-a', 'GET', 'Patient/alice')).statusCode).toBe(403);
    const consent = created.json<Consent>();
    expect(
      (await call('alice-portal', 'PUT', `Consent/${consent.id!}`, { ...consent, status: 'inactive' }))
        .statusCode,
    ).toBe(200);
    expect((await call('dr-a', 'GET', 'Patient/alice')).statusCode).toBe(200);
  });

  it("refuses a Consent about another patient's record and saves nothing", async () => {
    const before = (await call('test', 'GET', 'Consent?patient=Patient/bob&_summary=count')).json<Bundle>()
      .total;
    const refused = await call('alice-portal', 'POST', 'Consent', optOut('bob', 'research'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().resourceType).toBe('OperationOutcome');
    expect(
      (await call('test', 'GET', 'Consent?patient=Patient/bob&_summary=count')).json<Bundle>().total,
    ).toBe(before);
    // Nor may she withdraw carol's research opt-out: carol's Consent is not visible to her.
    const carols = POPULATION.find((r) => r.id === 'carol-research')!;
    expect(
      (await call('alice-portal', 'PUT', 'Consent/carol-research', { ...carols, status: 'inactive' }))
        .statusCode,
    ).toBe(404);
  });
});
