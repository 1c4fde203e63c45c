import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { chartFlag, readingsOf, toSeries, trendRows } from './observation-series.ts';

const LOINC = 'http://loinc.org';

function lab(code: string, value: number, at: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code, display: `Test ${code}` }] },
    effectiveDateTime: at,
    valueQuantity: { value, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
    ...extra,
  };
}

describe('readingsOf', () => {
  it('extracts systolic and diastolic from a blood pressure panel', () => {
    const bp: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      effectiveDateTime: '2026-01-01T08:00:00Z',
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6' }] },
          valueQuantity: { value: 150, code: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: LOINC, code: '8462-4' }] },
          valueQuantity: { value: 95, code: 'mm[Hg]' },
        },
      ],
    };
    expect(readingsOf(bp).map((r) => [r.code, r.point.v, r.unit])).toEqual([
      ['8480-6', 150, 'mm[Hg]'],
      ['8462-4', 95, 'mm[Hg]'],
    ]);
  });

  it('reads the alternative oxygen saturation code as the same vital sign', () => {
    const spo2 = lab('2708-6', 91, '2026-01-01T08:00:00Z');
    expect(readingsOf(spo2)[0]?.code).toBe('59408-5');
  });

  it('flags from the interpretation first, else from the reference range', () => {
    const range = [{ low: { value: 70 }, high: { value: 99 } }];
    expect(readingsOf(lab('2345-7', 130, '2026-01-01', { referenceRange: range }))[0]?.point.flag).toBe('H');
    expect(readingsOf(lab('2345-7', 60, '2026-01-01', { referenceRange: range }))[0]?.point.flag).toBe('L');
    const interpreted = lab('2345-7', 80, '2026-01-01', {
      interpretation: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'HH' },
          ],
        },
      ],
    });
    expect(readingsOf(interpreted)[0]?.point.flag).toBe('H');
    expect(
      readingsOf(lab('2345-7', 80, '2026-01-01', { referenceRange: range }))[0]?.point.flag,
    ).toBeUndefined();
  });

  it('flags vital signs against the typical range when the Observation has none', () => {
    const fast = lab('8867-4', 140, '2026-01-01T00:00:00Z', {
      valueQuantity: { value: 140, unit: '/min', code: '/min' },
    });
    const [r] = readingsOf(fast, { sex: 'female', birthDate: '1980-01-01' });
    expect(r?.point.flag).toBe('H');
    expect(r?.range?.origin).toBe('typical');
  });

  it('skips entered-in-error, undated and non-numeric observations', () => {
    expect(readingsOf(lab('1', 1, '2026-01-01', { status: 'entered-in-error' }))).toEqual([]);
    expect(readingsOf(lab('1', 1, 'not a date'))).toEqual([]);
    expect(readingsOf({ ...lab('1', 1, '2026-01-01'), valueQuantity: { unit: 'x' } })).toEqual([]);
  });
});

describe('toSeries and trendRows', () => {
  const observations = [
    lab('2345-7', 110, '2026-02-01T00:00:00Z', {
      referenceRange: [{ low: { value: 70 }, high: { value: 99 } }],
    }),
    lab('2345-7', 95, '2025-12-01T00:00:00Z'),
    lab('4548-4', 6.1, '2026-01-01T00:00:00Z', {
      code: { text: 'HbA1c', coding: [{ system: LOINC, code: '4548-4' }] },
    }),
  ];

  it('groups by code in time order with the latest reference range', () => {
    const series = toSeries(observations);
    const glucose = series.find((s) => s.code === '2345-7')!;
    expect(glucose.points.map((p) => p.v)).toEqual([95, 110]);
    expect(glucose.referenceRange).toEqual({ low: 70, high: 99, origin: 'report' });
    expect(series.find((s) => s.code === '4548-4')?.label).toBe('HbA1c');
  });

  it('gives the latest value, the previous one and the direction', () => {
    const rows = trendRows(toSeries(observations));
    expect(rows.map((r) => [r.label, r.latest.v, r.previous?.v, r.trend, r.count])).toEqual([
      ['HbA1c', 6.1, undefined, undefined, 1],
      ['Test 2345-7', 110, 95, 'up', 2],
    ]);
  });

  it('maps critical flags to high and low', () => {
    expect(chartFlag('HH')).toBe('H');
    expect(chartFlag('LL')).toBe('L');
    expect(chartFlag('AA')).toBe('A');
    expect(chartFlag('N')).toBeUndefined();
  });
});
