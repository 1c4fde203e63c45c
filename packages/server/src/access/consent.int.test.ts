// Consent provisions as the server enforces them (consent-sql.ts): nested provisions (the most specific
// applying one decides), actor, purpose, class and period, for practitioners, apps of an outside
// organization and research use — on top of the access.fixtures.ts population.
import type { Bundle, Consent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT, type AccessContext } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { openTestServer, type TestServer } from '../fhir-rest/test-server.ts';
import { createClient, listClients } from '../auth/clients.ts';
import { exportPage } from '../importer/export-resources.ts';
import { POPULATION, refs, TOKENS } from './access.fixtures.ts';
import { CONSENT_SCOPE } from './consent-sql.ts';

const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const TYPES = 'http://hl7.org/fhir/resource-types';
const hospA = [
  {
    role: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
    },
    reference: { reference: 'Organization/hosp-a' },
  },
];
const only = (type: string) => [{ system: TYPES, code: type }];

function consent(id: string, patient: string, scope: string, provision: Consent['provision']): Consent {
  return {
    resourceType: 'Consent',
    id,
    status: 'active',
    scope: { coding: [{ system: CONSENT_SCOPE, code: scope }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patient}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    ...(provision ? { provision } : {}),
  };
}

const patientAtA = (id: string) => [
  { resourceType: 'Patient' as const, id, managingOrganization: { reference: 'Organization/hosp-a' } },
  {
    resourceType: 'Observation' as const,
    id: `${id}-obs`,
    status: 'final' as const,
    code: { text: 'pulse' },
    subject: { reference: `Patient/${id}` },
  },
];

const POLICIES = [
  // Permit overall, but not this patient's Observations to hosp-a (deny nested in permit).
  consent('dan-c', 'dan', 'patient-privacy', {
    type: 'permit',
    provision: [{ type: 'deny', actor: hospA.map((a) => ({ ...a })), class: only('Observation') }],
  }),
  // Deny hosp-a, except the Patient resource itself (permit nested in deny); a deeper deny whose period
  // has ended no longer applies.
  consent('erin-c', 'erin', 'patient-privacy', {
    type: 'deny',
    actor: hospA,
    provision: [
      {
        type: 'permit',
        class: only('Patient'),
        provision: [{ type: 'deny', period: { start: '2019-01-01', end: '2020-12-31' } }],
      },
    ],
  }),
  // Research opt-in that keeps Observations out of research.
  consent('fay-c', 'fay', 'research', {
    type: 'permit',
    provision: [{ type: 'deny', class: only('Observation') }],
  }),
  // A privacy Consent denying research as a purpose of use.
  consent('gus-c', 'gus', 'patient-privacy', {
    type: 'deny',
    purpose: [{ system: ACT_REASON, code: 'HRESEARCH' }],
  }),
  // A research opt-out that ended in 2020.
  consent('hal-c', 'hal', 'research', { type: 'deny', period: { start: '2018', end: '2020' } }),
];

const OUTSIDE_APP: AccessContext = {
  actor: 'Client/partner',
  clientId: 'partner',
  scopes: ['system/*.rs'],
  clientOrganization: 'outside-b',
};

describe.each(testEngines())('Consent provisions on %s', (_name, open) => {
  let s: TestServer;
  const tokens: Record<string, AccessContext> = { ...TOKENS, 'outside-app': OUTSIDE_APP };
  const get = (token: string, url: string) =>
    s.app.inject({ method: 'GET', url: `/fhir/${url}`, headers: { authorization: `Bearer ${token}` } });
  const search = async (token: string, url: string): Promise<string[]> => {
    const res = await get(token, url);
    expect(res.statusCode, res.body).toBe(200);
    return refs(res.json<Bundle>());
  };
  const count = async (token: string, url: string) =>
    (await get(token, `${url}${url.includes('?') ? '&' : '?'}_summary=count`)).json<Bundle>().total;

  beforeAll(async () => {
    s = await openTestServer(open, {}, { tokens });
    await s.repo.putMany(SYSTEM_CONTEXT, [
      ...POPULATION,
      ...['dan', 'erin', 'fay', 'gus', 'hal'].flatMap(patientAtA),
      ...POLICIES,
    ]);
  });
  afterAll(async () => {
    await s.close();
  });

  it('lets the most specific applying provision decide for a practitioner of the named organization', async () => {
    // dan: permitted, except his Observations; erin: denied, except her Patient resource.
    expect(await search('dr-a', 'Patient?_id=dan,erin')).toEqual(['Patient/dan', 'Patient/erin']);
    expect(await search('dr-a', 'Observation?subject=Patient/dan,Patient/erin')).toEqual([]);
    expect((await get('dr-a', 'Observation/dan-obs')).statusCode).toBe(403);
    expect((await get('dr-a', 'Patient/erin')).statusCode).toBe(200);
    // Everyone else at hosp-a is unaffected.
    expect(await search('dr-a', 'Observation?subject=Patient/fay,Patient/gus')).toEqual([
      'Observation/fay-obs',
      'Observation/gus-obs',
    ]);
  });

  it('hides a patient who refused an organization from an app registered to it', async () => {
    // carol denied sharing with outside-b (access.fixtures.ts); the partner's app is outside-b's.
    expect(await search('outside-app', 'Patient?_id=alice,bob,carol')).toEqual([
      'Patient/alice',
      'Patient/bob',
    ]);
    expect((await get('outside-app', 'Observation/carol-vital')).statusCode).toBe(404);
    expect(await search('outside-app', 'Observation?subject=Patient/carol')).toEqual([]);
    expect(await search('test', 'Observation?subject=Patient/carol')).toEqual(['Observation/carol-vital']);
  });

  it('takes an app’s organization from its registration (clients add --organization)', async () => {
    const { client_id } = await createClient(s.engine, {
      name: 'partner feed',
      scopes: 'system/*.rs',
      organization: 'Organization/outside-b',
    });
    tokens['registered-partner'] = {
      actor: `Client/${client_id}`,
      clientId: client_id,
      scopes: ['system/*.rs'],
    };
    expect(await search('registered-partner', 'Patient?_id=alice,bob,carol')).toEqual([
      'Patient/alice',
      'Patient/bob',
    ]);
    const listed = (await listClients(s.engine)).find((c) => c.client_id === client_id);
    expect(listed?.organization).toBe('Organization/outside-b');
    await expect(
      createClient(s.engine, { name: 'x', scopes: 'system/*.rs', organization: 'outside-b' }),
    ).rejects.toThrow(/Organization\/123/);
  });

  it('keeps research opt-outs by scope, purpose, class and period in research counts and exports', async () => {
    // Patients: alice, bob, dan, erin, fay, hal (carol opted out; gus denied research use).
    expect(await count('researcher', 'Patient')).toBe(6);
    // Observations: alice x2, bob, dan, erin, hal (carol's and gus's excluded, fay's by class).
    expect(await count('researcher', 'Observation')).toBe(6);
    const exported = (
      await exportPage(s.engine, { types: ['Patient', 'Observation'], limit: 1000, purpose: 'research' })
    ).lines
      .map((l) => JSON.parse(l) as { resourceType: string; id: string })
      .map((r) => `${r.resourceType}/${r.id}`);
    expect(exported).toContain('Patient/fay');
    expect(exported).toContain('Patient/hal');
    expect(exported).toContain('Observation/hal-obs');
    for (const gone of ['Observation/fay-obs', 'Patient/gus', 'Observation/gus-obs', 'Patient/carol']) {
      expect(exported).not.toContain(gone);
    }
  });

  it('stops enforcing a Consent once it is no longer active', async () => {
    const dan = POLICIES[0]!;
    await s.repo.update(SYSTEM_CONTEXT, { ...dan, status: 'inactive' });
    expect(await search('dr-a', 'Observation?subject=Patient/dan')).toEqual(['Observation/dan-obs']);
    await s.repo.update(SYSTEM_CONTEXT, dan);
    expect(await search('dr-a', 'Observation?subject=Patient/dan')).toEqual([]);
  });
});
