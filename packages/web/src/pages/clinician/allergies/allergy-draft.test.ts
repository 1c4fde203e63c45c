import { describe, expect, it } from 'vitest';
import { draftAllergy } from './allergy-draft.ts';

const ctx = { patientId: 'p1', recorder: 'Practitioner/dr1', now: new Date('2026-03-14T10:00:00Z') };

describe('draftAllergy', () => {
  it('records an active, confirmed allergy with category, criticality and reaction', () => {
    const draft = draftAllergy(
      {
        text: 'Penicillin',
        code: '91936005',
        category: 'medication',
        criticality: 'high',
        reaction: 'Hives',
        onset: '',
      },
      ctx,
    );
    if (!draft.ok) throw new Error('expected an allergy');
    const a = draft.resource;
    expect(a.code?.coding?.[0]).toEqual({
      system: 'http://snomed.info/sct',
      code: '91936005',
      display: 'Allergy to penicillin (finding)',
    });
    expect(a.clinicalStatus?.coding?.[0]?.code).toBe('active');
    expect(a.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    expect(a.category).toEqual(['medication']);
    expect(a.criticality).toBe('high');
    expect(a.reaction).toEqual([{ manifestation: [{ text: 'Hives' }] }]);
    expect(a.patient).toEqual({ reference: 'Patient/p1' });
  });

  it('needs a substance and a category', () => {
    expect(draftAllergy({ text: '', category: '', criticality: '', reaction: '', onset: '' }, ctx)).toEqual({
      ok: false,
      errors: { code: 'allergies.errors.required', category: 'allergies.errors.categoryRequired' },
    });
  });
});
