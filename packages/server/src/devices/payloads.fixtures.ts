// One reading described once, written in each payload format Hearth accepts: the conformance suite
// (STYLE.md §6) runs the same expectations over all of them.
import { expect } from 'vitest';
import { parseReadings, type ReadingIssue } from './payloads.ts';
import type { NormalizedReading, ReadingKind } from './types.ts';

/** Server time in the tests. */
export const NOW = Date.parse('2026-11-23T12:00:00Z');
export const TIME = '2026-11-23T08:00:00Z';
export const TIME_MS = Date.parse(TIME);

export interface LogicalReading {
  kind: ReadingKind;
  value?: number;
  systolic?: number;
  diastolic?: number;
  /** Unit as both Hearth JSON and Open mHealth spell it (the OMH spellings are accepted by both). */
  unit: string;
  time: string;
  /** Step count: interval start. */
  start?: string;
}

export function toHearth(r: LogicalReading): Record<string, unknown> {
  const { kind, value, systolic, diastolic, unit, time, start } = r;
  if (kind === 'blood-pressure') return { type: kind, systolic, diastolic, unit, time };
  return { type: kind, value, unit, time, ...(start ? { start } : {}) };
}

const PROPERTY: Record<ReadingKind, string> = {
  'heart-rate': 'heart_rate',
  'blood-pressure': 'systolic_blood_pressure',
  'body-weight': 'body_weight',
  'oxygen-saturation': 'oxygen_saturation',
  'body-temperature': 'body_temperature',
  'respiratory-rate': 'respiratory_rate',
  'blood-glucose': 'blood_glucose',
  'step-count': 'step_count',
};

export function toOmhBody(r: LogicalReading): Record<string, unknown> {
  const effective_time_frame = r.start
    ? { time_interval: { start_date_time: r.start, end_date_time: r.time } }
    : { date_time: r.time };
  if (r.kind === 'blood-pressure') {
    return {
      systolic_blood_pressure: { value: r.systolic, unit: r.unit },
      diastolic_blood_pressure: { value: r.diastolic, unit: r.unit },
      effective_time_frame,
    };
  }
  return { [PROPERTY[r.kind]]: { value: r.value, unit: r.unit }, effective_time_frame };
}

export function toOmhDataPoint(r: LogicalReading, version = '2.0'): Record<string, unknown> {
  return {
    header: {
      id: '123e4567-e89b-12d3-a456-426655440000',
      creation_date_time: r.time,
      schema_id: { namespace: 'omh', name: r.kind, version },
      acquisition_provenance: { source_name: 'Hearth test', modality: 'sensed' },
    },
    body: toOmhBody(r),
  };
}

export const FORMATS: Record<string, (r: LogicalReading) => Record<string, unknown>> = {
  'Hearth JSON': toHearth,
  'Open mHealth body': toOmhBody,
  'Open mHealth data point': (r) => toOmhDataPoint(r, r.kind === 'step-count' ? '3.0' : '2.0'),
};

/** Parses at NOW; the readings, or throws with the issues. */
export function accepted(body: unknown): NormalizedReading[] {
  const result = parseReadings(body, { nowMs: NOW });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.readings;
}

export function refused(body: unknown): ReadingIssue[] {
  const result = parseReadings(body, { nowMs: NOW });
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.readings)}`);
  return result.issues;
}

/** The single issue of a refused payload. */
export function refusal(body: unknown): ReadingIssue {
  const issues = refused(body);
  expect(issues, JSON.stringify(issues)).toHaveLength(1);
  return issues[0]!;
}

export const START = '2026-11-23T07:00:00Z';
export const hr = (over: Partial<LogicalReading> = {}): LogicalReading => ({
  kind: 'heart-rate',
  value: 72,
  unit: 'beats/min',
  time: TIME,
  ...over,
});
