import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { groupLabResults, trendSeries, worstFlag } from './lab-results.ts';

const LOINC = 'http://loinc.org';
const category = (code: string) => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code }] },
];

function lab(
  id: string,
  code: string,
  value: number,
  unit: string,
  when: string,
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: category('laboratory'),
    code: { coding: [{ system: LOINC, code, display: `LOINC ${code}` }] },
    effectiveDateTime: when,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...extra,
  };
}

function bloodPressure(id: string, systolic: number, diastolic: number, when: string): Observation {
  const component = (code: string, value: number) => ({
    code: { coding: [{ system: LOINC, code }], text: code === '8480-6' ? 'Systolic' : 'Diastolic' },
    valueQuantity: { value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: category('vital-signs'),
    code: { coding: [{ system: LOINC, code: '85354-9' }], text: 'Blood pressure panel' },
    effectiveDateTime: when,
    component: [component('8480-6', systolic), component('8462-4', diastolic)],
  };
}

const woman = { sex: 'female' as const, birthDate: '1970-06-15' };

describe('groupLabResults', () => {
  it('groups synonym codes as one test, newest result first', () => {
    const tests = groupLabResults(
      [
        lab('a', '2951-2', 140, 'mmol/L', '2024-01-10'),
        lab('b', '2947-0', 133, 'mmol/L', '2025-03-02'),
        lab('c', '2951-2', 137, 'mmol/L', '2023-05-20'),
      ],
      woman,
    );
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ key: '2951-2', group: 'kidney' });
    expect(tests[0]!.knowledge?.text.en.title).toBe('Sodium');
    expect(tests[0]!.results.map((result) => result.id)).toEqual(['b', 'a', 'c']);
    expect(tests[0]!.results[0]!.values[0]).toMatchObject({ value: 133, flag: 'L' });
  });

  it('leaves out results entered in error or cancelled', () => {
    const tests = groupLabResults(
      [
        lab('ok', '2823-3', 4, 'mmol/L', '2024-01-10'),
        lab('wrong', '2823-3', 9, 'mmol/L', '2024-01-11', { status: 'entered-in-error' }),
        lab('off', '2823-3', 9, 'mmol/L', '2024-01-12', { status: 'cancelled' }),
      ],
      woman,
    );
    expect(tests[0]!.results.map((result) => result.id)).toEqual(['ok']);
  });

  it('orders tests by group (vital signs first), then by their newest result', () => {
    const tests = groupLabResults(
      [
        lab('k', '2823-3', 4, 'mmol/L', '2024-01-10'),
        lab('a1c', '4548-4', 5.2, '%', '2023-01-10'),
        lab('na', '2951-2', 140, 'mmol/L', '2025-01-10'),
        bloodPressure('bp', 118, 76, '2022-01-01'),
        lab('x', '99999-9', 1, 'U/L', '2026-01-01'),
      ],
      woman,
    );
    expect(tests.map((test) => test.key)).toEqual(['85354-9', '4548-4', '2951-2', '2823-3', '99999-9']);
    expect(tests.at(-1)).toMatchObject({ group: 'other', name: 'LOINC 99999-9' });
    expect(tests.at(-1)!.knowledge).toBeUndefined();
  });

  it('keys a test without LOINC by its name', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      id: 'n',
      status: 'final',
      code: { text: 'Vitamin D' },
      valueQuantity: { value: 30, unit: 'ng/mL' },
    };
    expect(groupLabResults([observation], woman)[0]).toMatchObject({
      key: 'text:vitamin d',
      name: 'Vitamin D',
    });
  });

  it('interprets with the age on the day of the sample', () => {
    // Born 1970-06-15: 74 on 2045-06-14, 75 the next day (NT-proBNP typical limit 125 then 450).
    const tests = groupLabResults(
      [
        lab('young', '33762-6', 300, 'pg/mL', '2045-06-14'),
        lab('old', '33762-6', 300, 'pg/mL', '2045-06-15'),
      ],
      woman,
    );
    const flags = Object.fromEntries(tests[0]!.results.map((result) => [result.id, result.values[0]!.flag]));
    expect(flags).toEqual({ young: 'H', old: 'N' });
  });
});

describe('trendSeries', () => {
  it('gives blood pressure one series per component, oldest first, with chart flags', () => {
    const [test] = groupLabResults(
      [bloodPressure('2', 150, 95, '2024-02-01'), bloodPressure('1', 118, 76, '2024-01-01')],
      woman,
    );
    const series = trendSeries(test!);
    expect(series.map((s) => s.loinc)).toEqual(['8480-6', '8462-4']);
    expect(series[0]!.points.map((p) => [p.t.toISOString().slice(0, 10), p.v, p.flag])).toEqual([
      ['2024-01-01', 118, undefined],
      ['2024-02-01', 150, 'H'],
    ]);
    expect(series[0]!.unit).toBe('mm[Hg]');
    expect(series[0]!.range).toEqual({ low: 90, high: 119 });
  });

  it('charts only points in the newest result’s unit and leaves out censored values', () => {
    const [test] = groupLabResults(
      [
        lab('new', '2345-7', 95, 'mg/dL', '2024-03-01'),
        lab('si', '2345-7', 5.1, 'mmol/L', '2024-02-01'),
        lab('lt', '2345-7', 40, 'mg/dL', '2024-01-15', {
          valueQuantity: { value: 40, comparator: '<', unit: 'mg/dL', code: 'mg/dL' },
        }),
        lab('old', '2345-7', 101, 'mg/dL', '2024-01-01'),
      ],
      woman,
    );
    const [series] = trendSeries(test!);
    expect(series!.points.map((p) => p.v)).toEqual([101, 95]);
    expect(series!.points[0]!.flag).toBe('H');
  });

  it('maps critical flags to the chart’s high/low marks', () => {
    const [test] = groupLabResults([lab('k', '2823-3', 7, 'mmol/L', '2024-01-01')], woman);
    expect(test!.results[0]!.values[0]!.flag).toBe('HH');
    expect(trendSeries(test!)[0]!.points[0]!.flag).toBe('H');
    expect(worstFlag(test!.results[0]!)).toBe('HH');
  });

  it('has no series for a test without numeric values', () => {
    const covid: Observation = {
      resourceType: 'Observation',
      id: 'c',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '94500-6' }] },
      effectiveDateTime: '2024-01-01',
      valueCodeableConcept: {
        coding: [{ system: 'http://snomed.info/sct', code: '260385009' }],
        text: 'Negative',
      },
    };
    const [test] = groupLabResults([covid], woman);
    expect(trendSeries(test!)).toEqual([]);
    expect(worstFlag(test!.results[0]!)).toBe('N');
  });
});
