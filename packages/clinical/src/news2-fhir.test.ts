import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '@hearth/fhir';
import {
  HEARTH_ACVPU_SYSTEM,
  LOINC,
  SNOMED,
  UCUM,
  news2InputsFromObservations,
  news2RiskAssessment,
} from './news2-fhir.ts';

const WINDOW = { start: '2026-11-23T00:00:00Z', end: '2026-11-23T12:00:00Z' };
let seq = 0;

function vital(
  code: string,
  value: number,
  unit: string,
  at = '2026-11-23T08:00:00Z',
  extra: Partial<Observation> = {},
): Observation {
  return {
    resourceType: 'Observation',
    id: `obs-${++seq}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    valueQuantity: { value, system: UCUM, code: unit },
    ...extra,
  };
}

function acvpu(system: string, code: string, at = '2026-11-23T08:00:00Z'): Observation {
  return {
    resourceType: 'Observation',
    id: `obs-${++seq}`,
    status: 'final',
    code: { coding: [{ system: SNOMED, code: '1104441000000107' }] },
    effectiveDateTime: at,
    valueCodeableConcept: { coding: [{ system, code }] },
  };
}

function bpPanel(systolic: number): Observation {
  return {
    ...vital('85354-9', 0, 'mm[Hg]'),
    valueQuantity: undefined,
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: { value: systolic, system: UCUM, code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: LOINC, code: '8462-4' }] },
        valueQuantity: { value: 80, system: UCUM, code: 'mm[Hg]' },
      },
    ],
  };
}

/** A complete set scoring 0. */
function normalSet(): Observation[] {
  return [
    vital('9279-1', 16, '/min'),
    vital('59408-5', 97, '%'),
    vital('3151-8', 0, 'L/min'),
    bpPanel(120),
    vital('8867-4', 70, '/min'),
    acvpu(SNOMED, '248234008'),
    vital('8310-5', 37, 'Cel'),
  ];
}

describe('news2InputsFromObservations', () => {
  it('reads every input from its LOINC/SNOMED code', () => {
    const { input, ignored } = news2InputsFromObservations(normalSet(), WINDOW);
    expect(input).toEqual({
      respirationRate: 16,
      spo2: 97,
      supplementalOxygen: false,
      systolicBloodPressure: 120,
      pulse: 70,
      consciousness: 'A',
      temperature: 37,
    });
    expect(ignored).toEqual([]);
  });

  it('takes the latest value in the window and ignores values outside it', () => {
    const obs = [
      vital('8867-4', 60, '/min', '2026-11-23T07:00:00Z'),
      vital('8867-4', 135, '/min', '2026-11-23T09:00:00Z'),
      vital('8867-4', 80, '/min', '2026-11-23T08:00:00Z'),
      vital('8867-4', 30, '/min', '2026-11-23T13:00:00Z'), // after the window
      vital('9279-1', 30, '/min', '2026-11-22T23:59:59Z'), // before the window
    ];
    const { input, basis } = news2InputsFromObservations(obs, WINDOW);
    expect(input.pulse).toBe(135);
    expect(basis.pulse?.id).toBe(obs[1]!.id);
    expect(input.respirationRate).toBeUndefined();
  });

  it('converts [degF] to Cel and reads 2708-6 as SpO2 and a standalone systolic 8480-6', () => {
    const { input } = news2InputsFromObservations(
      [vital('8310-5', 100.4, '[degF]'), vital('2708-6', 93, '%'), vital('8480-6', 101, 'mm[Hg]')],
      WINDOW,
    );
    expect(input.temperature).toBeCloseTo(38, 6);
    expect(input.spo2).toBe(93);
    expect(input.systolicBloodPressure).toBe(101);
  });

  it('reads supplemental oxygen from O2 flow > 0 or FiO2 above 21%', () => {
    expect(news2InputsFromObservations([vital('3151-8', 2, 'L/min')], WINDOW).input.supplementalOxygen).toBe(
      true,
    );
    expect(news2InputsFromObservations([vital('3150-0', 21, '%')], WINDOW).input.supplementalOxygen).toBe(
      false,
    );
    expect(news2InputsFromObservations([vital('3150-0', 28, '%')], WINDOW).input.supplementalOxygen).toBe(
      true,
    );
  });

  it.each([
    [SNOMED, '248234008', 'A'],
    [SNOMED, '300202002', 'V'],
    [SNOMED, '450847001', 'P'],
    [SNOMED, '422768004', 'U'],
    [HEARTH_ACVPU_SYSTEM, 'C', 'C'],
  ])('reads ACVPU answer %s|%s as %s', (system, code, letter) => {
    expect(news2InputsFromObservations([acvpu(system, code)], WINDOW).input.consciousness).toBe(letter);
  });

  it('reports unusable readings instead of guessing, and skips non-final ones', () => {
    const obs = [
      vital('8310-5', 310, 'K'),
      vital('59408-5', 970, '%'),
      vital('8867-4', 70, 'Hz'),
      acvpu(SNOMED, '12345'),
      { ...bpPanel(120), component: [] },
      vital('9279-1', 16, '/min', undefined, { status: 'entered-in-error' }),
      vital('59408-5', 97, '%', undefined, { status: 'preliminary' }),
    ];
    const { input, ignored } = news2InputsFromObservations(obs, WINDOW);
    expect(input).toEqual({});
    expect(ignored.map((i) => i.observation)).toEqual(obs.slice(0, 5).map((o) => `Observation/${o.id!}`));
    expect(ignored[0]!.reason).toMatch(/unit K/);
    expect(ignored[1]!.reason).toMatch(/spo2 must be a number from 0 to 100/);
    expect(ignored[4]!.reason).toMatch(/systolic/);
  });
});

describe('window', () => {
  it.each([
    ['unparseable start', { start: 'yesterday', end: WINDOW.end }],
    ['end before start', { start: WINDOW.end, end: WINDOW.start }],
  ])('refuses a window with %s (400) rather than reading every Observation', (_name, window) => {
    expect(() => news2InputsFromObservations(normalSet(), window)).toThrow(OperationOutcomeError);
  });
});

describe('news2RiskAssessment', () => {
  const base = { window: WINDOW, subject: { reference: 'Patient/p1' }, occurrence: '2026-11-23T12:00:00Z' };

  it('builds a final RiskAssessment citing every Observation used', () => {
    const obs = normalSet();
    obs[4] = vital('8867-4', 131, '/min'); // pulse 3
    obs[2] = vital('3151-8', 2, 'L/min'); // oxygen 2
    obs[3] = bpPanel(91); // SBP 2 → total 7
    const { result, riskAssessment } = news2RiskAssessment({ ...base, observations: obs });
    expect(result.aggregate).toBe(7);
    expect(riskAssessment.status).toBe('final');
    expect(riskAssessment.subject).toEqual({ reference: 'Patient/p1' });
    expect(riskAssessment.occurrenceDateTime).toBe('2026-11-23T12:00:00Z');
    expect(riskAssessment.method?.coding?.[0]?.code).toBe('news2');
    expect(riskAssessment.basis?.map((b) => b.reference).sort()).toEqual(
      obs.map((o) => `Observation/${o.id!}`).sort(),
    );
    const q = riskAssessment.prediction?.[0]?.qualitativeRisk;
    expect(q?.coding?.[0]).toMatchObject({ code: 'high' });
    expect(q?.coding?.[1]).toMatchObject({ code: 'high' });
    expect(riskAssessment.prediction?.[0]?.rationale).toBe('NEWS2 7');
    expect(riskAssessment.note?.[0]?.text).toMatch(/Continuous monitoring of vital signs/);
  });

  it('scores SpO2 on scale 2 when the patient has hypercapnic respiratory failure', () => {
    const obs = normalSet();
    obs[2] = vital('3151-8', 1, 'L/min'); // oxygen 2; SpO2 97 on oxygen scale 2 → 3
    const { result } = news2RiskAssessment({
      ...base,
      observations: obs,
      hypercapnicRespiratoryFailure: true,
    });
    expect(result.scale).toBe(2);
    expect(result.scores.spo2?.score).toBe(3);
    expect(result.aggregate).toBe(5);
    expect(result.band).toBe('medium');
  });

  it('labels a partial score preliminary and names the missing inputs', () => {
    const { result, riskAssessment } = news2RiskAssessment({
      ...base,
      observations: [vital('8867-4', 131, '/min')],
    });
    expect(result.complete).toBe(false);
    expect(riskAssessment.status).toBe('preliminary');
    expect(riskAssessment.prediction?.[0]?.rationale).toMatch(
      /^NEWS2 3 \(partial: respirationRate, spo2, airOrOxygen/,
    );
    expect(riskAssessment.prediction?.[0]?.qualitativeRisk?.coding?.[1]?.code).toBe('low-medium');
  });
});
