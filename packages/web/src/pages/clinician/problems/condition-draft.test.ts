import { describe, expect, it } from 'vitest';
import { draftCondition } from './condition-draft.ts';

const ctx = { patientId: 'p1', recorder: 'Practitioner/dr1', now: new Date('2026-03-14T10:00:00Z') };

describe('draftCondition', () => {
  it('codes a picked common problem in SNOMED CT as an active, confirmed problem-list item', () => {
    const draft = draftCondition(
      { text: 'Hipertensión esencial', code: '59621000', onset: '2020-05-01' },
      ctx,
    );
    if (!draft.ok) throw new Error('expected a condition');
    const c = draft.resource;
    expect(c.code).toEqual({
      coding: [
        { system: 'http://snomed.info/sct', code: '59621000', display: 'Essential hypertension (disorder)' },
      ],
      text: 'Hipertensión esencial',
    });
    expect(c.clinicalStatus?.coding?.[0]?.code).toBe('active');
    expect(c.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    expect(c.category?.[0]?.coding?.[0]?.code).toBe('problem-list-item');
    expect(c.subject).toEqual({ reference: 'Patient/p1' });
    expect(c.recorder).toEqual({ reference: 'Practitioner/dr1' });
    expect(c.onsetDateTime).toBe('2020-05-01');
  });

  it('keeps free text as text only', () => {
    const draft = draftCondition({ text: 'Chronic low back pain', onset: '' }, ctx);
    if (!draft.ok) throw new Error('expected a condition');
    expect(draft.resource.code).toEqual({ text: 'Chronic low back pain' });
    expect(draft.resource.onsetDateTime).toBeUndefined();
  });

  it('asks for a problem and a past onset', () => {
    expect(draftCondition({ text: ' ', onset: '2027-01-01' }, ctx)).toEqual({
      ok: false,
      errors: { code: 'problems.errors.required', onset: 'problems.errors.future' },
    });
    expect(draftCondition({ text: 'x', onset: '2026-02-30' }, ctx)).toEqual({
      ok: false,
      errors: { onset: 'problems.errors.date' },
    });
  });
});
