// Observations → the lab results view: one entry per test (synonym LOINC codes together, blood
// pressure as one test with its two components), results newest first, each value interpreted
// (interpretation.ts) with the patient's sex and age on the day of the sample.
import type { Observation } from '@medplum/fhirtypes';
import { ageFrom } from './age.ts';
import type { Flag, InterpretedValue } from './interpretation.ts';
import { interpretObservation, loincOf } from './interpretation.ts';
import type { LabGroup, LabKnowledge } from './lab-knowledge.ts';
import { LAB_GROUPS, canonicalLoinc, labKnowledge } from './lab-knowledge.ts';
import type { Sex } from './typical-ranges.ts';

export interface LabResult {
  readonly id: string;
  readonly effective?: Date;
  readonly status: Observation['status'];
  readonly values: readonly InterpretedValue[];
}

export interface LabTest {
  /** URL-safe key: the canonical LOINC code, or `text:<name>` for a test without LOINC. */
  readonly key: string;
  readonly loinc?: string;
  /** The name the lab gave, for tests without a curated explanation. */
  readonly name: string;
  readonly group: LabGroup | 'other';
  readonly knowledge?: LabKnowledge;
  /** Newest first; results without a date last. */
  readonly results: readonly LabResult[];
}

export interface PatientInfo {
  readonly sex?: Sex | undefined;
  readonly birthDate?: string | undefined;
}

/** FHIR R4 Observation.status values that are not results (R4 valueset observation-status). */
const NOT_RESULTS: ReadonlySet<string> = new Set(['entered-in-error', 'cancelled', 'registered']);

export function effectiveDate(observation: Observation): Date | undefined {
  const when =
    observation.effectiveDateTime ??
    observation.effectiveInstant ??
    observation.effectivePeriod?.start ??
    observation.issued;
  if (!when) return undefined;
  const date = new Date(when);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function testKey(observation: Observation): { key: string; loinc?: string; name: string } {
  const codings = observation.code.coding ?? [];
  // Prefer a LOINC code we can explain (an Observation may carry several, e.g. 2708-6 and 59408-5).
  const known = codings.find(
    (coding) => coding.system === 'http://loinc.org' && coding.code && labKnowledge(coding.code),
  );
  const loinc = known?.code ?? loincOf(observation.code);
  const name = observation.code.text ?? codings.find((coding) => coding.display)?.display ?? loinc ?? '';
  if (loinc) return { key: canonicalLoinc(loinc), loinc: canonicalLoinc(loinc), name };
  return { key: `text:${name.toLowerCase()}`, name };
}

const time = (result: LabResult) => result.effective?.getTime() ?? -Infinity;

export function groupLabResults(observations: readonly Observation[], patient: PatientInfo): LabTest[] {
  const tests = new Map<string, { key: string; loinc?: string; name: string; results: LabResult[] }>();
  for (const observation of observations) {
    if (NOT_RESULTS.has(observation.status)) continue;
    const { key, loinc, name } = testKey(observation);
    const effective = effectiveDate(observation);
    const ageYears = patient.birthDate && effective ? ageFrom(patient.birthDate, effective) : undefined;
    const values = interpretObservation(observation, { sex: patient.sex, ageYears });
    const test = tests.get(key) ?? { key, ...(loinc !== undefined && { loinc }), name, results: [] };
    test.results.push({
      id: observation.id ?? `${key}-${test.results.length}`,
      ...(effective && { effective }),
      status: observation.status,
      values,
    });
    tests.set(key, test);
  }
  const order = (group: LabGroup | 'other') =>
    group === 'other' ? LAB_GROUPS.length : LAB_GROUPS.indexOf(group);
  return [...tests.values()]
    .map((test): LabTest => {
      const knowledge = test.loinc ? labKnowledge(test.loinc) : undefined;
      return {
        ...test,
        group: knowledge?.group ?? 'other',
        ...(knowledge && { knowledge }),
        results: [...test.results].sort((a, b) => time(b) - time(a)),
      };
    })
    .sort((a, b) => order(a.group) - order(b.group) || time(b.results[0]!) - time(a.results[0]!));
}

/** The worst flag of a result (critical over abnormal over normal), for its summary badge. */
export function worstFlag(result: LabResult): Flag | undefined {
  const rank: Readonly<Record<Flag, number>> = { HH: 5, LL: 5, AA: 5, H: 3, L: 3, A: 3, N: 1 };
  let worst: Flag | undefined;
  for (const value of result.values) {
    if (value.flag && (worst === undefined || rank[value.flag] > rank[worst])) worst = value.flag;
  }
  return worst;
}

export interface TrendSeries {
  /** LOINC of the value (a component's for blood pressure), to name the series. */
  readonly loinc?: string;
  readonly label: string;
  readonly unit: string;
  readonly points: { t: Date; v: number; flag?: 'H' | 'L' | 'A' }[];
  /** The range of the newest value, when it is numeric and in the series' unit. */
  readonly range?: { low?: number; high?: number };
}

const CHART_FLAG: Readonly<Record<Flag, 'H' | 'L' | 'A' | undefined>> = {
  H: 'H',
  HH: 'H',
  L: 'L',
  LL: 'L',
  A: 'A',
  AA: 'A',
  N: undefined,
};

/**
 * One chart series per value position (blood pressure: systolic and diastolic), oldest first, in
 * the unit of the newest result: points in another unit are left out (one axis, one unit).
 */
export function trendSeries(test: LabTest): TrendSeries[] {
  const byValue = new Map<string, InterpretedValue[]>();
  const dated = test.results.filter((result) => result.effective);
  for (const result of dated) {
    for (const value of result.values) {
      const key = value.loinc ?? value.label;
      byValue.set(key, [...(byValue.get(key) ?? []), value]);
    }
  }
  const series: TrendSeries[] = [];
  for (const [key, values] of byValue) {
    const newest = values.find((value) => value.value !== undefined);
    if (!newest) continue;
    const unit = newest.unit ?? '';
    const points = dated.flatMap((result) => {
      const value = result.values.find((candidate) => (candidate.loinc ?? candidate.label) === key);
      if (value?.value === undefined || (value.unit ?? '') !== unit || value.comparator !== undefined)
        return [];
      const flag = value.flag && CHART_FLAG[value.flag];
      return [{ t: result.effective!, v: value.value, ...(flag && { flag }) }];
    });
    const range =
      newest.range &&
      !newest.unitMismatch &&
      (newest.range.low !== undefined || newest.range.high !== undefined)
        ? {
            ...(newest.range.low !== undefined && { low: newest.range.low }),
            ...(newest.range.high !== undefined && { high: newest.range.high }),
          }
        : undefined;
    series.push({
      ...(newest.loinc !== undefined && { loinc: newest.loinc }),
      label: newest.label,
      unit,
      points: points.reverse(),
      ...(range && { range }),
    });
  }
  return series;
}
