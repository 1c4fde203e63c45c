// Observations → series over time for the charts and the labs table. Blood pressure panels (85354-9)
// give their systolic/diastolic components (R4 observation-vitalsigns: the values live in
// Observation.component, not valueQuantity). Abnormal flags come from the Observation itself: its
// interpretation (v3 ObservationInterpretation) or else its own referenceRange.
import type { CodeableConcept, Observation, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import { BLOOD_PRESSURE_PANEL, VITALS, vitalForCode } from './vital-signs.ts';

const LOINC = 'http://loinc.org';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

export type Flag = 'H' | 'L' | 'A';

export interface Point {
  t: Date;
  v: number;
  flag?: Flag;
}

export interface Range {
  low?: number;
  high?: number;
}

export interface Series {
  /** The LOINC code (the canonical one for vital signs). */
  code: string;
  label: string;
  unit: string;
  points: Point[];
  referenceRange?: Range;
}

/** v3 ObservationInterpretation codes grouped into the three flags the chart shows. */
const HIGH = new Set(['H', 'HH', 'HU', '>']);
const LOW = new Set(['L', 'LL', 'LU', '<']);
const ABNORMAL = new Set(['A', 'AA', 'POS', 'R', 'DET']);

export function loincCodes(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).filter((c) => c.system === LOINC && c.code).map((c) => c.code!);
}

function interpretationFlag(observation: Observation): Flag | undefined {
  for (const coding of (observation.interpretation ?? []).flatMap((c) => c.coding ?? [])) {
    if (coding.system !== INTERPRETATION || !coding.code) continue;
    if (HIGH.has(coding.code)) return 'H';
    if (LOW.has(coding.code)) return 'L';
    if (ABNORMAL.has(coding.code)) return 'A';
  }
  return undefined;
}

/** The range without an appliesTo/age (the one for everyone), or the first one. */
export function plainRange(ranges: readonly ObservationReferenceRange[] | undefined): Range | undefined {
  const range = ranges?.find((r) => !r.appliesTo && !r.age) ?? ranges?.[0];
  if (!range) return undefined;
  const out: Range = {};
  if (typeof range.low?.value === 'number') out.low = range.low.value;
  if (typeof range.high?.value === 'number') out.high = range.high.value;
  return out.low === undefined && out.high === undefined ? undefined : out;
}

export function flagFor(value: number, range: Range | undefined): Flag | undefined {
  if (range?.high !== undefined && value > range.high) return 'H';
  if (range?.low !== undefined && value < range.low) return 'L';
  return undefined;
}

function when(observation: Observation): Date | undefined {
  const text = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.issued;
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function numeric(quantity: Quantity | undefined): number | undefined {
  return typeof quantity?.value === 'number' && Number.isFinite(quantity.value) ? quantity.value : undefined;
}

interface Reading {
  code: string;
  label: string;
  unit: string;
  point: Point;
  range?: Range;
}

function reading(
  code: string,
  label: string,
  quantity: Quantity | undefined,
  context: { t: Date; flag: Flag | undefined; range: Range | undefined },
): Reading | undefined {
  const v = numeric(quantity);
  if (v === undefined) return undefined;
  const flag = context.flag ?? flagFor(v, context.range);
  const point: Point = flag ? { t: context.t, v, flag } : { t: context.t, v };
  const unit = quantity?.code ?? quantity?.unit ?? '';
  return { code, label, unit, point, ...(context.range ? { range: context.range } : {}) };
}

/** The numeric readings of one Observation: one, or one per component of a blood pressure panel. */
export function readingsOf(observation: Observation): Reading[] {
  if (observation.status === 'entered-in-error' || observation.status === 'cancelled') return [];
  const t = when(observation);
  if (!t) return [];
  const codes = loincCodes(observation.code);
  const flag = interpretationFlag(observation);
  if (codes.includes(BLOOD_PRESSURE_PANEL.loinc)) {
    return (observation.component ?? []).flatMap((component) => {
      const vital = loincCodes(component.code)
        .map(vitalForCode)
        .find((k) => k !== undefined);
      if (vital !== 'systolic' && vital !== 'diastolic') return [];
      const componentFlag = interpretationFlag({ ...observation, interpretation: component.interpretation });
      const range = plainRange(component.referenceRange);
      const context = { t, flag: componentFlag, range };
      const r = reading(VITALS[vital].loinc, VITALS[vital].display, component.valueQuantity, context);
      return r ? [r] : [];
    });
  }
  const vital = codes.map(vitalForCode).find((k) => k !== undefined);
  const code = vital ? VITALS[vital].loinc : codes[0];
  if (!code) return [];
  const label = vital
    ? VITALS[vital].display
    : (observation.code?.text ?? observation.code?.coding?.find((c) => c.display)?.display ?? code);
  const r = reading(code, label, observation.valueQuantity, {
    t,
    flag,
    range: plainRange(observation.referenceRange),
  });
  return r ? [r] : [];
}

/** Series per code, points in time order; the reference range is the latest one reported. */
export function toSeries(observations: readonly Observation[]): Series[] {
  const byCode = new Map<string, Series>();
  const readings = observations.flatMap(readingsOf).sort((a, b) => a.point.t.getTime() - b.point.t.getTime());
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
