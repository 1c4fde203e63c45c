import type { Observation, Quantity } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { compareToRange, interpretObservation, interpretValue } from './interpretation.ts';

const loinc = (code: string, display = code) => ({ coding: [{ system: 'http://loinc.org', code, display }] });
const ucum = (value: number, code: string, comparator?: Quantity['comparator']): Quantity => ({
  value,
  unit: code,
  system: 'http://unitsofmeasure.org',
  code,
  ...(comparator && { comparator }),
});
const adult = { sex: 'female' as const, ageYears: 40 };

describe('compareToRange', () => {
  it('treats a value exactly at either limit as normal', () => {
    expect(compareToRange(3.7, undefined, { low: 3.7, high: 5.2 })).toBe('N');
    expect(compareToRange(5.2, undefined, { low: 3.7, high: 5.2 })).toBe('N');
    expect(compareToRange(3.69, undefined, { low: 3.7, high: 5.2 })).toBe('L');
    expect(compareToRange(5.21, undefined, { low: 3.7, high: 5.2 })).toBe('H');
  });

  it('handles one-sided ranges', () => {
    expect(compareToRange(199, undefined, { high: 199 })).toBe('N');
    expect(compareToRange(200, undefined, { high: 199 })).toBe('H');
    expect(compareToRange(0, undefined, { high: 199 })).toBe('N');
    expect(compareToRange(60, undefined, { low: 60 })).toBe('N');
    expect(compareToRange(59, undefined, { low: 60 })).toBe('L');
  });

  it('flags a censored value only when the answer is certain', () => {
    // "<0.5" against 0.5-5.0: every possible value is below the low limit.
    expect(compareToRange(0.5, '<', { low: 0.5, high: 5 })).toBe('L');
    // "<=0.5" could be exactly 0.5, which is normal: not certain.
    expect(compareToRange(0.5, '<=', { low: 0.5, high: 5 })).toBeUndefined();
    // "<1" against 0.5-5.0 could be 0.4 or 0.9: not certain.
    expect(compareToRange(1, '<', { low: 0.5, high: 5 })).toBeUndefined();
    // "<100" against a range with no low limit and high 199 is certainly normal.
    expect(compareToRange(100, '<', { high: 199 })).toBe('N');
    // ">5" against high 5: above for certain; ">=5" could be exactly 5.
    expect(compareToRange(5, '>', { low: 0.5, high: 5 })).toBe('H');
    expect(compareToRange(5, '>=', { low: 0.5, high: 5 })).toBeUndefined();
    expect(compareToRange(90, '>', { low: 60 })).toBe('N');
  });
});

