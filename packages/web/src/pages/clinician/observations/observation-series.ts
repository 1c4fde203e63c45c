// Observations → series over time for the charts and the labs table. Blood pressure panels (85354-9)
// give their systolic/diastolic components (R4 observation-vitalsigns: the values live in
// Observation.component, not valueQuantity). Flags and ranges come from the labs knowledge
// (src/clinical/interpretation.ts): the Observation's own interpretation, then its own referenceRange,
// then a curated typical range for the patient's sex and age at the time of the sample.
import type { Observation } from '@medplum/fhirtypes';
import { ageFrom } from '../../../clinical/age.ts';
import {
  interpretValue,
  loincOf,
  type InterpretedValue,
  type PatientFacts,
} from '../../../clinical/interpretation.ts';
import { BLOOD_PRESSURE_PANEL, VITALS, vitalForCode } from './vital-signs.ts';

export type Flag = 'H' | 'L' | 'A';

export interface Point {
  t: Date;
  v: number;
  flag?: Flag;
}

export interface Range {
  low?: number;
  high?: number;
  /** `report`: the laboratory's own range; `typical`: a curated general range. */
  origin: 'report' | 'typical';
}

export interface Series {
  /** The LOINC code (the canonical one for vital signs). */
  code: string;
  label: string;
  unit: string;
  points: Point[];
  referenceRange?: Range;
}

/** Who the values belong to, for ranges that depend on sex and age. */
export interface PatientContext {
  sex?: string | undefined;
  birthDate?: string | undefined;
}

/** The chart's three flags from the interpretation's seven (critical is still high or low). */
export function chartFlag(flag: InterpretedValue['flag']): Flag | undefined {
  switch (flag) {
    case 'H':
    case 'HH':
      return 'H';
    case 'L':
    case 'LL':
      return 'L';
    case 'A':
    case 'AA':
      return 'A';
    case 'N':
    case undefined:
      return undefined;
  }
}

function when(observation: Observation): Date | undefined {
  const text = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.issued;
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface Reading {
  code: string;
  label: string;
  unit: string;
  point: Point;
  range?: Range;
}

function reading(code: string, label: string, value: InterpretedValue, t: Date): Reading | undefined {
  if (value.value === undefined || !Number.isFinite(value.value)) return undefined;
  const flag = chartFlag(value.flag);
  const point: Point = flag ? { t, v: value.value, flag } : { t, v: value.value };
  const r: Reading = { code, label, unit: value.unit ?? '', point };
  const range = value.range;
  if (range && !value.unitMismatch && (range.low !== undefined || range.high !== undefined)) {
    r.range = {
      origin: range.origin,
      ...(range.low !== undefined && { low: range.low }),
      ...(range.high !== undefined && { high: range.high }),
    };
  }
  return r;
}

function facts(patient: PatientContext, t: Date): PatientFacts {
  const sex = patient.sex === 'male' || patient.sex === 'female' ? patient.sex : undefined;
  const ageYears = patient.birthDate ? ageFrom(patient.birthDate, t) : undefined;
  return { sex, ageYears };
}

/** The numeric readings of one Observation: one, or one per component of a blood pressure panel. */
export function readingsOf(observation: Observation, patient: PatientContext = {}): Reading[] {
  if (observation.status === 'entered-in-error' || observation.status === 'cancelled') return [];
  const t = when(observation);
  if (!t) return [];
  const who = facts(patient, t);
  const codes = (observation.code?.coding ?? [])
    .filter((c) => c.system === 'http://loinc.org')
    .map((c) => c.code);
  if (codes.includes(BLOOD_PRESSURE_PANEL.loinc)) {
    return (observation.component ?? []).flatMap((component) => {
      const vital = vitalForCode(loincOf(component.code) ?? '');
      if (vital !== 'systolic' && vital !== 'diastolic') return [];
      const r = reading(VITALS[vital].loinc, VITALS[vital].display, interpretValue(component, who), t);
      return r ? [r] : [];
    });
  }
  const vital = codes.map((c) => vitalForCode(c ?? '')).find((k) => k !== undefined);
  const code = vital ? VITALS[vital].loinc : loincOf(observation.code);
  if (!code) return [];
  const value = interpretValue(observation, who);
  const r = reading(code, vital ? VITALS[vital].display : value.label || code, value, t);
  return r ? [r] : [];
}

/** Series per code, points in time order; the reference range is the latest one reported. */
export function toSeries(observations: readonly Observation[], patient: PatientContext = {}): Series[] {
  const byCode = new Map<string, Series>();
  const readings = observations
    .flatMap((o) => readingsOf(o, patient))
    .sort((a, b) => a.point.t.getTime() - b.point.t.getTime());
  for (const r of readings) {
    let series = byCode.get(r.code);
    if (!series) {
      series = { code: r.code, label: r.label, unit: r.unit, points: [] };
      byCode.set(r.code, series);
    }
    series.points.push(r.point);
    if (r.range) series.referenceRange = r.range;
  }
  return [...byCode.values()];
}

export type Trend = 'up' | 'down' | 'same';

export interface TrendRow {
  code: string;
  label: string;
  unit: string;
  latest: Point;
  previous?: Point;
  trend?: Trend;
  referenceRange?: Range;
  count: number;
}

/** The labs table: each test's latest value, the one before and which way it went, by label. */
export function trendRows(series: readonly Series[]): TrendRow[] {
  return series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const latest = s.points[s.points.length - 1]!;
      const previous = s.points[s.points.length - 2];
      const row: TrendRow = { code: s.code, label: s.label, unit: s.unit, latest, count: s.points.length };
      if (previous) {
        row.previous = previous;
        row.trend = latest.v > previous.v ? 'up' : latest.v < previous.v ? 'down' : 'same';
      }
      if (s.referenceRange) row.referenceRange = s.referenceRange;
      return row;
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}
