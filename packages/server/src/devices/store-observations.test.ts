import { validateResource } from '@hearth/fhir';
import { beforeAll, describe, expect, it } from 'vitest';
import { minuteObservation, readingObservation, type Sample } from './store-observations.ts';

const MINUTE = Date.parse('2026-11-23T08:00:00Z');

function sample(over: Partial<Sample>): Sample {
  return {
    deviceId: 'dev-1',
    patientId: 'pat-1',
    code: '8867-4',
    t: MINUTE,
    value: 72,
    value2: null,
    startT: null,
    ...over,
  };
}

// The validator loads the R4 definitions on first use: once, before the timed tests.
beforeAll(() => {
  validateResource({ resourceType: 'Basic' });
}, 60_000);

describe('readingObservation', () => {
  it('is a valid R4 vital-signs Observation of the reading, with device, subject and identifier', () => {
    const obs = readingObservation(sample({ t: MINUTE + 1234 }));
    expect(validateResource(obs)).toEqual([]);
    expect(obs).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/pat-1' },
      device: { reference: 'Device/dev-1' },
      effectiveDateTime: '2026-11-23T08:00:01.234Z',
      valueQuantity: { value: 72, system: 'http://unitsofmeasure.org', code: '/min' },
      identifier: [{ value: `dev-1/8867-4/${MINUTE + 1234}` }],
    });
  });

  it('derives the same id for the same device, code and time, and another for another time', () => {
    const a = readingObservation(sample({}));
    expect(readingObservation(sample({ value: 80 })).id).toBe(a.id);
    expect(readingObservation(sample({ t: MINUTE + 1 })).id).not.toBe(a.id);
    expect(readingObservation(sample({ deviceId: 'dev-2' })).id).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });

  it('gives blood pressure as the panel with systolic and diastolic components and no value', () => {
    const obs = readingObservation(sample({ code: '85354-9', value: 128, value2: 84 }));
    expect(validateResource(obs)).toEqual([]);
    expect(obs.valueQuantity).toBeUndefined();
    expect(obs.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value])).toEqual([
      ['8480-6', 128],
      ['8462-4', 84],
    ]);
    expect(obs.component?.[0]?.valueQuantity?.code).toBe('mm[Hg]');
  });

  it('gives a step count its interval as effectivePeriod and the activity category', () => {
    const start = MINUTE - 15 * 60_000;
    const obs = readingObservation(sample({ code: '55423-8', value: 1200, startT: start }));
    expect(validateResource(obs)).toEqual([]);
    expect(obs.category?.[0]?.coding?.[0]?.code).toBe('activity');
    expect(obs.effectivePeriod).toEqual({
      start: '2026-11-23T07:45:00.000Z',
      end: '2026-11-23T08:00:00.000Z',
    });
    expect(obs.effectiveDateTime).toBeUndefined();
  });
});

describe('minuteObservation', () => {
  it('summarises a minute: min, mean, max, count and one SampledData slot per second', () => {
    const samples = [70, 74, 75, 81].map((value, i) => sample({ t: MINUTE + i * 1000 + 500, value }));
    // two samples in second 10: their mean fills the slot
    samples.push(sample({ t: MINUTE + 10_100, value: 60 }), sample({ t: MINUTE + 10_900, value: 61 }));
    const obs = minuteObservation(samples, MINUTE);
    expect(validateResource(obs)).toEqual([]);
    expect(obs.effectivePeriod).toEqual({
      start: '2026-11-23T08:00:00.000Z',
      end: '2026-11-23T08:01:00.000Z',
    });
    const stats = Object.fromEntries(
      (obs.component ?? []).map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value ?? c.valueInteger]),
    );
    expect(stats).toEqual({ minimum: 60, average: 70.167, maximum: 81, count: 6 });
    const data = obs.valueSampledData?.data?.split(' ') ?? [];
    expect(data).toHaveLength(60);
    expect(data.slice(0, 5)).toEqual(['70', '74', '75', '81', 'E']);
    expect(data[10]).toBe('60.5');
    expect(obs.valueSampledData).toMatchObject({
      period: 1000,
      dimensions: 1,
      origin: { value: 0, code: '/min' },
    });
  });

  it('keeps one id per device, code and minute, whatever samples it summarises', () => {
    const a = minuteObservation([sample({ t: MINUTE + 1000 })], MINUTE);
    const b = minuteObservation(
      [sample({ t: MINUTE + 1000 }), sample({ t: MINUTE + 2000, value: 99 })],
      MINUTE,
    );
    expect(b.id).toBe(a.id);
    expect(minuteObservation([sample({ t: MINUTE + 61_000 })], MINUTE + 60_000).id).not.toBe(a.id);
  });

  it('summarises blood pressure per component and interleaves both in the SampledData', () => {
    const samples = [
      sample({ code: '85354-9', t: MINUTE, value: 120, value2: 80 }),
      sample({ code: '85354-9', t: MINUTE + 1000, value: 130, value2: 90 }),
    ];
    const obs = minuteObservation(samples, MINUTE);
    expect(validateResource(obs)).toEqual([]);
    expect(obs.valueSampledData?.dimensions).toBe(2);
    expect(obs.valueSampledData?.data?.split(' ').slice(0, 5)).toEqual(['120', '80', '130', '90', 'E']);
    const stats = (obs.component ?? []).map((c) => [c.code.text, c.valueQuantity?.value ?? c.valueInteger]);
    expect(stats).toEqual([
      ['Systolic blood pressure minimum', 120],
      ['Systolic blood pressure average', 125],
      ['Systolic blood pressure maximum', 130],
      ['Diastolic blood pressure minimum', 80],
      ['Diastolic blood pressure average', 85],
      ['Diastolic blood pressure maximum', 90],
      ['Count', 2],
    ]);
  });
});