describe('interpretValue', () => {
  it("prefers the lab's own interpretation over any range", () => {
    const result = interpretValue(
      {
        code: loinc('2823-3'),
        valueQuantity: ucum(4, 'mmol/L'),
        interpretation: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' },
            ],
          },
        ],
        referenceRange: [{ low: ucum(3.5, 'mmol/L'), high: ucum(5.1, 'mmol/L') }],
      },
      adult,
    );
    expect(result.flag).toBe('H');
    expect(result.flagOrigin).toBe('report');
    expect(result.range).toMatchObject({ origin: 'report', low: 3.5, high: 5.1 });
  });

  it("uses the lab's own range before the typical one", () => {
    // Typical potassium is 3.7-5.2; this lab says 3.5-5.1, so 3.6 is normal and 5.15 high.
    const at = (value: number) =>
      interpretValue(
        {
          code: loinc('2823-3'),
          valueQuantity: ucum(value, 'mmol/L'),
          referenceRange: [{ low: ucum(3.5, 'mmol/L'), high: ucum(5.1, 'mmol/L') }],
        },
        adult,
      );
    expect(at(3.6).flag).toBe('N');
    expect(at(3.5).flag).toBe('N');
    expect(at(5.15).flag).toBe('H');
    expect(at(5.15).flagOrigin).toBe('computed');
  });

  it('falls back to the typical range, labelled typical and cited', () => {
    const result = interpretValue({ code: loinc('2951-2'), valueQuantity: ucum(146, 'mmol/L') }, adult);
    expect(result.flag).toBe('H');
    expect(result.range).toMatchObject({ origin: 'typical', low: 135, high: 145, unit: 'mmol/L' });
    expect(result.range?.source?.url).toMatch(/^https:\/\/medlineplus\.gov\//);
  });

  it('uses the sex-specific typical range for hemoglobin', () => {
    const hb = (sex: 'male' | 'female') =>
      interpretValue({ code: loinc('718-7'), valueQuantity: ucum(13, 'g/dL') }, { sex, ageYears: 40 });
    expect(hb('female').flag).toBe('N'); // 12.1-15.1
    expect(hb('male').flag).toBe('L'); // 13.8-17.2
    expect(hb('male').range).toMatchObject({ low: 13.8, high: 17.2 });
  });

  it('gives no typical range for a sex-specific test when the sex is unknown', () => {
    const result = interpretValue(
      { code: loinc('718-7'), valueQuantity: ucum(13, 'g/dL') },
      { ageYears: 40 },
    );
    expect(result.range).toBeUndefined();
    expect(result.flag).toBeUndefined();
  });

  it('does not apply adult typical ranges to children', () => {
    const result = interpretValue(
      { code: loinc('8867-4'), valueQuantity: ucum(120, '/min') },
      { ageYears: 4 },
    );
    expect(result.range).toBeUndefined();
    expect(result.flag).toBeUndefined();
  });

  it('picks the age band of an age-dependent typical range', () => {
    const ntProBnp = (ageYears: number) =>
      interpretValue({ code: loinc('33762-6'), valueQuantity: ucum(300, 'pg/mL') }, { ageYears });
    expect(ntProBnp(74).flag).toBe('H'); // < 125 under 75
    expect(ntProBnp(75).flag).toBe('N'); // < 450 from 75
  });

  it('does not flag when the units differ and cannot be compared', () => {
    // Glucose 5.5 mmol/L is normal, but it is not comparable with a typical range in mg/dL.
    const typical = interpretValue({ code: loinc('2345-7'), valueQuantity: ucum(5.5, 'mmol/L') }, adult);
    expect(typical.flag).toBeUndefined();
    expect(typical.unitMismatch).toBe(true);
    expect(typical.range).toBeUndefined();
    // Same with the lab's own range in other units: the range is shown, never compared.
    const report = interpretValue(
      {
        code: loinc('2345-7'),
        valueQuantity: ucum(5.5, 'mmol/L'),
        referenceRange: [{ low: ucum(70, 'mg/dL'), high: ucum(99, 'mg/dL') }],
      },
      adult,
    );
    expect(report.flag).toBeUndefined();
    expect(report.unitMismatch).toBe(true);
    expect(report.range).toMatchObject({ origin: 'report', unit: 'mg/dL' });
    // Temperature in Fahrenheit against a Celsius range.
    expect(
      interpretValue({ code: loinc('8310-5'), valueQuantity: ucum(104, '[degF]') }, adult).flag,
    ).toBeUndefined();
  });

  it('compares mEq/L with mmol/L for monovalent ions', () => {
    const result = interpretValue({ code: loinc('2951-2'), valueQuantity: ucum(130, 'meq/L') }, adult);
    expect(result.flag).toBe('L');
    expect(result.unitMismatch).toBe(false);
  });

  it('reads a lab range without units in the value’s units', () => {
    const result = interpretValue(
      {
        code: loinc('9999-9'),
        valueQuantity: ucum(12, 'U/L'),
        referenceRange: [{ low: { value: 1 }, high: { value: 10 } }],
      },
      adult,
    );
    expect(result.flag).toBe('H');
  });

  it('marks critical values only beyond the published critical limit', () => {
    const potassium = (value: number) =>
      interpretValue({ code: loinc('2823-3'), valueQuantity: ucum(value, 'mmol/L') }, adult);
    expect(potassium(6.2).flag).toBe('H'); // at the critical limit: high, not critical
    expect(potassium(6.3).flag).toBe('HH');
    expect(potassium(2.8).flag).toBe('L');
    expect(potassium(2.7).flag).toBe('LL');
    // SpO2: NEWS2 scores 3 at 91% or lower.
    const spo2 = (value: number) =>
      interpretValue({ code: loinc('59408-5'), valueQuantity: ucum(value, '%') }, adult);
    expect(spo2(95).flag).toBe('N');
    expect(spo2(92).flag).toBe('L');
    expect(spo2(91).flag).toBe('LL');
  });

  it('returns a value without range or flag for tests it knows nothing about', () => {
    const result = interpretValue({ code: loinc('29463-7'), valueQuantity: ucum(70, 'kg') }, adult);
    expect(result).toMatchObject({ value: 70, unit: 'kg', unitMismatch: false });
    expect(result.range).toBeUndefined();
    expect(result.flag).toBeUndefined();
  });

  it('keeps a missing value as no value and no flag', () => {
    const result = interpretValue({ code: loinc('2951-2') }, adult);
    expect(result.value).toBeUndefined();
    expect(result.text).toBeUndefined();
    expect(result.flag).toBeUndefined();
  });

  it('flags coded positive results as abnormal and negative as normal', () => {
    const coded = (code: string, text: string) =>
      interpretValue(
        {
          code: loinc('94500-6'),
          valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code }], text },
        },
        adult,
      );
    expect(coded('10828004', 'Positive')).toMatchObject({ text: 'Positive', flag: 'A' });
    expect(coded('260385009', 'Negative')).toMatchObject({ text: 'Negative', flag: 'N' });
  });

  it('selects the lab range that applies to the patient’s sex and age', () => {
    const result = interpretValue(
      {
        code: loinc('718-7'),
        valueQuantity: ucum(13, 'g/dL'),
        referenceRange: [
          {
            low: ucum(13.5, 'g/dL'),
            high: ucum(17.5, 'g/dL'),
            appliesTo: [{ coding: [{ system: 'http://snomed.info/sct', code: '248153007' }] }],
          },
          {
            low: ucum(12, 'g/dL'),
            high: ucum(15.5, 'g/dL'),
            appliesTo: [{ coding: [{ system: 'http://snomed.info/sct', code: '248152002' }] }],
          },
        ],
      },
      adult,
    );
    expect(result.range).toMatchObject({ low: 12, high: 15.5 });
    expect(result.flag).toBe('N');
  });
});

