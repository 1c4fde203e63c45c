// The Observations the store derives from samples (#6 point 4), pure: one per low-rate reading, and one per
// minute of a high-rate stream with its minimum, mean, maximum and count as components
// (terminology.hl7.org CodeSystem observation-statistics) and the minute's series as valueSampledData
// (datatypes.html#SampledData: one slot per second, the mean of the samples in it, E where it has none).
// Ids are derived from what the Observation is of (device, code, time or minute), so writing one again —
// a re-delivered reading, a minute recomputed after a late sample or a crash — is an update of the same
// Observation, never a second one; the identifier says the same in a searchable form.
import { createHash } from 'node:crypto';
import type { Observation, ObservationComponent, Quantity, SampledData } from '@medplum/fhirtypes';
import {
  BP_COMPONENTS,
  BP_PANEL,
  categoryConcept,
  codeConcept,
  codeInfo,
  LOINC,
  UCUM,
  type CodeInfo,
} from './store-codes.ts';

/** One stored reading: a `device_samples` row. Blood pressure: value systolic, value2 diastolic. */
export interface Sample {
  deviceId: string;
  patientId: string;
  code: string;
  /** ms since the epoch. */
  t: number;
  value: number;
  value2: number | null;
  /** Step count: the interval's start, ms since the epoch. */
  startT: number | null;
}

export const READING_IDENTIFIER = 'https://hearth.health/fhir/sid/device-reading';
export const MINUTE_IDENTIFIER = 'https://hearth.health/fhir/sid/device-reading-minute';
const STATISTICS = 'http://terminology.hl7.org/CodeSystem/observation-statistics';

export const MINUTE_MS = 60_000;
/** SampledData.period of an aggregate: one slot per second. */
const SLOT_MS = 1000;

