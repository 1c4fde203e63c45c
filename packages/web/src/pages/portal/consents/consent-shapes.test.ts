import type { Consent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  consentRows,
  consentState,
  researchChanges,
  researchOptOut,
  sharingChanges,
  sharingOptOut,
} from './consent-shapes.ts';
import { sharingOrganizations } from './sharing-organizations.ts';

const now = new Date('2026-11-23T12:00:00Z');
const options = (consents: Consent[]) => ({ consents, patientId: 'p', now });
const clinic = { reference: 'Organization/clinic' };

describe('the Consent shapes the server enforces (access/consent-sql.ts)', () => {
  it('builds a research opt-out: active, scope research, top-level provision deny, for the patient', () => {
    const c = researchOptOut('p', now);
    expect(c).toMatchObject({
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'research' }] },
      patient: { reference: 'Patient/p' },
      provision: { type: 'deny' },
      dateTime: '2026-11-23T12:00:00.000Z',
    });
    // consent.html invariant ppc-1: a policy or a policyRule.
    expect(c.policyRule?.coding?.[0]?.code).toBe('OPTOUT');
    expect(c.category?.[0]?.coding?.[0]?.code).toBe('59284-0');
  });

  it('builds a sharing opt-out naming the organization as provision.actor', () => {
    const c = sharingOptOut('p', clinic, now);
    expect(c.scope.coding?.[0]?.code).toBe('patient-privacy');
    expect(c.provision).toMatchObject({
      type: 'deny',
      actor: [{ reference: clinic, role: { coding: [{ code: 'IRCP' }] } }],
    });
  });

  it('reads the state from the Consents in force only', () => {
    const inactive: Consent = { ...researchOptOut('p', now), id: 'old', status: 'inactive' };
    const permit: Consent = { ...researchOptOut('p', now), id: 'permit', provision: { type: 'permit' } };
    expect(consentState([inactive, permit]).researchOptedOut).toBe(false);
    const state = consentState([
      { ...researchOptOut('p', now), id: 'r' },
      { ...sharingOptOut('p', clinic, now), id: 's' },
    ]);
    expect(state.researchOptedOut).toBe(true);
    expect([...state.sharingDenied]).toEqual(['Organization/clinic']);
  });
});

describe('researchChanges', () => {
  it('creates one opt-out, and none when one is already in force', () => {
    expect(researchChanges(true, options([]))).toEqual([
      { kind: 'create', resource: researchOptOut('p', now) },
    ]);
    expect(researchChanges(true, options([{ ...researchOptOut('p', now), id: 'r' }]))).toEqual([]);
  });

  it('opts back in by marking every research opt-out in force inactive, keeping it', () => {
    const a: Consent = { ...researchOptOut('p', now), id: 'a' };
    const b: Consent = { ...researchOptOut('p', now), id: 'b' };
    const changes = researchChanges(false, options([a, b, sharingOptOut('p', clinic, now)]));
    expect(changes).toEqual([
      { kind: 'update', resource: { ...a, status: 'inactive' } },
      { kind: 'update', resource: { ...b, status: 'inactive' } },
    ]);
  });
});

describe('sharingChanges', () => {
  it('creates a deny for an organization not yet denied, and nothing when it is', () => {
    expect(sharingChanges(true, clinic, options([]))).toEqual([
      { kind: 'create', resource: sharingOptOut('p', clinic, now) },
    ]);
    expect(sharingChanges(true, clinic, options([{ ...sharingOptOut('p', clinic, now), id: 's' }]))).toEqual(
      [],
    );
  });

  it('allows sharing again: inactive when it named only that organization, else the others stay denied', () => {
    const only: Consent = { ...sharingOptOut('p', clinic, now), id: 'only' };
    const both: Consent = { ...sharingOptOut('p', clinic, now), id: 'both' };
    both.provision!.actor!.push({
      role: { text: 'recipient' },
      reference: { reference: 'Organization/other' },
    });
    const [first, second] = sharingChanges(false, clinic, options([only, both]));
    expect(first).toEqual({ kind: 'update', resource: { ...only, status: 'inactive' } });
    expect(second?.resource.status).toBe('active');
    expect(second?.resource.provision?.actor?.map((a) => a.reference.reference)).toEqual([
      'Organization/other',
    ]);
    expect(
      consentState(sharingChanges(false, clinic, options([only, both])).map((c) => c.resource)).sharingDenied,
    ).toEqual(new Set(['Organization/other']));
  });
});

describe('consentRows', () => {
  it('lists Consents in force first, newest first', () => {
    const rows = consentRows([
      { ...researchOptOut('p', new Date('2020-01-01')), id: 'old', status: 'inactive' },
      { ...sharingOptOut('p', clinic, new Date('2021-01-01')), id: 's' },
      { ...researchOptOut('p', new Date('2022-01-01')), id: 'r' },
    ]);
    expect(rows.map((r) => [r.id, r.scope, r.decision])).toEqual([
      ['r', 'research', 'deny'],
      ['s', 'patient-privacy', 'deny'],
      ['old', 'research', 'deny'],
    ]);
    expect(rows[1]?.actors).toEqual([clinic]);
  });
});

describe('sharingOrganizations', () => {
  it('lists the organizations caring for the patient first, then those of visits and earlier choices, once each', () => {
    const orgs = sharingOrganizations(
      {
        resourceType: 'Patient',
        id: 'p',
        managingOrganization: { reference: 'Organization/home' },
        generalPractitioner: [{ reference: 'Practitioner/dr' }],
      },
      [
        {
          resourceType: 'Encounter',
          status: 'finished',
          class: { code: 'AMB' },
          serviceProvider: { reference: 'Organization/er' },
        },
        {
          resourceType: 'Encounter',
          status: 'finished',
          class: { code: 'AMB' },
          serviceProvider: { reference: 'Organization/home' },
        },
      ],
      [{ ...sharingOptOut('p', { reference: 'Organization/lab' }, now), id: 'x' }],
    );
    expect(orgs).toEqual([
      { reference: 'Organization/home', caresForYou: true },
      { reference: 'Organization/er', caresForYou: false },
      { reference: 'Organization/lab', caresForYou: false },
    ]);
  });
});
