import { describe, expect, it } from 'vitest';
import { draftVitals, EMPTY_VITALS } from './vitals-draft.ts';

const ctx = {
  patientId: 'p1',
  performer: 'Practitioner/dr1',
  effective: new Date('2026-03-14T10:00:00Z'),
  now: new Date('2026-03-14T10:01:00Z'),
};

describe('draftVitals', () => {
  it('records blood pressure as one panel with systolic and diastolic components in mm[Hg]', () => {
    const draft = draftVitals({ ...EMPTY_VITALS, systolic: 128, diastolic: 82 }, ctx);
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    expect(draft.entries).toHaveLength(1);
    const panel = draft.entries[0]!.resource;
    expect(panel.code?.coding?.[0]?.code).toBe('85354-9');
    expect(panel.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    expect(panel.subject).toEqual({ reference: 'Patient/p1' });
    expect(panel.performer).toEqual([{ reference: 'Practitioner/dr1' }]);
    expect(panel.effectiveDateTime).toBe('2026-03-14T10:00:00.000Z');
    expect(panel.valueQuantity).toBeUndefined();
    expect(panel.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity])).toEqual([
      ['8480-6', { value: 128, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
      ['8462-4', { value: 82, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
    ]);
  });

  it('records each other vital as its own Observation with its LOINC code and UCUM unit', () => {
    const draft = draftVitals(
      {
        ...EMPTY_VITALS,
        heartRate: 72,
        bodyTemperature: '36,8',
        oxygenSaturation: 97,
        respiratoryRate: 14,
        bodyWeight: 70.5,
      },
      ctx,
    );
    if (!draft.ok) throw new Error('expected a draft');
    expect(
      draft.entries.map((e) => [
        e.field,
        e.resource.code?.coding?.[0]?.code,
        e.resource.valueQuantity?.value,
        e.resource.valueQuantity?.code,
      ]),
    ).toEqual([
      ['heartRate', '8867-4', 72, '/min'],
      ['respiratoryRate', '9279-1', 14, '/min'],
      ['oxygenSaturation', '59408-5', 97, '%'],
      ['bodyTemperature', '8310-5', 36.8, 'Cel'],
      ['bodyWeight', '29463-7', 70.5, 'kg'],
    ]);
  });

  it('asks for both pressures and a systolic above the diastolic', () => {
    expect(draftVitals({ ...EMPTY_VITALS, systolic: 120 }, ctx)).toEqual({
      ok: false,
      errors: { diastolic: 'vitals.errors.bothPressures' },
    });
    expect(draftVitals({ ...EMPTY_VITALS, systolic: 80, diastolic: 120 }, ctx)).toEqual({
      ok: false,
      errors: { systolic: 'vitals.errors.systolicBelowDiastolic' },
    });
  });

  it('catches typing mistakes, text and an empty form', () => {
    const draft = draftVitals({ ...EMPTY_VITALS, heartRate: 720, bodyWeight: 'abc' }, ctx);
    expect(draft).toEqual({
      ok: false,
      errors: { heartRate: 'vitals.errors.implausible', bodyWeight: 'vitals.errors.notANumber' },
    });
    expect(draftVitals(EMPTY_VITALS, ctx)).toEqual({
      ok: false,
      errors: { form: 'vitals.errors.nothingEntered' },
    });
  });

  it('refuses a time in the future', () => {
    const later = { ...ctx, effective: new Date('2026-03-14T12:00:00Z') };
    expect(draftVitals({ ...EMPTY_VITALS, heartRate: 70 }, later)).toEqual({
      ok: false,
      errors: { effective: 'vitals.errors.future' },
    });
  });
});
