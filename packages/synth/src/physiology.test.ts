import type { Condition, MedicationRequest, Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { PatientProfile } from './patient-record.ts';
import { patientProfile, patientRecord } from './patient-record.ts';
import { populationContext } from './population.ts';
import { UCUM } from './tables/codes.ts';
import type { ChronicKey } from './tables/conditions.ts';
import { INSULIN, SIMVASTATIN, TREATMENT } from './tables/medications.ts';
import { OBSERVATIONS } from './tables/observations.ts';

const YEAR = 31_557_600_000;
const context = populationContext({
  seed: 'physiology',
  patients: 500,
  now: new Date('2026-11-23T12:00:00Z'),
});

interface Record {
  readonly profile: PatientProfile;
  readonly resources: readonly Resource[];
}

const records: Record[] = Array.from({ length: 500 }, (_, i) => ({
  profile: patientProfile(context, i),
  resources: patientRecord(context, i),
}));

const byLoinc = new Map(Object.values(OBSERVATIONS).map((d) => [d.loinc, d]));

function observations(record: Record, loinc: string): { t: number; value: number }[] {
  return record.resources
    .filter((r): r is Observation => r.resourceType === 'Observation')
    .flatMap((o) => [
      ...(o.code.coding?.some((c) => c.code === loinc) && o.valueQuantity
        ? [{ t: Date.parse(o.effectiveDateTime!), value: o.valueQuantity.value! }]
        : []),
      ...(o.component ?? [])
        .filter((c) => c.code.coding?.[0]?.code === loinc)
        .map((c) => ({ t: Date.parse(o.effectiveDateTime!), value: c.valueQuantity!.value! })),
    ]);
}

function has(record: Record, key: ChronicKey) {
  return record.profile.cases.find((c) => c.condition.key === key);
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

describe('vitals and labs', { timeout: 60_000 }, () => {
  const quantities = records.flatMap((r) =>
    r.resources
      .filter((x): x is Observation => x.resourceType === 'Observation')
      .flatMap((o) => [
        ...(o.valueQuantity ? [{ code: o.code.coding!.at(-1)!.code!, q: o.valueQuantity, o }] : []),
        ...(o.component ?? []).map((c) => ({ code: c.code.coding![0]!.code!, q: c.valueQuantity!, o })),
      ]),
  );

  it('stays within physiological bounds, in the UCUM unit of its LOINC code', () => {
    const wrong = quantities.filter(({ code, q }) => {
      const d = byLoinc.get(code);
      return !d || q.system !== UCUM || q.code !== d.unit || q.value! < d.bounds[0] || q.value! > d.bounds[1];
    });
    expect(wrong.map((w) => `${w.code}=${w.q.value} ${w.q.code}`)).toEqual([]);
    expect(quantities.length).toBeGreaterThan(20_000);
  });

  it('reports every lab with its reference range', () => {
    const labs = quantities.filter(({ code }) => byLoinc.get(code)?.category === 'laboratory');
    expect(labs.filter(({ o }) => !o.referenceRange?.length)).toEqual([]);
    expect(labs.length).toBeGreaterThan(1_000);
  });
});

describe('trajectories tied to conditions', { timeout: 60_000 }, () => {
  it('keeps HbA1c higher with diabetes than without', () => {
    const diabetic = records
      .filter((r) => has(r, 'diabetes'))
      .flatMap((r) => observations(r, '4548-4').filter((o) => o.t >= has(r, 'diabetes')!.onsetMs));
    const others = records.filter((r) => !has(r, 'diabetes')).flatMap((r) => observations(r, '4548-4'));
    expect(mean(diabetic.map((o) => o.value))).toBeGreaterThan(6.8);
    expect(mean(others.map((o) => o.value))).toBeLessThan(5.8);
  });

  it('brings HbA1c down once diabetes is treated', () => {
    const drops = records.flatMap((r) => {
      const c = has(r, 'diabetes');
      if (c?.treatedFromMs === undefined || c.treatedFromMs < context.window.fromMs) return [];
      const series = observations(r, '4548-4').filter((o) => o.t >= c.onsetMs);
      const early = series.filter((o) => o.t < c.treatedFromMs! + 0.1 * YEAR);
      const late = series.filter((o) => o.t > c.treatedFromMs! + 1.5 * YEAR);
      return early.length && late.length
        ? [mean(early.map((o) => o.value)) - mean(late.map((o) => o.value))]
        : [];
    });
    expect(drops.length).toBeGreaterThan(3);
    expect(mean(drops)).toBeGreaterThan(0.5);
  });

  it('lets eGFR decline in CKD and stay at or above 60 without it', () => {
    const slopes = records.flatMap((r) => {
      const c = has(r, 'ckd');
      if (!c) return [];
      const series = observations(r, '62238-1').filter((o) => o.t >= c.onsetMs);
      if (series.length < 3 || series.at(-1)!.t - series[0]!.t < YEAR) return [];
      return [leastSquaresSlope(series.map((o) => ({ x: o.t / YEAR, y: o.value })))];
    });
    expect(slopes.length).toBeGreaterThan(10);
    // Modelled decline is 0.5–5 (mean 2.2) mL/min/1.73 m² per year.
    expect(mean(slopes)).toBeLessThan(-1);
    expect(mean(slopes)).toBeGreaterThan(-4);
    const healthy = records.filter((r) => !has(r, 'ckd')).flatMap((r) => observations(r, '62238-1'));
    expect(healthy.filter((o) => o.value < 60)).toEqual([]);
  });

  it('lowers blood pressure after antihypertensive treatment starts', () => {
    const drops = records.flatMap((r) => {
      const c = has(r, 'hypertension');
      if (c?.treatedFromMs === undefined || c.treatedFromMs < context.window.fromMs) return [];
      const series = observations(r, '8480-6');
      const before = series.filter((o) => o.t >= c.onsetMs - 0.5 * YEAR && o.t < c.treatedFromMs!);
      const after = series.filter((o) => o.t > c.treatedFromMs! + 0.3 * YEAR);
      return before.length && after.length
        ? [mean(before.map((o) => o.value)) - mean(after.map((o) => o.value))]
        : [];
    });
    expect(drops.length).toBeGreaterThan(5);
    expect(mean(drops)).toBeGreaterThan(6);
  });
});

describe('problem list and medications', { timeout: 60_000 }, () => {
  it('puts every chronic condition on the problem list exactly once, with onset', () => {
    const missing = records.flatMap((r) => {
      const conditions = r.resources.filter((x): x is Condition => x.resourceType === 'Condition');
      return r.profile.cases.filter(
        (c) =>
          conditions.filter(
            (x) => x.id === c.conditionId && x.code?.coding?.[0]?.code === c.condition.snomed.code,
          ).length !== 1,
      );
    });
    expect(missing).toEqual([]);
  });

  it('prescribes only drugs indicated for the condition they cite', () => {
    const wrong = records.flatMap((r) =>
      r.resources
        .filter((x): x is MedicationRequest => x.resourceType === 'MedicationRequest')
        .filter((m) => {
          const conditionId = m.reasonReference![0]!.reference!.split('/')[1];
          const c = r.profile.cases.find((x) => x.conditionId === conditionId);
          if (!c) return true;
          const indicated = [
            ...TREATMENT[c.condition.key].drugs,
            ...(c.condition.key === 'diabetes' ? [INSULIN, SIMVASTATIN] : []),
          ];
          return !indicated.some((d) => d.code === m.medicationCodeableConcept?.coding?.[0]?.code);
        }),
    );
    expect(wrong).toEqual([]);
  });
});
