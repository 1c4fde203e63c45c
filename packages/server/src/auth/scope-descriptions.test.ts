import { describe, expect, it } from 'vitest';
import { describeScope } from './scope-descriptions.ts';

describe('plain-language scopes on the consent screen', () => {
  it('words resource scopes by verb, resource and context', () => {
    expect(describeScope('patient/Observation.rs')).toBe(
      'Read and search observations of the selected patient',
    );
    expect(describeScope('user/MedicationRequest.cud')).toBe(
      'Create, update and delete medication requests that you can access',
    );
    expect(describeScope('patient/*.read')).toBe(
      'Read and search all kinds of records of the selected patient',
    );
  });

  it('words a granular constraint by its code', () => {
    expect(
      describeScope(
        'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs',
      ),
    ).toBe('Read and search observations of the selected patient, only where category is vital-signs');
  });

  it('words launch and identity scopes, and shows unknown scopes verbatim', () => {
    expect(describeScope('offline_access')).toMatch(/until you revoke it/);
    expect(describeScope('openid')).toMatch(/who you are/);
    expect(describeScope('something/else')).toBe('something/else');
  });
});