describe('interpretObservation', () => {
  it('interprets each blood pressure component against its own range', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: loinc('85354-9'),
      component: [
        { code: loinc('8480-6'), valueQuantity: ucum(120, 'mm[Hg]') },
        { code: loinc('8462-4'), valueQuantity: ucum(79, 'mm[Hg]') },
      ],
    };
    const [systolic, diastolic, ...rest] = interpretObservation(observation, adult);
    expect(rest).toHaveLength(0);
    expect(systolic).toMatchObject({ loinc: '8480-6', value: 120, flag: 'H' }); // ACC/AHA: 120 is elevated
    expect(diastolic).toMatchObject({ loinc: '8462-4', value: 79, flag: 'N' });
  });

  it('marks a hypertensive crisis as critical', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: loinc('85354-9'),
      component: [
        { code: loinc('8480-6'), valueQuantity: ucum(181, 'mm[Hg]') },
        { code: loinc('8462-4'), valueQuantity: ucum(120, 'mm[Hg]') },
      ],
    };
    expect(interpretObservation(observation, adult).map((value) => value.flag)).toEqual(['HH', 'H']);
  });

  it('returns one empty value for an Observation with neither value nor components', () => {
    const values = interpretObservation(
      { resourceType: 'Observation', status: 'final', code: loinc('2951-2') },
      adult,
    );
    expect(values).toHaveLength(1);
    expect(values[0]?.value).toBeUndefined();
  });
});