/** A FHIR id (datatypes.html#id, ≤ 64 of [A-Za-z0-9-.]) from the parts that make a thing what it is. */
function derivedId(prefix: string, parts: readonly (string | number)[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

function infoOf(code: string): CodeInfo {
  const info = codeInfo(code);
  if (!info) throw new Error(`No reading kind has LOINC code ${code}`);
  return info;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Rounded to at most 3 decimals, so binary noise (a mean of 72.30000000000001) never reaches a resource. */
const round = (x: number) => Math.round(x * 1000) / 1000;

function quantity(info: CodeInfo, value: number): Quantity {
  return { value: round(value), unit: info.unitDisplay, system: UCUM, code: info.unit };
}

function base(info: CodeInfo, s: Pick<Sample, 'deviceId' | 'patientId'>): Omit<Observation, 'code'> {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: categoryConcept(info),
    subject: { reference: `Patient/${s.patientId}` },
    device: { reference: `Device/${s.deviceId}` },
  };
}

/** The Observation of one low-rate reading. */
export function readingObservation(s: Sample): Observation {
  const info = infoOf(s.code);
  const obs: Observation = {
    ...base(info, s),
    id: derivedId('dr', [s.deviceId, s.code, s.t]),
    identifier: [{ system: READING_IDENTIFIER, value: `${s.deviceId}/${s.code}/${s.t}` }],
    code: codeConcept(info),
    ...(s.startT !== null
      ? { effectivePeriod: { start: iso(s.startT), end: iso(s.t) } }
      : { effectiveDateTime: iso(s.t) }),
  };
  if (s.code !== BP_PANEL) return { ...obs, valueQuantity: quantity(info, s.value) };
  const [systolic, diastolic] = BP_COMPONENTS;
  return {
    ...obs,
    component: [
      { code: componentConcept(systolic!), valueQuantity: quantity(info, s.value) },
      { code: componentConcept(diastolic!), valueQuantity: quantity(info, s.value2 ?? Number.NaN) },
    ],
  };
}

function componentConcept(c: { code: string; display: string }) {
  return { coding: [{ system: LOINC, code: c.code, display: c.display }], text: c.display };
}

type Statistic = 'minimum' | 'average' | 'maximum' | 'count';
const STATISTIC_DISPLAY: Record<Statistic, string> = {
  minimum: 'Minimum',
  average: 'Average',
  maximum: 'Maximum',
  count: 'Count',
};

/** A statistic's component code; for a blood pressure series, with the series' own LOINC code beside it. */
function statisticConcept(stat: Statistic, series?: { code: string; display: string }) {
  const coding = { system: STATISTICS, code: stat, display: STATISTIC_DISPLAY[stat] };
  if (!series) return { coding: [coding], text: STATISTIC_DISPLAY[stat] };
  return {
    coding: [{ system: LOINC, code: series.code, display: series.display }, coding],
    text: `${series.display} ${STATISTIC_DISPLAY[stat].toLowerCase()}`,
  };
}

function statistics(info: CodeInfo, values: readonly number[], series?: { code: string; display: string }) {
  const sum = values.reduce((a, v) => a + v, 0);
  const stats: [Statistic, number][] = [
    ['minimum', Math.min(...values)],
    ['average', sum / values.length],
    ['maximum', Math.max(...values)],
  ];
  return stats.map(([stat, value]): ObservationComponent => ({
    code: statisticConcept(stat, series),
    valueQuantity: quantity(info, value),
  }));
}

/** The minute's series: per second the mean of its samples (interleaved per dimension), E for none. */
function sampledData(info: CodeInfo, minute: number, series: readonly (readonly number[])[]): SampledData {
  const slots = MINUTE_MS / SLOT_MS;
  const dims = series.length - 1;
  const sums = Array.from({ length: slots * dims }, () => 0);
  const counts = Array.from({ length: slots }, () => 0);
  const times = series[0]!;
  times.forEach((t, i) => {
    const slot = Math.floor((t - minute) / SLOT_MS);
    counts[slot]!++;
    for (let d = 0; d < dims; d++) sums[slot * dims + d]! += series[d + 1]![i]!;
  });
  const data: string[] = [];
  for (let slot = 0; slot < slots; slot++) {
    for (let d = 0; d < dims; d++) {
      const n = counts[slot]!;
      data.push(n === 0 ? 'E' : String(round(sums[slot * dims + d]! / n)));
    }
  }
  return {
    origin: { value: 0, unit: info.unitDisplay, system: UCUM, code: info.unit },
    period: SLOT_MS,
    dimensions: dims,
    data: data.join(' '),
  };
}

/** The aggregate Observation of one device's samples of one code within one minute (sorted by time). */
export function minuteObservation(samples: readonly Sample[], minute: number): Observation {
  const first = samples[0];
  if (!first) throw new Error('A minute aggregate needs at least one sample');
  const info = infoOf(first.code);
  const times = samples.map((s) => s.t);
  const values = samples.map((s) => s.value);
  const count: ObservationComponent = {
    code: statisticConcept('count'),
    valueInteger: samples.length,
  };
  const obs: Observation = {
    ...base(info, first),
    id: derivedId('dm', [first.deviceId, first.code, minute, first.patientId]),
    identifier: [{ system: MINUTE_IDENTIFIER, value: `${first.deviceId}/${first.code}/${iso(minute)}` }],
    code: codeConcept(info),
    effectivePeriod: { start: iso(minute), end: iso(minute + MINUTE_MS) },
  };
  if (first.code !== BP_PANEL) {
    return {
      ...obs,
      valueSampledData: sampledData(info, minute, [times, values]),
      component: [...statistics(info, values), count],
    };
  }
  const diastolic = samples.map((s) => s.value2 ?? Number.NaN);
  const [sys, dia] = BP_COMPONENTS;
  return {
    ...obs,
    valueSampledData: sampledData(info, minute, [times, values, diastolic]),
    component: [...statistics(info, values, sys), ...statistics(info, diastolic, dia), count],
  };
}

/** The minute a sample falls in: its start, ms since the epoch. */
export function minuteOf(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}
