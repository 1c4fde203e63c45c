import { describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT, type AccessContext } from '../db/repository.types.ts';
import { authorize } from './policy.ts';

const patient: AccessContext = {
  actor: 'Patient/p1',
  scopes: ['patient/*.rs'],
  user: { id: 'u1', role: 'patient', fhirUser: 'Patient/p1' },
  patient: 'p1',
};

describe('authorize', () => {
  it('lets system/*.* callers through without any row condition', () => {
    expect(authorize(SYSTEM_CONTEXT, { interaction: 'delete', type: 'Observation' })).toEqual({
      allowed: true,
      policy: undefined,
    });
  });

  it('refuses an interaction no scope grants, naming it', () => {
    const decision = authorize(patient, { interaction: 'create', type: 'Observation' });
    expect(decision).toEqual({
      allowed: false,
      reason: 'The granted scopes do not allow create of Observation.',
    });
  });

  it('restricts patient/ scopes to the launch patient and the role to the user’s own record', () => {
    const decision = authorize(patient, { interaction: 'search', type: 'Observation' });
    expect(decision.allowed && decision.policy).toEqual({
      branches: [{ type: '*', patients: { kind: 'ids', ids: ['p1'] } }],
      role: { kind: 'ids', ids: ['p1'] },
      exclusions: [],
      purpose: 'read',
    });
  });

  it('ignores user/ scopes without a user and system/ scopes with one', () => {
    expect(
      authorize({ actor: 'Client/x', scopes: ['user/*.rs'] }, { interaction: 'read', type: 'Patient' })
        .allowed,
    ).toBe(false);
    const withUser = { ...patient, scopes: ['system/*.rs'] };
    expect(authorize(withUser, { interaction: 'read', type: 'Patient' }).allowed).toBe(false);
  });

  it('gives researchers aggregates only, without research opt-outs', () => {
    const researcher: AccessContext = {
      actor: 'u',
      scopes: ['user/*.rs'],
      user: { id: 'r', role: 'researcher' },
    };
    expect(authorize(researcher, { interaction: 'search', type: 'Patient' }).allowed).toBe(false);
    const count = authorize(researcher, { interaction: 'search', type: 'Patient', aggregate: true });
    expect(count.allowed && count.policy?.exclusions).toEqual([
      { kind: 'consent', purpose: 'HRESEARCH', scopes: ['research', 'patient-privacy'] },
    ]);
    expect(authorize(researcher, { interaction: 'read', type: 'Organization' }).allowed).toBe(true);
  });

  it('ties practitioners to their care relationships and the organizations patients have not refused', () => {
    const doctor: AccessContext = {
      actor: 'Practitioner/d',
      scopes: ['user/*.cruds'],
      user: { id: 'ud', role: 'practitioner', fhirUser: 'Practitioner/d' },
    };
    const decision = authorize(doctor, { interaction: 'update', type: 'Observation' });
    expect(decision.allowed && decision.policy).toMatchObject({
      role: { kind: 'care-relationship', practitionerId: 'd', userId: 'ud' },
      exclusions: [
        {
          kind: 'consent',
          purpose: 'TREAT',
          scopes: ['patient-privacy'],
          actors: { clinician: { practitionerId: 'd', userId: 'ud' } },
          breakGlassUser: 'ud',
        },
      ],
      purpose: 'write',
    });
  });
});
