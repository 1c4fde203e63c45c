import { describe, expect, it } from 'vitest';
import { grantsFor, grantsOf } from './scope-grants.ts';

describe('scope grants', () => {
  it('reads v2 letters and v1 aliases in every context', () => {
    expect(grantsOf(['patient/Observation.rs', 'user/*.read', 'system/Patient.*'])).toEqual([
      { context: 'patient', resourceType: 'Observation', permissions: 'rs' },
      { context: 'user', resourceType: '*', permissions: 'rs' },
      { context: 'system', resourceType: 'Patient', permissions: 'cruds' },
    ]);
  });

  it('keeps a granular constraint as search parameters', () => {
    const [grant] = grantsOf([
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
    ]);
    expect(grant?.constraint).toEqual([
      ['category', 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs'],
    ]);
  });

  it('grants nothing for launch scopes, malformed scopes or a constraint on every type', () => {
    expect(
      grantsOf(['openid', 'launch/patient', 'patient/Observation.xyz', 'patient/*.rs?category=x']),
    ).toEqual([]);
  });

  it('selects the grants allowing one letter on one type', () => {
    const grants = grantsOf(['patient/Observation.r', 'patient/*.s', 'patient/Condition.rs']);
    expect(grantsFor(grants, 'Observation', 's').map((g) => g.resourceType)).toEqual(['*']);
    expect(grantsFor(grants, 'Observation', 'r').map((g) => g.resourceType)).toEqual(['Observation']);
    expect(grantsFor(grants, 'Observation', 'c')).toEqual([]);
  });
});
